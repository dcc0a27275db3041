"""Version facts for the upstream zot Helm chart and the zot server, plus version parsing.

Sources: docs/reference/zot-chart.md §3 (history), §3.1 (keys each chart version ignores),
§3.2 (default appVersion per chart tag), §3.3 and docs/reference/zot.md (server features by tag).
The tables are plain literals so importing this module costs nothing; nothing here reads the docs.

Used by ZOT603 (chart too old for a values key), ZOT213 (later, less important chart keys),
ZOT604 (image too old for a config key, through ``zot_config_keys.requires_newer_zot``) and
anything else that must turn an image tag or an Argo CD / Helm version constraint into a version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# --------------------------------------------------------------------------------------------
# Chart versions and their default zot image (appVersion)
# --------------------------------------------------------------------------------------------

# Never tagged upstream (zot-chart.md "Sources"): a pin to one of them cannot be pulled.
UNTAGGED_CHART_VERSIONS: Final[frozenset[str]] = frozenset(
    {"0.1.37", "0.1.90", "0.1.92", "0.1.108"}
)

# Newest chart release the reference covers.
NEWEST_CHART_VERSION: Final = "0.1.122"

# Every tagged release 0.1.0 … 0.1.122 (119 tags), oldest first.
KNOWN_CHART_VERSIONS: Final[tuple[str, ...]] = tuple(
    f"0.1.{n}" for n in range(123) if f"0.1.{n}" not in UNTAGGED_CHART_VERSIONS
)

# appVersion → inclusive range of chart patch numbers (0.1.<lo> … 0.1.<hi>), from §3.2 and
# the "appVersion of that tag" column of §3. Only ranges whose appVersion is certain for every
# chart in it are listed here; the rc runs where the doc gives only the first and last rc are
# split into their certain end points below and the uncertain middle goes to
# CHART_APP_VERSION_RANGE.
_APP_BY_PATCH_RANGE: Final[tuple[tuple[str, int, int], ...]] = (
    ("v1.4.1", 0, 0),
    ("v1.4.2-rc3", 1, 1),  # first of the "v1.4.2-rc3…v1.4.3" run
    ("v1.4.3", 16, 16),  # last of that run
    ("v2.0.0-rc1", 17, 17),
    ("v2.0.0-rc3", 19, 19),
    ("v2.0.0-rc4", 20, 22),
    ("v2.0.0-rc5", 23, 25),
    ("v2.0.0-rc6", 26, 36),
    ("v2.0.0-rc7", 38, 40),
    ("v2.0.0-rc8", 41, 41),
    ("v2.0.0", 42, 42),
    ("v2.0.1-rc1", 43, 44),  # 0.1.44 is rc1 per the §3 history table
    ("v2.0.1-rc2", 45, 45),
    ("v2.0.1", 46, 47),
    ("v2.0.2-rc1", 48, 49),  # 0.1.49 is rc1 per the §3 history table
    ("v2.0.2-rc3", 51, 51),
    ("v2.0.2", 52, 52),
    ("v2.0.3", 53, 53),
    ("v2.0.4", 54, 54),
    ("v2.1.0-rc1", 55, 55),
    ("v2.1.0-rc2", 56, 56),
    ("v2.1.0", 57, 59),
    ("v2.1.1", 60, 60),
    ("v2.1.2-rc1", 61, 61),
    ("v2.1.2-rc2", 63, 63),  # §3 history table
    ("v2.1.2-rc3", 65, 65),  # §3 history table
    ("v2.1.2", 66, 70),
    ("v2.1.3", 71, 71),
    ("v2.1.4", 72, 72),
    ("v2.1.5", 73, 75),
    ("v2.1.6", 76, 77),
    ("v2.1.7", 78, 79),
    ("v2.1.8", 80, 83),
    ("v2.1.9", 84, 85),
    ("v2.1.10", 86, 89),
    ("v2.1.11", 91, 91),
    ("v2.1.12", 93, 93),
    ("v2.1.13", 94, 95),
    ("v2.1.14", 96, 98),
    ("v2.1.15", 99, 104),
    ("v2.1.16", 105, 114),
    ("v2.1.17", 115, 117),
    ("v2.1.18", 118, 122),
)

# Chart version → default zot image tag (Chart.yaml appVersion; values.yaml pins image.tag to
# the same string). Untagged versions are left out.
CHART_APP_VERSION: Final[dict[str, str]] = {
    f"0.1.{n}": app
    for app, lo, hi in _APP_BY_PATCH_RANGE
    for n in range(lo, hi + 1)
    if f"0.1.{n}" not in UNTAGGED_CHART_VERSIONS
}

# Chart versions whose appVersion the doc narrows to a range only (oldest, newest possible).
CHART_APP_VERSION_RANGE: Final[dict[str, tuple[str, str]]] = {
    **{f"0.1.{n}": ("v1.4.2-rc3", "v1.4.3") for n in range(2, 16)},
    "0.1.18": ("v2.0.0-rc1", "v2.0.0-rc3"),
    "0.1.50": ("v2.0.2-rc1", "v2.0.2-rc3"),
    "0.1.62": ("v2.1.2-rc1", "v2.1.2-rc2"),
    "0.1.64": ("v2.1.2-rc2", "v2.1.2-rc3"),
}


def chart_app_version(chart_version: str, *, newest: bool = True) -> str | None:
    """Default zot image tag of a chart version, or None when the chart version is unknown.

    For the few versions whose appVersion is only known as a range, ``newest`` picks the newest
    possible tag (the default: a rule that says "image too old" must not guess low) or the
    oldest.
    """
    key = _normalise_chart(chart_version)
    if key in CHART_APP_VERSION:
        return CHART_APP_VERSION[key]
    bounds = CHART_APP_VERSION_RANGE.get(key)
    if bounds is None:
        return None
    return bounds[1] if newest else bounds[0]


# --------------------------------------------------------------------------------------------
# Chart values keys by first chart version (§3 and §3.1)
# --------------------------------------------------------------------------------------------

# ZOT603: values keys that change what zot itself runs with — its config file, mounted files,
# arguments, environment, storage, container port or the containers beside it (init containers
# and sidecars can write into shared volumes). An older chart silently ignores them, so zot runs
# with something else than the repo says. Key → first chart version that honours it.
CHART_KEY_SINCE: Final[dict[str, str]] = {
    "mountConfig": "0.1.22",
    "configFiles": "0.1.22",
    "mountSecret": "0.1.22",
    "secretFiles": "0.1.22",
    "persistence": "0.1.22",
    "pvc": "0.1.22",
    "externalSecrets": "0.1.29",
    "env": "0.1.30",
    "extraVolumes": "0.1.39",
    "extraVolumeMounts": "0.1.39",
    "extraArgs": "0.1.63",
    "extraContainers": "0.1.74",
    "httpGet.port": "0.1.79",
    "initContainers": "0.1.107",
}

# ZOT213 (warning): later keys that only touch metadata, scheduling, DNS, probes, rollout,
# namespace placement or the objects in front of zot (Service, Ingress, routes, monitoring).
CHART_KEY_SINCE_MINOR: Final[dict[str, str]] = {
    "authHeader": "0.1.22",
    "ingress": "0.1.22",
    "httpGet.scheme": "0.1.25",
    "service.annotations": "0.1.27",
    "service.nodePort": "0.1.31",
    "service.clusterIP": "0.1.34",
    "startupProbe": "0.1.44",
    "strategy": "0.1.49",
    "forceRoll": "0.1.49",
    "metrics": "0.1.59",
    "metrics.serviceMonitor": "0.1.59",
    "podLabels": "0.1.63",
    "deploymentAnnotations": "0.1.63",
    "priorityClassName": "0.1.63",
    "dnsConfig": "0.1.63",
    "dnsPolicy": "0.1.63",
    "namespace": "0.1.65",
    "test": "0.1.67",
    "test.image": "0.1.67",
    "pvc.accessModes": "0.1.68",
    "metrics.serviceMonitor.basicAuth": "0.1.69",
    "serviceHeadless": "0.1.75",
    "service.internalTrafficPolicy": "0.1.88",
    "service.externalTrafficPolicy": "0.1.88",
    "service.trafficDistribution": "0.1.88",
    "httproute": "0.1.103",
    "listenerset": "0.1.110",
    "hostAliases": "0.1.117",
    "topologySpreadConstraints": "0.1.120",
    "podDisruptionBudget": "0.1.122",
}

# Chart ranges in which a key exists but is broken or ignored (§2, §3, §3.1): key →
# (first affected chart version, last affected chart version, what goes wrong).
CHART_KEY_BROKEN: Final[dict[str, tuple[str, str, str]]] = {
    "mountSecret": (
        "0.1.22",
        "0.1.27",
        "without mountConfig or persistence the chart renders the mount but no volume, so the"
        " pod is invalid",
    ),
    "pvc.create": (
        "0.1.68",
        "0.1.100",
        "ignored: the StatefulSet always gets a volumeClaimTemplate",
    ),
    "pvc.name": (
        "0.1.68",
        "0.1.100",
        "the claim template is named '<pvc.name>-pvc' while the mount uses '<release>-pvc', so"
        " the pod refers to a volume that does not exist",
    ),
}

# zot-chart.md §3.1 bottom rows: the chart's probe paths versus the image.
CHART_PROBES_LIVEZ_SINCE: Final = "0.1.77"  # probes hit /livez, /readyz, /startupz from here
ZOT_LIVEZ_SINCE: Final = "v2.1.6"  # the image serves those routes from this tag
CHART_STATEFULSET_SINCE: Final = "0.1.68"  # persistence renders a StatefulSet from here
CHART_MULTIARCH_IMAGE_SINCE: Final = "0.1.89"  # default image.repository ghcr.io/project-zot/zot

# zot server features by first tag (zot-chart.md §3.3, zot.md); the complete per-key table is
# zot_config_keys.KEYS.
ZOT_FEATURE_SINCE: Final[dict[str, str]] = {
    "http.auth.sessionKeysFile": "v2.1.2",
    "http.auth.openid.providers.*.credentialsFile": "v2.1.6",
    "probe routes /livez /readyz /startupz": "v2.1.6",
    "http.auth.openid.providers.*.claimMapping": "v2.1.11",
    "htpasswd SHA-crypt ($5$, $6$) entries": "v2.1.11",
    "http.auth.bearer.oidc": "v2.1.14",
    "http.auth.openid.callbackAllowOrigins": "v2.1.15",
    "zot schema command": "v2.1.16",
    "post_logout_redirect_uri sent on logout": "v2.1.17",
}

# --------------------------------------------------------------------------------------------
# Version parsing
# --------------------------------------------------------------------------------------------

# "v2.1.3", "2.1.3-rc1", "0.1", "v2.1.20@sha256:…", "2.1.3+build". Suffixes after the numbers
# are kept apart so pre-releases can be ordered.
_VERSION_RE: Final = re.compile(r"^\s*[vV]?(\d+(?:\.\d+)*)([-+][0-9A-Za-z.+_-]*)?\s*$")
# Only these suffixes mark a pre-release; other suffixes on image tags ("-minimal",
# "-linux-amd64") name a build flavour of the same release.
_PRERELEASE_RE: Final = re.compile(r"^-(rc|alpha|beta|pre|dev)[.-]?(\d*)", re.IGNORECASE)


def parse_version(s: str | None) -> tuple[int, ...] | None:
    """Numeric release parts of a version or image tag, or None when it is not a version.

    Tolerates a leading ``v``, pre-release/build suffixes (``-rc1``, ``+meta``) and an image
    digest (``v2.1.20@sha256:…``); ``latest`` and the like give None.
    """
    if s is None:
        return None
    # Memoised for strings: chart and value-key tables ask for the same few versions all run.
    if type(s) is str:
        try:
            return _VERSIONS[s]
        except KeyError:
            found = _VERSIONS[s] = _parse_version(s)
            return found
    return _parse_version(s)


_VERSIONS: dict[str, tuple[int, ...] | None] = {}


def _parse_version(s: str) -> tuple[int, ...] | None:
    text = str(s).split("@", 1)[0]
    m = _VERSION_RE.match(text)
    if m is None:
        return None
    return tuple(int(p) for p in m.group(1).split("."))


def version_key(s: str | None) -> tuple[int, ...] | None:
    """A sort key that also orders pre-releases: ``v2.1.3-rc2 < v2.1.3-rc6 < v2.1.3``.

    Missing parts count as 0, so ``v2.1`` sorts like ``v2.1.0``.
    """
    if s is None:
        return None
    # Memoised for strings: ZOT604 asks for every key of every config, with a few versions.
    if type(s) is str:
        try:
            return _VERSION_KEYS[s]
        except KeyError:
            found = _VERSION_KEYS[s] = _version_key(s)
            return found
    return _version_key(s)


_VERSION_KEYS: dict[str, tuple[int, ...] | None] = {}


def _version_key(s: str) -> tuple[int, ...] | None:
    text = str(s).split("@", 1)[0]
    m = _VERSION_RE.match(text)
    if m is None:
        return None
    given = tuple(int(p) for p in m.group(1).split("."))
    nums = (*given, 0, 0, 0)[: max(3, len(given))]
    pre = _PRERELEASE_RE.match(m.group(2) or "")
    if pre is None:
        return (*nums, 1, 0)
    return (*nums, 0, int(pre.group(2) or 0))


def is_prerelease(s: str) -> bool:
    """True for ``-rcN``/``-alpha``/``-beta`` style versions."""
    key = version_key(s)
    return key is not None and key[-2] == 0


def _normalise_chart(version: str) -> str:
    nums = parse_version(version)
    if nums is None:
        return version.strip()
    return ".".join(str(n) for n in nums)


# --------------------------------------------------------------------------------------------
# Helm / Argo CD version constraints (Masterminds semver, as Helm and Argo CD use it)
# --------------------------------------------------------------------------------------------

_WILD: Final = frozenset({"x", "X", "*"})
_CONSTRAINT_RE: Final = re.compile(r"^(>=|=>|<=|=<|!=|>|<|=|~>|~|\^)?\s*(.*)$")


def _partial(text: str) -> tuple[list[int], int] | None:
    """Numbers of a possibly partial version ("0.1", "0.1.x") and how many parts are given."""
    text = text.strip().lstrip("vV")
    text = re.split(r"[-+]", text, maxsplit=1)[0]
    if text in ("", *_WILD):
        return [], 0
    parts = text.split(".")
    nums: list[int] = []
    for part in parts[:3]:
        if part in _WILD:
            break
        if not part.isdigit():
            return None
        nums.append(int(part))
    return nums, len(nums)


def _bump(nums: list[int], given: int) -> tuple[int, int, int]:
    """Smallest version above every version that matches the partial ``nums``."""
    if given == 0:
        return (1 << 30, 0, 0)
    padded = [*nums[:given], 0, 0, 0][:3]
    padded[given - 1] += 1
    for i in range(given, 3):
        padded[i] = 0
    return (padded[0], padded[1], padded[2])


def _pad(nums: list[int]) -> tuple[int, int, int]:
    padded = [*nums, 0, 0, 0][:3]
    return (padded[0], padded[1], padded[2])


def _term_matches(term: str, v: tuple[int, int, int]) -> bool | None:
    """Evaluate one comparison (``>=0.1.60``, ``~0.1``, ``0.1.x``); None when unparseable."""
    m = _CONSTRAINT_RE.match(term.strip())
    if m is None:
        return None
    op, rest = m.group(1) or "=", m.group(2)
    parsed = _partial(rest)
    if parsed is None:
        return None
    nums, given = parsed
    low = _pad(nums)
    high = _bump(nums, given)
    full = given >= 3
    if op in (">=", "=>"):
        return v >= low
    if op == ">":
        return v > low if full else v >= high
    if op in ("<=", "=<"):
        return v <= low if full else v < high
    if op == "<":
        return v < low
    if op == "!=":
        return v != low if full else not (low <= v < high)
    if op in ("~", "~>"):
        # ~1.2.3 and ~1.2 allow patch updates, ~1 minor updates.
        upper = _bump(nums, min(given, 2))
        return low <= v < upper
    if op == "^":
        # ^ keeps the left-most non-zero part fixed (Masterminds semver).
        if given == 0:
            return True
        if nums[0] != 0 or given == 1:
            upper = _bump(nums, 1)
        elif given == 2 or nums[1] != 0:
            upper = _bump(nums, 2)
        else:
            upper = _bump(nums, 3)
        return low <= v < upper
    # "=" or bare: a partial version is a wildcard over the missing parts.
    return v == low if full else low <= v < high


def _and_terms(group: str) -> list[str]:
    group = group.strip()
    hyphen = re.match(r"^(\S+)\s+-\s+(\S+)$", group)
    if hyphen:
        return [f">={hyphen.group(1)}", f"<={hyphen.group(2)}"]
    # Terms are separated by commas or spaces; an operator may be followed by a space.
    tokens = [t for t in re.split(r"[,\s]+", group) if t]
    terms: list[str] = []
    pending = ""
    for token in tokens:
        if re.fullmatch(r"(>=|=>|<=|=<|!=|>|<|=|~>|~|\^)", token):
            pending = token
            continue
        terms.append(pending + token)
        pending = ""
    return terms


def matches(spec: str, version: str) -> bool | None:
    """Whether ``version`` satisfies the Helm/Argo CD constraint ``spec`` (None: unparseable).

    Pre-release versions only match a constraint that itself names a pre-release, as in
    Masterminds semver.
    """
    key = version_key(version)
    if key is None:
        return None
    if is_prerelease(version) and "-" not in spec:
        return False
    v = (key[0], key[1], key[2])
    any_group = False
    for group in spec.split("||"):
        terms = _and_terms(group)
        if not terms:
            terms = ["*"]
        results = [_term_matches(t, v) for t in terms]
        if any(r is None for r in results):
            return None
        any_group = True
        if all(results):
            return True
    return False if any_group else None


def resolve_range(spec: str, known: Iterable[str]) -> str | None:
    """Newest version in ``known`` that satisfies ``spec`` (exact, ``0.1.x``, ``>=0.1.60``,
    ``~0.1.60``, ``^0.1.0``, hyphen ranges, ``||``), as Argo CD picks a chart version.

    Returns the matching string from ``known``, or None when nothing matches or the spec cannot
    be parsed.
    """
    best: tuple[tuple[int, ...], str] | None = None
    for candidate in known:
        if matches(spec, candidate) is not True:
            continue
        key = version_key(candidate)
        if key is not None and (best is None or key > best[0]):
            best = (key, candidate)
    return best[1] if best else None


def resolve_chart_version(spec: str | None) -> str | None:
    """Resolve a zot chart ``targetRevision``/``version`` against the tagged chart releases.

    An empty spec or ``*`` means the newest release, as Helm does.
    """
    if spec is None or not str(spec).strip():
        return NEWEST_CHART_VERSION
    return resolve_range(str(spec), KNOWN_CHART_VERSIONS)
