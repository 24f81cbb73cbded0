"""Writing a plan: the standalone phone-friendly HTML page (no external assets), the A4 PDF
(WeasyPrint, imported only when a PDF is asked for) and the JSON file that
``siaran plan check`` reads back.

Every write of a page or PDF also writes the plan's JSON beside it (``FILE.pdf`` ->
``FILE.json``). Each file is written to a temporary name in its folder and renamed into
place, so that a failed write leaves no half-written plan.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from siaran.errors import UsageError
from siaran.i18n import Lang, text
from siaran.plan.view import sheet
from siaran.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from siaran.plan.model import Plan

KINDS: Final = (".pdf", ".html", ".json")
PLANS_DIR: Final = "plans"
"""The workspace folder a plan is written to when no ``--out`` is given."""


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("siaran.plan", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def plan_css() -> str:
    return (resources.files("siaran.plan") / "templates" / "plan.css").read_text(encoding="utf-8")


def _context(plan: Plan, lang: Lang) -> dict[str, Any]:
    def t(key: str, /, **params: Any) -> str:
        return text(key, lang, **params)

    return {"view": sheet(plan, lang), "t": t}


def sheet_html(plan: Plan, lang: Lang) -> Markup:
    """The run sheet as an HTML fragment (the dashboard places it in its page)."""
    template = _environment().get_template("plan_sheet.html")
    return Markup(template.render(**_context(plan, lang)))


def plan_html(plan: Plan, lang: Lang) -> str:
    """The run sheet as a standalone page: its styles inline, nothing fetched."""
    template = _environment().get_template("plan_page.html")
    return template.render(css=Markup(plan_css()), **_context(plan, lang))


def plan_pdf(plan: Plan, lang: Lang) -> bytes:
    """The run sheet as an A4 PDF."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the library is there, pango is not
        raise UsageError("plan.pdf_unavailable", detail=str(exc)) from exc
    pdf: bytes = HTML(string=plan_html(plan, lang)).write_pdf()
    return pdf


def plan_json_text(plan: Plan) -> str:
    return json.dumps(plan.to_json(), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class WrittenPlan:
    path: Path
    json_path: Path


def default_path(workspace_path: Path, plan: Plan) -> Path:
    """``plans/<account>-<date>.html`` in the workspace."""
    return workspace_path / PLANS_DIR / f"{plan.account}-{plan.to_json()['date']}.html"


def write_plan(
    plan: Plan, out: Path, lang: Lang, *, progress: Progress = NO_PROGRESS
) -> WrittenPlan:
    """``out`` (``.pdf``, ``.html`` or ``.json``) and the JSON beside it; a PDF's layout,
    the slow part, is told to ``progress``."""
    suffix = out.suffix.lower()
    if suffix not in KINDS:
        raise UsageError("plan.bad_out", path=str(out))
    json_path = out.with_suffix(".json")
    body: bytes
    if suffix == ".pdf":
        with progress.task("pdf", "steps", total=1) as steps:
            body = plan_pdf(plan, lang)
            steps.advance(1)
    elif suffix == ".html":
        body = plan_html(plan, lang).encode("utf-8")
    else:
        body = b""
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(json_path, plan_json_text(plan).encode("utf-8"))
    if suffix != ".json":
        _atomic_write(out, body)
    return WrittenPlan(out, json_path)


def _atomic_write(path: Path, body: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
