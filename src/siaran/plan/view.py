"""The run sheet as a person reads it: every figure written in one language, with what it
rests on, ready for the templates (the standalone page, the PDF and the dashboard's page)."""

from __future__ import annotations

from dataclasses import dataclass

from siaran.formatting import (
    format_by_unit,
    format_date,
    format_money,
    format_money_per_hour,
    format_number,
    format_percent,
)
from siaran.formatting.units import Display
from siaran.i18n import Lang, text
from siaran.plan.model import CrewEffectJson, CrewPersonJson, Plan, PlanJson, SlotJson, TextJson


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


class _Words:
    """The catalogue in one language, and the texts every section uses."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.unknown = text("plan.unknown", lang)

    def __call__(self, key: str, /, **params: object) -> str:
        return text(key, self.lang, **params)

    def all(self, values: list[TextJson]) -> tuple[str, ...]:
        return tuple(_tx(v, self.lang) for v in values)

    def percent(self, value: float | None) -> str:
        return self.unknown if value is None else format_percent(value, self.lang, decimals=0)


def _architecture(data: PlanJson, t: _Words) -> Section:
    arch = data["architecture"]
    n_scored = arch["n_scored_lives"]
    basis = "plan.architecture.basis" if n_scored else "plan.architecture.basis_none"
    header = ("plan.col.minutes", "plan.col.phase", "plan.col.recommended", "plan.col.account")
    rows = tuple(
        Row(
            (
                f"{p['start_min']}–{p['end_min']}",
                t(f"talk.phase.{p['id']}"),
                t.percent(p["recommended_share"]),
                t.percent(p["account_share"]),
            )
        )
        for p in arch["phases"]
    )
    return Section(
        "architecture",
        t("plan.section.architecture"),
        t(basis, n=n_scored),
        tuple(t(h) for h in header),
        rows,
        (),
        t.all(arch["missing"]),
        blank_column=True,
    )


def _lineup(data: PlanJson, t: _Words) -> Section:
    lineup = data["lineup"]
    header = ("plan.col.product", "plan.col.lives", "plan.col.orders", "plan.col.per_live")
    rows = tuple(
        Row(
            (
                p["product"],
                f"{p['lives']} / {lineup['n_lives']}",
                format_number(p["orders"], t.lang),
                format_money(p["amount_per_live"], t.lang, currency=p["currency"]),
            )
        )
        for p in lineup["products"]
    )
    return Section(
        "lineup",
        t("plan.section.lineup"),
        t("plan.lineup.basis", n=lineup["n_lives"]) if lineup["products"] else "",
        tuple(t(h) for h in header),
        rows,
        (_tx(lineup["stock"], t.lang),),
        t.all(lineup["missing"]),
    )


def _slot(data: PlanJson, t: _Words) -> Section:
    slot = data["slot"]
    notes: list[str] = []
    best, usual = slot["best"], slot["usual"]
    if best is not None:
        notes.append(t("plan.slot.best", slot=slot_name(best, t.lang)))
    if usual is not None:
        notes.append(t("plan.slot.usual", slot=slot_name(usual, t.lang), n=usual["n_lives"]))
    if _overlap(best, usual):
        notes.append(t("plan.slot.overlap"))
    header = ("plan.col.slot", "plan.col.n_lives", "plan.col.gmv_per_hour")
    rows = tuple(
        Row(
            (
                slot_name(c, t.lang),
                format_number(c["n_lives"], t.lang),
                _interval(c, t.lang, slot["currency"]),
            )
        )
        for c in slot["cells"]
    )
    return Section(
        "slot",
        t("plan.section.slot"),
        t("plan.slot.basis", n=slot["n_lives"], currency=slot["currency"] or t.unknown),
        tuple(t(h) for h in header),
        rows,
        tuple(notes),
        t.all(slot["missing"]),
    )


def _crew(data: PlanJson, t: _Words) -> Section:
    crew = data["crew"]
    blank: list[CrewPersonJson] = [
        {"role": r, "label": None, "person": None} for r in crew["roles"]
    ]  # a plan saved before rosters were read has blank lines only
    members = crew.get("members", blank)
    rows = tuple(Row((_role_name(m, t), m["person"] or "")) for m in members)
    source = crew.get("source")
    basis = ""
    if source is not None:
        basis = t(
            "plan.crew.basis",
            room=source["room_id"],
            date=format_date(source["started_at"], t.lang) if source["started_at"] else t.unknown,
            set_at=format_date(source["set_at"], t.lang),
        )
    notes = _admin_notes(crew.get("admin_effect") or [], t)
    return Section(
        "crew",
        t("plan.section.crew"),
        basis,
        (t("plan.col.role"), t("plan.col.person")),
        rows,
        notes,
        t.all(crew["missing"]),
    )


def _role_name(m: CrewPersonJson, t: _Words) -> str:
    if m["role"] == "other":
        return m["label"] or t("crew.role.other")
    return t(f"plan.role.{m['role']}")


def _admin_value(measure: str, value: float | None, lang: Lang) -> str:
    unit: Display = "rate" if measure in ("answer_rate", "conversion") else "ratio"
    return format_by_unit(unit, value, lang)


def _admin_notes(effects: list[CrewEffectJson], t: _Words) -> tuple[str, ...]:
    """How the account's lives with a dedicated interaction admin did, measure by measure."""
    if not effects:
        return ()
    notes = [t("plan.crew.effect_title")]
    for e in effects:
        name = t(f"crew.measure.{e['measure']}")
        if e["reading"] == "too_little_data":
            notes.append(
                t(
                    "plan.crew.too_little",
                    measure=name,
                    with_=e["lives_with"],
                    without=e["lives_without"],
                    more_with=e["needed_with"],
                    more_without=e["needed_without"],
                )
            )
            continue
        notes.append(
            t(
                f"plan.crew.{e['reading']}",
                measure=name,
                difference=_admin_value(e["measure"], e["difference"], t.lang),
                low=_admin_value(e["measure"], e["ci_low"], t.lang),
                high=_admin_value(e["measure"], e["ci_high"], t.lang),
                with_=e["lives_with"],
                without=e["lives_without"],
            )
        )
    notes.append(t("crew.effect.association"))
    return tuple(notes)


def _calls(data: PlanJson, t: _Words) -> Section:
    calls = data["calls_to_action"]
    notes = [t("plan.calls.recommended")]
    if calls["calls"]:
        notes.append(t("plan.calls.own"))
        notes.extend(f"“{c['text']}”" for c in calls["calls"])
    rows = tuple(
        Row((t(f"talk.check.{c['key']}"), _target(c["key"], c["target"], t.lang)))
        for c in calls["checks"]
    )
    return Section(
        "calls",
        t("plan.section.calls"),
        "",
        (t("plan.col.check"), t("plan.col.target")),
        rows,
        tuple(notes),
        t.all(calls["missing"]),
        blank_column=True,
    )


def _advice(data: PlanJson, t: _Words) -> Section:
    advice = data["advice"]
    notes = []
    for r in advice["recommendations"]:
        notes.append(_tx(r["action"], t.lang))
        effect = t(
            "plan.advice.effect",
            estimate=format_percent(r["estimate"], t.lang),
            low=format_percent(r["ci_low"], t.lang),
            high=format_percent(r["ci_high"], t.lang),
            n=r["n_lives"],
            confidence=t(f"advice.confidence.{r['confidence']}"),
        )
        notes.append("   " + effect)
    if advice["collect_next"]:
        notes.append(t("plan.advice.collect"))
        notes.extend(t.all(advice["collect_next"]))
    return Section(
        "advice", t("plan.section.advice"), "", (), (), tuple(notes), t.all(advice["missing"])
    )


def _questions(data: PlanJson, t: _Words) -> tuple[Section, tuple[QuestionItem, ...]]:
    q = data["questions"]
    items = tuple(
        QuestionItem(
            question=c["example"],
            asked=t("plan.questions.asked", count=c["count"], lives=c["n_lives"]),
            topic=t(f"talk.cue.{c['topic']}"),
            answer=c["answer"],
            blank=t("plan.questions.blank"),
        )
        for c in q["clusters"]
    )
    basis = t("plan.questions.basis", n=q["n_questions"]) if q["n_questions"] else ""
    section = Section(
        "questions", t("plan.section.questions"), basis, (), (), (), t.all(q["missing"])
    )
    return section, items


def sheet(plan: Plan, lang: Lang) -> SheetView:
    """The sheet in ``lang``; on paper the questions come between the crew and the calls."""
    data = plan.to_json()
    t = _Words(lang)
    sections = tuple(
        part(data, t) for part in (_architecture, _lineup, _slot, _crew, _calls, _advice)
    )
    questions_section, questions = _questions(data, t)
    return SheetView(
        lang=lang,
        title=t("plan.title", account=data["account"]),
        subtitle=t(
            "plan.subtitle",
            date=format_date(data["date"], lang),
            minutes=data["minutes"],
            timezone=data["timezone"],
        ),
        sections=sections,
        questions=questions,
        questions_section=questions_section,
        footer=t("plan.footer"),
    )


def _overlap(a: SlotJson | None, b: SlotJson | None) -> bool:
    """Whether two different slots' intervals overlap (both known)."""
    if a is None or b is None or a == b:
        return False
    if a["ci_low"] is None or a["ci_high"] is None or b["ci_low"] is None or b["ci_high"] is None:
        return False
    return a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"]
