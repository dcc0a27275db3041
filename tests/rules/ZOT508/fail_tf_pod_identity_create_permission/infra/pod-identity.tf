module "zot_eso_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "2.2.1"

  name = "zot-eso"

  attach_external_secrets_policy        = true
  external_secrets_secrets_manager_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:core-platform/zot/*"]
  external_secrets_create_permission = true  # expect: ZOT508:40

  associations = {
    zot = {
      cluster_name    = "platform"
      namespace       = "zot"
      service_account = "zot-sa"
    }
  }
}
