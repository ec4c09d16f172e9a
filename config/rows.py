"""Row writes on the orchestrator's hot path, with their SQL written once per process.

Every step of every workflow inserts an event and the next step and updates the workflow, the
step and the case. Building those statements with the ORM cost more CPU than PostgreSQL took
to run them (bench/pipeline.py, README "Cheaper steps"); these write the same rows through the
same fields' conversions (`pre_save`, `get_db_prep_save`), with SQL cached per model and
column list. Nothing listens to model signals in this project; these send none.
PostgreSQL and SQLite (3.35 or newer) both take `INSERT ... ON CONFLICT ... RETURNING`.
"""
from __future__ import annotations

from typing import Any

from django.db import connection

_SQL: dict[tuple, str] = {}


def update_where(model, values: dict[str, Any], **where) -> int:
    """`model.objects.filter(**where).update(**values)` for plain column values and equality
    filters. Returns the number of rows changed (a compare-and-set checks it is 1)."""
    fields = model._meta
    key = ("update", connection.vendor, model, tuple(values), tuple(where))
    sql = _SQL.get(key)
    if sql is None:
        q = connection.ops.quote_name
        sets = ", ".join(f"{q(fields.get_field(name).column)} = %s" for name in values)
        conditions = " AND ".join(f"{q(fields.get_field(name).column)} = %s" for name in where)
        # Only our own table and column names are put into the text; values are parameters.
        sql = _SQL[key] = (
            f"UPDATE {q(fields.db_table)} SET {sets} WHERE {conditions}"  # noqa: S608
        )
    params = [
        *(_prepared(fields.get_field(name), value) for name, value in values.items()),
        *(fields.get_field(name).get_db_prep_value(value, connection)
          for name, value in where.items()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _prepared(field, value):
    if hasattr(value, "prepare_database_save"):
        value = value.prepare_database_save(field)  # a related object: its key, as update() does
    return field.get_db_prep_save(value, connection)


def insert(obj, *, unless_exists: str | None = None) -> bool:
    """INSERT `obj` (an unsaved model instance, its defaults already applied by its
    constructor, `auto_now(_add)` fields set here as `save()` sets them) and set its primary
    key, as `obj.save(force_insert=True)` would. With `unless_exists` (a unique field's name),
    insert nothing if a row with that value exists: `ON CONFLICT DO NOTHING`, with no savepoint
    needed around it. Returns whether the row was inserted."""
    model = type(obj)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    key = ("insert", connection.vendor, model, unless_exists)
    sql = _SQL.get(key)
    if sql is None:
        q = connection.ops.quote_name
        columns = ", ".join(q(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        conflict = (
            f" ON CONFLICT ({q(meta.get_field(unless_exists).column)}) DO NOTHING"
            if unless_exists else ""
        )
        # Only our own table and column names are put into the text; values are parameters.
        sql = _SQL[key] = (
            f"INSERT INTO {q(meta.db_table)} ({columns}) VALUES ({placeholders}){conflict} "  # noqa: S608
            f"RETURNING {q(meta.pk.column)}"
        )
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return True
