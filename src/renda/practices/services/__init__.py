"""Writes of the practice library and the six-haves self-assessment, one module per aggregate; this package
re-exports the public names."""

from .adoptions import *  # noqa: F403  (its __all__: a town's adoption and its files)
from .practices import *  # noqa: F403  (its __all__: the practice's steps)
from .sixhaves import *  # noqa: F403  (its __all__: the self-assessment's steps)
