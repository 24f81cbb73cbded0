"""The vendored scripts: each file is what its manifest says (version, licence, checksum), and
the app serves exactly those bytes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from siaran.web.assets import ASSETS, AssetStore

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "siaran" / "web" / "static" / "vendor"
MANIFEST = tomllib.loads((VENDOR / "vendored.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_vendored_file_matches_its_manifest(name: str) -> None:
    entry = MANIFEST[name]
    body = (VENDOR / entry["file"]).read_bytes()
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    licence = (VENDOR / entry["licence_file"]).read_text(encoding="utf-8")
    expected = {"MIT": "MIT License", "0BSD": "Zero-Clause BSD"}[entry["licence"]]
    assert expected in licence
    # Plotly names its version in a banner, the minified htmx in its source.
    marker = {"plotly": f"plotly.js v{entry['version']}", "htmx": f'version:"{entry["version"]}"'}
    assert marker[name].encode() in body


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_the_app_serves_the_vendored_bytes(name: str) -> None:
    entry = MANIFEST[name]
    package, path, _ = ASSETS[entry["file"]]
    assert (package, path) == ("siaran.web", f"static/vendor/{entry['file']}")
    served = AssetStore().get(entry["file"])
    assert served is not None
    assert served.body == (VENDOR / entry["file"]).read_bytes()


def test_refresh_script_checks_without_the_network() -> None:
    script = ROOT / "scripts" / "refresh_vendored_js.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
