"""Progress of a confirmed import on the import page: what the server keeps while the import
runs (:class:`siaran.web.import_progress.ImportProgress`) and who may read it."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from siaran.web.import_progress import ImportProgress
from tests.web.conftest import BASE_URL
from tests.web.test_import_page import new_export, upload


def test_the_innermost_task_is_told_with_its_rate() -> None:
    progress = ImportProgress()
    assert progress.to_json("en")["task"] is None
    with progress.task("import_files", "files", total=1) as files:
        with progress.task("import_events", "events") as events:
            events.advance(1200)
            events.advance(300)
            shown = progress.to_json("en")
            assert (shown["task"], shown["unit"]) == ("Reading events", "events")
            assert (shown["done"], shown["total"]) == (1500, None)
            assert shown["rate"] > 0
            events.set_total(2000)
            assert progress.to_json("id")["total"] == 2000
            assert progress.to_json("id")["task"] == "Membaca event"
        files.advance(1)
        assert progress.to_json("en")["task"] == "Importing files"
        assert progress.to_json("en")["done"] == 1
    assert progress.to_json("en")["task"] is None


def test_only_the_uploader_reads_the_progress_and_only_while_it_waits(
    client: TestClient, tmp_path: Path
) -> None:
    preview = upload(client, "Creator.xlsx", new_export(tmp_path), account="toko.baru")
    assert preview.status_code == 200
    found = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert found is not None
    token = found.group(1)
    assert f'data-url="/import/progress?token={token}"' in preview.text
    waiting = client.get(f"/import/progress?token={token}")
    assert waiting.status_code == 200
    assert waiting.json() == {"task": None, "unit": None, "done": 0, "total": None, "rate": 0.0}
    # Another browser does not learn of it, nor does a made-up token.
    other = TestClient(client.app, base_url=BASE_URL)  # the same server, another browser
    assert other.get(f"/import/progress?token={token}").status_code == 404
    assert client.get("/import/progress?token=nothing").status_code == 404
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', preview.text)
    assert csrf is not None
    done = client.post("/import/confirm", data={"csrf_token": csrf.group(1), "token": token})
    assert done.status_code == 200 and 'id="import-done"' in done.text
    assert client.get(f"/import/progress?token={token}").status_code == 404  # it is over


def test_the_upload_form_carries_its_progress_labels(client: TestClient) -> None:
    page = client.get("/import?lang=en").text
    assert "upload.js" in page
    assert 'data-label="Uploading {done} of {total} MB ({rate} MB/s)"' in page
