"""The talk docs name every cue, check, phase and format, and state the current accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran.i18n import catalog_keys
from siaran.talk import COMMENT_CUES, HOST_CUES, PHASES, evaluate
from siaran.talk.accuracy_doc import Lang, current_block, render_accuracy

ROOT = Path(__file__).resolve().parents[2]
DOCS = {"en": ROOT / "docs/en/talk.md", "id": ROOT / "docs/id/talk.md"}
CHECKS = (
    "opening",
    "demonstration",
    "questions_answered",
    "response_time",
    "offer",
    "trust",
    "urgency_without_offer",
    "cta_rate",
    "closing_cta",
    "dead_air",
)
FORMATS = ("srt", "vtt", "json", "stamped_text", "plain_text")


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_docs_name_every_cue_check_phase_and_format(lang: str) -> None:
    text = DOCS[lang].read_text(encoding="utf-8")
    names = {*HOST_CUES, *COMMENT_CUES, *CHECKS, *FORMATS}
    missing = sorted(name for name in names if f"`{name}`" not in text)
    assert missing == [], missing
    assert all(f"**{phase}**" in text for phase in PHASES)
    assert "whisper" in text.lower()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_docs_state_the_current_accuracy(lang: Lang) -> None:
    # Every part of the shipped set (an independent.tsv too, once added) with its interval.
    text = DOCS[lang].read_text(encoding="utf-8")
    assert current_block(text) == render_accuracy(evaluate(), lang), (
        f"the accuracy tables of {DOCS[lang].name} are out of date: "
        "run python -m siaran.talk.accuracy_doc --write"
    )


def test_every_check_phase_cue_and_suggestion_has_a_message() -> None:
    keys = catalog_keys()
    wanted = [f"talk.check.{c}" for c in CHECKS] + [f"talk.phase.{p}" for p in PHASES]
    wanted += [f"talk.cue.{c}" for c in {*HOST_CUES, *COMMENT_CUES}]
    findings = [*CHECKS, "opening_untimed", "closing_cta_untimed", "all_good"]
    wanted += [f"talk.suggest.{k}" for k in findings]
    assert [k for k in wanted if k not in keys] == []
