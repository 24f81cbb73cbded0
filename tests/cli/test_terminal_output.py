"""What a seller reads in the terminal, and what a spreadsheet opens from ``--format csv``.

One workspace built through the real importers (a TikTok Shop Creator-Live-Performance export
per account, an event capture of one live, cases and codes made with the workbench commands),
whose account names, titles, case and code names are hostile: spreadsheet formulas
(``=1+2``, ``+1``, ``-cmd``, ``@SUM(1)``) and terminal markup (``[/x]``, ``[bold]``). The
output is not a terminal, so tables are laid out for 80 columns, as the tests require.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
import typer
from typer.testing import CliRunner

import siaran
from siaran.cli.app import app, main
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from tests.events.samples import write_jsonl
from tests.web.exports import creator_rows

runner = CliRunner()
WIB = dt.timezone(dt.timedelta(hours=7))
ROOM = "7399000000000000001"
LIVE_START = dt.datetime(2026, 9, 16, 20, 0, tzinfo=WIB)
LIVE_MINUTES = 42
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Accounts: (handle, sessions in the window, GMV per session).
ACCOUNTS = (
    ("=1+2", 20, 40_000.0),
    ("+1", 6, 2_500_000.0),
    ("-cmd", 12, 900_000.0),
    ("[/x]", 9, 1_250_000.0),
    ("[bold]", 4, 3_100_000.0),
)
HOSTILE_CASE = '=HYPERLINK("http://example.invalid","klik")'
HOSTILE_CODE = "@SUM(1)"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run through :func:`main`, which maps errors to exit codes as the script does."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def _capture() -> list[dict[str, object]]:
    """A 42-minute live: a viewer sample and comments every minute, joins and likes, a rise to
    a peak at 20:20 and a fall, two orders."""
    events: list[dict[str, object]] = []

    def add(kind: str, seconds: float, **fields: object) -> None:
        moment = (LIVE_START + dt.timedelta(seconds=seconds)).isoformat()
        events.append(
            {"id": f"e{len(events)}", "type": kind, "ts": moment, "room_id": ROOM, **fields}
        )

    for minute in range(LIVE_MINUTES):
        viewers = 10 + 3 * minute if minute <= 20 else 70 - 2 * (minute - 20)
        add("viewers", minute * 60 + 5, viewers=viewers)
        add("comment", minute * 60 + 20, user=f"u{minute}", text="=cmd|' /C calc'!A0")
        add("join", minute * 60 + 30, user=f"j{minute}")
        add("like", minute * 60 + 40, user=f"l{minute}", count=1 + minute % 4)
    add("order", 25 * 60, user="u3", amount=35_000)
    add("order", 31 * 60, user="u4", amount=1_250_000)
    add("end", LIVE_MINUTES * 60 - 1)
    return events


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("terminal")
    ws = str(folder / "ws")
    _ok(["init", "-w", ws])
    for number, (handle, sessions, gmv) in enumerate(ACCOUNTS, 1):
        rows = creator_rows(number, sessions, gmv_per_session=gmv)
        rows[0]["title"] = "@SUM(1) live"
        starts = [row["started_at"].date() for row in rows]
        path = folder / f"Creator-Live-Performance_{number}.xlsx"
        write_creator_live_performance(path, rows, period=(min(starts), max(starts)))
        _ok(["import", str(path), "-w", ws, f"--account={handle}"])
    capture = write_jsonl(folder / "capture.jsonl", _capture())
    _ok(["import", str(capture), "-w", ws, "--account=[/x]"])
    _ok(["case", "add", HOSTILE_CASE, "-w", ws, "--account=[/x]", "--as=-coder"])
    _ok(["case", "add", "[bold] kasus", "-w", ws, "--account=[bold]", "--as=-coder"])
    _ok(["code", "add", HOSTILE_CODE, "-w", ws, "--as=-coder", "--rationale=+because"])
    return ws


def _lines(out: str) -> list[str]:
    return out.rstrip("\n").splitlines()


def _header(out: str) -> str:
    """The words of a table's header (everything above its rule), on one line."""
    return " ".join(out.split("─")[0].split())


# -- language: headers, numbers, percentages -----------------------------------------------------
def test_headers_come_from_the_catalogue_in_the_chosen_language(workspace: str) -> None:
    indonesian = _header(_ok(["--lang", "id", "sessions", "-w", workspace]))
    english = _header(_ok(["--lang", "en", "sessions", "-w", workspace]))
    for word in ("Mulai", "Akun", "GMV", "Pesanan", "Tayangan", "Konversi"):
        assert word in indonesian
    for word in ("Start", "Account", "GMV", "Orders", "Views", "Conversion"):
        assert word in english
    for header in (indonesian, english):
        assert "started_at" not in header and "conversion" not in header


def test_indonesian_number_formats_and_percentages(workspace: str) -> None:
    out = _ok(["--lang", "id", "kpi", "-w", workspace])
    # Money with the rupiah sign, thousands with dots; millions compact with a decimal comma.
    assert re.search(r"Rp\d{1,3}(\.\d{3})+\b", out)
    assert re.search(r"Rp\d+,\d jt", out)
    # Rates are percentages with a decimal comma, never fractions such as 0.1667.
    assert re.search(r"\b\d+,\d%", out)
    assert not re.search(r"\b0\.\d{3,}", out)
    english = _ok(["--lang", "en", "kpi", "-w", workspace])
    assert re.search(r"Rp\d{1,3}(,\d{3})+\b", english)
    assert re.search(r"Rp\d+\.\dM", english)
    assert re.search(r"\b\d+\.\d%", english)


def test_durations_and_times_are_written_for_people(workspace: str) -> None:
    out = _ok(["--lang", "id", "sessions", "-w", workspace, "--columns", "started_at,duration_s"])
    assert "1j 15m" in out  # 75 minutes
    assert re.search(r"\d{1,2} (Agu|Sep) 2026 19:\d\d", out)
    assert "1h 15m" in _ok(["--lang", "en", "sessions", "-w", workspace, "--columns", "duration_s"])


# -- 80 columns -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    "command",
    [
        ["sessions"],
        ["kpi"],
        ["kpi", "--window", "14"],
        ["compare"],
        ["timeline"],
        ["timeline", ROOM],
    ],
    ids=["sessions", "kpi", "kpi-14-days", "compare", "timeline", "timeline-room"],
)
def test_default_tables_fit_80_columns(workspace: str, lang: str, command: list[str]) -> None:
    out = _ok(["--lang", lang, *command, "-w", workspace])
    too_long = [line for line in _lines(out) if len(line) > 80]
    assert too_long == []
    assert "┏" not in out and "│" not in out  # no boxes, no box per row


def test_columns_left_out_are_named(workspace: str) -> None:
    out = _ok(["--lang", "en", "sessions", "-w", workspace])
    note = " ".join(_lines(out)[-2:])
    assert "Left out to fit 80 characters" in note and "room_id" in note and "--all" in note


def test_columns_chooses_and_orders_the_columns(workspace: str) -> None:
    out = _ok(["--lang", "en", "sessions", "-w", workspace, "--columns", "gmv, account"])
    header = _header(out)
    assert header == "GMV Account"
    assert "Left out" not in out


def test_an_unknown_column_is_a_usage_error_that_lists_the_columns(
    workspace: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["--lang", "en", "kpi", "-w", workspace, "--columns", "gmv,nope"], capsys)
    assert code == 2
    assert "nope" in err and "gmv_total" in err and "Traceback" not in err


def test_all_shows_every_column_without_passing_80(workspace: str) -> None:
    out = _ok(["--lang", "en", "kpi", "-w", workspace, "--all"])
    for label in ("Total GMV", "Live hours", "Viewers per session", "Window start", "Currency"):
        assert label in out
    assert all(len(line) <= 80 for line in _lines(out))
    assert "Left out" not in out.split("Event-stream")[0]


def test_kpi_shows_what_the_guide_promises(workspace: str) -> None:
    out = _ok(["--lang", "en", "kpi", "-w", workspace])
    kpis = out.split("Event-stream")[0]
    assert "Viewers" in _header(kpis) and "viewers_per_session" not in kpis
    # Over 28 days, sessions per 28 days is the session count again; over 14 it is not.
    assert "28 days" not in _header(kpis) and "sessions_per_28_days" not in kpis
    fortnight = _ok(["--lang", "en", "kpi", "-w", workspace, "--window", "14"])
    header = _header(fortnight.split("Event-stream")[0]).split()
    assert "28" in header and "days" in header


# -- timeline -----------------------------------------------------------------------------------
def _data_rows(out: str) -> list[str]:
    """The rows of the first table in ``out``: lines between its rule and a blank line."""
    after = out.split("─\n", 1)[1]
    return after.split("\n\n")[0].rstrip("\n").splitlines()


def test_timeline_summarises_a_live_in_five_minute_rows(workspace: str) -> None:
    out = _ok(["--lang", "en", "timeline", ROOM, "-w", workspace])
    rows = [line for line in _data_rows(out) if re.match(r"\d\d:\d\d ", line)]
    assert len(rows) == -(-LIVE_MINUTES // 5)  # 20:00, 20:05, ... 20:40
    assert rows[0].startswith("20:00") and rows[1].startswith("20:05")
    assert "Peak viewers" in _header(out) and "Moments of largest audience change" in out
    every_minute = _ok(["--lang", "en", "timeline", ROOM, "-w", workspace, "--every", "1"])
    minutes = [line for line in _data_rows(every_minute) if re.match(r"\d\d:\d\d ", line)]
    assert len(minutes) == LIVE_MINUTES
    everything = _ok(["--lang", "en", "timeline", ROOM, "-w", workspace, "--all"])
    assert len([x for x in _data_rows(everything) if re.match(r"\d\d:\d\d ", x)]) == LIVE_MINUTES


def test_timeline_csv_and_json_keep_every_minute(workspace: str) -> None:
    as_csv = list(
        csv.DictReader(io.StringIO(_ok(["timeline", ROOM, "-w", workspace, "-f", "csv"])))
    )
    assert len(as_csv) == LIVE_MINUTES
    as_json = json.loads(_ok(["timeline", ROOM, "-w", workspace, "-f", "json"]))
    assert len(as_json) == LIVE_MINUTES and as_json[0]["minute"].endswith("+07:00")


# -- text is data: CSV -------------------------------------------------------------------------
CSV_COMMANDS = {
    "sessions": ["sessions"],
    "kpi": ["kpi"],
    "compare": ["compare"],
    "timeline": ["timeline"],
    "timeline-room": ["timeline", ROOM],
    "case list": ["case", "list"],
    "code list": ["code", "list"],
    "audit log": ["audit", "log"],
}
# What each command must show neutralised (an apostrophe before the formula).
EXPECTED = {
    "sessions": ["'=1+2", "'+1", "'-cmd", "'@SUM(1) live"],
    "kpi": ["'=1+2", "'+1", "'-cmd"],
    "compare": ["'=1+2", "'+1", "'-cmd"],
    "timeline": [],
    "timeline-room": [],
    "case list": ["'" + HOSTILE_CASE],
    "code list": ["'" + HOSTILE_CODE],
    "audit log": ["'-coder", "'+because"],
}


@pytest.mark.parametrize("name", list(CSV_COMMANDS))
def test_csv_text_cells_cannot_run_as_formulas(workspace: str, name: str) -> None:
    out = _ok([*CSV_COMMANDS[name], "-w", workspace, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) > 1
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a number (a negative one) may start like a formula
    for shown in EXPECTED[name]:
        assert shown in cells, f"{shown!r} not in {name} CSV"


def test_csv_keeps_negative_numbers_as_numbers(workspace: str) -> None:
    # The fall after the peak: the measures' numbers stay numbers, text cells are changed.
    out = _ok(["timeline", "-w", workspace, "--format", "csv"])
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["account"] == "[/x]" and float(row["peak_viewers"]) == 70
    assert float(row["first_comment_to_order_s"]) > 0


def test_json_is_not_neutralised(workspace: str) -> None:
    accounts = {row["account"] for row in json.loads(_ok(["kpi", "-w", workspace, "-f", "json"]))}
    assert {"=1+2", "+1", "-cmd", "[/x]", "[bold]"} <= accounts


# -- text is data: terminal markup --------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [["sessions"], ["compare"], ["kpi"], ["timeline"], ["timeline", ROOM], ["case", "list"]],
    ids=["sessions", "compare", "kpi", "timeline", "timeline-room", "case-list"],
)
def test_names_with_markup_print_literally(workspace: str, command: list[str]) -> None:
    out = _ok(["--lang", "en", *command, "-w", workspace])
    if command != ["timeline", ROOM]:
        assert "[/x]" in out
    if command in (["sessions"], ["compare"], ["kpi"], ["case", "list"]):
        assert "[bold]" in out


def test_markup_in_an_error_message_prints_literally(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["sessions", "-w", "[/x]/[bold]"], capsys)
    assert code == 1 and "[/x]/[bold]" in err and "Traceback" not in err


def test_control_characters_in_data_are_shown_not_obeyed(workspace: str) -> None:
    out = _ok(["--lang", "en", "case", "add", "evil\x1b]0;owned\x07", "-w", workspace])
    assert "\x1b" not in out and "\x07" not in out and "␛]0;owned␇" in out


# -- version and help ---------------------------------------------------------------------------
def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"siaran {siaran.__version__}"


def _bilingual(help_text: str | None) -> bool:
    """``English. / Indonesian.``: two non-empty halves that differ."""
    halves = re.split(r"\s/\s", help_text or "", maxsplit=1)
    return len(halves) == 2 and all(h.strip() for h in halves) and halves[0] != halves[1]


def test_every_command_option_and_argument_has_help_in_both_languages() -> None:
    missing = []

    def walk(command: object, path: str) -> None:
        if not _bilingual(getattr(command, "help", None)):
            missing.append(path)
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, f"{path} {name}")
        for param in getattr(command, "params", []):
            if not _bilingual(getattr(param, "help", None)):
                missing.append(f"{path} {param.name}")

    walk(typer.main.get_command(app), "siaran")
    assert missing == []


def test_the_bilingual_check_can_fail() -> None:
    assert not _bilingual("Only English.")
    assert not _bilingual("Port. / Port.")
    assert not _bilingual(None)
    assert _bilingual("Only this account. / Hanya akun ini.")
