from __future__ import annotations

import pytest

from siaran import casework as cw
from siaran.casework.db import CaseworkError
from siaran.workspace import Workspace
from tests.casework.conftest import span

GREETING = "Session design for attention and engagement/Persuasive greeting and opening"
DEMO = "Transparency and demonstration as the basis of trust/Product demonstration"
PROCESS = "Transparency and demonstration as the basis of trust/Showing the production process"


def test_overlapping_codes_and_several_coders(coded: Workspace) -> None:
    text = cw.document_text(coded, 1) or ""
    a = cw.add_excerpt(coded, 1, *span(text, "Halo kak"), [GREETING], coder="ana")
    b = cw.add_excerpt(coded, 1, *span(text, "kak, selamat datang"), [GREETING, DEMO], coder="budi")
    assert a["coder"] == "ana" and b["coder"] == "budi"
    assert b["codes"] == sorted([GREETING, DEMO])
    again = cw.add_excerpt(coded, 1, *span(text, "Halo kak"), [DEMO], coder="ana")
    assert again["id"] == a["id"] and len(again["codings"]) == 2
    assert [e["id"] for e in cw.list_excerpts(coded, code="Product demonstration")] == [
        a["id"],
        b["id"],
    ]
    theme = "Transparency and demonstration as the basis of trust"
    assert len(cw.list_excerpts(coded, code=theme)) == 2  # sub-codes count for their theme


def test_offsets_outside_the_document_are_reported_not_clipped(coded: Workspace) -> None:
    length = len(cw.document_text(coded, 1) or "")
    for start, end in ((0, length + 1), (-1, 3), (5, 5), (9, 4)):
        with pytest.raises(CaseworkError) as caught:
            cw.add_excerpt(coded, 1, start, end, [GREETING], coder="ana")
        assert caught.value.key == "casework.excerpt.out_of_range"
        assert str(length) in caught.value.message("en")
    assert cw.list_excerpts(coded) == []
    assert cw.add_excerpt(coded, 1, 0, length, [GREETING], coder="ana")["end"] == length


def test_uncode_removes_the_coding_and_the_empty_excerpt(coded: Workspace) -> None:
    excerpt = cw.add_excerpt(coded, 1, 0, 8, [GREETING, DEMO], coder="ana")
    cw.uncode(coded, excerpt["id"], code=DEMO, actor="ana")
    assert cw.list_excerpts(coded)[0]["codes"] == [GREETING]
    result = cw.uncode(coded, excerpt["id"], actor="ana", rationale="not a greeting after all")
    assert result["excerpt_removed"] is True
    assert cw.list_excerpts(coded) == []
    assert cw.audit_log(coded, action="uncode")[-1]["rationale"] == "not a greeting after all"


def test_merge_moves_excerpts_children_and_memos(coded: Workspace) -> None:
    text = cw.document_text(coded, 1) or ""
    first = cw.add_excerpt(coded, 1, *span(text, "proses produksi"), [PROCESS], coder="ana")
    both = cw.add_excerpt(coded, 1, *span(text, "opak asli"), [PROCESS, DEMO], coder="ana")
    cw.add_code(coded, "Kitchen", parent=PROCESS)
    cw.add_memo(coded, "about process", kind="code", target=PROCESS)
    merged = cw.merge_codes(coded, PROCESS, DEMO, actor="ana", rationale="same idea")
    assert merged["codings"] == 2  # the duplicate on `both` is dropped, not doubled
    assert {e["id"] for e in cw.list_excerpts(coded, code=DEMO)} == {first["id"], both["id"]}
    paths = [c["path"] for c in cw.list_codes(coded)]
    assert PROCESS not in paths and f"{DEMO}/Kitchen" in paths
    assert cw.list_memos(coded, kind="code")[0]["target"] == DEMO
    detail = cw.audit_log(coded, action="merge")[-1]["detail"]
    assert detail["codings_moved"] == 1 and detail["duplicates_dropped"] == 1


def test_split_moves_only_the_chosen_excerpts(coded: Workspace) -> None:
    text = cw.document_text(coded, 1) or ""
    keep = cw.add_excerpt(coded, 1, *span(text, "opak asli"), [DEMO], coder="ana")
    move = cw.add_excerpt(coded, 1, *span(text, "proses produksi"), [DEMO], coder="ana")
    new = cw.split_code(coded, DEMO, "Production demonstration", [move["id"]], actor="ana")
    assert new["path"].endswith("/Production demonstration")
    assert [e["id"] for e in cw.list_excerpts(coded, code=DEMO)] == [keep["id"]]
    assert [e["id"] for e in cw.list_excerpts(coded, code=new["id"])] == [move["id"]]
    with pytest.raises(CaseworkError):
        cw.split_code(coded, DEMO, "Other", [move["id"]])


def test_rename_move_and_refusals(coded: Workspace) -> None:
    renamed = cw.rename_code(coded, GREETING, "Opening hook")
    assert renamed["path"].endswith("/Opening hook")
    with pytest.raises(CaseworkError):
        cw.rename_code(coded, "Opening hook", "Visual display")  # sibling already has the name
    with pytest.raises(CaseworkError):
        cw.move_code(coded, "Session design for attention and engagement", "Opening hook")
    moved = cw.move_code(coded, "Opening hook", None)
    assert moved["depth"] == 0 and moved["theme"] == "Opening hook"
    cw.add_excerpt(coded, 1, 0, 4, ["Opening hook"], coder="ana")
    with pytest.raises(CaseworkError):
        cw.remove_code(coded, "Opening hook")


def test_starter_codebooks_are_shipped_and_editable(workspace: Workspace) -> None:
    study = cw.load_starter_codebook(workspace, "study")
    themes = [c for c in study if c["depth"] == 0]
    assert len(themes) == 5
    assert all(c["description"] for c in study)
    assert cw.load_starter_codebook(workspace, "study") == []  # loading twice adds nothing
    aida = cw.load_starter_codebook(workspace, "aida")
    assert [c["name"] for c in aida if c["depth"] == 0] == [
        "Attention",
        "Interest",
        "Desire",
        "Action",
    ]
    seven = cw.load_starter_codebook(workspace, "7p")
    assert len([c for c in seven if c["depth"] == 0]) == 7
    updated = cw.update_code(workspace, "Attention", description="Hook", color="#abc")
    assert updated["description"] == "Hook" and updated["color"] == "#ABC"


def test_example_cases_carry_only_published_attributes(workspace: Workspace) -> None:
    cases = cw.load_example_cases(workspace, actor="ana")
    assert len(cases) == 10
    by_name = {c["name"]: c for c in cases}
    assert by_name["Keylaafood"]["attributes"] == {
        "channel": "TikTok Shop LIVE",
        "cited_source": "FastMoss, 2026",
        "data_basis": "Rekam metrik sesi LIVE dan analitik toko",
        "location": "Kemranjen",
        "sector": "kuliner",
    }
    assert "location" not in by_name["Toko Pradipta"]["attributes"]
    assert all(c["accounts"] == [] for c in cases)
    assert cw.load_example_cases(workspace) == []


def test_typed_attributes_and_account_links(workspace: Workspace) -> None:
    import datetime as dt

    case = cw.add_case(
        workspace,
        "Toko A",
        attributes={"founded": 2019, "since": dt.date(2024, 3, 1)},
        accounts=["toko.a"],
    )
    assert case["attributes"] == {"founded": 2019, "since": dt.date(2024, 3, 1)}
    with pytest.raises(CaseworkError):
        cw.set_attribute(workspace, "Toko A", "founded", "lama")
    cw.set_attribute(workspace, "Toko A", "founded", "2020")
    assert cw.get_case(workspace, "toko a")["attributes"]["founded"] == 2020
    assert cw.link_account(workspace, "Toko A", "toko.b")["accounts"] == ["toko.a", "toko.b"]
    assert cw.link_account(workspace, 1, "toko.a", unlink=True)["accounts"] == ["toko.b"]
    with pytest.raises(CaseworkError):
        cw.add_case(workspace, "toko a")


def test_memos_on_every_target_and_the_journal(coded: Workspace) -> None:
    excerpt = cw.add_excerpt(coded, 1, 0, 4, [GREETING], coder="ana")
    cw.add_memo(coded, "Project aim", author="ana")
    cw.add_memo(coded, "Rawalo visit", kind="case", target="Opak Izul Berkah", author="ana")
    cw.add_memo(coded, "Transcript quality", kind="document", target=1, author="ana")
    cw.add_memo(coded, "Greeting defined", kind="code", target=GREETING, author="ana")
    cw.add_memo(coded, "Warm tone", kind="excerpt", target=excerpt["id"], author="budi")
    cw.add_memo(coded, "I sell online myself; watch for bias.", kind="journal", author="ana")
    kinds = [m["kind"] for m in cw.list_memos(coded)]
    assert kinds == ["project", "case", "document", "code", "excerpt", "journal"]
    assert cw.list_memos(coded, kind="case")[0]["target"] == "Opak Izul Berkah"
    assert len(cw.audit_log(coded, action="memo")) == 6
    with pytest.raises(CaseworkError):
        cw.add_memo(coded, "x", kind="code")


def test_many_spans_are_coded_together_or_not_at_all(coded: Workspace) -> None:
    text = cw.document_text(coded, 1)
    assert text is not None
    first = span(text, "Halo kak, selamat datang di live kami!")
    good = cw.Span(*first, ["Persuasive greeting and opening"], "ana")
    bad = cw.Span(0, len(text) + 5, ["Product demonstration"], "budi")
    with pytest.raises(CaseworkError):
        cw.add_excerpts(coded, 1, [good, bad])
    assert cw.list_excerpts(coded) == []
    made = cw.add_excerpts(coded, 1, [good, cw.Span(*first, ["Visual display"], "budi")])
    assert [e["coder"] for e in cw.list_excerpts(coded)] == ["ana", "budi"]
    assert len(made) == 2
    assert [e["action"] for e in cw.audit_log(coded)][-2:] == ["code", "code"]
