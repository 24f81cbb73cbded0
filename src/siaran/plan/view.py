"""The run sheet as a person reads it: every figure written in one language, with what it
rests on, ready for the templates (the standalone page, the PDF and the dashboard's page)."""

from __future__ import annotations

from dataclasses import dataclass

from siaran.formatting import (
    format_date,
    format_money,
    format_money_per_hour,
    format_number,
    format_percent,
)
from siaran.i18n import Lang, text
from siaran.plan.model import Plan, SlotJson, TextJson


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A part of the sheet: its title, the sentence it rests on, its table, its notes and
    what is unknown."""

    id: str
    title: str
    basis: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    missing: tuple[str, ...]
    blank_column: bool = False


@dataclass(frozen=True)
class QuestionItem:
    question: str
    asked: str
    topic: str
    answer: str | None
    blank: str


@dataclass(frozen=True)
class SheetView:
    lang: Lang
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    questions: tuple[QuestionItem, ...]
    questions_section: Section
    footer: str


def _tx(value: TextJson, lang: Lang) -> str:
    return value[lang]


def slot_name(slot: SlotJson, lang: Lang) -> str:
    days = text("report.weekdays", lang).split()
    return f"{days[slot['weekday']]} {slot['hour']:02d}:00"


def _interval(slot: SlotJson, lang: Lang, currency: str | None) -> str:
    if slot["gmv_per_hour"] is None:
        return text("plan.unknown", lang)
    mean = format_money_per_hour(slot["gmv_per_hour"], lang, currency=currency)
    low = format_money(slot["ci_low"], lang, currency=currency)
    high = format_money(slot["ci_high"], lang, currency=currency)
    return f"{mean} ({low} – {high})"


def _target(key: str, value: float | int | bool, lang: Lang) -> str:
    shown: str
    if key in {"demonstration", "questions_answered", "dead_air"}:
        shown = format_percent(float(value), lang, decimals=0)
    else:
        shown = format_number(float(value), lang, decimals=0 if float(value).is_integer() else 1)
    return text(f"plan.check.target.{key}", lang, value=shown)


def sheet(plan: Plan, lang: Lang) -> SheetView:
    data = plan.to_json()

    def t(key: str, /, **params: object) -> str:
        return text(key, lang, **params)

    unknown = t("plan.unknown")
    sections: list[Section] = []

    arch = data["architecture"]
    n_scored = arch["n_scored_lives"]
    sections.append(
        Section(
            "architecture",
            t("plan.section.architecture"),
            t("plan.architecture.basis", n=n_scored)
            if n_scored
            else t("plan.architecture.basis_none"),
            (
                t("plan.col.minutes"),
                t("plan.col.phase"),
                t("plan.col.recommended"),
                t("plan.col.account"),
            ),
            tuple(
                Row(
                    (
                        f"{p['start_min']}–{p['end_min']}",
                        t(f"talk.phase.{p['id']}"),
                        format_percent(p["recommended_share"], lang, decimals=0),
                        unknown
                        if p["account_share"] is None
                        else format_percent(p["account_share"], lang, decimals=0),
                    )
                )
                for p in arch["phases"]
            ),
            (),
            tuple(_tx(m, lang) for m in arch["missing"]),
            blank_column=True,
        )
    )

    lineup = data["lineup"]
    sections.append(
        Section(
            "lineup",
            t("plan.section.lineup"),
            t("plan.lineup.basis", n=lineup["n_lives"]) if lineup["products"] else "",
            (
                t("plan.col.product"),
                t("plan.col.lives"),
                t("plan.col.orders"),
                t("plan.col.per_live"),
            ),
            tuple(
                Row(
                    (
                        p["product"],
                        f"{p['lives']} / {lineup['n_lives']}",
                        format_number(p["orders"], lang),
                        format_money(p["amount_per_live"], lang, currency=p["currency"]),
                    )
                )
                for p in lineup["products"]
            ),
            (_tx(lineup["stock"], lang),),
            tuple(_tx(m, lang) for m in lineup["missing"]),
        )
    )

    slot = data["slot"]
    notes: list[str] = []
    best, usual = slot["best"], slot["usual"]
    if best is not None:
        notes.append(t("plan.slot.best", slot=slot_name(best, lang)))
    if usual is not None:
        notes.append(t("plan.slot.usual", slot=slot_name(usual, lang), n=usual["n_lives"]))
    if _overlap(best, usual):
        notes.append(t("plan.slot.overlap"))
    sections.append(
        Section(
            "slot",
            t("plan.section.slot"),
            t("plan.slot.basis", n=slot["n_lives"], currency=slot["currency"] or unknown),
            (t("plan.col.slot"), t("plan.col.n_lives"), t("plan.col.gmv_per_hour")),
            tuple(
                Row(
                    (
                        slot_name(c, lang),
                        format_number(c["n_lives"], lang),
                        _interval(c, lang, slot["currency"]),
                    )
                )
                for c in slot["cells"]
            ),
            tuple(notes),
            tuple(_tx(m, lang) for m in slot["missing"]),
        )
    )

    crew = data["crew"]
    sections.append(
        Section(
            "crew",
            t("plan.section.crew"),
            "",
            (t("plan.col.role"), t("plan.col.person")),
            tuple(Row((t(f"plan.role.{r}"), "")) for r in crew["roles"]),
            (),
            tuple(_tx(m, lang) for m in crew["missing"]),
        )
    )

    calls = data["calls_to_action"]
    call_notes = [t("plan.calls.recommended")]
    if calls["calls"]:
        call_notes.append(t("plan.calls.own"))
        call_notes.extend(f"“{c['text']}”" for c in calls["calls"])
    sections.append(
        Section(
            "calls",
            t("plan.section.calls"),
            "",
            (t("plan.col.check"), t("plan.col.target")),
            tuple(
                Row((t(f"talk.check.{c['key']}"), _target(c["key"], c["target"], lang)))
                for c in calls["checks"]
            ),
            tuple(call_notes),
            tuple(_tx(m, lang) for m in calls["missing"]),
            blank_column=True,
        )
    )

    advice = data["advice"]
    advice_notes = []
    for r in advice["recommendations"]:
        advice_notes.append(_tx(r["action"], lang))
        advice_notes.append(
            "   "
            + t(
                "plan.advice.effect",
                estimate=format_percent(r["estimate"], lang),
                low=format_percent(r["ci_low"], lang),
                high=format_percent(r["ci_high"], lang),
                n=r["n_lives"],
                confidence=t(f"advice.confidence.{r['confidence']}"),
            )
        )
    if advice["collect_next"]:
        advice_notes.append(t("plan.advice.collect"))
        advice_notes.extend(_tx(c, lang) for c in advice["collect_next"])
    sections.append(
        Section(
            "advice",
            t("plan.section.advice"),
            "",
            (),
            (),
            tuple(advice_notes),
            tuple(_tx(m, lang) for m in advice["missing"]),
        )
    )

    q = data["questions"]
    questions = tuple(
        QuestionItem(
            question=c["example"],
            asked=t("plan.questions.asked", count=c["count"], lives=c["n_lives"]),
            topic=t(f"talk.cue.{c['topic']}"),
            answer=c["answer"],
            blank=t("plan.questions.blank"),
        )
        for c in q["clusters"]
    )
    q_section = Section(
        "questions",
        t("plan.section.questions"),
        t("plan.questions.basis", n=q["n_questions"]) if q["n_questions"] else "",
        (),
        (),
        (),
        tuple(_tx(m, lang) for m in q["missing"]),
    )
    # The order on paper: architecture, lineup, slot, crew, questions, calls, advice.
    return SheetView(
        lang=lang,
        title=t("plan.title", account=data["account"]),
        subtitle=t(
            "plan.subtitle",
            date=format_date(data["date"], lang),
            minutes=data["minutes"],
            timezone=data["timezone"],
        ),
        sections=tuple(sections),
        questions=questions,
        questions_section=q_section,
        footer=t("plan.footer"),
    )


def _overlap(a: SlotJson | None, b: SlotJson | None) -> bool:
    if a is None or b is None or a == b:
        return False
    if None in (a["ci_low"], a["ci_high"], b["ci_low"], b["ci_high"]):
        return False
    return bool(
        (a["ci_low"] or 0) <= (b["ci_high"] or 0) and (b["ci_low"] or 0) <= (a["ci_high"] or 0)
    )
