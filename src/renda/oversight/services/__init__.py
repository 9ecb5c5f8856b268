"""Writes of presidium work in recess, one module per concern; this package re-exports the public names."""
