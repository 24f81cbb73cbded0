"""How people read a diagnosis: indicator values in their unit, the cohort by name and size,
the area and status by their label, in Indonesian or English. One place for the terminal,
the report and the dashboard."""

from __future__ import annotations

from typing import TypedDict

from siaran.advice.model import Advice, Indicator
from siaran.formatting import format_decimal, format_number, format_percent
from siaran.formatting.numbers import format_money_per_hour
from siaran.i18n import Lang, text


def format_value(indicator: Indicator, lang: Lang, currency: str | None = None) -> str:
    value = indicator.value
    if value is None:
        return "–"
    match indicator.unit:
        case "fraction":
            return format_percent(value, lang)
        case "money_per_hour":
            return format_money_per_hour(value, lang, currency=currency)
        case "minutes" | "seconds":
            return format_number(value, lang, decimals=1)
        case "per_10min" | "per_week":
            return format_decimal(value, lang, decimals=1)
    return format_number(value, lang, decimals=1)


def cohort_label(indicator: Indicator, lang: Lang) -> str:
    size = format_number(indicator.cohort_size, lang)
    name = indicator.cohort_name
    if name.startswith("money:"):
        # A currency and a GMV basis are codes, the same in both languages.
        return f"{name.removeprefix('money:').replace('/', ' ')} ({size})"
    return text(f"advice.cohort.{name}", lang, size=size)


class IndicatorRow(TypedDict):
    area_id: str
    area: str
    status: str
    indicator: str
    value: str
    percentile: str
    cohort: str
    history: str
    evidence: int


def indicator_rows(advice: Advice, lang: Lang) -> list[IndicatorRow]:
    """One row per indicator (one per area without any), written for people."""
    rows: list[IndicatorRow] = []
    for area in advice.areas:
        name = text(f"advice.area.{area.id}", lang)
        status = text(f"advice.status.{area.status}", lang)
        if not area.indicators:
            rows.append(
                IndicatorRow(
                    area_id=area.id,
                    area=name,
                    status=status,
                    indicator="–",
                    value="–",
                    percentile="–",
                    cohort="–",
                    history="–",
                    evidence=0,
                )
            )
        for i in area.indicators:
            percentile = (
                "–"
                if i.cohort_percentile is None
                else format_percent(i.cohort_percentile, lang, decimals=0)
            )
            past = Indicator(i.id, i.history, i.unit, i.better, None, i.cohort_name, 0, None, 0)
            rows.append(
                IndicatorRow(
                    area_id=area.id,
                    area=name,
                    status=status,
                    indicator=text(f"advice.indicator.{i.id}", lang),
                    value=format_value(i, lang, advice.currency),
                    percentile=percentile,
                    cohort=cohort_label(i, lang),
                    history=format_value(past, lang, advice.currency),
                    evidence=len(i.evidence),
                )
            )
    return rows
