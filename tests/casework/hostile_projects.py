"""Hostile REFI-QDA files, built inside the tests: a zip bomb of source texts, codes nested past
any sane depth, an external entity and the billion-laughs entity expansion."""

from __future__ import annotations

import zipfile
from pathlib import Path

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_HEAD = '<?xml version="1.0" encoding="utf-8"?>'


def guid(kind: int, number: int) -> str:
    """A valid REFI-QDA guid, distinct per ``kind`` and ``number``."""
    return f"{kind:08x}-0000-4000-8000-{number:012x}"


def nested_codes_xml(depth: int) -> str:
    """``depth`` codes, each the only child of the one before."""
    opening = "".join(
        f'<Code guid="{guid(1, level)}" name="level {level}" isCodable="true">'
        for level in range(depth)
    )
    return opening + "</Code>" * depth


def nested_project(path: Path, depth: int) -> Path:
    """A ``.qdpx`` whose codebook nests ``depth`` codes."""
    qde = (
        f'{_HEAD}<Project xmlns="{PROJECT_NS}" name="deep">'
        f"<CodeBook><Codes>{nested_codes_xml(depth)}</Codes></CodeBook></Project>"
    )
    return write_qdpx(path, {"project.qde": qde.encode()})


def nested_codebook(path: Path, depth: int) -> Path:
    """A ``.qdc`` codebook nesting ``depth`` codes."""
    qdc = (
        f'{_HEAD}<CodeBook xmlns="{CODEBOOK_NS}" origin="test">'
        f"<Codes>{nested_codes_xml(depth)}</Codes></CodeBook>"
    )
    path.write_text(qdc, encoding="utf-8")
    return path


def text_bomb(path: Path, *, text_mb: int = 100, sources: int = 12) -> Path:
    """One highly compressible text of ``text_mb`` MB in the archive (about 100 KB zipped),
    named as the text of ``sources`` documents."""
    documents = "".join(
        f'<TextSource guid="{guid(2, n)}" name="doc {n}" plainTextPath="internal://big.txt"/>'
        for n in range(sources)
    )
    qde = (
        f'{_HEAD}<Project xmlns="{PROJECT_NS}" name="bomb"><Sources>{documents}</Sources></Project>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("project.qde", qde)
        with archive.open("sources/big.txt", "w", force_zip64=True) as member:
            chunk = b"a" * (1 << 20)
            for _ in range(text_mb):
                member.write(chunk)
    return path


def external_entity_project(path: Path, target: Path) -> Path:
    """A project whose code description is an external entity pointing at ``target``."""
    return _dtd_project(path, f'<!ENTITY secret SYSTEM "file://{target}">', "secret")


def billion_laughs_project(path: Path) -> Path:
    """The classic entity expansion: ten levels of ten references, 10^9 ``lol`` once expanded."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)]
    return _dtd_project(path, "".join(entities), "lol9")


def _dtd_project(path: Path, declarations: str, entity: str) -> Path:
    """A one-code project declaring ``declarations`` and using ``&entity;`` as the code's
    description."""
    qde = (
        f"{_HEAD}<!DOCTYPE Project [{declarations}]>"
        f'<Project xmlns="{PROJECT_NS}" name="dtd"><CodeBook><Codes>'
        f'<Code guid="{guid(1, 1)}" name="x" isCodable="true"><Description>&{entity};</Description>'
        "</Code></Codes></CodeBook></Project>"
    )
    return write_qdpx(path, {"project.qde": qde.encode()})


def write_qdpx(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path
