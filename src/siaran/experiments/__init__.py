"""Experiments: a change a seller made, and whether it worked."""
