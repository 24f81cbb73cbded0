"""``siaran serve`` and the command line on one workspace at the same time: the server holds the
database only while a request uses it, so commands work, and the pages notice their imports."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from siaran.cli.app import main
from tests.web.exports import creator_rows, write_creator_export
from tests.web.server import running_server


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as answer:
        assert answer.status == 200
        return str(answer.read().decode("utf-8"))


def test_commands_work_while_the_server_runs(
    cohort_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "Creator-Live-Performance_20260917200000.xlsx"
    write_creator_export(export, creator_rows(42, 6, gmv_per_session=700_000.0))
    ws = str(cohort_workspace)
    with running_server(cohort_workspace) as base:
        assert 'data-account="toko.baru"' not in _page(base + "/")  # the comparison is cached
        code, out, err = _run(
            ["--lang", "en", "import", str(export), "-w", ws, "-a", "toko.baru"], capsys
        )
        assert code == 0, err
        assert "damaged" not in err
        code, out, err = _run(["sessions", "-w", ws, "-a", "toko.baru", "--format", "json"], capsys)
        assert code == 0, err
        assert out.count('"toko.baru"') == 6
        assert 'data-account="toko.baru"' in _page(base + "/")  # another process's import
        assert "toko.baru" in _page(base + "/accounts/toko.baru")
