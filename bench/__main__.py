"""`python -m bench [name …] [-- options]`: run the named benchmarks (default: all of them).

Each benchmark is a module of this package with a `main(argv) -> int`; add one to BENCHMARKS."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "cpu": "bench.cpu",  # in-process per-request CPU and queries per page, as a ratio to the floor
    "deadlines": "bench.deadlines",  # the reminder sweep: 1 % of a million clocks due, then ten times more stored
    "load": "bench.load",
    "uploads": "bench.uploads",  # crafted rosters and attachments refused; a 5,000-row roster imported  # seeded data, gunicorn, pages at 1/10/50 users against the floor (p50/p95/p99)
}


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    status = 0
    for name in names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        status |= importlib.import_module(BENCHMARKS[name]).main(options)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
