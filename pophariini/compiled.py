"""Queries compiled to SQL once per process and run with each request's own values.

Building and compiling a queryset (``filter()``, ``select_related()``, ``only()``, then
the compiler's ``as_sql()``) costs about half a millisecond of Python: on the article
page, as long as the database takes to answer. The page's queries have the same shape
on every view; only a few values change (the article's id, slug, category, the current
time). So each is written once as an ordinary queryset with *placeholders* in place of
those values, values that no row can have, and compiled once per process and database
alias:

- ``CompiledSQL`` holds SQL and its parameters and knows where each placeholder sits
  among them; ``params(**values)`` puts the request's values there. For raw rows
  (``values_list()`` querysets, UNIONs).
- ``CompiledQuery`` does that for a queryset of model instances and builds the same
  instances the queryset would: deferred fields, ``select_related()`` objects and
  annotations included, with the database's converters applied. It reads the
  compiler's ``select``, ``klass_info`` and ``annotation_col_map``, as Django's
  ``ModelIterable`` does; ``prefetch_related()`` is not supported.

A placeholder is found by equality among the compiled parameters, after the backend
adapted it (SQLite turns datetimes into text), and replaced wherever it occurs (the
parts of a UNION each filter by the article). So it must differ from every other
parameter of its query; ``CompiledSQL`` refuses one it does not find at all.
"""

import datetime

from django.db import connections
from django.db.models.query import get_related_populators

# Values no row has, for ids, slugs and times.
ANY_ID = -1
ANY_OTHER_ID = -2
ANY_SLUG = "\x00any-slug"
ANY_TIME = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)
ANY_OTHER_TIME = datetime.datetime(1902, 2, 2, tzinfo=datetime.UTC)


def _adapt(connection, value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class CompiledSQL:
    def __init__(self, sql, params, *, using, **placeholders):
        self.sql = sql
        self.using = using
        self._params = list(params)
        connection = connections[using]
        self._slots = []
        for name, placeholder in placeholders.items():
            adapted = _adapt(connection, placeholder)
            found = [index for index, param in enumerate(self._params) if param == adapted]
            if not found:
                raise ValueError(f"placeholder {name}={placeholder!r} is not among the query's parameters")
            self._slots += [(index, name) for index in found]

    def params(self, **values):
        """The compiled parameters with each placeholder replaced by its value in ``values``."""
        connection = connections[self.using]
        params = list(self._params)
        for index, name in self._slots:
            params[index] = _adapt(connection, values[name])
        return params

    def rows(self, **values):
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params(**values))
            return cursor.fetchall()


class CompiledQuery:
    def __init__(self, queryset, **placeholders):
        using = queryset.db
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        self.compiled = CompiledSQL(sql, params, using=using, **placeholders)
        klass_info = compiler.klass_info
        self._model = klass_info["model"]
        columns = klass_info["select_fields"]
        self._model_columns = slice(columns[0], columns[-1] + 1)
        self._init_list = [column[0].target.attname for column in compiler.select[self._model_columns]]
        self._related = get_related_populators(klass_info, compiler.select, using)
        self._annotations = list(compiler.annotation_col_map.items())
        self._column_count = compiler.col_count
        self._converters = list(
            compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]]).items()
        )

    def fetch(self, **values):
        """The queryset's model instances with ``values`` in place of the placeholders."""
        using = self.compiled.using
        connection = connections[using]
        instances = []
        for row in self.compiled.rows(**values):
            row = list(row[: self._column_count])
            for position, (functions, expression) in self._converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            instance = self._model.from_db(using, self._init_list, row[self._model_columns])
            for populator in self._related:
                populator.populate(row, instance)
            for name, position in self._annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances
