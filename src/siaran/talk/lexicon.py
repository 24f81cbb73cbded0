"""Lexicons and rules: editable TOML data files, loaded and checked once.

A lexicon folder holds ``rules.toml`` (which features make which cue, per kind) and any number
of ``terms.*.toml`` files (``terms.id.toml``, ``terms.en.toml``, ...), each with a
``[features]`` table of named term lists, an optional ``not_typos`` list and an optional
``[spellings]`` table (``belum = ["blm", "blom", "durung"]``: other ways of writing a word, read
as that word in lines and terms alike; :mod:`siaran.talk.matcher`). Feature lists of the same
name in several files are merged, so Indonesian, English and Javanese terms for one idea live
in their own files under one name; so are spellings, and a form given to two words is refused.

A rule is a list of clauses; a cue fires when any clause holds. A clause holds when every
feature of ``all`` is in the line (or, written ``any``, at least one) and none of ``none`` is.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

from siaran.errors import BadInputError, Problem
from siaran.talk.cues import KINDS, OTHER, Kind, cues_of
from siaran.talk.matcher import Matcher, Term, parse_term

RULES_FILE: Final = "rules.toml"
_FEATURE_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*$")
_TOML_LINE: Final = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class Clause:
    all: tuple[str, ...]
    none: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    matcher: Matcher
    rules: dict[Kind, dict[str, tuple[Clause, ...]]]
    features: dict[str, tuple[Term, ...]]
    source: str

    def terms(self) -> int:
        return sum(len(terms) for terms in self.features.values())


def default_lexicon_folder() -> Traversable:
    return resources.files("siaran.talk") / "lexicons"


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with siaran (loaded once per process)."""
    return _load(default_lexicon_folder(), "siaran.talk/lexicons")


def load_lexicon(folder: Path | str | None = None) -> Lexicon:
    """The lexicon in ``folder`` (``rules.toml`` + ``terms.*.toml``), or the shipped one."""
    if folder is None:
        return default_lexicon()
    path = Path(folder)
    if not (path / RULES_FILE).is_file():
        raise BadInputError("talk.lexicon.no_rules", path=path)
    return _load(path, str(path))


def _read_toml(entry: Traversable, problems: list[Problem]) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = _TOML_LINE.search(str(exc))
        problems.append(
            Problem(
                "talk.reason.bad_toml",
                row=int(line.group(1)) if line else None,
                params={"reason": str(exc)},
            )
        )
        return {}


def _load(folder: Traversable, name: str) -> Lexicon:
    features: dict[str, list[Term]] = {}
    not_typos: list[str] = []
    spellings: dict[str, str] = {}
    files = sorted(
        (e for e in folder.iterdir() if e.name.startswith("terms.") and e.name.endswith(".toml")),
        key=lambda e: e.name,
    )
    for entry in files:
        problems: list[Problem] = []
        document = _read_toml(entry, problems)
        table = document.get("features", {})
        if not isinstance(table, dict):
            problems.append(Problem("talk.reason.features_not_table"))
            table = {}
        for feature, written in table.items():
            if not _FEATURE_NAME.match(feature) or not isinstance(written, list):
                problems.append(Problem("talk.reason.bad_feature", value=feature))
                continue
            for item in written:
                try:
                    features.setdefault(feature, []).append(parse_term(feature, str(item)))
                except re.error as exc:
                    problems.append(
                        Problem("talk.reason.bad_pattern", value=str(item), params={"reason": exc})
                    )
        not_typos.extend(str(w) for w in document.get("not_typos", []))
        _spellings(document.get("spellings", {}), spellings, problems)
        _raise(f"{name}/{entry.name}", problems)
    rules = _rules(folder / RULES_FILE, f"{name}/{RULES_FILE}", set(features))
    frozen = {k: tuple(v) for k, v in features.items()}
    terms = [term for group in frozen.values() for term in group]
    return Lexicon(Matcher.build(terms, not_typos, spellings), rules, frozen, name)


def _spellings(table: Any, spellings: dict[str, str], problems: list[Problem]) -> None:
    if not isinstance(table, dict):
        problems.append(Problem("talk.reason.bad_spelling", value="spellings"))
        return
    for word, forms in table.items():
        if not isinstance(forms, list) or not _FEATURE_NAME.match(str(word)):
            problems.append(Problem("talk.reason.bad_spelling", value=str(word)))
            continue
        for form in (str(f).strip().lower() for f in forms):
            known = spellings.get(form)
            if (known is not None and known != word) or not form.isalnum() or form == word:
                problems.append(Problem("talk.reason.bad_spelling", value=f"{word}: {form}"))
            else:
                spellings[form] = word


def _rules(
    entry: Traversable, name: str, known: set[str]
) -> dict[Kind, dict[str, tuple[Clause, ...]]]:
    problems: list[Problem] = []
    document = _read_toml(entry, problems)
    out: dict[Kind, dict[str, tuple[Clause, ...]]] = {}
    for kind in KINDS:
        table = document.get(kind, {})
        cues = set(cues_of(kind)) - {OTHER}
        out[kind] = {}
        for cue, clauses in table.items():
            if cue not in cues:
                problems.append(
                    Problem("talk.reason.unknown_cue", value=cue, params={"kind": kind})
                )
                continue
            out[kind][cue] = tuple(_clauses(cue, clauses, known, problems))
        for cue in sorted(cues - set(out[kind])):
            problems.append(
                Problem("talk.reason.cue_without_rule", value=cue, params={"kind": kind})
            )
    _raise(name, problems)
    return out


def _clauses(cue: str, written: Any, known: set[str], problems: list[Problem]) -> Iterable[Clause]:
    for item in written if isinstance(written, list) else [written]:
        if not isinstance(item, dict) or not ({"all", "any"} & item.keys()):
            problems.append(Problem("talk.reason.bad_clause", value=cue))
            continue
        none = tuple(item.get("none", ()))
        names = [*item.get("all", ()), *item.get("any", ()), *none]
        for feature in names:
            if feature not in known:
                problems.append(
                    Problem("talk.reason.unknown_feature", value=feature, params={"cue": cue})
                )
        if "all" in item:
            yield Clause(tuple(item["all"]), none)
        for feature in item.get("any", ()):
            yield Clause((feature,), none)


def _raise(name: str, problems: list[Problem]) -> None:
    if problems:
        raise BadInputError("talk.lexicon.bad", path=name, problems=problems)
