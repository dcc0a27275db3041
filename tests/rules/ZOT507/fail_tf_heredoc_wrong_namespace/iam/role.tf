variable "oidc_provider" {
  type    = string
  default = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
}

locals {
  oidc = var.oidc_provider
}
# expect: ZOT507 at "system:serviceaccount:external-secrets:*"
resource "aws_iam_role" "zot_eso" {
  name               = "zot-eso"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/${local.oidc}"},
        "Condition": {"StringLike": {
          "${local.oidc}:sub": "system:serviceaccount:external-secrets:*",
          "${local.oidc}:aud": "sts.amazonaws.com"
        }}
      }]
    }
  EOF
}

resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.zot_eso.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Resource": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:core-platform/zot/*"}
  ]
}
EOT
}
