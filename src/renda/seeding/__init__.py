"""Realistic data at district, city or province scale for load tests (`renda seed`).

A plain package, not a Django app: it has no models. See `generate.seed()`."""
