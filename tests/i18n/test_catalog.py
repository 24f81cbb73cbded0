from __future__ import annotations

import string

import pytest

from siaran.i18n import LANGUAGES, catalog_keys, resolve_lang, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    messages = catalog_keys()
    assert messages
    for key, entry in messages.items():
        assert set(entry) == set(LANGUAGES), key
        assert entry["id"].strip() and entry["en"].strip(), key
        assert _fields(entry["id"]) == _fields(entry["en"]), key


def test_indonesian_and_english_texts_differ() -> None:
    # A message copied untranslated into the other language is a bug, except for short
    # technical words that are the same in both.
    same = [k for k, e in catalog_keys().items() if e["id"] == e["en"] and len(e["en"]) > 12]
    assert same == []


def test_text_fills_placeholders() -> None:
    assert "x.csv" in text("import.no_rows", "en", path="x.csv")
    assert "x.csv" in text("import.no_rows", "id", path="x.csv")


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        text("no.such.message", "en")


def test_resolve_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIARAN_LANG", raising=False)
    assert resolve_lang(None) == "id"
    assert resolve_lang("EN") == "en"
    monkeypatch.setenv("SIARAN_LANG", "en_US.UTF-8")
    assert resolve_lang(None) == "en"
    with pytest.raises(ValueError):
        resolve_lang("fr")
