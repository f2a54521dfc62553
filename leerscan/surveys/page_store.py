"""A respondent's page in as few database statements, and as little Python, as it takes.

Every page a respondent opens or saves reads their response (with its round and organization), and
every save writes one transaction. Under load the time of these requests is not spent in the
database: it is spent building the same SQL again for each request (Django's query compiler) and,
with many server threads in one process, waiting for Python's interpreter lock after every
statement. So the statements here are built from the models' metadata once per process and sent
as they are:

- :func:`find_respondent`: one SELECT of the columns the pages use, response, round and
  organization joined;
- :func:`stored_answers`: one SELECT of a response's answers;
- :func:`write_page`: on PostgreSQL one statement (the response's update, the cleared answers'
  delete, the answers' and the page mark's upserts as data-modifying WITH queries; one statement is
  one transaction), elsewhere (SQLite) the same four statements in one transaction, built before it
  begins so that SQLite's write lock is held only while they run.

The guarantees are those of ``respond.save_page``: the page is stored whole or not at all, upserts
keyed by (response, question) and (response, page) make a repeated save change nothing, and the
update of the response row (only while it is not submitted) both refuses a save after submission
and orders a save against a concurrent submit (which locks the same row).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Model

from leerscan.organizations.models import Organization
from leerscan.surveys.models import Answer, PageSave, Response, ScanRound

# What a respondent page needs of each model (attribute names; the primary keys first).
RESPONSE_FIELDS = ("id", "scan_round_id", "secret", "resume_code", "status", "language")
ROUND_FIELDS = (
    "id",
    "organization_id",
    "instrument_id",
    "variant",
    "status",
    "opens_on",
    "closes_on",
    "languages",
    "public_token",
    "invited_by_email",
)
ORGANIZATION_FIELDS = ("id", "name", "language")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _q(model._meta.db_table)


def _column(model: type[Model], attname: str) -> str:
    return _q(next(f.column for f in model._meta.concrete_fields if f.attname == attname))


def _fields(model: type[Model], attnames: Iterable[str]):
    """The model's concrete fields among ``attnames``, in the model's order (as ``from_db`` wants)."""
    wanted = set(attnames)
    return [f for f in model._meta.concrete_fields if f.attname in wanted]


@functools.cache
def _respondent_query(vendor: str) -> tuple[str, tuple]:
    parts = (
        (Response, "r", RESPONSE_FIELDS),
        (ScanRound, "s", ROUND_FIELDS),
        (Organization, "o", ORGANIZATION_FIELDS),
    )
    columns, layout = [], []
    for model, alias, attnames in parts:
        fields = _fields(model, attnames)
        columns += [f"{alias}.{_q(f.column)}" for f in fields]
        layout.append((model, tuple(fields)))
    sql = (
        f"SELECT {', '.join(columns)} FROM {_table(Response)} r"
        f" INNER JOIN {_table(ScanRound)} s ON s.{_q('id')} = r.{_column(Response, 'scan_round_id')}"
        f" INNER JOIN {_table(Organization)} o ON o.{_q('id')} = s.{_column(ScanRound, 'organization_id')}"
        f" WHERE r.{_column(Response, 'secret')} = %s AND s.{_column(ScanRound, 'public_token')} = %s"
    )
    return sql, tuple(layout)


# Per database connection (its operations object): for each model of a query, its attribute names
# and the converters of the columns that have any, as Django's own queries convert them (dates on
# SQLite, JSON).
_CONVERTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _converters(layout) -> list:
    plan = _CONVERTERS.get(connection.ops)
    if plan is None:
        plan = []
        for model, fields in layout:
            columns = []
            for index, field in enumerate(fields):
                col = field.get_col(model._meta.db_table)
                converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if converters:
                    columns.append((index, col, converters))
            plan.append((model, [f.attname for f in fields], columns))
        _CONVERTERS[connection.ops] = plan
    return plan


def _instances(layout, row: Sequence) -> list[Model]:
    """Model instances from a row of raw column values (the models' columns one after another)."""
    instances, start = [], 0
    for model, attnames, columns in _converters(layout):
        values = list(row[start : start + len(attnames)])
        start += len(attnames)
        for index, col, converters in columns:
            for converter in converters:
                values[index] = converter(values[index], col, connection)
        instances.append(model.from_db(connection.alias, attnames, values))
    return instances


def find_respondent(token: str, secret: str) -> Response | None:
    """The response with this secret in the round with this public token, its ``scan_round`` and
    the round's ``organization`` loaded with the columns the respondent's pages use (one query)."""
    sql, layout = _respondent_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [secret, token])
        row = cursor.fetchone()
    if row is None:
        return None
    response, scan_round, organization = _instances(layout, row)
    scan_round.organization = organization
    response.scan_round = scan_round
    return response


@functools.cache
def _answers_query(vendor: str) -> str:
    columns = ", ".join(_column(Answer, name) for name in ("question_id", "number", "text"))
    return f"SELECT {columns} FROM {_table(Answer)} WHERE {_column(Answer, 'response_id')} = %s"


def stored_answers(response_id: int) -> list[tuple[str, float | None, str]]:
    """(question id, number, text) of every stored answer of a response."""
    with connection.cursor() as cursor:
        cursor.execute(_answers_query(connection.vendor), [response_id])
        return cursor.fetchall()


def write_page(
    response_id: int,
    section_id: str,
    answers: Sequence[tuple[str, float | None, str]],
    cleared: Sequence[str],
    now: datetime,
) -> bool:
    """Store a page: ``answers`` as (question id, number, text), delete the ``cleared`` questions'
    answers, and mark the page saved at ``now``; all in one transaction. False (and nothing
    stored) when the response is submitted."""
    saved_at = connection.ops.adapt_datetimefield_value(now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(*_one_statement(response_id, section_id, answers, cleared, saved_at))
            return cursor.fetchone()[0] == 1
    statements = _statements(response_id, section_id, answers, cleared, saved_at)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(*statements[0])
        if cursor.rowcount != 1:
            return False
        for statement in statements[1:]:
            cursor.execute(*statement)
    return True


# The statements of a save; {names} come from the models (``_names``), %s are parameters.
UPDATE_RESPONSE = "UPDATE {response} SET {r_saved} = %s WHERE {r_id} = %s AND {r_status} = %s"
DELETE_CLEARED = "DELETE FROM {answer} WHERE {a_response} = %s AND {a_question} IN ({cleared})"
UPSERT_ANSWERS = (
    "INSERT INTO {answer} ({a_response}, {a_question}, {a_number}, {a_text}) VALUES {rows}"
    " ON CONFLICT ({a_response}, {a_question})"
    " DO UPDATE SET {a_number} = excluded.{a_number}, {a_text} = excluded.{a_text}"
)
UPSERT_MARK = (
    "INSERT INTO {pagesave} ({p_response}, {p_section}, {p_saved}) VALUES (%s, %s, %s)"
    " ON CONFLICT ({p_response}, {p_section}) DO UPDATE SET {p_saved} = excluded.{p_saved}"
)
# The same as one PostgreSQL statement: every WITH query runs to its end; the ones that write do so
# only for the response the first one updated (none once it is submitted).
ONE_STATEMENT = (
    "WITH live AS ("
    "UPDATE {response} SET {r_saved} = %s WHERE {r_id} = %s AND {r_status} = %s RETURNING {r_id})"
    "{delete}{upsert}"
    ", mark AS (INSERT INTO {pagesave} ({p_response}, {p_section}, {p_saved}) SELECT {r_id}, %s, %s FROM live"
    " ON CONFLICT ({p_response}, {p_section}) DO UPDATE SET {p_saved} = excluded.{p_saved})"
    " SELECT count(*) FROM live"
)
ONE_STATEMENT_DELETE = (
    ", cleared AS (DELETE FROM {answer} WHERE {a_response} IN (SELECT {r_id} FROM live)"
    " AND {a_question} IN ({cleared}))"
)
ONE_STATEMENT_UPSERT = (
    ", answers AS (INSERT INTO {answer} ({a_response}, {a_question}, {a_number}, {a_text})"
    " SELECT live.{r_id}, v.question_id, v.number, v.text FROM live CROSS JOIN (VALUES {rows})"
    " AS v (question_id, number, text) ON CONFLICT ({a_response}, {a_question})"
    " DO UPDATE SET {a_number} = excluded.{a_number}, {a_text} = excluded.{a_text})"
)


@functools.cache
def _names(vendor: str) -> dict[str, str]:
    return {
        "response": _table(Response),
        "answer": _table(Answer),
        "pagesave": _table(PageSave),
        "r_id": _column(Response, "id"),
        "r_status": _column(Response, "status"),
        "r_saved": _column(Response, "last_saved_at"),
        "a_response": _column(Answer, "response_id"),
        "a_question": _column(Answer, "question_id"),
        "a_number": _column(Answer, "number"),
        "a_text": _column(Answer, "text"),
        "p_response": _column(PageSave, "response_id"),
        "p_section": _column(PageSave, "section_id"),
        "p_saved": _column(PageSave, "saved_at"),
    }


@functools.cache
def _sql(vendor: str, template: str, answers: int = 0, cleared: int = 0) -> str:
    """A statement for this many answers and cleared questions (built once per shape)."""
    names = _names(vendor)
    shape = {"cleared": ", ".join(["%s"] * cleared)}
    if template == ONE_STATEMENT:
        shape["rows"] = ", ".join(["(%s::varchar, %s::double precision, %s::text)"] * answers)
        shape["delete"] = ONE_STATEMENT_DELETE.format(**names, **shape) if cleared else ""
        shape["upsert"] = ONE_STATEMENT_UPSERT.format(**names, **shape) if answers else ""
    else:
        shape["rows"] = ", ".join(["(%s, %s, %s, %s)"] * answers)
    return template.format(**names, **shape)


def _statements(response_id, section_id, answers, cleared, saved_at) -> list[tuple[str, list]]:
    """The save as separate statements for one transaction, the response's update first."""
    vendor = connection.vendor
    started = Response.Status.STARTED.value
    statements = [(_sql(vendor, UPDATE_RESPONSE), [saved_at, response_id, started])]
    if cleared:
        statements.append((_sql(vendor, DELETE_CLEARED, cleared=len(cleared)), [response_id, *cleared]))
    if answers:
        values = [value for answer in answers for value in (response_id, *answer)]
        statements.append((_sql(vendor, UPSERT_ANSWERS, answers=len(answers)), values))
    statements.append((_sql(vendor, UPSERT_MARK), [response_id, section_id, saved_at]))
    return statements


def _one_statement(response_id, section_id, answers, cleared, saved_at) -> tuple[str, list]:
    """The save as one PostgreSQL statement (``ONE_STATEMENT``)."""
    params = [saved_at, response_id, Response.Status.STARTED.value, *cleared]
    params += [value for answer in answers for value in answer]
    params += [section_id, saved_at]
    return _sql(connection.vendor, ONE_STATEMENT, len(answers), len(cleared)), params
