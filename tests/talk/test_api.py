"""The public API of siaran.talk, as the CLI and the report call it."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import siaran.talk
from siaran.talk import (
    evaluate,
    read_comments,
    read_transcript,
    save_scorecard,
    score_session,
    tag_lines,
)

TALK = Path(siaran.talk.__file__).parent


def test_all_names_exist() -> None:
    for name in siaran.talk.__all__:
        assert hasattr(siaran.talk, name), name


def test_signatures() -> None:
    assert list(inspect.signature(tag_lines).parameters) == ["lines", "kind", "lexicon"]
    assert list(inspect.signature(read_transcript).parameters) == ["path"]
    assert list(inspect.signature(read_comments).parameters) == ["path", "timezone", "require_time"]
    params = inspect.signature(score_session).parameters
    assert list(params) == ["transcript", "comments", "room_id", "started_at", "lexicon", "tags"]
    assert params["room_id"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["tags"].kind is inspect.Parameter.KEYWORD_ONLY
    saving = inspect.signature(save_scorecard).parameters
    assert list(saving) == ["workspace", "scorecard", "lines", "tags", "account", "scored_at"]
    assert saving["account"].kind is inspect.Parameter.KEYWORD_ONLY
    assert list(inspect.signature(evaluate).parameters) == ["path", "lexicon"]


def test_modules_stay_small() -> None:
    for path in TALK.glob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 450, (path.name, lines)


def test_data_files_ship_inside_the_package() -> None:
    assert (TALK / "lexicons" / "rules.toml").is_file()
    assert sorted(p.name for p in (TALK / "lexicons").glob("terms.*.toml")) == [
        "terms.en.toml",
        "terms.id.toml",
        "terms.jv.toml",
        "terms.su.toml",
    ]
    # independent.tsv (labelled by someone else) joins the set when it is added.
    shipped = {p.name for p in (TALK / "evalset").glob("*.tsv")} - {"independent.tsv"}
    assert shipped == {"heldout.tsv", "reserve.tsv", "tuning.tsv"}


def test_importing_talk_loads_no_lexicon_and_nothing_heavy() -> None:
    code = (
        "import sys, siaran.talk, siaran.talk.lexicon as l; "
        "print(l.default_lexicon.cache_info().currsize, "
        "[m for m in ('numpy', 'pyarrow', 'ibis') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"
