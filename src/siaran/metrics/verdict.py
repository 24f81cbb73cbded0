"""The verdict on "do more lives bring more value per session?", on rules a statistician would
sign, in plain Indonesian and English from the message catalogue.

The rules, in the order they are applied:

1. **Enough data**: at least :data:`MIN_ACCOUNTS` accounts, with at least
   :data:`MIN_DISTINCT_VALUES` different values of live frequency and of GMV per session.
   With 4 accounts even a perfect order has an exact two-sided p of 2/24 = 0.083, so no cohort
   of 4 or fewer can ever reach 5%; heavy ties do the same to larger cohorts (6 accounts with
   2 frequencies: p is at least 0.1). Below the minimum the verdict is "too little data".
2. **A usable interval**: when more than :data:`MAX_DROPPED_SHARE` of the bootstrap resamples
   had a single value on one side (no rho), the interval rests on an unrepresentative subset
   of resamples and the verdict is withheld.
3. **A direction** only when the permutation test (two-sided, p < :data:`ALPHA`) and the
   bootstrap interval (all of it on one side of zero) both support it; otherwise "no clear
   link", naming the way the estimate leans.
4. **Strength** of a supported association from ``|rho|``: at least :data:`STRONG_RHO`
   strong, at least :data:`MODERATE_RHO` moderate, else weak. Always "association", never
   cause.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, TypedDict

from siaran.formatting import (
    format_decimal,
    format_exchange_rate,
    format_number,
    format_p_value,
    format_percent,
)
from siaran.i18n import LANGUAGES, Lang, text
from siaran.metrics.spearman import CONFIDENCE, BootstrapInterval, PermutationTest, PValueMethod

MIN_ACCOUNTS: Final = 5
MIN_DISTINCT_VALUES: Final = 4
ALPHA: Final = 0.05
MAX_DROPPED_SHARE: Final = 0.10
STRONG_RHO: Final = 0.5
MODERATE_RHO: Final = 0.3
MIN_WEEKS: Final = 5
"""Complete weeks an account needs before its weekly view is tested (4 can never reach 5%)."""

RULES: Final[dict[str, float | int]] = {
    "min_accounts": MIN_ACCOUNTS,
    "min_distinct_values": MIN_DISTINCT_VALUES,
    "max_dropped_share": MAX_DROPPED_SHARE,
    "alpha": ALPHA,
    "moderate_rho": MODERATE_RHO,
    "strong_rho": STRONG_RHO,
    "min_weeks": MIN_WEEKS,
}


class CorrelationJson(TypedDict):
    """The compare JSON's ``correlation`` object (docs: the compare JSON)."""

    method: Literal["spearman"]
    rho: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    confidence: float
    resamples: int
    seed: int
    dropped_resamples: int | None
    dropped_share: float | None
    p_value: float | None
    p_value_method: PValueMethod | None
    permutations: int | None
    alternative: Literal["two_sided"]
    distinct_frequencies: int
    distinct_values: int
    min_accounts_met: bool
    min_distinct_met: bool
    rules: dict[str, float | int]


@dataclass(frozen=True)
class Correlation:
    """Spearman's rho of frequency against value over the compared accounts, with its
    bootstrap interval, its permutation test and the amount of data it rests on."""

    rho: float | None
    n: int
    distinct_frequencies: int
    distinct_values: int
    interval: BootstrapInterval
    test: PermutationTest
    seed: int
    confidence: float = CONFIDENCE

    @property
    def min_accounts_met(self) -> bool:
        return self.n >= MIN_ACCOUNTS

    @property
    def min_distinct_met(self) -> bool:
        return min(self.distinct_frequencies, self.distinct_values) >= MIN_DISTINCT_VALUES

    def to_json(self, resamples: int) -> CorrelationJson:
        """The ``correlation`` object of the compare JSON; ``resamples`` is the number asked
        for (the interval holds how many were drawn: none when rho is undefined)."""
        interval = self.interval
        drawn = interval.resamples > 0
        return {
            "method": "spearman",
            "rho": self.rho,
            "ci_low": interval.low,
            "ci_high": interval.high,
            "n": self.n,
            "confidence": self.confidence,
            "resamples": resamples,
            "seed": self.seed,
            "dropped_resamples": interval.dropped if drawn else None,
            "dropped_share": interval.dropped_share if drawn else None,
            "p_value": self.test.p_value,
            "p_value_method": self.test.method,
            "permutations": self.test.permutations or None,
            "alternative": "two_sided",
            "distinct_frequencies": self.distinct_frequencies,
            "distinct_values": self.distinct_values,
            "min_accounts_met": self.min_accounts_met,
            "min_distinct_met": self.min_distinct_met,
            "rules": dict(RULES),
        }


def verdict_code(correlation: Correlation) -> str:
    """The stable id of the verdict: ``too_little_data``, ``unreliable_interval``,
    ``no_clear_link``, ``more_lives_less_value`` or ``more_lives_more_value``."""
    if not (correlation.min_accounts_met and correlation.min_distinct_met):
        return "too_little_data"
    if correlation.rho is None or correlation.test.p_value is None:
        return "too_little_data"
    share = correlation.interval.dropped_share
    if share is None or share > MAX_DROPPED_SHARE:
        return "unreliable_interval"
    low, high = correlation.interval.low, correlation.interval.high
    if correlation.test.p_value >= ALPHA or low is None or high is None or low <= 0.0 <= high:
        return "no_clear_link"
    return "more_lives_less_value" if high < 0.0 else "more_lives_more_value"


def strength(rho: float) -> str:
    """``weak``, ``moderate`` or ``strong``: the size of an association the data support."""
    size = abs(rho)
    if size >= STRONG_RHO:
        return "strong"
    return "moderate" if size >= MODERATE_RHO else "weak"


def _lean(rho: float | None) -> str:
    if rho is None or round(rho, 2) == 0:
        return "none"
    return "negative" if rho < 0 else "positive"


def verdict(
    correlation: Correlation,
    within: Sequence[Mapping[str, Any]] = (),
    scope: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """``{"id", "en", "code"}``: the cross-account finding, then the tally of the
    within-account labels, then (``scope``) which money was compared when accounts were left
    out or converted."""
    code = verdict_code(correlation)
    labels = Counter(str(w["direction"]) for w in within if w.get("direction") is not None)
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        interval = correlation.interval
        numbers = {
            "rho": format_decimal(correlation.rho, lang),
            "ci_low": format_decimal(interval.low, lang),
            "ci_high": format_decimal(interval.high, lang),
            "p": format_p_value(correlation.test.p_value, lang),
            "n": format_number(correlation.n, lang),
            "frequencies": format_number(correlation.distinct_frequencies, lang),
            "values": format_number(correlation.distinct_values, lang),
            "min_accounts": MIN_ACCOUNTS,
            "min_distinct": MIN_DISTINCT_VALUES,
            "share": format_percent(interval.dropped_share, lang, decimals=0),
            "resamples": format_number(interval.resamples, lang),
            "max_share": format_percent(MAX_DROPPED_SHARE, lang, decimals=0),
            "strength": text(f"verdict.strength.{strength(correlation.rho or 0.0)}", lang),
            "lean": text(f"verdict.lean.{_lean(correlation.rho)}", lang),
        }
        sentence = text(f"verdict.{code}", lang, **numbers)
        total = sum(labels.values())
        if total:
            sentence += " " + text(
                "verdict.within.summary",
                lang,
                total=format_number(total, lang),
                min_weeks=MIN_WEEKS,
                less=format_number(labels["less"], lang),
                more=format_number(labels["more"], lang),
                unclear=format_number(labels["unclear"], lang),
                chance=format_number(total * ALPHA, lang, decimals=1),
            )
        if scope is not None:
            sentence += " " + scope_sentence(scope, lang)
        out[lang] = sentence
    out["code"] = code
    return out


def scope_sentence(scope: Mapping[str, Any], lang: Lang) -> str:
    """Which money the comparison covers: ``scope`` holds ``compared`` and ``left`` (account
    counts), ``currency``, ``gmv_bases`` and ``fx`` as in the compare JSON's ``money``."""
    bases = " + ".join(
        str(b) if b is not None else text("verdict.basis_unstated", lang)
        for b in scope.get("gmv_bases") or ()
    )
    params = {
        "compared": format_number(scope["compared"], lang),
        "left": format_number(scope["left"], lang),
        "currency": scope.get("currency") or "–",
        "bases": bases or "–",
    }
    fx = scope.get("fx")
    if fx:
        rates = ", ".join(
            f"1 {r['currency']} = {format_exchange_rate(r['rate'], lang)} {fx['target']}"
            for r in fx["rates"]
        )
        return text("verdict.scope_converted", lang, source=fx["source"], rates=rates, **params)
    return text("verdict.scope", lang, **params)
