"""Indexes that have to read differently on the two databases the product runs on."""
from __future__ import annotations

from django.db import models
from django.db.models.expressions import OrderBy


class NullsOrderedIndex(models.Index):
    """An expression index whose columns say where NULLs sort (`F(...).asc(nulls_last=True)`).

    PostgreSQL indexes NULLS FIRST/LAST, so the index can answer an ORDER BY that names them.
    SQLite, the embedded default, refuses them in CREATE INDEX ("unsupported use of NULLS LAST"),
    which failed every migrate; there the index is built from the same columns and directions
    without the NULLs placement. Queries sort the same either way: only the index differs.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(_without_nulls_placement(e) for e in self.expressions)
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


def _without_nulls_placement(expression):
    if isinstance(expression, OrderBy):
        return OrderBy(expression.expression, descending=expression.descending)
    return expression
