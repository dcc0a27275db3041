"""File discovery: which files under the scanned paths zotlint should check.

`check` must stay read-only and offline, so this module cannot ask git which
files matter (`git ls-files` would start a process). It walks the tree with
`os.scandir` and applies git's ignore rules itself, following git's `dir.c`
and `wildmatch.c` semantics closely enough that the result agrees with
`git ls-files --others --exclude-standard` (the tests compare the two).

Known, deliberate differences from git:

* Tracked files that match an ignore pattern are still skipped: knowing what
  is tracked would mean parsing the index, and such files are rare.
* `core.excludesFile` and the global/system config are never read, because
  zotlint never reads outside the scanned root.
* `.git/info/exclude` is read only when `.git` is a real directory in the
  root; a worktree's or submodule's `.git` file points outside the root.
* Nested repositories (submodules) are walked like ordinary directories.
* Matching is case-sensitive (git's default `core.ignoreCase=false`).
"""

from __future__ import annotations

import errno
import heapq
import itertools
import operator
import os
import posixpath
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from zotlint.files.gitignore import NO_RULES, Rules, compile_excludes, parse_ignore_text
from zotlint.files.helm import CHART_FILE, TEMPLATES_DIR, renders_manifest
from zotlint.files.results import (
    ALWAYS_SKIPPED_DIRS,
    DEFAULT_MAX_FILE_SIZE,
    REASON_BROKEN_LINK,
    REASON_HELM,
    REASON_LINK_OUTSIDE_ROOT,
    REASON_NOT_REGULAR,
    REASON_OUTSIDE_ROOT,
    REASON_PERMISSION,
    Candidate,
    Skipped,
    os_reason,
    too_large,
)
from zotlint.safeio import is_within, read_file

__all__ = [
    "ALWAYS_SKIPPED_DIRS",
    "DEFAULT_MAX_FILE_SIZE",
    "Candidate",
    "Skipped",
    "discover",
    "find_root",
]


def _missing(path: str | os.PathLike[str]) -> FileNotFoundError:
    return FileNotFoundError(errno.ENOENT, "No such file or directory", os.fspath(path))


_HELM_HELPER_SUFFIX = ".tpl"


def _posix(rel: str) -> str:
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def find_root(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """The scan root for `paths`.

    The nearest directory at or above the first path that contains `.git`
    (a directory, or a file for worktrees and submodules); failing that, the
    common parent of all paths, a file counting as its directory. No paths
    means the current directory.
    """
    dirs = []
    for path in paths or (".",):
        absolute = os.path.abspath(path)
        if not os.path.lexists(absolute):
            raise _missing(path)
        dirs.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    current = dirs[0]
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return Path(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return Path(os.path.commonpath(dirs))


# --------------------------------------------------------------------------
# the walk
# --------------------------------------------------------------------------


_BY_NAME = operator.attrgetter("name")


def _join_child(parent: Path, name: str) -> Path:
    return parent / name


def _pick_child_maker() -> Callable[[Path, str], Path]:
    """The fastest correct way to make `parent / name` for a plain name.

    Building a Path per candidate was half the walk's time: `Path(str)` and
    `/` re-parse the whole string. pathlib's private `_make_child_relpath`
    (what `Path.iterdir` uses) skips that; it is used only if present and
    seen to give the same result, so a Python that changes it falls back
    to `/`.
    """
    fast = getattr(Path, "_make_child_relpath", None)
    if fast is None:
        return _join_child
    expected = Path(os.sep, "zotlint", "probe.yaml")
    try:
        probe = fast(Path(os.sep, "zotlint"), "probe.yaml")
    except Exception:  # any failure just means "don't use it"
        return _join_child
    if not isinstance(probe, Path) or probe != expected or str(probe) != str(expected):
        return _join_child
    return fast  # type: ignore[no-any-return]


_child = _pick_child_maker()


class _Walker:
    def __init__(
        self,
        root: Path,
        exclude: Sequence[str],
        max_file_size: int,
        suffixes: frozenset[str] | None,
    ) -> None:
        self.root_abs = os.path.abspath(root)
        self.root_real = os.path.realpath(self.root_abs)
        self.in_git = os.path.lexists(os.path.join(self.root_abs, ".git"))
        self.exclude = compile_excludes(exclude)
        self.max_file_size = max_file_size
        self.suffixes = None if suffixes is None else tuple(s.lower() for s in suffixes)
        self.candidates: dict[str, Candidate] = {}
        self.skipped: dict[str, Skipped] = {}
        # Real paths of directories already walked: makes symlink cycles and
        # overlapping arguments terminate and keeps files from being listed
        # twice.
        self.visited: set[str] = set()
        # Symlinked directories are walked only after every real directory,
        # so a link sorting before its target doesn't claim the target's
        # files under the link's name. Heap of (rel, tiebreak, ..., in a
        # chart's templates/).
        self.pending: list[tuple[str, int, str, str, Rules, bool]] = []
        self.counter = itertools.count()
        self.base_rules = self._info_exclude() if self.in_git else NO_RULES
        # Root reads everything, so the readability check is skipped for it
        # (and where there are no POSIX ids).
        self.euid = os.geteuid() if hasattr(os, "geteuid") else 0
        self.check_access = self.euid != 0
        self.groups = (
            frozenset((os.getegid(), *os.getgroups())) if self.check_access else frozenset()
        )

    # -- results ----------------------------------------------------------

    def skip(self, rel: str, reason: str) -> None:
        self.skipped.setdefault(rel or ".", Skipped(rel or ".", reason))

    def add_file(
        self, path: Path, rel: str, info: os.stat_result, helm_template: bool = False
    ) -> None:
        if info.st_size > self.max_file_size:
            self.skip(rel, too_large(info.st_size, self.max_file_size))
        elif self.check_access and self.unreadable(path, info):
            self.skip(rel, REASON_PERMISSION)
        else:
            self.candidates[rel] = Candidate(
                path, rel, (info.st_dev, info.st_ino), helm_template=helm_template
            )

    def unreadable(self, path: str | Path, info: os.stat_result) -> bool:
        """Whether this process may not read the file.

        Decided from the stat result already in hand; only when the mode bits
        say no is the kernel asked (ACLs can grant more than the bits show),
        so readable files, the usual case, cost no extra system call.
        """
        mode = info.st_mode
        if info.st_uid == self.euid:
            allowed = mode & stat.S_IRUSR
        elif info.st_gid in self.groups:
            allowed = mode & stat.S_IRGRP
        else:
            allowed = mode & stat.S_IROTH
        return not allowed and not os.access(path, os.R_OK)

    def wanted(self, name: str, templates: bool = False) -> bool:
        """Whether a walked file with this name is checked (``templates``: in a chart's
        `templates/`, where only files Helm renders as manifests are)."""
        lower_name = name.lower()
        if lower_name.endswith(_HELM_HELPER_SUFFIX) or (templates and not renders_manifest(name)):
            return False
        return self.suffixes is None or lower_name.endswith(self.suffixes)

    # -- ignore files -------------------------------------------------------

    def _info_exclude(self) -> Rules:
        git_dir = os.path.join(self.root_abs, ".git")
        if os.path.islink(git_dir) or not os.path.isdir(git_dir):
            return NO_RULES
        path = os.path.join(git_dir, "info", "exclude")
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return NO_RULES
        except OSError:
            return NO_RULES
        return self._read_ignore_file(path, "", ".git/info/exclude", NO_RULES)

    def _read_ignore_file(self, path: str, base: str, rel: str, rules: Rules) -> Rules:
        try:
            # Never through a symlink or from a FIFO, and bounded: a hostile repository
            # commits these files too.
            data = read_file(path, self.max_file_size)
        except OSError as exc:
            # Carry on without it, as git does, but say so: files it would
            # have hidden may now be checked.
            self.skip(rel, f"cannot read ignore file: {os_reason(exc)}")
            return rules
        return rules.extend(base, parse_ignore_text(data))

    def rules_above(self, rel_dir: str) -> Rules:
        """Rules in force for `rel_dir` itself: info/exclude plus the
        .gitignore of every directory from the root down to its parent."""
        rules = self.base_rules
        if not self.in_git or not rel_dir:
            return rules
        current_abs, current_rel = self.root_abs, ""
        for part in rel_dir.split("/"):
            gitignore = os.path.join(current_abs, ".gitignore")
            try:
                is_regular = stat.S_ISREG(os.lstat(gitignore).st_mode)
            except OSError:
                is_regular = False
            if is_regular:
                prefix = current_rel + "/" if current_rel else ""
                rules = self._read_ignore_file(gitignore, current_rel, prefix + ".gitignore", rules)
            current_abs = os.path.join(current_abs, part)
            current_rel = f"{current_rel}/{part}" if current_rel else part
        return rules

    # -- walking --------------------------------------------------------------

    def walk(
        self, top_abs: str, top_rel: str, top_real: str, top_rules: Rules, templates: bool = False
    ) -> None:
        """Walk a directory tree; ``templates``: it is (in) a Helm chart's `templates/`."""
        # This loop runs once per file in the tree, so attribute lookups are
        # hoisted into locals and files, the common case, are tested first.
        stack = [(top_abs, top_rel, top_real, top_rules, templates)]
        suffixes = self.suffixes
        exclude = self.exclude if self.exclude.active else None
        visited = self.visited
        candidates = self.candidates
        max_size = self.max_file_size
        child = _child
        check_access = self.check_access
        while stack:
            dir_abs, dir_rel, dir_real, rules, in_templates = stack.pop()
            if dir_real in visited:
                continue
            visited.add(dir_real)
            try:
                with os.scandir(dir_abs) as iterator:
                    entries = sorted(iterator, key=_BY_NAME)
            except OSError as exc:
                self.skip(dir_rel, os_reason(exc))
                continue
            prefix = dir_rel + "/" if dir_rel else ""
            dir_path = Path(dir_abs)
            has_chart = False
            for entry in entries:
                if entry.name == CHART_FILE:
                    has_chart = True
                # git never reads a symlinked .gitignore (since 2.32), and it
                # could point outside the root, so only regular files count.
                elif (
                    entry.name == ".gitignore"
                    and self.in_git
                    and entry.is_file(follow_symlinks=False)
                ):
                    rules = self._read_ignore_file(
                        entry.path, dir_rel, prefix + ".gitignore", rules
                    )
            ignored = rules.ignored if rules.active else None
            subdirs = []
            for entry in entries:
                name = entry.name
                if name == ".git":  # a directory, or a file in worktrees
                    continue
                rel = prefix + name
                try:
                    if entry.is_file(follow_symlinks=False):
                        lower = name.lower()
                        if (
                            lower.endswith(_HELM_HELPER_SUFFIX)
                            or (suffixes is not None and not lower.endswith(suffixes))
                            or (in_templates and not renders_manifest(name))
                        ):
                            continue
                        if (ignored is not None and ignored(rel, name, False)) or (
                            exclude is not None and exclude.ignored(rel, name, False)
                        ):
                            continue
                        info = entry.stat(follow_symlinks=False)
                        if info.st_size > max_size:
                            self.skip(rel, too_large(info.st_size, max_size))
                        elif check_access and self.unreadable(entry.path, info):
                            self.skip(rel, REASON_PERMISSION)
                        else:
                            candidates[rel] = Candidate(
                                child(dir_path, name),
                                rel,
                                (info.st_dev, info.st_ino),
                                helm_template=in_templates,
                            )
                    elif entry.is_dir(follow_symlinks=False):
                        if name in ALWAYS_SKIPPED_DIRS:
                            continue
                        if (ignored is not None and ignored(rel, name, True)) or (
                            exclude is not None and exclude.ignored(rel, name, True)
                        ):
                            continue
                        # A chart's templates/ is read in its own way (zotlint.files.helm).
                        sub_templates = in_templates or (has_chart and name == TEMPLATES_DIR)
                        subdirs.append(
                            (entry.path, rel, os.path.join(dir_real, name), rules, sub_templates)
                        )
                    elif entry.is_symlink():
                        self._visit_link(dir_path, name, rel, rules, has_chart, in_templates)
                    elif self.wanted(name, in_templates) and not (
                        rules.ignored(rel, name, False)
                        or (exclude is not None and exclude.ignored(rel, name, False))
                    ):
                        # FIFOs, sockets, devices: reading one can block
                        # forever or never end.
                        self.skip(rel, REASON_NOT_REGULAR)
                except OSError as exc:
                    self.skip(rel, os_reason(exc))
            # Reversed so the stack pops subdirectories in name order.
            stack.extend(reversed(subdirs))

    def _visit_link(
        self,
        dir_path: Path,
        name: str,
        rel: str,
        rules: Rules,
        has_chart: bool,
        templates: bool = False,
    ) -> None:
        # git records a symlink as a blob, never as a directory, so its
        # ignore rules see every symlink as a file.
        if rules.ignored(rel, name, False):
            return
        wanted_file = self.wanted(name, templates)
        path = os.path.join(dir_path, name)
        target = os.path.realpath(path)
        if not is_within(target, self.root_real):
            # Only metadata is looked at out there, never content; a link
            # that would not have been checked anyway isn't worth reporting.
            if wanted_file or os.path.isdir(target):
                self.skip(rel, REASON_LINK_OUTSIDE_ROOT)
            return
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if wanted_file:
                self.skip(rel, REASON_BROKEN_LINK)
            return
        except OSError as exc:
            if wanted_file:
                self.skip(rel, os_reason(exc))
            return
        if stat.S_ISDIR(info.st_mode):
            if name in ALWAYS_SKIPPED_DIRS:
                return
            if self.exclude.ignored(rel, name, True):
                return
            sub_templates = templates or (has_chart and name == TEMPLATES_DIR)
            heapq.heappush(
                self.pending, (rel, next(self.counter), path, target, rules, sub_templates)
            )
        elif wanted_file and not self.exclude.ignored(rel, name, False):
            if stat.S_ISREG(info.st_mode):
                # The target is opened, never the link (zotlint.safeio reads with O_NOFOLLOW).
                self.add_file(Path(target), rel, info, templates)
            else:
                self.skip(rel, REASON_NOT_REGULAR)

    def walk_pending(self) -> None:
        while self.pending:
            rel, _, path, target, rules, templates = heapq.heappop(self.pending)
            # A link to a directory already walked (a cycle back to a parent,
            # or a second name for a scanned directory) adds nothing, and every
            # Skipped becomes a finding, so it is dropped silently. walk()
            # checks `visited` itself.
            self.walk(path, rel, target, rules, templates)

    # -- explicit arguments ----------------------------------------------------

    def in_helm_templates(self, rel: str, is_dir: bool) -> bool:
        parts = rel.split("/") if rel else []
        # A templates directory named on the command line counts too.
        limit = len(parts) if is_dir else len(parts) - 1
        for index in range(limit):
            if parts[index] == TEMPLATES_DIR and os.path.isfile(
                os.path.join(self.root_abs, *parts[:index], CHART_FILE)
            ):
                return True
        return False

    def visit_argument(self, given: str | os.PathLike[str]) -> None:
        absolute = os.path.abspath(given)
        real = os.path.realpath(absolute)
        if is_within(absolute, self.root_abs):
            rel = _posix(os.path.relpath(absolute, self.root_abs))
            if not is_within(real, self.root_real):
                self.skip(rel, REASON_LINK_OUTSIDE_ROOT)
                return
        elif is_within(real, self.root_real):
            rel = _posix(os.path.relpath(real, self.root_real))
        else:
            self.skip(_posix(os.fspath(given)), REASON_OUTSIDE_ROOT)
            return
        rel = "" if rel == "." else rel
        try:
            info = os.stat(absolute)
        except FileNotFoundError:
            # It passed the lexists check, so it is a dangling symlink.
            self.skip(rel, REASON_BROKEN_LINK)
            return
        except OSError as exc:
            self.skip(rel, os_reason(exc))
            return
        if stat.S_ISDIR(info.st_mode):
            # The directory itself is walked even if ignored or vendored:
            # naming it is a request to check it.
            templates = self.in_helm_templates(rel, is_dir=True)
            self.walk(absolute, rel, real, self.rules_above(rel), templates)
            return
        templates = self.in_helm_templates(rel, is_dir=False)
        if rel.lower().endswith(_HELM_HELPER_SUFFIX) or (
            templates and not renders_manifest(posixpath.basename(rel))
        ):
            self.skip(rel, REASON_HELM)
        elif stat.S_ISREG(info.st_mode):
            self.add_file(Path(real), rel, info, templates)
        else:
            self.skip(rel, REASON_NOT_REGULAR)


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    root: Path,
    exclude: Sequence[str] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    suffixes: frozenset[str] | None = None,
) -> tuple[list[Candidate], list[Skipped]]:
    """Find the files to check under `paths`, and those left out with reason.

    Directories are walked honouring .gitignore files, .git/info/exclude (only
    when `root` is a git work tree), the always-skipped directory names and
    the `exclude` globs (gitignore syntax, one pattern per string, relative
    to `root`). In a Helm chart's `templates/` only the files Helm renders as
    manifests are candidates, marked `helm_template` (zotlint.files.helm).
    Files named explicitly are always candidates unless they lie outside
    `root`, are Helm partials, notes or `.tpl` files, or exceed
    `max_file_size`. No paths
    means `root`. Both lists are sorted by `rel`. Raises FileNotFoundError if
    a path doesn't exist; never raises for unreadable parts of the tree.
    """
    for given in paths:
        if not os.path.lexists(os.path.abspath(given)):
            raise _missing(given)
    walker = _Walker(root, exclude, max_file_size, suffixes)
    for given in paths or (walker.root_abs,):
        walker.visit_argument(given)
    walker.walk_pending()
    candidates = sorted(walker.candidates.values(), key=lambda c: c.rel)
    skipped = sorted(
        (s for s in walker.skipped.values() if s.rel not in walker.candidates),
        key=lambda s: s.rel,
    )
    return candidates, skipped
