"""Writes of district–town joint action, one module per aggregate; this package re-exports the public names."""

from .campaigns import *  # noqa: F403  (its __all__: the campaign's steps)
from .invitations import *  # noqa: F403  (its __all__: district events and the chairs' invitations)
from .meetings import *  # noqa: F403  (its __all__: exchange meetings, papers, experiences)
from .tasks import *  # noqa: F403  (its __all__: the town task's step)
