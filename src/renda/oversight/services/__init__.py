"""Writes of presidium work in recess, one module per concern; this package re-exports the public names."""

from .appraisal import *  # noqa: F403  (its __all__: the station appraisal's steps)
from .rectification import *  # noqa: F403  (its __all__: the rectification items' steps)
