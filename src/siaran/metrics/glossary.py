"""The KPI glossary, generated from the registry for the report, the web app and the docs.

``docs/en/kpis.md`` and ``docs/id/kpi.md`` are written by this module and never by hand; a test
fails when they differ from :func:`render_markdown`. Regenerate them with::

    python -m siaran.metrics.glossary --write
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from siaran.i18n import LANGUAGES, Lang, text
from siaran.metrics.registry import KPIS, Level

DOC_PATHS: Final[dict[Lang, str]] = {"en": "docs/en/kpis.md", "id": "docs/id/kpi.md"}
GLOSSARY_LEVELS: Final[tuple[Level, ...]] = (
    "session",
    "rollup",
    "timeline",
    "ecosystem",
    "operations",
    "feedback",
)
COMPARE_RULES: Final = (
    "minimum", "interval", "direction", "strength", "within", "currency", "basis", "leftout",
)  # fmt: skip
"""The rules of ``siaran compare`` (siaran.metrics.verdict and .money), one bullet each."""


def glossary(lang: Lang) -> list[dict[str, str]]:
    """Every KPI as ``name, level, unit, formula, follows, explanation`` in ``lang``."""
    return [
        {
            "name": item.name,
            "level": item.level,
            "unit": item.unit,
            "formula": item.formula,
            "follows": item.follows_in(lang),
            "explanation": item.explain(lang),
        }
        for item in KPIS
    ]


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_markdown(lang: Lang) -> str:
    """The glossary page in ``lang`` (the committed docs are exactly this)."""
    headers = ("name", "unit", "formula", "follows", "explanation")
    lines = [
        f"# {text('kpi.glossary.title', lang)}",
        "",
        f"> {text('kpi.glossary.generated', lang)}",
        "",
        text("kpi.glossary.intro", lang),
        "",
        text("kpi.glossary.notation", lang),
    ]
    entries = glossary(lang)
    for level in GLOSSARY_LEVELS:
        lines += ["", f"## {text(f'kpi.glossary.{level}', lang)}", ""]
        if level == "rollup":
            lines += [text("kpi.glossary.rollup_note", lang), ""]
        if level in ("timeline", "operations", "ecosystem", "feedback"):
            lines += [text(f"kpi.glossary.{level}_note", lang), ""]
        lines.append("| " + " | ".join(text(f"kpi.glossary.col_{h}", lang) for h in headers) + " |")
        lines.append("|" + "---|" * len(headers))
        for entry in (e for e in entries if e["level"] == level):
            cells = (
                f"`{entry['name']}`",
                text(f"kpi.unit.{entry['unit']}", lang),
                f"`{_cell(entry['formula'])}`",
                _cell(entry["follows"]),
                _cell(entry["explanation"]),
            )
            lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"## {text('kpi.glossary.compare', lang)}",
        "",
        text("kpi.glossary.compare_intro", lang),
        "",
    ]
    lines += [f"- {text(f'kpi.glossary.compare_rule.{rule}', lang)}" for rule in COMPARE_RULES]
    return "\n".join(lines) + "\n"


def project_root() -> Path:
    """The source checkout this module lives in (the folder holding ``pyproject.toml``)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file() and (folder / "docs").is_dir():
            return folder
    return Path.cwd()


def write_docs(root: Path | None = None) -> list[Path]:
    """Write the glossary pages under ``root`` (default: the checkout); returns their paths."""
    base = root or project_root()
    written = []
    for lang in LANGUAGES:
        path = base / DOC_PATHS[lang]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_markdown(lang), encoding="utf-8")
        written.append(path)
    return written


def stale_docs(root: Path | None = None) -> list[Path]:
    """The committed glossary pages that differ from the registry."""
    base = root or project_root()
    stale = []
    for lang in LANGUAGES:
        path = base / DOC_PATHS[lang]
        if not path.is_file() or path.read_text(encoding="utf-8") != render_markdown(lang):
            stale.append(path)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m siaran.metrics.glossary", description="The KPI glossary."
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write docs/en and docs/id pages")
    action.add_argument("--check", action="store_true", help="exit 1 if the pages are stale")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language to print")
    parser.add_argument("--root", type=Path, default=None, help="checkout folder")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_docs(args.root):
            print(path)
        return 0
    if args.check:
        stale = stale_docs(args.root)
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(render_markdown(args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
