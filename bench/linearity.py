"""Time the paths a pull request can make quadratic at N and 4N (issue 14).

    python bench/linearity.py [--rounds 7]

A linear path takes about 4x as long at 4N, a quadratic one 16x; the bound is 5x. Each size
keeps its fastest of several runs in CPU time, the sizes taking turns, so a burst of load on a
shared machine slows both or neither. The unit tests (tests/test_hardening_linear.py) give each
hostile input a time budget; of the ratios they check only the Secret documents' (in CPU time,
with the test session's heap frozen out of the way: tests/cputime.py), on this file's input.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zotlint.diffmode import changed_lines  # noqa: E402
from zotlint.files.wildmatch import Automaton, tokenize  # noqa: E402
from zotlint.globs import glob_match  # noqa: E402
from zotlint.redact import Scrubber, Sensitive  # noqa: E402
from zotlint.secrets.spans import TakenSpans as _TakenSpans  # noqa: E402
from zotlint.source.text import Span  # noqa: E402

BOUND = 5.0
MANY_STARS = "*a" * 24 + "b"
Make = Callable[[int], Callable[[], object]]


def best_time(fn: Callable[[], object], repeat: int = 5) -> float:
    # CPU time of this process: on a shared machine wall time at 10 ms swings 3x with load
    # (the line diff measured 3.1x, 8.8x and 6.2x in three runs; in CPU time 4.1x).
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Make, n: int, rounds: int, repeat: int = 5) -> tuple[float, float]:
    small, large = make(n), make(4 * n)
    t_small = t_large = float("inf")
    for _ in range(rounds):
        t_small = min(t_small, best_time(small, repeat))
        t_large = min(t_large, best_time(large, repeat))
    return t_small, t_large


def _spans(n: int) -> Callable[[], object]:
    spans = [Span(i * 10, i * 10 + 5) for i in range(n)]

    def go() -> None:
        taken = _TakenSpans()
        for span in spans:
            taken.overlaps(span)
            taken.add(span)

    return go


def _scrub(n: int) -> Callable[[], object]:
    secrets = [Sensitive(f"S3cr3t{i:08d}xYz") for i in range(n)]
    scrubber = Scrubber(secrets)
    messages = [f"finding {i}: value S3cr3t{i:08d}xYz in key password" for i in range(n)]
    return lambda: [scrubber.scrub(m) for m in messages]


def secret_documents(n: int) -> str:
    """``n`` Kubernetes Secret documents in one file, each with its own random password."""
    import random
    import string

    rnd = random.Random(n)
    alphabet = string.ascii_letters + string.digits
    return "---\n".join(
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\nstringData:\n"
        f"  password: {''.join(rnd.choice(alphabet) for _ in range(24))}\n"
        for i in range(n)
    )


def _secret_run(n: int) -> Callable[[], object]:
    """The whole run and its JSON report on ``n`` Secret documents (issue 14: 16,000 took 52 s:
    a slow hash per secret and a scrub per character of the report)."""
    import tempfile

    from zotlint.config import Settings
    from zotlint.engine import run
    from zotlint.reporters import render

    root = Path(tempfile.mkdtemp(prefix="zotlint-linearity-"))
    (root / ".git").mkdir()
    (root / "secrets.yaml").write_text(secret_documents(n))
    return lambda: render("json", run([root], Settings(), root=root))


def iam_deny_roles(n: int, root: Path | None = None) -> Callable[[], object]:
    """ZOT507/ZOT508 over ``n`` copies of one IAM role (issue 14: 200 copies took 6 s, each
    (role, key) pair evaluated). Every copy has a zot deployment whose ExternalSecret reads
    8 keys of its own folder through a SecretStore and an IRSA account annotated with role
    `zot-eso`, and the Terraform role of that name: it trusts its own namespace, allows its
    folder and denies each of its keys by ARN. The copies share the role's name, so every
    store joins every role, and every role denies or does not allow every key: each key is
    reported and none is decided by the first role that may read it. The run's result."""
    import json
    import tempfile

    from zotlint.config import Settings
    from zotlint.engine import run

    top = root or Path(tempfile.mkdtemp(prefix="zotlint-linearity-"))
    (top / ".git").mkdir(exist_ok=True)
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:core-platform"
    for i in range(n):
        d = top / f"env{i}"
        (d / "iam").mkdir(parents=True)
        keys = [f"env{i}/key{j}" for j in range(8)]
        # Half the copies deny by the exact suffix (`-??????`), half by a trailing `*`.
        suffix = "-??????" if i % 2 else "-*"
        denied = ", ".join(f'"{arn}/{k}{suffix}"' for k in keys)
        (d / "iam" / "main.tf").write_text(
            'resource "aws_iam_role" "zot_eso" {\n  name = "zot-eso"\n'
            "  assume_role_policy = jsonencode({\n    Statement = [{\n"
            '      Effect = "Allow"\n      Action = "sts:AssumeRoleWithWebIdentity"\n'
            "      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }\n"
            "      Condition = { StringEquals = {\n"
            f'        "oidc.eks.eu-west-1.amazonaws.com/id/X:sub" = '
            f'"system:serviceaccount:env{i}:zot-sa"\n      }} }}\n    }}]\n  }})\n}}\n\n'
            'resource "aws_iam_role_policy" "read" {\n  role = aws_iam_role.zot_eso.id\n'
            "  policy = jsonencode({\n    Statement = [\n"
            '      { Effect = "Allow", Action = "secretsmanager:GetSecretValue",\n'
            f'        Resource = "{arn}/env{i}/*" }},\n'
            '      { Effect = "Deny", Action = "secretsmanager:GetSecretValue",\n'
            f"        Resource = [{denied}] }},\n    ]\n  }})\n}}\n"
        )
        data = "".join(
            f"    - secretKey: k{j}\n      remoteRef: {{key: core-platform/{k}}}\n"
            for j, k in enumerate(keys)
        )
        (d / "eso.yaml").write_text(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: zot-sa\n"
            f"  namespace: env{i}\n  annotations:\n"
            "    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/zot-eso\n---\n"
            "apiVersion: external-secrets.io/v1\nkind: SecretStore\n"
            f"metadata: {{name: aws, namespace: env{i}}}\nspec:\n  provider:\n    aws:\n"
            "      service: SecretsManager\n      region: eu-west-1\n"
            "      auth: {jwt: {serviceAccountRef: {name: zot-sa}}}\n---\n"
            "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
            f"metadata: {{name: zot-oidc, namespace: env{i}}}\nspec:\n"
            f"  secretStoreRef: {{name: aws}}\n  target: {{name: zot-oidc}}\n  data:\n{data}"
        )
        config = {
            "storage": {"rootDirectory": "/var/lib/registry"},
            "http": {
                "address": "0.0.0.0",
                "port": "5000",
                "externalUrl": "https://registry.example.com",
                "auth": {"openid": {"providers": {"oidc": {"credentialsFile": "/oidc/k0"}}}},
            },
        }
        (d / "values.yaml").write_text(
            "image: {repository: ghcr.io/project-zot/zot}\n"
            "extraVolumes: [{name: oidc, secret: {secretName: zot-oidc}}]\n"
            "extraVolumeMounts: [{name: oidc, mountPath: /oidc}]\n"
            f"mountConfig: true\nconfigFiles:\n  config.json: '{json.dumps(config)}'\n"
        )
    settings = Settings(select=["ZOT507", "ZOT508"])
    return lambda: run([top], settings, root=top, jobs=1)


def _zot117() -> object:
    path = next(ROOT.glob("rules/*/ZOT117_invalid_scalar.py"))
    spec = importlib.util.spec_from_file_location("zot117", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def cases() -> list[tuple[str, Make, int]]:
    zot117 = _zot117()
    automaton = Automaton([tokenize(MANY_STARS)])  # type: ignore[list-item]
    return [
        ("Secret documents: run + JSON report", _secret_run, 2_000),
        ("IAM roles x keys, all denied (role copies)", iam_deny_roles, 50),
        ("secret span de-duplication (spans)", _spans, 20_000),
        ("secret scrub (secrets x messages)", _scrub, 2_000),
        ("wildmatch `*a`x24+b (path chars)", lambda n: lambda: automaton.first("a" * n), 20_000),
        (
            "per-file-ignores glob (path chars)",
            lambda n: lambda: glob_match(MANY_STARS, "a" * n),
            20_000,
        ),
        (
            "ZOT117 duration+float regex (digits)",
            lambda n: (
                lambda: (
                    zot117._GO_DURATION.fullmatch("1" * n + "x"),  # type: ignore[attr-defined]
                    zot117._GO_FLOAT.fullmatch("1" * n + "x"),  # type: ignore[attr-defined]
                )
            ),
            200_000,
        ),
        (
            "--diff-base line diff (repeated lines)",
            lambda n: (
                lambda: changed_lines(
                    "a\n" * n + "b\n" + "a\n" * n, "a\n" * n + "c\n" + "a\n" * (n - 1) + "d\n"
                )
            ),
            20_000,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'path':42} {'N':>8} {'t(N)':>10} {'t(4N)':>10} {'ratio':>6}")
    for name, make, n in cases():
        # A whole run takes seconds at 4N: fewer tries (it also varies less than a microsecond).
        slow = make in (_secret_run, iam_deny_roles)
        t_small, t_large = growth(make, n, 2 if slow else args.rounds, 1 if slow else 5)
        ratio = t_large / max(t_small, 1e-9)
        worst = max(worst, ratio)
        print(f"{name:42} {n:>8,} {t_small * 1000:>8.1f}ms {t_large * 1000:>8.1f}ms {ratio:>6.2f}")
    print(f"worst ratio {worst:.2f} (bound {BOUND}x)")
    return 0 if worst <= BOUND else 1


if __name__ == "__main__":
    raise SystemExit(main())
