"""The case-study pages: cases with their attributes and accounts, one case with its documents
and its excerpts by theme, one document with its coded excerpts highlighted, the codebook, the
cross-case matrices and the joint display of themes beside live KPIs.

Everything comes from :mod:`siaran.casework.read_api`. In agency mode these pages are for the
researchers, admins and coaches (:data:`ROLES`); an owner gets the same 404 as for a page that
does not exist. A coach sees every case, but live figures only of the accounts in their cohort.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.casework.matrices import JOINT_KPIS
from siaran.i18n import text
from siaran.metrics.money import MONEY_FIELDS
from siaran.web import casework_view as view
from siaran.web.formatting import Figures
from siaran.web.pages.common import WindowDays, not_found, web_of
from siaran.web.rendering import render
from siaran.web.viewer import Viewer, viewer_of

if TYPE_CHECKING:
    from siaran.casework.matrices import JointRow, Quote
    from siaran.casework.results import CaseRecord, CodeNode, DocumentRecord
    from siaran.workspace import Workspace

router = APIRouter()
_Record = TypeVar("_Record", bound=Mapping[str, Any])
NAV: Final = (40, "/cases", "web.nav.cases")
ROLES: Final = frozenset({"admin", "coach"})
MATRIX_QUOTES: Final = 3


def researcher(request: Request) -> Viewer:
    """The viewer, if the case-study pages are open to them; else the 404 answer."""
    viewer = viewer_of(request)
    if not viewer.may_open(ROLES):
        raise not_found()
    return viewer


def case_url(case_id: int) -> str:
    return f"/cases/{case_id}"


def document_url(document_id: int, excerpt: int | None = None) -> str:
    return f"/cases/documents/{document_id}" + (f"#excerpt-{excerpt}" if excerpt else "")


def _codes(workspace: Workspace) -> tuple[list[CodeNode], dict[int, view.CodeInfo]]:
    from siaran.casework.read_api import codebook

    tree = codebook(workspace)
    return tree, view.code_index(tree)


def _document_ids(documents: Sequence[DocumentRecord]) -> dict[str, int]:
    """Document name -> id, for names that belong to one document only (the matrices name a
    quote's document, and a link must not guess between two of the same name)."""
    seen: dict[str, list[int]] = {}
    for document in documents:
        seen.setdefault(str(document["name"]), []).append(int(document["id"]))
    return {name: ids[0] for name, ids in seen.items() if len(ids) == 1}


def _by_id(rows: Sequence[_Record], wanted: str) -> _Record | None:
    """The row whose id is ``wanted`` (the URL's text: anything but a known id is not found)."""
    return next((r for r in rows if str(r["id"]) == wanted), None)


def attribute_value(value: Any, fig: Figures) -> str:
    import datetime as dt

    if isinstance(value, bool):
        return text("web.case.yes" if value else "web.case.no", fig.lang)
    if isinstance(value, int | float):
        return fig.number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, dt.date):
        return fig.date(value)
    return str(value)


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request) -> HTMLResponse:
    from siaran.casework.read_api import cases_overview, documents_overview

    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        cases = cases_overview(ws)
        documents = documents_overview(ws)
    names = sorted({name for case in cases for name in case["attributes"]})
    return render(
        request,
        viewer,
        "casework_cases.html",
        cases=cases,
        attribute_names=names,
        documents=documents,
        case_url=case_url,
        document_url=document_url,
        value=attribute_value,
        tab="cases",
    )


@router.get("/cases/codebook", response_class=HTMLResponse)
def codebook_page(request: Request) -> HTMLResponse:
    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        tree, _ = _codes(ws)

    def total(node: CodeNode) -> int:
        return node["codings"] + sum(total(c) for c in node["children"])

    themes = [(theme, total(theme)) for theme in tree]
    colours = view.code_index(tree)
    return render(
        request,
        viewer,
        "casework_codebook.html",
        themes=themes,
        colour_of=lambda node: colours[int(node["id"])].colour,
        tab="codebook",
    )


@router.get("/cases/matrices", response_class=HTMLResponse)
def matrices_page(request: Request, level: Literal["theme", "code"] = "theme") -> HTMLResponse:
    from siaran.casework import SOURCE_TYPES
    from siaran.casework.read_api import (
        case_matrix,
        cooccurrence,
        documents_overview,
        triangulation_matrix,
    )

    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        matrix = case_matrix(ws, level=level, quotes=MATRIX_QUOTES)
        triangulation = triangulation_matrix(ws)
        pairs = cooccurrence(ws, level=level)
        documents = _document_ids(documents_overview(ws))

    def quote_url(quote: Quote) -> str | None:
        found = documents.get(quote["document"])
        return None if found is None else document_url(found, quote["excerpt"])

    return render(
        request,
        viewer,
        "casework_matrices.html",
        level=level,
        matrix=matrix,
        triangulation=triangulation,
        source_types=SOURCE_TYPES,
        pairs=pairs,
        quote_url=quote_url,
        case_url=case_url,
        clipped=view.clipped,
        quotes_shown=MATRIX_QUOTES,
        tab="matrices",
    )


@router.get("/cases/joint", response_class=HTMLResponse)
def joint_page(request: Request, days: WindowDays = 28) -> HTMLResponse:
    from siaran.casework.read_api import joint_display

    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        joint = joint_display(ws, window_days=days)
    fig = Figures(viewer.lang)
    rows = [_joint_row(row, viewer, fig) for row in joint["rows"]]
    return render(
        request,
        viewer,
        "casework_joint.html",
        joint=joint,
        rows=rows,
        kpis=JOINT_KPIS,
        days=days,
        tab="joint",
    )


def _joint_row(row: JointRow, viewer: Viewer, fig: Figures) -> dict[str, Any]:
    """A case of the joint display with its KPIs as the viewer may see them: figures of an
    account outside a coach's cohort stay out, and so does any sum that includes one."""
    lang = viewer.lang
    hidden = [a for a in row["accounts"] if not viewer.may_see(a)]
    own = [k for k in row["account_kpis"] if viewer.may_see(str(k["account"]))]
    currencies = {k.get("currency") for k in row["account_kpis"]}

    def combined(name: str) -> Any:
        value = row["kpis"].get(name)
        if not row["accounts"]:
            return fig.unknown(text("web.case.unknown.no_account", lang))
        if hidden:
            return fig.unknown(text("web.case.unknown.hidden", lang))
        if not row["account_kpis"]:
            return fig.unknown(text("web.case.unknown.no_lives", lang))
        if value is None and name in MONEY_FIELDS and len(currencies) > 1:
            return fig.unknown(text("web.case.unknown.currencies", lang))
        return fig.kpi(name, value, row["kpis"].get("currency"))

    return {
        "case": row["case"],
        "themes": row["themes"],
        "accounts": row["accounts"],
        "kpis": {name: combined(name) for name in JOINT_KPIS},
        "account_rows": [
            {
                "account": k["account"],
                "platform": k.get("platform"),
                "kpis": {n: fig.kpi(n, k.get(n), k.get("currency")) for n in JOINT_KPIS},
            }
            for k in own
        ],
        "hidden": hidden,
    }


@router.get("/cases/documents/{document}", response_class=HTMLResponse)
def document_page(request: Request, document: str) -> HTMLResponse:
    from siaran.casework.read_api import document_view, documents_overview

    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        found = _by_id(documents_overview(ws), document)
        if found is None:
            raise not_found()
        shown = document_view(ws, int(found["id"]))
        cases = {str(c["name"]): int(c["id"]) for c in _cases(ws)}
        _, codes = _codes(ws)
    excerpts = sorted(shown["excerpts"], key=lambda e: (e["start"], e["end"], e["id"]))
    labels = {int(e["id"]): view.excerpt_label(e, codes) for e in excerpts}
    body = shown.get("text")
    return render(
        request,
        viewer,
        "casework_document.html",
        document=shown,
        excerpts=excerpts,
        highlighted=view.highlighted(body, excerpts, codes, labels) if body else None,
        legend=view.legend(excerpts, codes),
        codes_of=lambda e: view.excerpt_codes(e, codes),
        colour_of=lambda e: view.excerpt_colour(e, codes),
        coders_of=lambda e: sorted({str(c["coder"]) for c in e["codings"] if c.get("coder")}),
        cases=cases,
        case_url=case_url,
        clipped=view.clipped,
        tab="cases",
    )


def _cases(workspace: Workspace) -> list[CaseRecord]:
    from siaran.casework.read_api import cases_overview

    return cases_overview(workspace)


@router.get("/cases/{case}", response_class=HTMLResponse)
def case_page(request: Request, case: str) -> HTMLResponse:
    from siaran.casework.read_api import document_view, documents_overview

    viewer = researcher(request)
    with web_of(request).access.use() as ws:
        found = _by_id(_cases(ws), case)
        if found is None:
            raise not_found()
        documents = documents_overview(ws, case=int(found["id"]))
        views = [document_view(ws, int(d["id"])) for d in documents]
        _, codes = _codes(ws)
    return render(
        request,
        viewer,
        "casework_case.html",
        case=found,
        documents=documents,
        themes=view.excerpts_by_theme(views, codes),
        value=attribute_value,
        document_url=document_url,
        clipped=view.clipped,
        tab="cases",
    )
