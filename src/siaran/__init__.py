"""siaran: a live-commerce strategy lab.

The public API is re-exported here; everything else lives in private-by-convention modules.
"""

from siaran.errors import BadInputError, Problem, SiaranError, UsageError

__version__ = "0.1.0"

__all__ = [
    "BadInputError",
    "Problem",
    "SiaranError",
    "UsageError",
    "__version__",
]
