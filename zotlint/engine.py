"""The pipeline: files -> documents (zotlint.source) -> rules (zotlint.dispatch; the model and
the secret scan built on first use, zotlint.facts) -> suppressions -> sorted findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from zotlint.config import ConfigError, Settings, rule_options
from zotlint.dispatch import run_rule
from zotlint.escape import terminal
from zotlint.facts import Facts
from zotlint.files import Candidate, discover, find_root
from zotlint.findings import Finding, Location, Related, Severity, fingerprint
from zotlint.fix.edits import Fix, ResolvedFix
from zotlint.footprint import Footprint
from zotlint.globs import glob_match
from zotlint.identity import by_value
from zotlint.project import Project
from zotlint.records import dataclass
from zotlint.redact import Scrubber, Sensitive
from zotlint.registry import (
    check_settings,
    load_rules,
    problem_rules,
    rule_key_error,
    select_rules,
    with_policies,
)
from zotlint.rule import Context, Report, Rule
from zotlint.runtime import (
    SETTLE_EVERY,
    StreamSplit,
    Triage,
    allow_depth,
    gc_frozen_as_loaded,
    settle,
    settle_if_grown,
    spare_workers,
    triage_workers,
)
from zotlint.scope import in_scope, keeps, project_root, report_scope
from zotlint.source.loader import LoadedFile, load, read_candidate
from zotlint.source.problems import Limits, Problem, ProblemKind
from zotlint.source.text import SourceFile, Span
from zotlint.suppress import Directive, apply, parse_directives

# Files zotlint reads at all. YAML and JSON are parsed; the others are scanned as text by the
# secret rules.
TEXT_SUFFIXES = frozenset(
    {
        ".yaml",
        ".yml",
        ".json",
        ".env",
        ".dotenv",
        ".md",
        ".txt",
        ".toml",
        ".properties",
        ".ini",
        ".conf",
        ".cfg",
        ".htpasswd",
        ".tf",
        ".tfvars",
        ".sh",
    }
)


def _may_hold_secret(lf: LoadedFile) -> tuple[bool, bytes | None]:
    """The triage worker's secrets check without the scan: the text pre-check of a file it did
    not parse (zotlint.source.loader.SecretsCheck; imported there, on first use)."""
    from zotlint.secrets.scan import text_pass_finds

    return lf.parsed or text_pass_finds(lf.source), None


@dataclass
class RunResult:
    root: Path
    findings: list[Finding]
    rules: list[Rule]
    files: list[str]
    errors: list[str] = field(default_factory=list)
    scrubber: Scrubber = field(default_factory=Scrubber)
    settings: Settings = field(default_factory=Settings)
    baselined: int = 0  # findings dropped by --baseline (zotlint.baseline)
    fixed: int = 0  # findings `check --fix` fixed (zotlint.fix.runner)
    unsafe_fixes: bool = False  # --unsafe-fixes: unsafe fixes count as applicable
    # What the repository's configuration switched off (zotlint.footprint), set by the CLI.
    footprint: Footprint | None = None
    # Every file the walk found, by relative path, with where it was opened and its identity:
    # reporters re-read only these, only the same file (zotlint.safeio.read_again).
    walked: dict[str, Candidate] = field(default_factory=dict)
    # The loaded project, when asked for and the run loaded exactly the paths it reports on
    # (no sub-path scope): the Action's deployment pictures reuse its model instead of loading
    # it again. Kept only on request: it holds the whole project in memory.
    project: LoadedProject | None = field(default=None, repr=False, compare=False)

    def visible(self, include_suppressed: bool = False) -> list[Finding]:
        return [f for f in self.findings if include_suppressed or not f.suppressed]


@dataclass
class LoadedProject:
    """Files discovered and parsed, before any rule runs (shared by `check` and `graph`)."""

    root: Path
    project: Project
    loaded: list[LoadedFile]
    candidates: list[Candidate]
    problems: list[Problem]
    facts: Facts = field(init=False)

    def __post_init__(self) -> None:
        # The model and the secret scan, built when first read (zotlint.facts).
        self.facts = Facts(self.project)


@gc_frozen_as_loaded
def load_project(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    root: Path | None = None,
    jobs: int | None = None,
    overlay: dict[str, bytes] | None = None,
    scan_secrets: bool = False,
) -> LoadedProject:
    """Discover and parse the files under ``paths`` into a Project (no rule runs).

    ``jobs``: processes; with 2, from runtime.PARALLEL_MIN_FILES files a worker reads and
    triages the files ahead of this one (see zotlint.source.unparsed); 1 keeps everything in
    this process, None decides by the CPUs available. ``overlay``: contents to lint instead of
    what is on disk, by relative path (`check --fix` re-lints its fixes before writing
    anything). ``scan_secrets``: with a worker, each process scans the files it loads for
    secrets as it loads them (zotlint.scanaside.ScanWhileLoading)."""
    root = (root or find_root(paths)).resolve()
    lim = settings.limits
    limits = Limits(lim.max_file_size, lim.max_nodes, lim.max_depth, lim.max_embedded_size)
    allow_depth(lim.max_depth)
    candidates, skipped = discover(
        paths,
        root=root,
        exclude=settings.exclude,
        max_file_size=lim.max_file_size,
        suffixes=TEXT_SUFFIXES,
    )
    explicit = {Path(p).resolve() for p in paths if Path(p).is_file()}
    workers = triage_workers(len(candidates), jobs)
    if overlay:
        workers = 0  # the worker would read the files from disk
    # resolve() costs a realpath (an lstat per path component): only when a file was named.
    forced = [bool(explicit) and c.path.resolve() in explicit for c in candidates]
    # With a worker, it reads and triages every file ahead of this process (see
    # zotlint.source.unparsed); whatever it could not answer is checked here.
    scanning = None
    if scan_secrets and workers:
        from zotlint.scanaside import ScanWhileLoading

        scanning = ScanWhileLoading.wanted(len(candidates))
    check = _may_hold_secret if scanning is None else scanning.check
    triage = Triage(candidates, forced, limits, workers, check)
    # Without one, a spare CPU may still load half of a long YAML stream (runtime.StreamSplit).
    split = StreamSplit(0 if triage.active else spare_workers(jobs))
    loaded: list[LoadedFile] = []
    try:
        for i, c in enumerate(candidates):
            if overlay is not None and c.rel in overlay:
                raw = overlay[c.rel]
                helm = c.helm_template
                loaded.append(load(c.rel, raw, limits, force=forced[i], helm_template=helm))
                continue
            answer = triage.get(i)
            loaded.append(read_candidate(c, limits, forced[i], answer, split))
            if scanning is not None:
                scanning.add(loaded[-1], answer)
            if (i + 1) % SETTLE_EVERY == 0:
                settle()
    finally:
        triage.close()
        split.close()
    settle()
    problems = [p for f in loaded for p in f.problems]
    for s in skipped:
        src = SourceFile(s.rel, "")
        reason, identity = s.reason, s.reason
        if reason.startswith("file larger than"):
            # Name the setting to raise, as the loader's limits do; the sizes stay out of the
            # fingerprint so a file that grows keeps its baseline entry.
            reason, identity = f"{reason} (max-file-size)", "max-file-size"
        problems.append(
            Problem(ProblemKind.SKIPPED, src, Span(0, 0), f"{reason}; skipped", identity)
        )
    project = Project(loaded, all_paths=frozenset(c.rel for c in candidates), limits=limits)
    ld = LoadedProject(root, project, loaded, candidates, problems)
    if scanning is not None:
        ld.facts.secrets_from = scanning.result(project)
    return ld


@gc_frozen_as_loaded
def run(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    root: Path | None = None,
    catalogue: Path | None = None,
    jobs: int | None = None,
    overlay: dict[str, bytes] | None = None,
    whole_tree: bool = True,
    keep_project: bool = False,
) -> RunResult:
    """Check ``paths``. With ``whole_tree`` (the CLI's way), a path below ``root`` is a
    sub-path run: the whole tree is loaded and findings are kept under the paths
    (zotlint.scope); without it only the paths are loaded (a fixture case alone).
    ``keep_project``: the result keeps the loaded project (RunResult.project) when the run
    loaded just ``paths``."""
    root = (root or find_root(paths)).resolve()
    all_rules = with_policies(load_rules(catalogue), root, settings, paths)
    check_settings(all_rules, settings)
    rules = select_rules(all_rules, settings.select, settings.ignore)
    by_kind = problem_rules(all_rules)
    names = {r.meta.name: r.id for r in all_rules}
    for r in all_rules:
        for alias in r.meta.aliases:
            names[alias] = r.id
    options = _rule_options(rules, settings, names, {r.id for r in all_rules})

    # A sub-path run loads the whole work tree and reports under the paths (zotlint.scope).
    scope = report_scope(paths, root) if whole_tree else None
    named = [p for p in paths if Path(p).is_file()]
    load = paths if scope is None else [project_root(paths, root), *named]
    scan = any("secrets" in r.meta.tags for r in rules)
    ld = load_project(load, settings, root=root, jobs=jobs, overlay=overlay, scan_secrets=scan)
    root, loaded, candidates, problems = ld.root, ld.loaded, ld.candidates, ld.problems
    selected = {r.id for r in rules}
    findings: list[Finding] = []
    errors: list[str] = []
    scrubber = Scrubber()

    for p in problems:
        reporter = by_kind.get(p.kind)
        if reporter is not None and reporter.id in selected:
            findings.append(
                _finding(
                    reporter,
                    _severity(reporter, settings),
                    p.source,
                    p.span,
                    p.message,
                    logical="",
                    identity=p.identity or p.message,
                    related=tuple(Related(_location(s, sp), m) for s, sp, m in p.related),
                )
            )

    # With a spare CPU, the secret scan runs in a child meanwhile, unless it was done while
    # loading (zotlint.scanaside).
    aside = None
    if scan and spare_workers(jobs) > 0 and ld.facts.secrets_from is None:
        from zotlint.scanaside import ScanAside

        aside = ScanAside.beside(ld.facts)
    try:
        for r in rules:
            ctx = Context(r.meta, options[r.id], ld.facts)
            errors.extend(run_rule(r, ctx))
            severity = _severity(r, settings)
            for rep in ctx.reports:
                for s in rep.secrets:
                    scrubber.add(s)
                findings.append(_report_finding(r, rep, severity))
            settle_if_grown()  # bounded garbage, no pass per rule (runtime.settle_if_grown)
    finally:
        if aside is not None:
            aside.close()

    if scrubber:
        for f in findings:
            f.message = scrubber.scrub(f.message)
    _escape_controls(findings)

    _per_file_ignores(findings, settings, names)
    directives: dict[str, list[Directive]] = {}
    for lf in loaded:
        ds = parse_directives(lf.source)
        if ds:
            directives[lf.source.rel] = ds
    apply(findings, directives, names)
    unused_rule = by_kind.get(ProblemKind.UNUSED_SUPPRESSION)
    if unused_rule is not None and unused_rule.id in selected:
        findings.extend(_unused(directives, selected, names, unused_rule, settings))

    findings.sort(key=Finding.sort_key)
    files = sorted(c.rel for c in candidates)
    if scope is not None:
        findings = [f for f in findings if keeps(f, scope)]
        files = [rel for rel in files if in_scope(rel, scope)]
    return RunResult(
        root=root,
        findings=findings,
        rules=rules,
        files=files,
        errors=sorted(errors),
        scrubber=scrubber,
        settings=settings,
        walked={c.rel: c for c in candidates},
        project=ld if keep_project and scope is None else None,
    )


def _escape_controls(findings: list[Finding]) -> None:
    """Messages may quote a file (a key, a value): controls, line separators and bidirectional
    overrides must not reach a terminal, a CI log or an XML report raw (zotlint.escape)."""
    for f in findings:
        f.message = terminal(f.message)
        if f.related:
            f.related = tuple(Related(r.location, terminal(r.message)) for r in f.related)


def _rule_options(
    rules: list[Rule], settings: Settings, names: dict[str, str], known: set[str]
) -> dict[str, Any]:
    configured: dict[str, dict[str, Any]] = {}
    for key, rs in settings.rules.items():
        rid = names.get(key, key).upper()
        configured[rid] = rs.options
    # Validated (pydantic, imported then) only when configured; otherwise the defaults.
    out = {
        r.id: rule_options(r.meta.options, configured.get(r.id), f"rules.{r.id}.options")
        for r in rules
    }
    for key in settings.rules:
        rid = names.get(key, key).upper()
        if rid not in known:
            raise ConfigError(f"rules: {rule_key_error(load_rules(), key)}")
    return out


def _severity(r: Rule, settings: Settings) -> Severity:
    for key in (r.id, r.meta.name):
        rs = settings.rules.get(key)
        if rs is not None and rs.severity:
            return Severity.parse(rs.severity)
    return r.meta.severity


def _location(src: SourceFile, span: Span) -> Location:
    sl, sc = src.position(span.start)
    el, ec = src.position(max(span.end, span.start))
    return Location(src.rel, sl, sc, el, ec)


def _finding(
    rule: Rule,
    severity: Severity,
    source: SourceFile,
    span: Span,
    message: str,
    *,
    logical: str,
    identity: str,
    related: tuple[Related, ...] = (),
    anchors: tuple[int, ...] = (),
    fix: Fix | None = None,
    secrets: tuple[Sensitive, ...] = (),
) -> Finding:
    """The one way a finding is made: from a rule's report, a problem the loader found, or an
    unused suppression. ``logical`` and ``identity`` make the line-free fingerprint."""
    loc = _location(source, span)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.meta.name,
        severity=severity,
        message=message,
        location=loc,
        related=related,
        fingerprint=fingerprint(rule.id, loc.file, logical, identity),
        anchor_lines=anchors,
        tags=rule.meta.tags,
        fix=_resolved(fix),
        secrets=secrets,
    )


def _report_finding(r: Rule, rep: Report, default: Severity) -> Finding:
    doc = rep.ref.doc
    related = (
        tuple([Related(_location(ref.doc.source, ref.span()), msg) for ref, msg in rep.related])
        if rep.related
        else ()
    )
    anchors: tuple[int, ...] = ()
    d = doc
    while d.parent is not None:
        ks = d.parent.span(d.host_path, "key")
        anchors += (d.source.position(ks.start)[0],)
        d = d.parent
    # A secret's finding keeps list positions (never an item's value): by_value's result, unwalked.
    path = rep.ref.path
    tail = doc.real_path(path) if rep.secrets else by_value(doc, path, rep.secrets)
    logical = "/".join([str(p) for p in doc.logical_path + tail])
    return _finding(
        r,
        rep.severity if rep.severity is not None else default,
        doc.source,
        rep.ref.span(),
        rep.message,
        logical=f"{doc.number}:{logical}:{rep.ref.part}",
        identity=rep.identity,
        related=related,
        anchors=anchors,
        fix=rep.fix,
        secrets=rep.secrets,
    )


def _resolved(fix: Fix | None) -> ResolvedFix | None:
    if fix is None:
        return None
    from zotlint.fix.resolve import resolve

    return resolve(fix)


def _per_file_ignores(findings: list[Finding], settings: Settings, names: dict[str, str]) -> None:
    if not settings.per_file_ignores:
        return
    for f in findings:
        for pattern, codes in settings.per_file_ignores.items():
            if glob_match(pattern, f.location.file) and any(
                f.rule_id.startswith(names.get(c, c).upper()) for c in codes
            ):
                f.suppressed = True
                f.suppression_reason = f"per-file-ignores: {pattern}"
                break


def _unused(
    directives: dict[str, list[Directive]],
    selected: set[str],
    names: dict[str, str],
    rule: Rule,
    settings: Settings,
) -> list[Finding]:
    out = []
    sev = _severity(rule, settings)
    for rel in sorted(directives):
        for d in directives[rel]:
            unused = [c for c in d.codes if _reportable_unused(c, d, selected, names, rule.id)]
            for code in unused:
                # Imported here: most runs have no unused suppression.
                from zotlint.fix.suppression import unused_suppression_fix

                cid = names.get(code, code).upper()
                known = cid == "ALL" or cid in names.values()
                msg = (
                    f"suppression of {code} matched no finding"
                    if known
                    else f"suppression names unknown rule {code}"
                )
                out.append(
                    _finding(
                        rule,
                        sev,
                        d.source,
                        d.span,
                        msg,
                        logical=str(d.target),
                        identity=code,
                        fix=unused_suppression_fix(d, code, len(unused) == len(d.codes)),
                    )
                )
    return out


def _reportable_unused(
    code: str, d: Directive, selected: set[str], names: dict[str, str], own: str
) -> bool:
    """Whether ``code`` of ``d`` is reported unused; never ``own`` (the unused-suppression rule
    itself), nor a known rule the run did not select."""
    cid = names.get(code, code).upper()
    known = cid == "ALL" or cid in names.values()
    return not (code in d.used or cid == own or (known and cid != "ALL" and cid not in selected))
