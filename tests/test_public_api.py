from __future__ import annotations

import subprocess
import sys

import siaran


def test_all_names_exist() -> None:
    for name in siaran.__all__:
        assert hasattr(siaran, name), name


def test_import_siaran_stays_light() -> None:
    # Heavy or optional dependencies load where they are used (docs/architecture.md, house rules).
    code = (
        "import sys, siaran, siaran.cli; "
        "heavy = [m for m in ('ibis', 'pyarrow', 'openpyxl', 'numpy', 'pyspark') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
