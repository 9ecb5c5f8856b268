"""The project level above every app: the data commands that reach across all of them.

`renda demo` (the demo district: the registry's, then each app's demo data) and `renda seed` (realistic data
at district, city or province scale for load tests, `generate.seed()`). An installed app with no models, last
in INSTALLED_APPS; nothing imports it (core and the apps stay below it)."""
