module "zot_eso_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "2.2.1"

  name = "zot-eso"  # expect: ZOT507:10

  attach_external_secrets_policy        = true
  external_secrets_secrets_manager_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:core-platform/zot/*"]

  associations = {
    zot = {
      cluster_name    = "platform"
      namespace       = "zot"
      service_account = "zot-sa"
    }
  }
}
