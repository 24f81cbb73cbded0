"""The errors casework requests raise besides bad input files."""

from __future__ import annotations

from siaran.errors import SiaranError, UsageError


class CaseworkError(SiaranError):
    """A casework request that cannot be carried out as asked (unknown code, bad offsets...)."""

    exit_code = 1


class NotFoundError(UsageError):
    """A case, document, code, excerpt, memo or suggestion that does not exist."""
