"""The respondent's page save stays lean: a bounded number of statements, no session, and the same
guarantees as before (whole or nothing, idempotent, refused after submission), on SQLite and
PostgreSQL alike (the save is one statement on PostgreSQL, one short transaction elsewhere)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from leerscan.surveys import page_store, respond
from leerscan.surveys.models import Answer, PageSave, Response, ScanRound
from tests.surveys.test_respond import page_data, page_url, start


def _statements(queries) -> list[str]:
    """The SQL sent, without the savepoints a test's surrounding transaction turns atomic() into."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


def test_a_page_save_reads_the_respondent_once_and_writes_in_one_go(client, world):
    response = start(client, world.round_a)
    client.post(page_url(world.round_a, 1), page_data(world.round_a, 1))  # first save of the page
    with CaptureQueriesContext(connection) as queries:
        saved = client.post(page_url(world.round_a, 1), page_data(world.round_a, 1, value=2))
    assert saved.status_code == 302
    sql = _statements(queries)
    reads = [s for s in sql if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1  # the response with its round and organization
    if connection.vendor == "postgresql":
        assert len(sql) == 2  # ... and the save, one statement
    else:
        # refuse-if-submitted, clear the unanswered number, upsert the answers, mark the page
        assert len(sql) <= 5
    assert not any("django_session" in s for s in sql)  # a respondent has no server-side session
    assert set(Answer.objects.filter(response=response).values_list("number", flat=True)) == {2.0}


def test_opening_a_page_takes_two_reads_and_no_session(client, world):
    start(client, world.round_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(page_url(world.round_a, 1))
    assert page.status_code == 200
    sql = _statements(queries)
    assert len(sql) == 2  # the respondent, their answers
    assert not any("django_session" in s for s in sql)


def test_no_answer_is_stored_after_submission(world):
    response = respond.start_response(world.round_a, "nl")
    sections = respond.sections_for(world.round_a)
    first = {q.id: 4 for q in respond.asked_questions(world.round_a, sections[0]) if q.type == "likert"}
    assert respond.save_page(response, sections[0], first).saved
    Response.objects.filter(pk=response.pk).update(status=Response.Status.SUBMITTED)
    second = {q.id: 1 for q in respond.asked_questions(world.round_a, sections[1]) if q.type == "likert"}
    result = respond.save_page(response, sections[1], second)
    assert (result.saved, result.reason) == (False, "submitted")
    assert respond.saved_values(response) == first
    assert list(PageSave.objects.filter(response=response).values_list("section_id", flat=True)) == [
        sections[0].id
    ]
    again = respond.save_page(response, sections[0], {question: 1 for question in first})
    assert not again.saved
    assert respond.saved_values(response) == first


def test_text_answers_numbers_and_clearing_in_one_save(world):
    response = respond.start_response(world.round_a, "nl")
    background = next(s for s in respond.sections_for(world.round_a) if s.id == "background")
    assert respond.save_page(response, background, {"age": 41, "gender_other": "x", "contract_other": "y"})
    # a page of text answers only, one of them cleared
    assert respond.save_page(response, background, {"gender_other": "anders", "contract_other": None}).saved
    assert respond.saved_values(response) == {"age": 41, "gender_other": "anders"}
    stored = Answer.objects.get(response=response, question_id="gender_other")
    assert (stored.number, stored.text) == (None, "anders")
    # saving the same page again changes nothing and duplicates nothing
    assert respond.save_page(response, background, {"gender_other": "anders", "contract_other": None}).saved
    assert Answer.objects.filter(response=response).count() == 2
    assert PageSave.objects.filter(response=response, section_id="background").count() == 1


def test_a_page_mark_is_stored_in_utc_like_the_orm_stores_it(world):
    response = respond.start_response(world.round_a, "nl")
    section = respond.sections_for(world.round_a)[0]
    before = datetime.datetime.now(datetime.UTC)
    respond.save_page(response, section, {})
    mark = PageSave.objects.get(response=response)
    response.refresh_from_db()
    assert mark.saved_at == response.last_saved_at
    assert before <= mark.saved_at <= datetime.datetime.now(datetime.UTC)


def test_the_respondent_is_read_with_the_round_and_organization_as_the_orm_reads_them(world):
    ScanRound.objects.filter(pk=world.round_a.pk).update(
        opens_on=datetime.date(2026, 1, 5), closes_on=datetime.date(2026, 2, 1), languages=["nl", "fr"]
    )
    created = respond.start_response(world.round_a, "fr")
    found = page_store.find_respondent(world.round_a.public_token, created.secret)
    assert (found.pk, found.secret, found.resume_code, found.language) == (
        created.pk,
        created.secret,
        created.resume_code,
        "fr",
    )
    assert not found.is_submitted
    scan_round = found.scan_round
    assert scan_round.languages == ["nl", "fr"]
    assert scan_round.opens_on == datetime.date(2026, 1, 5)
    assert scan_round.closes_on == datetime.date(2026, 2, 1)
    assert scan_round.organization.name == world.org_a.name
    assert scan_round.public_token == world.round_a.public_token
    # another round's link, or an unknown secret, finds nothing
    assert page_store.find_respondent(world.round_b.public_token, created.secret) is None
    assert page_store.find_respondent(world.round_a.public_token, "unknown") is None


def test_a_submitted_respondent_sees_the_already_submitted_page_and_nothing_changes(client, world):
    response = start(client, world.round_a)
    client.post(page_url(world.round_a, 1), page_data(world.round_a, 1, value=4))
    Response.objects.filter(pk=response.pk).update(status=Response.Status.SUBMITTED)
    page = client.post(page_url(world.round_a, 1), page_data(world.round_a, 1, value=1))
    assert page.status_code == 200
    assert set(Answer.objects.filter(response=response).values_list("number", flat=True)) == {4.0}


def test_forms_of_one_page_share_their_fields_but_not_their_answers_or_errors(world):
    from django.utils import translation

    from leerscan.surveys.forms import PageForm, render_items

    background = next(s for s in respond.sections_for(world.round_a) if s.id == "background")
    with translation.override("nl"):
        wrong = PageForm(background, "long", "nl", {"age": "7"})
        right = PageForm(background, "long", "nl", {"age": "41"})
        assert wrong.fields["age"] is right.fields["age"]  # built once for the page and language
        assert not wrong.is_valid() and right.is_valid()
        wrong_age = next(item for item in render_items(wrong) if item["name"] == "age")
        right_age = next(item for item in render_items(right) if item["name"] == "age")
        assert wrong_age["errors"] and not right_age["errors"]
        assert 'aria-invalid="true"' in str(wrong_age["widget"])
        assert "aria-invalid" not in str(right_age["widget"]) and 'value="41"' in str(right_age["widget"])
    with translation.override("fr"):
        french = PageForm(background, "long", "fr", {"age": "7"})
        assert french.fields["age"] is not right.fields["age"]
        assert not french.is_valid()
        assert list(french.errors["age"]) != list(wrong.errors["age"])  # in the respondent's language


def test_the_questions_of_a_page_escape_what_they_show_and_mark_the_answers(world):
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from leerscan.surveys.forms import PageForm, questions_html, render_items

    sections = respond.sections_for(world.round_a)
    background = next(s for s in sections if s.id == "background")
    with translation.override("nl"):
        form = PageForm(background, "long", "nl", {"age": '7"><script>', "gender": "1"})
        assert not form.is_valid()
        items = render_items(form)
        gender = next(item for item in items if item["name"] == "gender")
        gender["label"] = "<b>Geslacht</b>"  # as if the instrument's text held markup
        html = questions_html(items)
    assert "<b>Geslacht</b>" not in html and "&lt;b&gt;Geslacht&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'name="gender" value="1" id="id_gender_0" checked>' in html
    assert 'id="q-age"' in html and 'id="id_age_error"' in html  # the invalid age, announced
    # text that is already safe HTML is shown as it is, as the template engine shows it
    gender["label"] = mark_safe("Geslacht <abbr>M/V/X</abbr>")
    assert "Geslacht <abbr>M/V/X</abbr>" in questions_html(items)


def test_a_questionnaire_page_has_its_language_buttons_in_its_form_only(client, world):
    """Switching language on a page must save what was typed: the buttons are the page form's, and
    the header (whose buttons would not send the answers) has none; other pages keep the header's."""
    from django.urls import reverse

    start(client, world.round_a)
    html = client.get(page_url(world.round_a, 1)).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    form = html[html.index('id="page-form"') : html.index("</form>", html.index('id="page-form"'))]
    assert "switch_language" not in header
    assert form.count('name="switch_language"') == len(world.round_a.languages)
    review = client.get(reverse("respond:review", args=[world.round_a.public_token])).content.decode()
    assert 'name="switch_language"' in review[review.index("<header") : review.index("</header>")]


def test_sending_twice_changes_nothing_and_a_started_link_is_started_once(world):
    first = respond.start_response(world.round_a, "nl", start_key="form-1")
    assert respond.start_response(world.round_a, "nl", start_key="form-1") == first  # double click
    for section in respond.sections_for(world.round_a):
        questions = respond.asked_questions(world.round_a, section)
        respond.save_page(first, section, {q.id: q.codes[0] for q in questions if q.type == "likert"})
    assert respond.submit(first)
    sent_at = Response.objects.get(pk=first.pk).submitted_at
    assert respond.submit(first)
    again = Response.objects.get(pk=first.pk)
    assert (again.status, again.submitted_at) == (Response.Status.SUBMITTED, sent_at)
    assert Response.objects.filter(scan_round=world.round_a).count() == 1
