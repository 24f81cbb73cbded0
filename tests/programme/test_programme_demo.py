"""The programme's view on the demo: its coaching with staggered starts and a planted effect
found, the needs matrix, the commands' formats, and the funder's PDF rendered page by page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from siaran.advice import AREAS
from siaran.cli.app import main
from siaran.demo.cohort import COACHING_EFFECT, COACHING_STARTS
from siaran.programme import needs_matrix, programme_impact
from siaran.workspace import Workspace


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_the_planted_coaching_effect_is_found_and_nothing_else_claimed(
    programme_demo: Path,
) -> None:
    with Workspace.open(programme_demo) as ws:
        found = programme_impact(ws).to_json()
    areas = {a["area"]: a for a in found["areas"]}
    design = areas["session_design"]
    assert design["kpi"] == "avg_view_duration_s"
    assert design["method"] == "staggered_did_not_yet_treated"
    assert design["verdict"]["code"] == "improved"
    low, high = design["relative"]["ci_low"], design["relative"]["ci_high"]
    assert low is not None and high is not None
    assert low <= COACHING_EFFECT <= high
    assert sorted(design["coached"]) == sorted(COACHING_STARTS)
    assert len(design["waves"]) == 3
    # Nothing is planted on GMV per live hour: no claim either way.
    assert found["overall"]["verdict"]["code"] in ("no_evidence", "too_little_data")
    assert areas["ecosystem"]["shortage"] == "no_coaching"
    assert "Callaway" in found["assumptions"]["en"] and "Callaway" in found["assumptions"]["id"]


def test_the_needs_matrix_has_every_account_and_area_sorted_by_need(
    programme_demo: Path,
) -> None:
    with Workspace.open(programme_demo) as ws:
        matrix = needs_matrix(ws)
        by_design = needs_matrix(ws, sort="session_design")
    assert len(matrix.rows) == 12
    assert all([c.area for c in r.cells] == list(AREAS) for r in matrix.rows)
    highs = [r.high_needs for r in matrix.rows]
    assert highs == sorted(highs, reverse=True)
    order = {"high": 0, "medium": 1, "low": 2, "unknown": 3}
    needs = [order[r.cell("session_design").need] for r in by_design.rows]
    assert needs == sorted(needs)
    sessions = {r.account: r.cell("session_design").sessions for r in matrix.rows}
    assert {a for a, n in sessions.items() if n} == set(COACHING_STARTS)


def test_the_commands_give_json_csv_and_both_languages(
    programme_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(programme_demo)]
    code, out, err = run(["programme", "needs", *w, "--format", "json"], capsys)
    assert code == 0, err
    assert len(json.loads(out)["accounts"]) == 12
    code, out, _ = run(["programme", "needs", *w, "--format", "csv", "--sort", "account"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["account"] for r in rows] == sorted(r["account"] for r in rows)
    assert set(AREAS) <= set(rows[0])
    code, out, _ = run(["programme", "impact", *w, "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["overall"]["kpi"] == "gmv_per_live_hour"
    code, out, _ = run(
        ["programme", "impact", *w, "--kpi", "conversion", "--format", "json"], capsys
    )
    assert json.loads(out)["overall"]["kpi"] == "conversion"
    code, out, _ = run(["--lang", "id", "programme", "impact", *w], capsys)
    assert "NAIK" in out and "Callaway" in out
    code, out, _ = run(["--lang", "en", "programme", "impact", *w], capsys)
    assert "went UP" in out
    code, _, err = run(["programme", "impact", *w, "--kpi", "nope"], capsys)
    assert code == 2 and "nope" in err
    code, _, err = run(["programme", "needs", *w, "--sort", "nope"], capsys)
    assert code == 2 and "nope" in err


@pytest.mark.parametrize(
    ("lang", "strings"),
    [
        ("id", ("Laporan Program Pendampingan", "Matriks kebutuhan pelatihan", "NAIK")),
        ("en", ("Coaching Programme Report", "Training-needs matrix", "went UP")),
    ],
)
def test_the_report_pdf_has_pages_with_ink_and_its_text(
    programme_demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    strings: tuple[str, ...],
) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "programme.pdf"
    monkeypatch.setenv("SIARAN_PROGRESS", "always")
    code, _, err = run(
        ["programme", "report", "-w", str(programme_demo), "--out", str(out), "--lang", lang],
        capsys,
    )
    assert code == 0, err
    assert "2/2" in err  # the progress of its two steps, in the messages' language
    pdf = pdfium.PdfDocument(str(out))
    # A summary, the needs matrix, the impact, and one page per seller.
    assert len(pdf) == 3 + 12
    texts = []
    for index in range(len(pdf)):
        page = pdf[index]
        image = page.render(scale=0.5).to_pil().convert("L")
        dark = sum(image.histogram()[:200])
        assert dark > 500, f"page {index + 1} is blank"
        texts.append(page.get_textpage().get_text_range())
    whole = "\n".join(texts)
    for expected in strings:
        assert expected in whole, expected
    sellers = [t for t in texts[3:] if t.startswith(("Ringkasan penjual", "Seller summary"))]
    assert len(sellers) == 12
    coached = [t for t in sellers if "Nina" in t or "Bayu" in t]
    assert len(coached) == len(COACHING_STARTS)
    for account in COACHING_STARTS:
        assert any(account in t for t in coached), account


def test_the_report_refuses_a_folder_that_does_not_exist(
    programme_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "programme.pdf"
    code, _, err = run(
        ["programme", "report", "-w", str(programme_demo), "--out", str(out)], capsys
    )
    assert code == 1 and "missing" in err
    assert not out.parent.exists()
