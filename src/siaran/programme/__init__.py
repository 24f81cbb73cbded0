"""The programme's view (coaches, agencies, local-government programmes): coaching sessions
recorded per account (:mod:`~siaran.programme.coaching`), the training-needs matrix of a
cohort (:mod:`~siaran.programme.needs`), the programme's impact with staggered starts
(:mod:`~siaran.programme.impact`, the method in :mod:`~siaran.programme.staggered`, its proof
by simulation in :mod:`~siaran.programme.simulation`) and the funder's report
(:mod:`~siaran.programme.report`)."""

from siaran.programme.coaching import (
    CoachingError,
    CoachingSession,
    add_session,
    import_sessions,
    list_sessions,
)
from siaran.programme.impact import AREA_KPIS, Impact, ProgrammeImpact, programme_impact
from siaran.programme.needs import NeedsMatrix, needs_matrix

__all__ = [
    "AREA_KPIS",
    "CoachingError",
    "CoachingSession",
    "Impact",
    "NeedsMatrix",
    "ProgrammeImpact",
    "add_session",
    "import_sessions",
    "list_sessions",
    "needs_matrix",
    "programme_impact",
]
