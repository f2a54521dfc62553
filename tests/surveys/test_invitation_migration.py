"""The migration that takes the response key off the personal link keeps every answer: a used link
becomes "started", a link whose questionnaire was sent becomes "completed", and every response and
answer is still there."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.organizations.test_migration import migrate


def before() -> list:
    """Every app at today's schema, the surveys app just before the change."""
    leaves = MigrationLoader(connection).graph.leaf_nodes()
    return [node for node in leaves if node[0] != "surveys"] + [("surveys", "0008_pending_import")]


@pytest.mark.django_db(transaction=True)
def test_personal_links_lose_their_key_and_no_answer_is_lost():
    old = migrate(before())
    try:
        Organization = old.get_model("organizations", "Organization")
        ScanRound, Response = old.get_model("surveys", "ScanRound"), old.get_model("surveys", "Response")
        Invitation, Answer = old.get_model("surveys", "Invitation"), old.get_model("surveys", "Answer")
        scan_round = ScanRound.objects.create(
            organization=Organization.objects.create(name="Bakkerij Oud"), wave=1, instrument_version="1.0.0"
        )
        sent = Response.objects.create(scan_round=scan_round, instrument_version="1.0.0", status="submitted")
        started = Response.objects.create(scan_round=scan_round, instrument_version="1.0.0", secret="s2")
        Answer.objects.create(response=sent, question_id="ll_1", number=4)
        Answer.objects.create(response=started, question_id="ll_1", number=2)
        Invitation.objects.create(scan_round=scan_round, token="t-sent", response=sent)
        Invitation.objects.create(scan_round=scan_round, token="t-started", response=started)
        Invitation.objects.create(scan_round=scan_round, token="t-unused")
        new = migrate(None)
    finally:
        migrate(None)
    links = {i.token: (i.started, i.completed) for i in new.get_model("surveys", "Invitation").objects.all()}
    assert links == {"t-sent": (True, True), "t-started": (True, False), "t-unused": (False, False)}
    assert new.get_model("surveys", "Response").objects.count() == 2
    assert sorted(new.get_model("surveys", "Answer").objects.values_list("number", flat=True)) == [2.0, 4.0]
    assert not any(f.name == "response" for f in new.get_model("surveys", "Invitation")._meta.get_fields())
