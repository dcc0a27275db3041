module "zot_eso_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.59.0"

  role_name = "zot-eso"

  attach_external_secrets_policy = true
  external_secrets_secrets_manager_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:core-platform/zot/*"]

  role_policy_arns = {
    secrets = "arn:aws:iam::aws:policy/SecretsManagerReadWrite"  # expect: ZOT508:15
  }

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["zot:zot-sa"]
    }
  }
}
