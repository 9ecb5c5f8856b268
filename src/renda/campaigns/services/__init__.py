"""Writes of district–town joint action, one module per aggregate; this package re-exports the public names."""

from .campaigns import *  # noqa: F403  (its __all__: the campaign's steps)
from .tasks import *  # noqa: F403  (its __all__: the town task's step)
