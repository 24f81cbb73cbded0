"""``siaran case|doc|code|excerpt|memo|suggest|matrix|agreement|audit|qdpx|qdc``: the
case-study workbench. Thin adapters over :mod:`siaran.casework`, one module per concept;
importing this package registers every command on the shared app."""

from siaran.cli.casework import (  # noqa: F401
    analysis,
    audit_trail,
    cases,
    codebook,
    documents,
    excerpts,
    exchange,
    memos,
    suggestions,
)
