"""Customer feedback: buyers' product reviews without their names, tagged with feedback cues,
measured as the platforms measure them, and linked to the orders and lives they came from.

- :func:`import_review_file`: a review file into the workspace (:mod:`siaran.feedback.importer`;
  the layout in :mod:`siaran.feedback.columns`, any other through a review mapping,
  :mod:`siaran.feedback.mapping`).
- :func:`tag_review`: the feedback cues of a review's text and their polarity
  (:mod:`siaran.feedback.tagger`, definitions in :mod:`siaran.feedback.cues`), and
  :func:`evaluate_feedback`: how well they are tagged (:mod:`siaran.feedback.evaluation`).
- :func:`feedback_summary` and friends: negative review rates over 7 and 30 days, cue counts,
  reviews linked to orders and lives, and complaints raised in live comments beside reviews of
  the same products (:mod:`siaran.feedback.measures`).
"""

from __future__ import annotations

from siaran.feedback.cues import CUES, FeedbackCue, Polarity
from siaran.feedback.evaluation import FeedbackEvalReport, evaluate_feedback
from siaran.feedback.importer import (
    ReviewImportReport,
    import_review_file,
    is_review_export,
    is_review_grid,
    read_sheet_grid,
)
from siaran.feedback.mapping import is_review_mapping
from siaran.feedback.tagger import FeedbackTags, tag_review

__all__ = [
    "CUES",
    "FeedbackCue",
    "FeedbackEvalReport",
    "FeedbackTags",
    "Polarity",
    "ReviewImportReport",
    "evaluate_feedback",
    "import_review_file",
    "is_review_export",
    "is_review_grid",
    "is_review_mapping",
    "read_sheet_grid",
    "tag_review",
]
