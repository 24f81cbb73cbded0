"""Refresh the dashboard's vendored scripts (htmx, Plotly) from their npm packages.

The files, their versions, licences and checksums are listed in
``src/siaran/web/static/vendor/vendored.toml``. This script fetches each package with the
ordinary npm client (``npm pack``), copies the script and its licence file next to the manifest
and writes the new checksum into it. Nothing is run from the package.

    python scripts/refresh_vendored_js.py                  # the versions in the manifest
    python scripts/refresh_vendored_js.py plotly=4.2.0     # move one script to a new version
    python scripts/refresh_vendored_js.py --check          # only compare files with checksums

After a refresh, look at the upstream changelog, run the web tests (including ``-m browser``)
and commit the files together with the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "siaran" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "vendored.toml"
FIELDS = ("file", "package", "version", "path", "licence", "licence_file", "sha256")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(entries: dict[str, dict[str, str]]) -> list[str]:
    """The names whose file (or licence file) is missing or differs from its checksum."""
    bad = []
    for name, entry in entries.items():
        script, licence = VENDOR / entry["file"], VENDOR / entry["licence_file"]
        if not script.is_file() or not licence.is_file() or sha256(script) != entry["sha256"]:
            bad.append(name)
    return bad


def fetch(entry: dict[str, str]) -> None:
    """Copy the script and licence of ``entry``'s package version into the vendor folder and
    set its checksum."""
    with tempfile.TemporaryDirectory() as folder:
        spec = f"{entry['package']}@{entry['version']}"
        found = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", folder],
            check=True,
            capture_output=True,
            text=True,
        )
        archive = Path(folder) / found.stdout.strip().splitlines()[-1]
        with tarfile.open(archive) as tar:
            for inside, target in (
                (entry["path"], entry["file"]),
                ("LICENSE", entry["licence_file"]),
            ):
                member = tar.extractfile(f"package/{inside}")
                if member is None:
                    raise SystemExit(f"{spec} has no {inside}")
                (VENDOR / target).write_bytes(member.read())
    entry["sha256"] = sha256(VENDOR / entry["file"])


def write_manifest(entries: dict[str, dict[str, str]]) -> None:
    head = MANIFEST.read_text(encoding="utf-8").split("\n[", 1)[0].rstrip("\n")
    blocks = [
        f"[{name}]\n" + "".join(f'{key} = "{entry[key]}"\n' for key in FIELDS)
        for name, entry in entries.items()
    ]
    MANIFEST.write_text(head + "\n\n" + "\n".join(blocks), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("versions", nargs="*", help="NAME=VERSION to move a script to")
    parser.add_argument("--check", action="store_true", help="only compare with checksums")
    args = parser.parse_args(argv)
    entries: dict[str, dict[str, str]] = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    if args.check:
        bad = check(entries)
        for name in bad:
            print(f"{name}: differs from its checksum in {MANIFEST.name}", file=sys.stderr)
        return 1 if bad else 0
    for change in args.versions:
        name, _, version = change.partition("=")
        if name not in entries or not version:
            parser.error(f"{change!r}: expected NAME=VERSION with NAME in {sorted(entries)}")
        entries[name]["version"] = version
    for name, entry in entries.items():
        fetch(entry)
        print(f"{name} {entry['version']}: {entry['sha256']}")
    write_manifest(entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
