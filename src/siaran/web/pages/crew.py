"""A live's crew on its session page: the card (:func:`crew_of`) and the form that sets it.

Anyone who may see the account may record its lives' crews: the local user, and in agency mode
an owner of the account, a coach of its cohort and an admin. The form carries the CSRF token
like every other; a refused roster (an unknown role, an empty name) answers 422 with the reason
and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypedDict

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from siaran.errors import SiaranError
from siaran.web.pages.common import not_found, web_of
from siaran.web.paths import live_url
from siaran.web.rendering import render
from siaran.web.viewer import check_csrf, closes_form, viewer_of

if TYPE_CHECKING:
    from siaran.crew import CrewMember, LiveCrew
    from siaran.workspace import Workspace

router = APIRouter()

FIELDS: Final = ("host", "co_host", "interaction_admin", "fulfilment", "product_handler")
"""The form's fields, one per fixed role: names separated by commas."""


def crew_of(workspace: Workspace, account: str, room_id: str) -> LiveCrew | None:
    """The recorded crew of ``account``'s live ``room_id`` (``None``: none recorded)."""
    from siaran.crew import list_crew

    found = list_crew(workspace, [account], room=room_id)
    return found[0] if found else None


def form_values(crew: LiveCrew | None) -> dict[str, str]:
    """The form's fields filled with ``crew``: names by role, other roles as lines."""
    if crew is None:
        return dict.fromkeys((*FIELDS, "other"), "")
    values = {name: ", ".join(crew.people(name)) for name in FIELDS}
    values["other"] = "\n".join(f"{m.label}:{m.person}" for m in crew.members if m.role == "other")
    return values


def members_of(values: dict[str, str]) -> list[CrewMember]:
    """The roster a submitted form describes (:class:`siaran.errors.UsageError` when bad)."""
    from siaran.crew import member, other_member

    found = [
        member(role, name)
        for role in FIELDS
        for name in values.get(role, "").split(",")
        if name.strip()
    ]
    found += [other_member(line) for line in values.get("other", "").splitlines() if line.strip()]
    return found


@router.post("/accounts/{account:segment}/lives/{ref:segment}/crew")
@closes_form
async def set_crew_form(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from siaran.crew import set_crew

    viewer = viewer_of(request)
    account = str(request.path_params["account"])
    ref = str(request.path_params["ref"])
    if not viewer.may_see(account):
        raise not_found()
    await check_csrf(request)
    form = await request.form()
    values = {
        name: value if isinstance(value, str) else ""
        for name in (*FIELDS, "other")
        for value in [form.get(name, "")]
    }
    web = web_of(request)

    def save() -> None:
        with web.access.use() as ws:
            set_crew(ws, ref, members_of(values), account=account)
        web.access.changed()

    try:
        await run_in_threadpool(save)
    except SiaranError as refused:
        message = refused.message(viewer.lang)
        return render(request, viewer, "error.html", status=422, status_code=422, message=message)
    return RedirectResponse(f"{live_url(account, ref)}?crew=saved#crew-h", status_code=303)


class CrewCard(TypedDict):
    crew: LiveCrew | None
    crew_form: dict[str, str]
    crew_action: str
    crew_saved: bool


def crew_card(request: Request, workspace: Workspace, account: str, room_id: str) -> CrewCard:
    """What the session page's crew card needs: the crew and the form's values."""
    crew = crew_of(workspace, account, room_id)
    return {
        "crew": crew,
        "crew_form": form_values(crew),
        "crew_action": f"{live_url(account, room_id)}/crew",
        "crew_saved": request.query_params.get("crew") == "saved",
    }
