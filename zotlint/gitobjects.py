"""Read a file as it was at a git revision, straight from `.git`, without running git.

`zotlint check` promises to start no process, so `--diff-base REV` cannot call `git diff`.
What it needs is small - the blob of each reported file at one commit - and git's storage
for that is stable and documented (gitformat-pack, gitrepository-layout): refs and
packed-refs, loose zlib objects, pack index v2 and packs with offset/reference deltas,
alternates, and the `.git` file of worktrees and submodules. Nothing here writes.

Not supported, with a clear error instead of a wrong answer: reftable ref storage, rev syntax
beyond `NAME`, `HEX`, `~N`, `^N`, `^{commit}`/`^{}` and `A...B`, and objects missing from a
shallow or partial clone (fetch more history).
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections import deque
from pathlib import Path

from zotlint.safeio import read_file

_OBJ_COMMIT, _OBJ_TREE, _OBJ_BLOB, _OBJ_TAG = 1, 2, 3, 4
_OFS_DELTA, _REF_DELTA = 6, 7
_TYPES = {_OBJ_COMMIT: "commit", _OBJ_TREE: "tree", _OBJ_BLOB: "blob", _OBJ_TAG: "tag"}
_NAMES = {v: k for k, v in _TYPES.items()}
_MAX_DELTA_CHAIN = 10_000
# No object zotlint compares is larger: a file over the 5 MB default max-file-size is never
# checked. A declared size above it, or an inflate that yields more than was declared (a zlib
# bomb: a few KB that inflate to gigabytes), is an error, never a memory spike.
MAX_OBJECT_SIZE = 64 * 1024 * 1024
_MAX_ANCESTORS = 500_000


class GitError(Exception):
    pass


class _Pack:
    """One pack file with its v2 index, opened lazily and read through mmap."""

    def __init__(self, idx_path: Path, hash_len: int) -> None:
        self.idx_path = idx_path
        self.pack_path = idx_path.with_suffix(".pack")
        self.hash_len = hash_len
        self._idx: bytes | None = None
        self._pack: mmap.mmap | None = None

    def _index(self) -> bytes:
        if self._idx is None:
            data = self.idx_path.read_bytes()
            if data[:4] != b"\xfftOc" or int.from_bytes(data[4:8], "big") != 2:
                raise GitError(f"{self.idx_path.name}: unsupported pack index version")
            self._idx = data
        return self._idx

    def data(self) -> mmap.mmap:
        if self._pack is None:
            with open(self.pack_path, "rb") as fh:
                self._pack = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return self._pack

    def _count(self) -> int:
        return int.from_bytes(self._index()[8 + 255 * 4 : 8 + 256 * 4], "big")

    def _name(self, i: int) -> bytes:
        start = 8 + 256 * 4 + i * self.hash_len
        return self._index()[start : start + self.hash_len]

    def _range(self, first: int) -> tuple[int, int]:
        idx = self._index()
        lo = int.from_bytes(idx[8 + (first - 1) * 4 : 8 + first * 4], "big") if first else 0
        hi = int.from_bytes(idx[8 + first * 4 : 12 + first * 4], "big")
        return lo, hi

    def offset(self, oid: bytes) -> int | None:
        lo, hi = self._range(oid[0])
        while lo < hi:
            mid = (lo + hi) // 2
            name = self._name(mid)
            if name == oid:
                return self._offset_at(mid)
            if name < oid:
                lo = mid + 1
            else:
                hi = mid
        return None

    def _offset_at(self, i: int) -> int:
        idx, n = self._index(), self._count()
        base = 8 + 256 * 4 + n * self.hash_len + n * 4
        value = int.from_bytes(idx[base + i * 4 : base + i * 4 + 4], "big")
        if value & 0x80000000:
            large = base + n * 4 + (value & 0x7FFFFFFF) * 8
            value = int.from_bytes(idx[large : large + 8], "big")
        return value

    def with_prefix(self, prefix: str) -> set[bytes]:
        first = int(prefix[:2], 16)
        lo, hi = self._range(first)
        return {self._name(i) for i in range(lo, hi) if self._name(i).hex().startswith(prefix)}


def _inflate(buf: mmap.mmap | bytes, pos: int, size: int) -> bytes:
    """The `size` bytes a pack entry declares, inflated; never more than that is inflated."""
    if size > MAX_OBJECT_SIZE:
        raise GitError(f"object larger than {MAX_OBJECT_SIZE:,} bytes")
    d = zlib.decompressobj()
    out = bytearray()
    step = max(size + 64, 4096)
    try:
        while not d.eof:
            chunk = d.unconsumed_tail or buf[pos : pos + step]
            if not d.unconsumed_tail:
                if not chunk:
                    raise GitError("truncated object in pack")
                pos += step
            # One byte more than declared shows an entry that inflates beyond its size.
            out += d.decompress(chunk, size + 1 - len(out))
            if len(out) > size:
                raise GitError("object inflates beyond its declared size")
    except zlib.error as exc:
        raise GitError(f"corrupt object in pack: {exc}") from None
    if len(out) != size:
        raise GitError("object inflates to less than its declared size")
    return bytes(out)


def _inflate_loose(data: bytes) -> bytes:
    """A loose object, inflated to at most MAX_OBJECT_SIZE plus its header."""
    d = zlib.decompressobj()
    out = d.decompress(data, MAX_OBJECT_SIZE + 64)
    if d.unconsumed_tail or not d.eof:
        raise GitError("object larger than the size limit, or truncated")
    return out


def _apply_delta(base: bytes, delta: bytes) -> bytes:
    pos = 0

    def varint() -> int:
        nonlocal pos
        value = shift = 0
        while True:
            c = delta[pos]
            pos += 1
            value |= (c & 0x7F) << shift
            shift += 7
            if not c & 0x80:
                return value

    if varint() != len(base):
        raise GitError("delta does not match its base")
    size = varint()
    if size > MAX_OBJECT_SIZE:
        raise GitError(f"object larger than {MAX_OBJECT_SIZE:,} bytes")
    out = bytearray()
    while pos < len(delta):
        op = delta[pos]
        pos += 1
        if op & 0x80:
            off = length = 0
            for i in range(4):
                if op & (1 << i):
                    off |= delta[pos] << (8 * i)
                    pos += 1
            for i in range(3):
                if op & (1 << (4 + i)):
                    length |= delta[pos] << (8 * i)
                    pos += 1
            length = length or 0x10000
            if off + length > len(base) or len(out) + length > size:
                raise GitError("corrupt delta (copy outside its base or result)")
            out += base[off : off + length]
        elif op:
            if len(out) + op > size:
                raise GitError("corrupt delta (result larger than declared)")
            out += delta[pos : pos + op]
            pos += op
        else:
            raise GitError("corrupt delta")
    if len(out) != size:
        raise GitError("delta result has the wrong size")
    return bytes(out)


class Repository:
    """The object database and refs of the git repository whose work tree is `worktree`."""

    def __init__(self, worktree: Path) -> None:
        dotgit = Path(worktree) / ".git"
        if dotgit.is_dir():
            gitdir = dotgit
        elif dotgit.is_file():
            # Worktrees and submodules: ".git" is a file naming the real git directory.
            text = dotgit.read_text(encoding="utf-8", errors="replace").strip()
            if not text.startswith("gitdir:"):
                raise GitError(f"{dotgit}: not a gitdir file")
            gitdir = (dotgit.parent / text[len("gitdir:") :].strip()).resolve()
        else:
            raise GitError(f"{worktree} is not the top of a git work tree (no .git)")
        common = gitdir
        if (gitdir / "commondir").is_file():
            rel = (gitdir / "commondir").read_text(encoding="utf-8").strip()
            common = (gitdir / rel).resolve()
        self.gitdir, self.common = gitdir, common
        config = self._config()
        if re.search(r"(?im)^\s*refstorage\s*=\s*reftable\b", config):
            raise GitError("reftable ref storage is not supported; pass --diff FILE instead")
        self.hash_len = 32 if re.search(r"(?im)^\s*objectformat\s*=\s*sha256\b", config) else 20
        self.object_dirs = self._object_dirs(common / "objects", set())
        self._packs: list[_Pack] | None = None

    def _config(self) -> str:
        try:
            return (self.common / "config").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _object_dirs(self, objects: Path, seen: set[Path]) -> list[Path]:
        if objects in seen:
            return []
        seen.add(objects)
        out = [objects]
        alternates = objects / "info" / "alternates"
        if alternates.is_file():
            for line in alternates.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    out += self._object_dirs((objects / line).resolve(), seen)
        return out

    def packs(self) -> list[_Pack]:
        if self._packs is None:
            self._packs = [
                _Pack(p, self.hash_len)
                for d in self.object_dirs
                if (d / "pack").is_dir()
                for p in sorted((d / "pack").glob("pack-*.idx"))
            ]
        return self._packs

    # ---------------------------------------------------------------- objects

    def read(self, oid: bytes) -> tuple[str, bytes]:
        hexid = oid.hex()
        for d in self.object_dirs:
            loose = d / hexid[:2] / hexid[2:]
            try:
                raw = _inflate_loose(read_file(loose, MAX_OBJECT_SIZE))
            except FileNotFoundError:
                continue
            except (OSError, zlib.error) as exc:
                raise GitError(f"cannot read object {hexid}: {exc}") from None
            header, _, body = raw.partition(b"\0")
            return header.split(b" ", 1)[0].decode("ascii"), body
        for pack in self.packs():
            offset = pack.offset(oid)
            if offset is not None:
                return self._unpack(pack, offset)
        raise GitError(
            f"object {hexid} is not in the repository (a shallow clone? fetch more history)"
        )

    def _unpack(self, pack: _Pack, offset: int) -> tuple[str, bytes]:
        buf = pack.data()
        deltas: list[bytes] = []
        while True:
            c = buf[offset]
            typ, size, shift, pos = (c >> 4) & 7, c & 15, 4, offset + 1
            while c & 0x80:
                c = buf[pos]
                pos += 1
                size |= (c & 0x7F) << shift
                shift += 7
            if typ == _OFS_DELTA:
                c = buf[pos]
                pos += 1
                back = c & 0x7F
                while c & 0x80:
                    c = buf[pos]
                    pos += 1
                    back = ((back + 1) << 7) | (c & 0x7F)
                deltas.append(_inflate(buf, pos, size))
                offset -= back
            elif typ == _REF_DELTA:
                base_oid = bytes(buf[pos : pos + self.hash_len])
                deltas.append(_inflate(buf, pos + self.hash_len, size))
                kind, data = self.read(base_oid)
                break
            elif typ in _TYPES:
                kind, data = _TYPES[typ], _inflate(buf, pos, size)
                break
            else:
                raise GitError(f"unknown pack entry type {typ}")
            if len(deltas) > _MAX_DELTA_CHAIN:
                raise GitError("delta chain too long")
        for delta in reversed(deltas):
            data = _apply_delta(data, delta)
        return kind, data

    # ---------------------------------------------------------------- refs and revisions

    def _ref(self, name: str, depth: int = 0) -> bytes | None:
        if depth > 10:
            raise GitError(f"symbolic ref loop at {name}")
        for d in (self.gitdir, self.common):
            p = d / name
            if p.is_file():
                text = p.read_text(encoding="utf-8", errors="replace").strip()
                if text.startswith("ref:"):
                    return self._ref(text[4:].strip(), depth + 1)
                return self._hex(text)
        packed = self.common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8", errors="replace").splitlines():
                if line[:1] in ("#", "^", ""):
                    continue
                hexid, _, ref = line.partition(" ")
                if ref.strip() == name:
                    return self._hex(hexid)
        return None

    def _hex(self, text: str) -> bytes | None:
        text = text.strip()
        if len(text) == self.hash_len * 2 and re.fullmatch(r"[0-9a-fA-F]+", text):
            return bytes.fromhex(text)
        return None

    def _base(self, name: str) -> bytes:
        if name in ("", "@"):
            name = "HEAD"
        full = self._hex(name)
        if full is not None:
            return full
        if not re.fullmatch(r"[^\x00-\x20~^:?*\[\\]+", name) or ".." in name:
            raise GitError(f"unsupported revision syntax: {name!r}")
        for ref in (
            name,
            f"refs/{name}",
            f"refs/tags/{name}",
            f"refs/heads/{name}",
            f"refs/remotes/{name}",
            f"refs/remotes/{name}/HEAD",
        ):
            oid = self._ref(ref)
            if oid is not None:
                return oid
        if re.fullmatch(r"[0-9a-fA-F]{4,}", name):
            return self._abbrev(name.lower())
        raise GitError(f"unknown revision {name!r}")

    def _abbrev(self, prefix: str) -> bytes:
        found: set[bytes] = set()
        for d in self.object_dirs:
            sub = d / prefix[:2]
            if sub.is_dir():
                found |= {
                    bytes.fromhex(prefix[:2] + f.name)
                    for f in sub.iterdir()
                    if f.name.startswith(prefix[2:]) and len(f.name) == self.hash_len * 2 - 2
                }
        for pack in self.packs():
            found |= pack.with_prefix(prefix)
        if len(found) != 1:
            why = "ambiguous" if found else "unknown"
            raise GitError(f"{why} revision {prefix!r}")
        return found.pop()

    def peel(self, oid: bytes) -> bytes:
        """The commit an annotated tag (chain) points at."""
        for _ in range(20):
            kind, body = self.read(oid)
            if kind == "commit":
                return oid
            if kind != "tag":
                raise GitError(f"{oid.hex()} is a {kind}, not a commit")
            m = re.match(rb"object ([0-9a-f]+)", body)
            if not m:
                raise GitError(f"malformed tag {oid.hex()}")
            oid = bytes.fromhex(m.group(1).decode())
        raise GitError("tag chain too long")

    def parents(self, commit: bytes) -> list[bytes]:
        _, body = self.read(commit)
        head = body.split(b"\n\n", 1)[0]
        return [bytes.fromhex(m.decode()) for m in re.findall(rb"^parent ([0-9a-f]+)", head, re.M)]

    def resolve(self, rev: str) -> bytes:
        """The commit named by `rev`; `A...B` is their merge base (`B` defaults to HEAD)."""
        rev = rev.strip()
        if "..." in rev:
            left, right = rev.split("...", 1)
            a, b = self.resolve(left or "HEAD"), self.resolve(right or "HEAD")
            base = self.merge_base(a, b)
            if base is None:
                raise GitError(f"{rev}: no common ancestor (a shallow clone? fetch more history)")
            return base
        m = re.fullmatch(r"(.*?)((?:~\d*|\^\d*|\^\{(?:commit)?\})*)", rev)
        assert m is not None  # the pattern matches every string
        oid = self.peel(self._base(m.group(1)))
        for op in re.findall(r"~\d*|\^\{(?:commit)?\}|\^\d*", m.group(2)):
            if op.startswith("^{"):
                continue  # already peeled to a commit
            if op.startswith("~"):
                for _ in range(int(op[1:] or "1")):
                    ps = self.parents(oid)
                    if not ps:
                        raise GitError(f"{rev}: no such ancestor")
                    oid = ps[0]
            else:
                n = int(op[1:] or "1")
                if n:
                    ps = self.parents(oid)
                    if len(ps) < n:
                        raise GitError(f"{rev}: no such parent")
                    oid = ps[n - 1]
        return oid

    def merge_base(self, a: bytes, b: bytes) -> bytes | None:
        # Breadth-first from both sides: the first commit of b's walk that a reaches. Exact
        # for the usual branch shapes; criss-cross merges may pick one of several bases.
        ancestors = self._ancestors(a)
        queue, seen = deque([b]), {b}
        while queue:
            c = queue.popleft()
            if c in ancestors:
                return c
            for p in self._parents_or_none(c):
                if p not in seen:
                    seen.add(p)
                    queue.append(p)
        return None

    def _parents_or_none(self, c: bytes) -> list[bytes]:
        try:
            return self.parents(c)
        except GitError:  # the edge of a shallow clone
            return []

    def _ancestors(self, a: bytes) -> set[bytes]:
        out, queue = {a}, deque([a])
        while queue and len(out) < _MAX_ANCESTORS:
            for p in self._parents_or_none(queue.popleft()):
                if p not in out:
                    out.add(p)
                    queue.append(p)
        return out

    # ---------------------------------------------------------------- trees

    def blob(self, commit: bytes, path: str) -> bytes | None:
        """The content of `path` (POSIX, from the work tree top) at `commit`; None if absent."""
        _, body = self.read(commit)
        m = re.match(rb"tree ([0-9a-f]+)", body)
        if not m:
            raise GitError(f"malformed commit {commit.hex()}")
        oid = bytes.fromhex(m.group(1).decode())
        parts = [p for p in path.split("/") if p]
        for i, part in enumerate(parts):
            kind, tree = self.read(oid)
            if kind != "tree":
                return None
            entry = self._entry(tree, part.encode("utf-8", errors="surrogateescape"))
            if entry is None:
                return None
            mode, oid = entry
            last = i == len(parts) - 1
            if last and not mode.startswith(b"10"):
                return None  # a symlink, submodule or directory is no file to compare
            if not last and mode != b"40000":
                return None
        kind, data = self.read(oid)
        return data if kind == "blob" else None

    def _entry(self, tree: bytes, name: bytes) -> tuple[bytes, bytes] | None:
        pos = 0
        while pos < len(tree):
            sp = tree.index(b" ", pos)
            nul = tree.index(b"\0", sp)
            if tree[sp + 1 : nul] == name:
                return tree[pos:sp], tree[nul + 1 : nul + 1 + self.hash_len]
            pos = nul + 1 + self.hash_len
        return None


def read_at(worktree: Path, rev: str, paths: list[str]) -> dict[str, bytes | None]:
    """`{path: content at rev}` for paths relative to the work tree top (None: not there)."""
    repo = Repository(worktree)
    commit = repo.resolve(rev)
    return {p: repo.blob(commit, p) for p in paths}
