"""Diagnosis and advice with evidence: an account across the study's capability areas and
rhythm, judged against its cohort and its own history, and ranked recommendations that cite
the lives, minutes and lines they rest on (``siaran advise``, docs/en/advice.md)."""

from siaran.advice.diagnose import MIN_LIVES, advise, advise_all, diagnose
from siaran.advice.model import (
    AREAS,
    Advice,
    Area,
    Effect,
    Evidence,
    Indicator,
    Recommendation,
)
from siaran.advice.sources import SOURCES, AdviceData, Source

__all__ = [
    "AREAS",
    "MIN_LIVES",
    "SOURCES",
    "Advice",
    "AdviceData",
    "Area",
    "Effect",
    "Evidence",
    "Indicator",
    "Recommendation",
    "Source",
    "advise",
    "advise_all",
    "diagnose",
]
