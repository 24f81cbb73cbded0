"""Drives the real Taguette (1.5.2) for the exchange tests; run with Taguette's own interpreter.

Taguette cannot share siaran's environment (it pins opentelemetry-api < 1.11, which FastAPI no
longer accepts), so the tests run this script with the interpreter of a separate environment
that has ``taguette`` installed, and read its JSON answer on stdout.

``make FOLDER``: a Taguette database made through Taguette's own models, HTML sanitiser and
highlight extraction (documents with non-ASCII text, tags with ``/`` paths, highlights by two
users), then Taguette's own exports: its codebook as ``.qdc`` and as CSV, and the project file
(``copy_project`` into a fresh database, as its "Export project" does).

``import-codebook FOLDER CSV``: Taguette's web application, served in this process on 127.0.0.1,
imports ``CSV`` through its "Import codebook" pages the way a browser would (upload, then submit
the confirmation form with its checked boxes); prints the tags Taguette then holds.
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.parse
import uuid
from html.parser import HTMLParser
from pathlib import Path

DOCUMENTS = [
    (
        "Catatan lapangan – Dapur Sekar",
        "Observasi live 12 Mei",
        "<p>Host membuka live: “Halo kak, selamat datang di Dapur Sekar!” Kamera menyorot "
        "sambal bawang yang baru diulek.</p>\n"
        "<p>Penonton bertanya harga &amp; stok. Jawaban cepat: Rp25.000, stok tinggal 12 toples 🌶️."
        "</p>\n<p>Admin membalas komentar, suami mengemas pesanan di belakang.</p>",
    ),
    (
        "Wawancara – Bu Narti",
        "Wawancara pemilik, 14 Mei",
        "<p>P: Kenapa live tiap malam?</p>\n"
        "<p>J: Karena pembeli baru pulang kerja jam tujuh. Kami konsisten, café di sebelah juga "
        "ikut nonton.</p>\n<p>J: Reseller dari Purwokerto ambil grosir setiap Senin.</p>",
    ),
]
TAGS = [
    ("Trust", "Kepercayaan dibangun dengan bukti"),
    ("Trust/Demonstration", "Produk ditunjukkan langsung"),
    ("Session design/Greeting", "Sapaan pembuka, “halo kak”"),
    ("Session design/Fast answers", "Jawaban cepat soal harga dan stok"),
    ("Operations/Roles", "Pembagian peran: host, admin, pengemas"),
    ("Ecosystem/Resellers", ""),
    ("Operations/Schedule", "Jadwal live rutin"),
]
# (document index, phrase, tags, user)
HIGHLIGHTS = [
    (0, "“Halo kak, selamat datang di Dapur Sekar!”", ["Session design/Greeting"], "admin"),
    (0, "Kamera menyorot sambal bawang yang baru diulek.", ["Trust/Demonstration"], "sari"),
    (
        0,
        "Jawaban cepat: Rp25.000, stok tinggal 12 toples 🌶️.",
        ["Session design/Fast answers", "Trust"],
        "admin",
    ),
    (
        0,
        "Admin membalas komentar, suami mengemas pesanan di belakang.",
        ["Operations/Roles"],
        "sari",
    ),
    (
        1,
        "pembeli baru pulang kerja jam tujuh. Kami konsisten, café",
        ["Operations/Schedule"],
        "admin",
    ),
    (1, "Reseller dari Purwokerto ambil grosir setiap Senin.", ["Ecosystem/Resellers"], "sari"),
    (1, "Kenapa live tiap malam?", [], "admin"),  # a highlight without a tag
]


def make(folder: Path) -> dict[str, object]:
    from bs4 import BeautifulSoup
    from taguette import convert, database, export, extract

    folder.mkdir(parents=True, exist_ok=True)
    session = database.connect(f"sqlite:///{folder / 'taguette.sqlite3'}")()
    users = [database.User(login="admin"), database.User(login="sari")]
    project = database.Project(name="Live jualan Banyumas", description="Uji pertukaran.")
    session.add_all([*users, project])
    for user in users:
        session.add(
            database.ProjectMember(project=project, user=user, privileges=database.Privileges.ADMIN)
        )
    documents = []
    for name, description, html in DOCUMENTS:
        document = database.Document(
            name=name,
            description=description,
            filename=f"{uuid.uuid4().hex}.html",
            project=project,
            text_direction=database.TextDirection.LEFT_TO_RIGHT,
            contents=convert.get_html_body(html),
        )
        session.add(document)
        documents.append(document)
    tags = {}
    for path, description in TAGS:
        tags[path] = database.Tag(project=project, path=path, description=description)
        session.add(tags[path])
    session.flush()
    expected = []
    for index, phrase, tag_paths, user in HIGHLIGHTS:
        document = documents[index]
        # Taguette counts UTF-8 bytes over the text nodes of the HTML, as its extract() reads it.
        body = BeautifulSoup(document.contents, "html5lib").body
        assert body is not None
        text = body.get_text()
        at = text.index(phrase)
        start = len(text[:at].encode("utf-8"))
        end = start + len(phrase.encode("utf-8"))
        highlight = database.Highlight(
            document=document,
            start_offset=start,
            end_offset=end,
            snippet=extract.extract(document.contents, start, end),
        )
        session.add(highlight)
        session.flush()
        for path in tag_paths:
            session.execute(
                database.highlight_tags.insert(),
                [{"highlight_id": highlight.id, "tag_id": tags[path].id}],
            )
        session.add(
            database.Command.highlight_add(
                user, document, highlight, sorted(tags[p].id for p in tag_paths)
            )
        )
        plain = convert.html_to_plaintext(highlight.snippet)
        expected.append(
            {
                "document": document.name,
                "phrase": phrase,
                "snippet_text": plain,
                "start_byte": start,
                "end_byte": end,
                "tags": tag_paths,
                "user": user,
            }
        )
    session.commit()
    session.refresh(project)
    export.codebook_xml(project.tags, str(folder / "codebook.qdc"))
    export.codebook_csv(project.tags, str(folder / "codebook.csv"))
    exported = database.connect(f"sqlite:///{folder / 'project.sqlite3'}")()
    exported.add(database.User(login="admin"))
    exported.commit()
    database.copy_project(session, exported, project.id, "admin")
    exported.commit()
    exported.close()
    session.close()
    return {"highlights": expected, "tags": [list(t) for t in TAGS]}


class _Inputs(HTMLParser):
    """The inputs of the first form, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag != "input" or not found.get("name") or "disabled" in found:
            return
        kind = found.get("type", "text")
        if kind == "checkbox":
            if "checked" in found:
                self.fields.append((str(found["name"]), found.get("value") or "on"))
        elif kind in ("hidden", "text"):
            value = found.get("value") or ""
            if kind == "text":  # browsers strip line breaks from a text input's value
                value = value.replace("\r", "").replace("\n", "")
            self.fields.append((str(found["name"]), value))


async def _import_codebook(folder: Path, csv_path: Path) -> dict[str, object]:
    from taguette import database
    from taguette.main import DEFAULT_CONFIG
    from taguette.web import base, make_app
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.httpserver import HTTPServer
    from tornado.testing import bind_unused_port

    sock, port = bind_unused_port("127.0.0.1")
    url = f"sqlite:///{folder / 'import.sqlite3'}"
    config = dict(
        DEFAULT_CONFIG,
        MULTIUSER=False,
        DOMAIN=f"127.0.0.1:{port}",
        BIND_ADDRESS="127.0.0.1",
        X_HEADERS=False,
        SQLITE3_IMPORT_ENABLED=True,
        PORT=port,
        DATABASE=url,
        TOS_FILE=None,
        SECRET_KEY="siaran-exchange-test",
        COOKIES_PROMPT=False,
        HTML_OUT_SIZE_LIMIT=5_000_000,
    )
    # Taguette asks msg.taguette.org for news when it starts; a test reaches nothing outside.
    base.Application.check_messages = lambda self: self.messages_event.set()
    app = make_app(config)
    db = app.DBSession()
    db.add(database.User(login="admin"))
    db.commit()
    db.close()
    server = HTTPServer(app)
    server.add_sockets([sock])
    client = AsyncHTTPClient()
    base = f"http://127.0.0.1:{port}"
    cookies: dict[str, str] = {}

    async def fetch(path: str, **kwargs: object) -> tuple[int, str]:
        headers = dict(kwargs.pop("headers", {}) or {})  # type: ignore[call-overload]
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = HTTPRequest(base + path, headers=headers, follow_redirects=False, **kwargs)
        response = await client.fetch(request, raise_error=False)
        for header in response.headers.get_list("Set-Cookie"):
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.code, response.body.decode("utf-8", "replace")

    def form(fields: list[tuple[str, str]]) -> str:
        return urllib.parse.urlencode(fields)

    try:
        await fetch(f"/?token={app.single_user_token}")
        await fetch("/project/new")
        code, _ = await fetch(
            "/project/new",
            method="POST",
            body=form([("_xsrf", cookies["_xsrf"]), ("name", "Impor"), ("description", "uji")]),
        )
        assert code in (302, 303), code
        await fetch("/project/1/import_codebook")
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="_xsrf"\r\n\r\n'
                f"{cookies['_xsrf']}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{csv_path.name}"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + csv_path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        code, page = await fetch(
            "/project/1/import_codebook",
            method="POST",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if code != 200:
            return {"status": code, "page": page[-2000:]}
        inputs = _Inputs()
        inputs.feed(page)
        code, page = await fetch(
            "/project/1/import_codebook", method="POST", body=form(inputs.fields)
        )
        if code not in (302, 303):
            return {"status": code, "page": page[-2000:]}
    finally:
        server.stop()
    db = app.DBSession()
    tags = [
        {"path": t.path, "description": t.description}
        for t in db.query(database.Tag).filter(database.Tag.project_id == 1).order_by("id")
    ]
    db.close()
    return {"status": "imported", "tags": tags}


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "make":
        answer = make(folder)
    elif command == "import-codebook":
        folder.mkdir(parents=True, exist_ok=True)
        answer = asyncio.run(_import_codebook(folder, Path(sys.argv[3])))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
