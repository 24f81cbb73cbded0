"""How siaran resamples: one seed and one count for every bootstrap interval and permutation
test (the cohort comparison, the dashboard's, the talk tagger's F1 intervals), so that the same
data always give the same figures, whichever command or page shows them."""

from __future__ import annotations

from typing import Final

SEED: Final = 20260704
RESAMPLES: Final = 2000
