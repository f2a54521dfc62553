"""Fuzz: thousands of generated requests to every URL pattern, as a visitor and as each role, never
answer 500 and never show a traceback.

First every pattern is opened with plain values by everybody; then hypothesis generates the values in
the address (numbers of any size, odd text), the method, the query and the form fields.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.every_url import fill, patterns

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "admin", "programme", "provider_a", "consultant_a", "contact_a")
LEAKS = re.compile(
    r"Traceback \(most recent call last\)|File \"/|django\.\w+\.exceptions|Exception Value", re.I
)
ROUTES = sorted({route for route, _ in patterns() if "(?P" not in route and "\\" not in route})
FIELDS = (
    "name",
    "code",
    "count",
    "language",
    "status",
    "next",
    "wave",
    "format",
    "level",
    "consent",
    "q",
    "page",
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%\x00"), max_size=30
)
SEGMENT = st.one_of(
    st.integers(min_value=0, max_value=10**25).map(str),
    st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True),
    st.uuids().map(str),
    TEXT.filter(lambda t: t.strip() != "" and t not in (".", "..")),
)
VALUE = st.one_of(TEXT, st.integers(min_value=-(10**20), max_value=10**20).map(str), st.just(""))


class Sender:
    def __init__(self, world):
        self.clients = {}
        for who in WHO:
            client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
            self.clients[who] = (client, world.users.get(who))
        self.sent = 0
        self.problems = []

    def send(self, method, path, query=None, data=None):
        for who, (client, user) in self.clients.items():
            if method == "post" and path.startswith("/admin/") and path.endswith("/delete/"):
                continue  # any form posted there deletes (the people the next requests log in as)
            cache.clear()  # rate limits would turn later requests into 429s and hide the views
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(path, data=data if method == "post" else query)
            self.sent += 1
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            if response.status_code == 500 or LEAKS.search(text):
                self.problems.append(f"{who} {method.upper()} {path} {query or data}: {response.status_code}")


@pytest.fixture
def sender(world):
    return Sender(world)


def test_every_url_with_generated_requests(sender, world):
    values = {"pk": world.org_a.pk}
    for route in ROUTES:
        path = fill(route)
        sender.send("get", path)
        if "<int:pk>" in route:
            sender.send("get", fill(route, values))
    assert not sender.problems, "\n".join(sender.problems[:30])

    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        route=st.sampled_from(ROUTES),
        segments=st.lists(SEGMENT, min_size=4, max_size=4),
        method=st.sampled_from(["get", "post", "head"]),
        fields=st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=4),
    )
    def generated(route, segments, method, fields):
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        path = fill(route, dict(zip(names, segments, strict=False)))
        sender.send(method, path, query=fields, data=fields)

    generated()
    assert sender.sent >= 2000, sender.sent
    assert not sender.problems, "\n".join(sender.problems[:30])
