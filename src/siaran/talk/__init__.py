"""Transcripts and comments: cue tagging, phases, questions and answers, session scorecard.

siaran does no speech recognition: transcripts are made elsewhere (docs/en/talk.md) and read
here. Tagging is rule based, from editable lexicon files (``lexicons/``); no model is loaded.
"""

from siaran.talk.comments import Comment, as_comments, read_comments
from siaran.talk.cues import COMMENT_CUES, HOST_CUES, Kind
from siaran.talk.evaluation import EvalReport, evaluate
from siaran.talk.lexicon import Lexicon, load_lexicon
from siaran.talk.moments import moments_with_talk
from siaran.talk.phases import PHASES
from siaran.talk.qa import QaSummary, QuestionLink
from siaran.talk.scorecard import Check, Finding, LineRef, Scorecard, Suggestion
from siaran.talk.scoring import score_session
from siaran.talk.storage import (
    list_scorecards,
    load_scorecard,
    save_scorecard,
    save_scorecards,
)
from siaran.talk.tagger import TaggedLine, tag_lines
from siaran.talk.transcripts import Transcript, TranscriptLine, read_transcript

__all__ = [
    "COMMENT_CUES",
    "HOST_CUES",
    "PHASES",
    "Check",
    "Comment",
    "EvalReport",
    "Finding",
    "Kind",
    "Lexicon",
    "LineRef",
    "QaSummary",
    "QuestionLink",
    "Scorecard",
    "Suggestion",
    "TaggedLine",
    "Transcript",
    "TranscriptLine",
    "as_comments",
    "evaluate",
    "list_scorecards",
    "load_lexicon",
    "load_scorecard",
    "moments_with_talk",
    "read_comments",
    "read_transcript",
    "save_scorecard",
    "save_scorecards",
    "score_session",
    "tag_lines",
]
