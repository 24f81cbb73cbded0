"""Importing a Taguette project file: the SQLite database that Taguette's "Export project" writes
(or a whole Taguette database holding several projects).

The file is treated as untrusted: its bytes are copied to a private temporary file, which is
opened read-only (SQLite's ``immutable`` mode, so nothing is ever written beside the user's file),
with the precautions SQLite recommends for databases from elsewhere (``trusted_schema=OFF``,
``cell_size_check=ON``, no memory mapping) and a ``quick_check`` before anything is read.

What comes over: documents (their text, from Taguette's HTML; their descriptions), tags as codes
(a ``/`` in a tag's path makes a code tree), highlights as excerpts with their tags as codings,
the project's description as a project memo. Highlight offsets are UTF-8 bytes in Taguette and
become code points (:mod:`siaran.casework.taguette_text`). The coder of a highlight is the user
whose ``highlight_add`` command created it, from the project's command log (``taguette`` when the
log does not say). Codes get the guids Taguette gives its tags in its ``.qdc`` export, so that a
codebook imported from Taguette and the project itself meet on the same codes.

The project is read into the REFI-QDA model (``qda`` here: :mod:`siaran.casework.refiqda.model`)
and stored as an imported ``.qdpx`` project is.

Not brought over, and reported: highlights with no tag (siaran codes every excerpt), highlights
outside their document's text, project members and their rights, the command history.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.casework.errors import CaseworkError
from siaran.casework.refiqda import model as qda
from siaran.casework.refiqda.importer import ImportReport, store_project
from siaran.casework.refiqda.qde_elements import Lost, ReadResult
from siaran.casework.refiqda.writer import stable_guid
from siaran.casework.taguette_text import TaguetteText
from siaran.errors import BadInputError, Problem
from siaran.files import read_input

if TYPE_CHECKING:
    from siaran.workspace import Workspace

SQLITE_HEADER: Final = b"SQLite format 3\x00"
# Taguette derives its tags' guids in the .qdc it exports from this namespace and the tag's path.
TAGUETTE_TAG_NAMESPACE: Final = uuid.UUID("51B2B2B7-27EB-4ECB-9D56-E75B0A0496C2")
_TABLES: Final = ("projects", "documents", "tags", "highlights", "highlight_tags")
UNKNOWN_CODER: Final = "taguette"


def tag_guid(path: str) -> str:
    return str(uuid.uuid5(TAGUETTE_TAG_NAMESPACE, path)).upper()


def _open(source: Path, data: bytes, folder: Path) -> sqlite3.Connection:
    if not data.startswith(SQLITE_HEADER):
        raise BadInputError("casework.taguette.not_sqlite", path=source)
    copy = folder / "taguette.sqlite3"
    copy.write_bytes(data)
    con = sqlite3.connect(f"{copy.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        con.execute("PRAGMA cell_size_check=ON")
        con.execute("PRAGMA mmap_size=0")
        found = con.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in found] != [("ok",)]:
            raise BadInputError(
                "casework.taguette.damaged", path=source, reason=str(found[0][0])[:200]
            )
        tables = {
            str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        con.close()
        raise BadInputError("casework.taguette.damaged", path=source, reason=str(exc)) from exc
    except BaseException:
        con.close()
        raise
    missing = [t for t in _TABLES if t not in tables]
    if missing:
        con.close()
        raise BadInputError(
            "casework.taguette.not_taguette", path=source, missing=", ".join(missing)
        )
    return con


def _choose(source: Path, con: sqlite3.Connection, project: str | int | None) -> tuple[Any, ...]:
    projects = con.execute(
        "SELECT id, name, description, created FROM projects ORDER BY id"
    ).fetchall()
    if not projects:
        raise BadInputError("casework.taguette.no_project", path=source)
    listed = "; ".join(f"{p[0]}: {p[1]}" for p in projects)
    if project is None:
        if len(projects) == 1:
            return tuple(projects[0])
        raise CaseworkError("casework.taguette.choose_project", path=str(source), projects=listed)
    wanted = str(project).strip()
    for found in projects:
        if str(found[0]) == wanted or str(found[1]).lower() == wanted.lower():
            return tuple(found)
    raise CaseworkError(
        "casework.taguette.unknown_project", path=str(source), project=wanted, projects=listed
    )


def _stamp(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)  # Taguette writes UTC


def _coders(con: sqlite3.Connection, project_id: int) -> dict[int, str]:
    """Highlight id -> login of the user whose command added it."""
    out: dict[int, str] = {}
    if not con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'commands'"
    ).fetchone():
        return out
    for login, payload in con.execute(
        "SELECT user_login, payload FROM commands WHERE project_id = ? ORDER BY id", [project_id]
    ):
        try:
            loaded = json.loads(payload)
        except (TypeError, ValueError):
            continue
        if isinstance(loaded, dict) and loaded.get("type") == "highlight_add":
            highlight = loaded.get("highlight_id")
            if isinstance(highlight, int):
                out[highlight] = str(login)
    return out


def read_taguette_project(path: Path | str, project: str | int | None = None) -> ReadResult:
    """Read one project of a Taguette database (see the module docs)."""
    source = Path(path)
    data = read_input(source, "casework.qdpx.unreadable")
    with tempfile.TemporaryDirectory(prefix="siaran-taguette-") as folder:
        con = _open(source, data, Path(folder))
        try:
            return _read(source, con, project)
        except sqlite3.DatabaseError as exc:
            raise BadInputError("casework.taguette.damaged", path=source, reason=str(exc)) from exc
        finally:
            con.close()


def _read(source: Path, con: sqlite3.Connection, project: str | int | None) -> ReadResult:
    project_id, name, description, created = _choose(source, con, project)
    key = ("taguette", str(name), str(created))
    model = qda.Project(name=str(name), origin="Taguette")
    result = ReadResult(model)
    if description:
        model.memos.append(
            qda.MemoItem(
                stable_guid(*key, "description"),
                "project",
                None,
                "Project description",
                str(description),
                UNKNOWN_CODER,
                _stamp(created),
            )
        )
    tags: dict[int, str] = {}
    for tag_id, tag_path, tag_description in con.execute(
        "SELECT id, path, description FROM tags WHERE project_id = ? ORDER BY id", [project_id]
    ):
        tags[int(tag_id)] = tag_guid(str(tag_path))
        model.codes.append(
            qda.CodeItem(tags[int(tag_id)], str(tag_path), None, str(tag_description or "") or None)
        )
    texts: dict[int, TaguetteText] = {}
    documents: dict[int, str] = {}
    for doc_id, doc_name, doc_description, doc_created, contents in con.execute(
        "SELECT id, name, description, created, contents FROM documents WHERE project_id = ? "
        "ORDER BY id",
        [project_id],
    ):
        texts[int(doc_id)] = TaguetteText(str(contents or ""))
        documents[int(doc_id)] = stable_guid(*key, "document", str(doc_id))
        model.documents.append(
            qda.DocumentItem(
                documents[int(doc_id)],
                str(doc_name),
                "other",
                "html",
                texts[int(doc_id)].text,
                str(doc_description or "") or None,
                None,
                _stamp(doc_created),
            )
        )
    applied: dict[int, list[int]] = defaultdict(list)
    for highlight, tag in con.execute(
        "SELECT ht.highlight_id, ht.tag_id FROM highlight_tags ht "
        "JOIN highlights h ON h.id = ht.highlight_id "
        "JOIN documents d ON d.id = h.document_id WHERE d.project_id = ? ORDER BY ht.tag_id",
        [project_id],
    ):
        if int(tag) in tags:
            applied[int(highlight)].append(int(tag))
    coders = _coders(con, int(project_id))
    untagged = 0
    for number, (hl_id, doc_id, start, end) in enumerate(
        con.execute(
            "SELECT h.id, h.document_id, h.start_offset, h.end_offset FROM highlights h "
            "JOIN documents d ON d.id = h.document_id WHERE d.project_id = ? ORDER BY h.id",
            [project_id],
        ),
        start=1,
    ):
        if not applied.get(int(hl_id)):
            untagged += 1
            continue
        text = texts[int(doc_id)]
        first = text.code_point(int(start), end=False)
        last = text.code_point(int(end), end=True)
        if first is None or last is None or last <= first:
            result.bad_selections.append(
                Problem(
                    "casework.taguette.highlight_out_of_range",
                    row=number,
                    params={
                        "highlight": int(hl_id),
                        "start": int(start),
                        "end": int(end),
                        "length": text.byte_length,
                    },
                )
            )
            continue
        coder = coders.get(int(hl_id), UNKNOWN_CODER)
        guid = stable_guid(*key, "highlight", str(hl_id))
        model.excerpts.append(
            qda.ExcerptItem(
                guid,
                documents[int(doc_id)],
                first,
                last,
                coder,
                text.text[first:last],
                None,
                [
                    qda.CodingItem(stable_guid(guid, "tag", str(tag)), tags[tag], coder)
                    for tag in applied[int(hl_id)]
                ],
            )
        )
    model.coders = dict.fromkeys(sorted({e.coder for e in model.excerpts}), "")
    if untagged:
        result.lost.append(Lost("casework.taguette.lost.untagged", {"count": untagged}))
    return result


def import_taguette_project(
    workspace: Workspace,
    path: Path | str,
    *,
    project: str | int | None = None,
    actor: str | None = None,
    skip_invalid: bool = False,
    paths_as_tree: bool = True,
) -> ImportReport:
    """Import one project of a Taguette project file into the workspace, in one transaction;
    importing the same file again adds nothing."""
    source = Path(path)
    return store_project(
        workspace,
        read_taguette_project(source, project),
        source,
        actor=actor,
        skip_invalid=skip_invalid,
        paths_as_tree=paths_as_tree,
        origin="taguette",
    )
