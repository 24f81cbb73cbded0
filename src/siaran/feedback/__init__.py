"""Customer feedback: buyers' product reviews without their names, tagged with feedback cues,
measured as the platforms measure them, and linked to the orders and lives they came from.

- :func:`import_review_file`: a review file into the workspace (:mod:`siaran.feedback.importer`;
  the layout in :mod:`siaran.feedback.columns`, any other through a review mapping,
  :mod:`siaran.feedback.mapping`).
- :func:`tag_review`: the feedback cues of a review's text and their polarity
  (:mod:`siaran.feedback.tagger`, definitions in :mod:`siaran.feedback.cues`), and
  :func:`evaluate_feedback`: how well they are tagged (:mod:`siaran.feedback.evaluation`).
- :func:`feedback_overview` (and :func:`list_reviews`, :func:`live_complaints`): negative
  review rates over 7 and 30 days, cue counts, reviews linked to orders and lives, and
  complaints raised in live comments beside reviews of the same products
  (:mod:`siaran.feedback.measures`, :mod:`siaran.feedback.complaints`).
"""

from __future__ import annotations

from siaran.feedback.complaints import LiveComplaint, live_complaints
from siaran.feedback.cues import CUES, FeedbackCue, Polarity
from siaran.feedback.evaluation import FeedbackEvalReport, evaluate_feedback
from siaran.feedback.importer import (
    ReviewImportReport,
    import_review_file,
    is_review_export,
    is_review_header,
)
from siaran.feedback.mapping import is_review_mapping
from siaran.feedback.measures import CueCount, FeedbackSummary, LiveFeedback
from siaran.feedback.overview import FeedbackOverview, feedback_overview
from siaran.feedback.records import ReviewRecord, list_reviews
from siaran.feedback.tagger import FeedbackTags, tag_review

__all__ = [
    "CUES",
    "CueCount",
    "FeedbackCue",
    "FeedbackEvalReport",
    "FeedbackOverview",
    "FeedbackSummary",
    "FeedbackTags",
    "LiveComplaint",
    "LiveFeedback",
    "Polarity",
    "ReviewImportReport",
    "ReviewRecord",
    "evaluate_feedback",
    "feedback_overview",
    "import_review_file",
    "is_review_export",
    "is_review_header",
    "is_review_mapping",
    "list_reviews",
    "live_complaints",
    "tag_review",
]
