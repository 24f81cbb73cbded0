"""Lexicons are editable data files, checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.talk import COMMENT_CUES, HOST_CUES, load_lexicon, tag_lines
from siaran.talk.lexicon import default_lexicon


def test_shipped_lexicon_has_a_rule_for_every_cue() -> None:
    lexicon = default_lexicon()
    assert set(lexicon.rules["host"]) == set(HOST_CUES) - {"other"}
    assert set(lexicon.rules["comment"]) == set(COMMENT_CUES) - {"other"}
    assert lexicon.terms() > 500
    assert load_lexicon() is lexicon


def _folder(tmp_path: Path, rules: str, terms: str) -> Path:
    folder = tmp_path / "lex"
    folder.mkdir()
    (folder / "rules.toml").write_text(rules, encoding="utf-8")
    (folder / "terms.xx.toml").write_text(terms, encoding="utf-8")
    return folder


HOST_RULES = "".join(
    f'[[host.{cue}]]\nany = ["w"]\n' for cue in HOST_CUES if cue not in ("other", "greeting")
)
COMMENT_RULES = "".join(
    f'[[comment.{cue}]]\nany = ["w"]\n' for cue in COMMENT_CUES if cue != "other"
)


def test_a_custom_lexicon_folder(tmp_path: Path) -> None:
    rules = f'[[host.greeting]]\nany = ["hello"]\n{HOST_RULES}{COMMENT_RULES}'
    folder = _folder(tmp_path, rules, '[features]\nhello = ["sugeng rawuh"]\nw = ["zzz"]\n')
    lexicon = load_lexicon(folder)
    assert [t.cues for t in tag_lines(["sugeng rawuh lur", "halo"], "host", lexicon=lexicon)] == [
        ("greeting",),
        ("other",),
    ]


def test_unknown_feature_unknown_cue_and_missing_rule(tmp_path: Path) -> None:
    rules = f'[[host.greeting]]\nany = ["nope"]\n[[host.dancing]]\nany = ["w"]\n{COMMENT_RULES}'
    folder = _folder(tmp_path, rules, '[features]\nw = ["zzz"]\n')
    with pytest.raises(BadInputError) as error:
        load_lexicon(folder)
    reasons = {(p.reason_key, p.value) for p in error.value.problems}
    assert ("talk.reason.unknown_feature", "nope") in reasons
    assert ("talk.reason.unknown_cue", "dancing") in reasons
    assert ("talk.reason.cue_without_rule", "demonstration") in reasons
    assert "rules.toml" in error.value.message("en")


def test_bad_toml_and_bad_pattern_point_at_the_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, HOST_RULES, '[features]\nw = ["re:(unclosed"]\n')
    with pytest.raises(BadInputError) as error:
        load_lexicon(folder)
    assert error.value.problems[0].reason_key == "talk.reason.bad_pattern"
    (folder / "terms.xx.toml").write_text("[features]\nw = [\n", encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        load_lexicon(folder)
    assert "terms.xx.toml" in error.value.message("en")
    assert error.value.problems[0].reason_key == "talk.reason.bad_toml"


def test_folder_without_rules(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as error:
        load_lexicon(tmp_path)
    assert error.value.key == "talk.lexicon.no_rules"
