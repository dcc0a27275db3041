"""zotlint.safeio: the one read and the one write every repository file and output goes
through (issue 14, attacks 3 and 4)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import read_candidate, run
from zotlint.files import Candidate, discover
from zotlint.safeio import UnsafePath, atomic_write, read_file
from zotlint.source.problems import Limits, ProblemKind

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def test_read_refuses_a_symlink_even_to_a_file_inside(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("zot: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    with pytest.raises(UnsafePath, match="symlink"):
        read_file(tmp_path / "link.yaml", 100)
    assert read_file(tmp_path / "real.yaml", 100) == b"zot: 1\n"


def test_read_refuses_dev_zero_without_reading_it(tmp_path: Path) -> None:
    with pytest.raises(UnsafePath, match="not a regular file"):
        read_file("/dev/zero", 1 << 30)


@needs_fifo
def test_read_of_a_fifo_neither_blocks_nor_reads(tmp_path: Path) -> None:
    fifo = tmp_path / "values.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UnsafePath, match="not a regular file"):
        read_file(fifo, 100)  # O_NONBLOCK: opening a FIFO with no writer returns at once


def test_read_is_capped(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(b"x" * 10_000)
    assert len(read_file(tmp_path / "big.yaml", 101)) == 101


def test_read_refuses_a_file_outside_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("token: x\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "dir").symlink_to(outside)  # a directory link: O_NOFOLLOW alone would not see it
    with pytest.raises(UnsafePath, match="outside"):
        read_file(root / "dir" / "secret.yaml", 100, root=root)


def test_a_file_swapped_for_a_symlink_after_the_walk_is_not_read(tmp_path: Path) -> None:
    """The walk saw a regular file; before the read it became a link out of the root."""
    secret = tmp_path / "outside.yaml"
    secret.write_text("zot: outside-secret-1234\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "values.yaml").write_text("zot: 1\n")
    [candidate], _ = discover([root], root=root, suffixes=frozenset({".yaml"}))
    (root / "values.yaml").unlink()
    (root / "values.yaml").symlink_to(secret)
    loaded = read_candidate(candidate, Limits(), False)
    assert [p.kind for p in loaded.problems] == [ProblemKind.SKIPPED]
    assert "symlink" in loaded.problems[0].message
    assert "outside-secret" not in loaded.source.text


def test_a_file_replaced_by_another_after_the_walk_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text("zot: 1\n")
    [candidate], _ = discover([tmp_path], root=tmp_path, suffixes=frozenset({".yaml"}))
    (tmp_path / "other.yaml").write_text("zot: 2\n")
    os.replace(tmp_path / "other.yaml", tmp_path / "values.yaml")  # a new inode
    loaded = read_candidate(candidate, Limits(), False)
    assert "replaced" in loaded.problems[0].message


def test_a_symlink_inside_the_root_is_read_through_its_target(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("zot: 1\n")
    (tmp_path / "alias.yaml").symlink_to("real.yaml")
    found, _ = discover([tmp_path], root=tmp_path, suffixes=frozenset({".yaml"}))
    by_rel = {c.rel: c for c in found}
    assert read_candidate(by_rel["alias.yaml"], Limits(), False).source.text == "zot: 1\n"


@needs_fifo
def test_a_run_over_a_fifo_still_checks_the_other_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "ok.yaml").write_text("zot: 1\n")
    result = run([tmp_path], Settings(), root=tmp_path)
    assert "ok.yaml" in result.files


# -- atomic_write -------------------------------------------------------------------------------


def test_write_refuses_a_symlink_and_leaves_its_target_alone(tmp_path: Path) -> None:
    target = tmp_path / "victim"
    target.write_text("precious\n")
    (tmp_path / "out.sarif").symlink_to(target)
    with pytest.raises(UnsafePath, match="symlink"):
        atomic_write(tmp_path / "out.sarif", "{}")
    assert target.read_text() == "precious\n"


def test_write_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "out.sarif").symlink_to(tmp_path / "created-through-the-link")
    with pytest.raises(UnsafePath):
        atomic_write(tmp_path / "out.sarif", "{}")
    assert not (tmp_path / "created-through-the-link").exists()


@needs_fifo
def test_write_refuses_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out.sarif")
    with pytest.raises(UnsafePath, match="regular"):
        atomic_write(tmp_path / "out.sarif", "{}")


def test_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("old\n")
    out.chmod(0o640)
    atomic_write(out, "new\n")
    assert out.read_text() == "new\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left


def test_write_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "out").symlink_to(tmp_path)
    with pytest.raises(UnsafePath, match="outside"):
        atomic_write(root / "out" / "x.sarif", "{}", root=root)


def test_candidate_identity_does_not_change_equality(tmp_path: Path) -> None:
    assert Candidate(tmp_path, "a", (1, 2)) == Candidate(tmp_path, "a")
