"""The index behind the suggestions list search (renda.suggestions.search, docs/decisions/0003).

PostgreSQL: a GIN index on the stored tokens as a tsvector with one lexeme per token. SQLite: an FTS5 table
over the tokens column (external content), kept in step by triggers so bulk inserts are indexed too.

SQLite drops a table's triggers with the table: a later migration that makes Django rebuild
suggestions_suggestion on SQLite (most AlterField/RemoveField) must create the three triggers again and
rebuild the FTS table (tests/suggestions/test_search.py checks that they exist)."""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor (and does nothing on the others)."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


POSTGRESQL = VendorRunSQL(
    "postgresql",
    # Same expression text as renda.suggestions.search.PG_VECTOR.
    [
        "CREATE INDEX suggestions_suggestion_tokens_gin ON suggestions_suggestion USING gin "
        "((array_to_tsvector(array_remove(string_to_array(tokens, ' '), ''))))"
    ],
    ["DROP INDEX IF EXISTS suggestions_suggestion_tokens_gin"],
)

SQLITE = VendorRunSQL(
    "sqlite",
    [
        # '#' is a token character, so "#路灯" (bigram) and "路灯" (rjieba word) stay apart; spaces split tokens.
        "CREATE VIRTUAL TABLE suggestions_suggestion_fts USING fts5(tokens, content='suggestions_suggestion', "
        "content_rowid='id', tokenize=\"unicode61 tokenchars '#'\")",
        "CREATE TRIGGER suggestions_suggestion_fts_ai AFTER INSERT ON suggestions_suggestion BEGIN "
        "INSERT INTO suggestions_suggestion_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
        "CREATE TRIGGER suggestions_suggestion_fts_ad AFTER DELETE ON suggestions_suggestion BEGIN "
        "INSERT INTO suggestions_suggestion_fts(suggestions_suggestion_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); END",
        "CREATE TRIGGER suggestions_suggestion_fts_au AFTER UPDATE OF id, tokens ON suggestions_suggestion "
        "WHEN old.id IS NOT new.id OR old.tokens IS NOT new.tokens BEGIN "
        "INSERT INTO suggestions_suggestion_fts(suggestions_suggestion_fts, rowid, tokens) "
        "VALUES ('delete', old.id, old.tokens); "
        "INSERT INTO suggestions_suggestion_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
        # Rows written before this migration.
        "INSERT INTO suggestions_suggestion_fts(suggestions_suggestion_fts) VALUES ('rebuild')",
    ],
    [
        "DROP TRIGGER IF EXISTS suggestions_suggestion_fts_au",
        "DROP TRIGGER IF EXISTS suggestions_suggestion_fts_ad",
        "DROP TRIGGER IF EXISTS suggestions_suggestion_fts_ai",
        "DROP TABLE IF EXISTS suggestions_suggestion_fts",
    ],
)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [POSTGRESQL, SQLITE]
