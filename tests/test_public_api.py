from __future__ import annotations

import subprocess
import sys

import siaran


def test_all_names_exist() -> None:
    for name in siaran.__all__:
        assert hasattr(siaran, name), name


def test_import_siaran_stays_light() -> None:
    # Heavy or optional dependencies load where they are used (STYLE.md, rule 4).
    code = (
        "import sys, siaran, siaran.cli; "
        "heavy = [m for m in ('ibis', 'pyarrow', 'openpyxl', 'numpy', 'pyspark') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_never_imports_the_cli_or_web_layer() -> None:
    from pathlib import Path

    root = Path(siaran.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.is_relative_to(root / "cli") or path.is_relative_to(root / "web"):
            continue
        source = path.read_text(encoding="utf-8")
        if "siaran.cli" in source or "siaran.web" in source:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
