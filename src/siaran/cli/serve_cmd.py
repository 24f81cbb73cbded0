"""``siaran serve``: the local web dashboard over a workspace (or the demo)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Final

import typer

from siaran.cli.common import app, state, stderr, stdout
from siaran.cli.options import WorkspaceOption
from siaran.errors import UsageError
from siaran.i18n import text
from siaran.web.settings import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_SESSION_HOURS,
    DEFAULT_UPLOAD_LIMIT_MB,
    PreviewLimits,
    WebSettings,
)
from siaran.workspace import DB_NAME, default_workspace_path

MIN_PASSWORD: Final = 10
DEMO_FOLDER: Final = Path("siaran-demo")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _choose_workspace(workspace: Path | None, demo_folder: Path) -> tuple[Path, bool]:
    """``-w`` if given; else ``$SIARAN_WORKSPACE`` / ``./siaran-workspace`` when it holds a
    workspace; else the demo, built on first use."""
    if workspace is not None:
        return workspace, False
    default = default_workspace_path()
    if (default / DB_NAME).exists():
        return default, False
    from siaran.demo.build import build_demo_workspace

    stderr.print(text("web.serve.building_demo", state.lang, path=str(demo_folder)))
    build_demo_workspace(demo_folder)
    return demo_folder, True


def _print_hash() -> None:
    from siaran.web.security.passwords import hash_password

    password = typer.prompt(
        text("web.serve.password_prompt", state.lang), hide_input=True, confirmation_prompt=True
    )
    if len(password) < MIN_PASSWORD:
        raise UsageError("web.serve.password_short", minimum=MIN_PASSWORD)
    stderr.print(text("web.serve.password_hash", state.lang))
    stdout.print(hash_password(password), highlight=False)


@app.command("serve")
def serve_command(
    workspace: WorkspaceOption = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", "-p", min=1, max=65535, help="Port to listen on. / Port yang didengarkan."
        ),
    ] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help=(
                "Address to listen on (other than 127.0.0.1 needs --users). / "
                "Alamat yang didengarkan (selain 127.0.0.1 perlu --users)."
            ),
        ),
    ] = DEFAULT_HOST,
    users: Annotated[
        Path | None,
        typer.Option(
            "--users",
            help=(
                "Agency mode: users.yaml with hashed passwords and roles. / "
                "Mode agensi: users.yaml berisi hash kata sandi dan peran."
            ),
        ),
    ] = None,
    max_upload_mb: Annotated[
        int,
        typer.Option(
            "--max-upload-mb",
            min=1,
            max=2048,
            help="Largest upload accepted. / Unggahan terbesar yang diterima.",
        ),
    ] = DEFAULT_UPLOAD_LIMIT_MB,
    session_hours: Annotated[
        float,
        typer.Option(
            "--session-hours",
            min=0.05,
            max=720,
            help="Agency mode: login lifetime. / Mode agensi: lama sesi masuk.",
        ),
    ] = DEFAULT_SESSION_HOURS,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help=(
                "Send cookies over HTTPS only (behind TLS). / "
                "Kirim cookie hanya lewat HTTPS (di belakang TLS)."
            ),
        ),
    ] = False,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help=(
                "A name the server answers for besides its defaults (repeatable). / Nama lain "
                "yang dilayani server selain bawaannya (boleh berulang)."
            ),
        ),
    ] = None,
    preview_memory_mb: Annotated[
        int | None,
        typer.Option(
            "--preview-memory-mb",
            min=256,
            max=65536,
            help=(
                "Memory the check of one upload may use (default 1024 MB). / Memori untuk "
                "memeriksa satu unggahan (bawaan 1024 MB)."
            ),
        ),
    ] = None,
    demo_folder: Annotated[
        Path,
        typer.Option(
            "--demo-folder",
            help="Where the demo is built without -w. / Tempat demo dibuat tanpa -w.",
        ),
    ] = DEMO_FOLDER,
    hash_password: Annotated[
        bool,
        typer.Option(
            "--hash-password",
            help=(
                "Print a password hash for users.yaml and exit. / "
                "Cetak hash kata sandi untuk users.yaml lalu keluar."
            ),
        ),
    ] = False,
) -> None:
    """Open the web dashboard in a browser (demo without -w). / Dasbor web lokal."""
    if hash_password:
        _print_hash()
        return
    if not _is_loopback(host) and users is None:
        raise UsageError("web.serve.public_needs_users", host=host)
    import uvicorn

    from siaran.web import create_app
    from siaran.web.security.hosts import AllowedHosts

    folder, demo = _choose_workspace(workspace, demo_folder)
    secret = os.environ.get("SIARAN_WEB_SECRET")
    settings = WebSettings(
        workspace=folder,
        users_file=users,
        upload_limit_bytes=max_upload_mb * 1024 * 1024,
        session_seconds=int(session_hours * 3600),
        secret=secret.encode() if secret else None,
        secure_cookies=secure_cookies,
        demo=demo,
        allowed_hosts=AllowedHosts.for_bind(host, allowed_host or ()),
        preview=PreviewLimits(memory_bytes=preview_memory_mb * 1024 * 1024)
        if preview_memory_mb is not None
        else PreviewLimits(),
    )
    web_app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    stdout.print(text("web.serve.starting", state.lang, url=url, workspace=str(folder)))
    if users is not None:
        count = len(web_app.state.web.users)
        stdout.print(
            text("web.serve.agency", state.lang, users=count, path=str(users), hours=session_hours)
        )
    uvicorn.run(web_app, host=host, port=port, log_level="warning", access_log=False)
