"""Chinese text search over suggestions through an index (docs/decisions/0003-chinese-search-index.md).

`Suggestion.tokens` holds the rjieba words and the `#xy` character bigrams of title and content
(`similarity.tokens_of`). Every text that contains the query holds every bigram of the query, so the index
finds a superset by "all query bigrams present", and a substring recheck on title and content gives exactly the
rows the old `icontains` filter gave. A query without a bigram (one Chinese character, a number, latin letters)
keeps the plain substring filter.

The index is created by migration 0002_search_index: on PostgreSQL a GIN index on `PG_VECTOR` (one lexeme per
stored token, no text-search parser, so Chinese survives any server locale); on SQLite the FTS5 table `FTS_TABLE`
kept in step with the suggestions table by triggers."""

from __future__ import annotations

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .similarity import tokens_of

FTS_TABLE = "suggestions_suggestion_fts"
PG_INDEX = "suggestions_suggestion_tokens_gin"
# The indexed expression; the filter below renders the same text so the planner can use the index.
PG_VECTOR = "array_to_tsvector(array_remove(string_to_array({tokens}, ' '), ''))"


def query_bigrams(q: str) -> list[str]:
    """The `#xy` tokens that every text containing `q` (ignoring case) has stored, in order, each once.

    Bigrams whose second character is a latin letter are left out: the stored token keeps the text's case
    while the substring match ignores it."""
    out = [t for t in tokens_of(q) if t.startswith("#") and not (t[2].isascii() and t[2].isalpha())]
    return list(dict.fromkeys(out))


class _TokensHaveAll(Func):
    """PostgreSQL: `PG_VECTOR(tokens) @@ '<a>' & '<b>'::tsquery` (lexemes quoted, taken as written)."""

    output_field = BooleanField()

    def __init__(self, bigrams: list[str]):
        # Bigrams are a Chinese character and a character of [一-鿿A-Za-z0-9]: nothing to escape in the quotes.
        super().__init__(F("tokens"), Value(" & ".join(f"'{b}'" for b in bigrams)))

    def as_sql(self, compiler, connection, **extra_context):
        tokens_sql, tokens_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        sql = f"{PG_VECTOR.format(tokens=tokens_sql)} @@ ({query_sql})::tsquery"
        return sql, (*tokens_params, *query_params)


def _candidates(qs: QuerySet, bigrams: list[str]) -> QuerySet:
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        return qs.filter(_TokensHaveAll(bigrams))
    if vendor == "sqlite":
        match = " AND ".join(f'"{b}"' for b in bigrams)
        return qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))
    return qs  # another database: the recheck alone (no index)


def suggestions_matching(qs: QuerySet, q: str) -> QuerySet:
    """The suggestions of `qs` whose title, number or content contains `q`, ignoring case.

    With at least one bigram in `q` the index narrows the rows first; a number never holds a Chinese
    character, so it is only compared when `q` has no bigram."""
    bigrams = query_bigrams(q)
    if not bigrams:
        return qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(content__icontains=q))
    # The exact recheck is written first: when the planner reads a town's rows by the town index (one town's
    # suggestions are few), PostgreSQL then evaluates the cheap LIKE before building each row's tsvector
    # (quals of equal estimated cost keep their written order).
    return _candidates(qs.filter(Q(title__icontains=q) | Q(content__icontains=q)), bigrams)
