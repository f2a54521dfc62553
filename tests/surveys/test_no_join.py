"""No chain of keys leads from an e-mail address to an answer.

The walk goes over every model Django knows (every app), along every foreign key, one-to-one and
many-to-many, in both directions. Tables every answer of a round points to (the round, its
organization, the lot ...) are shared context: a join through them reaches all answers of the round
alike and says nothing about one person, so the walk does not pass through them. Then the stored
values: no token of an address-side row appears in an answer-side row, and no response's secret
or resume code appears anywhere outside the answer tables. Runs on SQLite and PostgreSQL."""

from collections import deque

from django.apps import apps
from django.test import Client
from django.urls import reverse

from leerscan.jobs.models import OutgoingEmail
from leerscan.surveys import mailing
from leerscan.surveys.models import Addressee, Answer, Invitation, PageSave, Response
from tests.conftest import run_jobs
from tests.surveys.test_mail_invitations import LINK
from tests.surveys.test_respond import complete

ADDRESS_TABLES = {Addressee, OutgoingEmail}  # the tables that hold e-mail addresses
ANSWER_TABLES = {Response, Answer, PageSave}


def relations(extra=()) -> dict:
    """Model -> models joined to it by a key, both directions, for every model of every app."""
    edges: dict = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.related_model is not None and field.concrete or field.many_to_many:
                target = field.related_model
                if target is None or target == "self":
                    continue
                edges.setdefault(model, set()).add(target)
                edges.setdefault(target, set()).add(model)
    for a, b in extra:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    return edges


def shared_context() -> set:
    """What every answer points to, directly or further on (round, organization, lot, users ...)."""
    seen, todo = set(), deque([Response])
    while todo:
        model = todo.popleft()
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model not in seen:
                seen.add(field.related_model)
                todo.append(field.related_model)
        for field in model._meta.many_to_many:
            if field.related_model not in seen:
                seen.add(field.related_model)
                todo.append(field.related_model)
    return seen - ANSWER_TABLES


def reachable_answer_tables(extra=()) -> set:
    edges, context = relations(extra), shared_context()
    seen, todo = set(ADDRESS_TABLES), deque(ADDRESS_TABLES)
    while todo:
        for neighbour in edges.get(todo.popleft(), ()):
            if neighbour not in seen and neighbour not in context:
                seen.add(neighbour)
                todo.append(neighbour)
    return seen & ANSWER_TABLES


def test_no_key_leads_from_an_address_to_an_answer():
    assert reachable_answer_tables() == set()
    # The walk finds a chain when there is one: the personal link's old key to its response.
    assert reachable_answer_tables(extra=[(Invitation, Response)]) == {Response, Answer, PageSave}


def text_values(models) -> set[str]:
    """Every stored text (and JSON, as text) of these models' rows that is long enough to be a key."""
    values = set()
    for model in models:
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "JSONField")
        ]
        for row in model.objects.values_list(*[f.attname for f in fields]):
            for value in row:
                for part in str(value).replace("/", " ").replace('"', " ").split():
                    if len(part) >= 10:
                        values.add(part)
    return values


def test_no_stored_value_joins_an_address_to_an_answer(world, mailbox, settings):
    settings.LEERSCAN_BASE_URL = "http://testserver"
    scan_round = world.round_a
    mailing.add_addressees(scan_round, [("anna@example.org", ""), ("bert@example.org", "")])
    mailing.send_invitations(scan_round)
    run_jobs()
    for message in mailbox.messages:
        token = LINK.search(mailbox.text(message)).group(1)
        browser = Client()
        browser.post(reverse("respond:personal", args=[token]), {"consent": "agree"})
        complete(browser, scan_round)
    assert Invitation.objects.filter(completed=True).count() == 2 == Response.objects.count()

    answer_side = text_values(ANSWER_TABLES)
    other_models = [m for m in apps.get_models(include_auto_created=True) if m not in ANSWER_TABLES]
    other_side = text_values(other_models)
    assert not text_values([Addressee, Invitation, OutgoingEmail]) & answer_side
    secrets = set(Response.objects.values_list("secret", flat=True))
    secrets |= set(Response.objects.values_list("resume_code", flat=True))
    assert not secrets & other_side
