"""Hostile REFI-QDA files: refused with a message naming what they claim and the limit (exit 1),
never an internal error, a recursion error or gigabytes of memory; sane deep codebooks import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from siaran import casework as cw
from siaran.casework.refiqda import import_qdc, import_qdpx, read_qdc, read_qdpx
from siaran.errors import BadInputError
from siaran.ingest.limits import ImportLimits, set_workspace_limit
from siaran.workspace import Workspace
from tests.bounded import run_capped, run_cli
from tests.casework.hostile_projects import (
    PROJECT_NS,
    billion_laughs_project,
    external_entity_project,
    guid,
    nested_codebook,
    nested_project,
    text_bomb,
    write_qdpx,
)


def refused(call: object) -> BadInputError:
    with pytest.raises(BadInputError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def assert_untouched(ws: Workspace) -> None:
    assert cw.list_codes(ws) == [] and cw.list_documents(ws) == []
    assert cw.audit_log(ws) == []


def test_text_bomb_is_refused_at_each_line_of_defence(workspace: Workspace, tmp_path: Path) -> None:
    path = text_bomb(tmp_path / "bomb.qdpx")
    assert path.stat().st_size < 200 * 1024
    error = refused(lambda: import_qdpx(workspace, path))
    assert error.key == "limits.zip_ratio" and "sources/big.txt" in error.message("en")
    assert_untouched(workspace)
    # Past the ratio, the one text is more than a source may hold...
    raised = ImportLimits(zip_ratio=10_000)
    error = refused(lambda: import_qdpx(workspace, path, limits=raised))
    assert error.key == "limits.text" and "doc 0" in error.message("en")
    assert "--limit text_mb=100" in error.message("en")
    # ... and past that, twelve sources naming it are more than all texts may hold.
    raised = ImportLimits(zip_ratio=10_000, text_mb=200)
    error = refused(lambda: import_qdpx(workspace, path, limits=raised))
    assert error.key == "limits.total_text" and "each time" in error.message("en")
    assert_untouched(workspace)


def test_small_text_named_by_many_sources_stays_within_the_total(tmp_path: Path) -> None:
    path = text_bomb(tmp_path / "ok.qdpx", text_mb=1, sources=3)
    result = read_qdpx(path, ImportLimits(zip_ratio=10_000))
    assert [len(d.text or "") for d in result.project.documents] == [1 << 20] * 3


def test_nested_codes_past_the_depth_are_refused_not_a_recursion_error(
    workspace: Workspace, tmp_path: Path
) -> None:
    project = nested_project(tmp_path / "deep.qdpx", 1_200)
    error = refused(lambda: import_qdpx(workspace, project))
    assert error.key == "limits.code_depth"
    assert "nested 65 deep" in error.message("en") and "the limit is 64" in error.message("en")
    codebook = nested_codebook(tmp_path / "deep.qdc", 1_200)
    assert refused(lambda: import_qdc(workspace, codebook)).key == "limits.code_depth"
    assert_untouched(workspace)


@pytest.mark.parametrize("depth", [64, 200])
def test_deep_codebooks_within_the_limit_import_whole(
    workspace: Workspace, tmp_path: Path, depth: int
) -> None:
    limits = ImportLimits(code_depth=depth)
    import_qdpx(workspace, nested_project(tmp_path / "deep.qdpx", depth), limits=limits)
    codes = cw.list_codes(workspace)
    assert len(codes) == depth
    deepest = max(codes, key=lambda code: str(code["path"]).count("/"))
    assert str(deepest["path"]).count("/") == depth - 1
    assert str(deepest["path"]).endswith(f"level {depth - 1}")
    items = read_qdc(nested_codebook(tmp_path / "deep.qdc", depth), limits)
    assert [item.name for item in items] == [f"level {n}" for n in range(depth)]
    assert all(item.parent == guid(1, n) for n, item in enumerate(items[1:]))


def test_workspace_setting_raises_the_depth(workspace: Workspace, tmp_path: Path) -> None:
    path = nested_project(tmp_path / "deep.qdpx", 100)
    assert refused(lambda: import_qdpx(workspace, path)).key == "limits.code_depth"
    set_workspace_limit(workspace, "code_depth", "100")
    import_qdpx(workspace, path)
    assert len(cw.list_codes(workspace)) == 100


def test_external_entity_is_a_refused_construct(workspace: Workspace, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("kata sandi rahasia", encoding="utf-8")
    path = external_entity_project(tmp_path / "leak.qdpx", secret)
    error = refused(lambda: import_qdpx(workspace, path))
    assert error.key == "limits.refused_dtd"
    assert "project.qde" in error.message("en") and "DTD" in error.message("en")
    assert "rahasia" not in error.message("en")
    assert_untouched(workspace)


def test_billion_laughs_is_a_refused_construct(workspace: Workspace, tmp_path: Path) -> None:
    path = billion_laughs_project(tmp_path / "laughs.qdpx")
    assert refused(lambda: import_qdpx(workspace, path)).key == "limits.refused_dtd"
    bare = tmp_path / "laughs.qde"
    with zipfile.ZipFile(path) as archive:
        bare.write_bytes(archive.read("project.qde"))
    assert refused(lambda: import_qdpx(workspace, bare)).key == "limits.refused_dtd"


def test_element_count_is_limited(tmp_path: Path) -> None:
    codes = "".join(f'<Code guid="{guid(1, n)}" name="c{n}" isCodable="true"/>' for n in range(500))
    qde = (
        f'<Project xmlns="{PROJECT_NS}" name="many">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook></Project>"
    )
    path = write_qdpx(tmp_path / "many.qdpx", {"project.qde": qde.encode()})
    error = refused(lambda: read_qdpx(path, ImportLimits(elements=100)))
    assert error.key == "limits.elements" and "more than 100 XML elements" in error.message("en")
    assert len(read_qdpx(path).project.codes) == 500


def test_archive_and_file_size_limits(tmp_path: Path) -> None:
    path = text_bomb(tmp_path / "t.qdpx", text_mb=2, sources=1)
    assert refused(lambda: read_qdpx(path, ImportLimits(unzipped_mb=1))).key == ("limits.zip_ratio")
    loose = ImportLimits(zip_ratio=10_000, unzipped_mb=1)
    assert refused(lambda: read_qdpx(path, loose)).key == "limits.unzipped_too_large"
    assert refused(lambda: read_qdpx(path, ImportLimits(file_mb=0.001))).key == (
        "limits.file_too_large"
    )


def test_cli_exit_codes_and_limit_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    assert run_cli(["init", "-w", ws], capsys)[0] == 0
    deep = str(nested_project(tmp_path / "deep.qdpx", 80))
    code, output = run_cli(["qdpx", "import", "-w", ws, deep], capsys)
    assert code == 1 and "nested 65 deep" in output and "Internal error" not in output
    code, output = run_cli(["qdpx", "import", "-w", ws, "--limit", "code_depth=80", deep], capsys)
    assert code == 0, output
    leak = str(external_entity_project(tmp_path / "leak.qdpx", tmp_path / "nothing.txt"))
    code, output = run_cli(["qdpx", "import", "-w", ws, leak], capsys)
    assert code == 1 and "DTD" in output
    deep_qdc = str(nested_codebook(tmp_path / "deep.qdc", 1_200))
    code, output = run_cli(["qdc", "import", "-w", ws, deep_qdc], capsys)
    assert code == 1 and "nested 65 deep" in output
    code, output = run_cli(
        ["qdc", "import", "-w", ws, "--limit", "code_depth=251", deep_qdc], capsys
    )
    assert code == 2 and "250" in output


def test_text_bomb_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    """In a child that may not map more than 1 GB: a refusal, not a MemoryError or a kill."""
    bomb = text_bomb(tmp_path / "bomb.qdpx")
    done = run_capped(["qdpx", "import", str(bomb)], tmp_path / "ws")
    assert done.returncode == 1, done.stderr
    assert "zip bomb" in done.stderr and "MemoryError" not in done.stderr
