"""The words of advice, in Indonesian and English from the message catalogue (``advice.*``),
with numbers written by :mod:`siaran.formatting` for each language."""

from __future__ import annotations

from collections.abc import Mapping

from siaran.advice.effects import MIN_GROUP
from siaran.advice.model import Effect
from siaran.formatting import format_decimal, format_number, format_percent
from siaran.i18n import LANGUAGES, Lang, text


def _write(kind: str, value: float | str, lang: Lang) -> str:
    if isinstance(value, str):
        return value
    if kind == "none":
        return text("advice.none_in_live", lang)
    if kind == "percent":
        return format_percent(value, lang, decimals=0)
    if kind == "decimal":
        return format_decimal(value, lang, decimals=1)
    if kind == "minutes":
        return format_number(round(value), lang)
    if kind == "hour":
        return f"{int(value):02d}:00"
    return format_number(value, lang)


def both(key: str, params: Mapping[str, tuple[str, float | str]]) -> dict[str, str]:
    """The message ``key`` in both languages, its ``params`` written for each."""
    return {
        lang: text(key, lang, **{name: _write(kind, v, lang) for name, (kind, v) in params.items()})
        for lang in LANGUAGES
    }


def collect_text(key: str, **params: int) -> dict[str, str]:
    return both(f"advice.collect.{key}", {name: ("number", v) for name, v in params.items()})


def missing_text(source: str) -> dict[str, str]:
    return both(f"advice.missing.{source}", {})


def _signed_percent(value: float, lang: Lang) -> str:
    written = format_percent(abs(value), lang, decimals=0)
    return f"+{written}" if value >= 0 else f"−{written}"


def _one(effect: Effect, lang: Lang) -> str:
    comparison = text(f"advice.basis.{effect.basis}", lang)
    if effect.estimate is None:
        return text(
            "advice.effect.none",
            lang,
            comparison=comparison,
            n=format_number(effect.n_lives, lang),
            group=MIN_GROUP,
        )
    numbers = {
        "comparison": comparison,
        "estimate": _signed_percent(effect.estimate, lang),
        "n": format_number(effect.n_lives, lang),
    }
    if effect.ci_low is None or effect.ci_high is None:
        return text("advice.effect.no_interval", lang, **numbers)
    low, high = _signed_percent(effect.ci_low, lang), _signed_percent(effect.ci_high, lang)
    return text("advice.effect.estimate", lang, low=low, high=high, **numbers)


def effect_sentence(effect: Effect, within: Effect | None) -> dict[str, str]:
    """What the association is, in each language: the main effect, then (when given) the same
    within the account."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        sentence = _one(effect, lang)
        if within is not None:
            sentence += " " + _one(within, lang)
        out[lang] = sentence + " " + text("advice.effect.association", lang)
    return out
