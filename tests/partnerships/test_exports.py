"""The research files: GraphML round-trips through networkx with every attribute; CSVs match the map."""

import csv
import io
import zipfile

import networkx as nx
import pytest

from leerscan.jobs.models import Job
from leerscan.partnerships import exports
from leerscan.partnerships import network as net
from leerscan.partnerships.instrument import get_instrument
from tests.conftest import run_jobs
from tests.partnerships.conftest import new_round
from tests.partnerships.test_rounds import answer


def test_graphml_round_trips_through_networkx_with_every_attribute():
    nodes = [
        net.Node(1, "Vivo", "coordinator"),
        net.Node(2, "Diverscity"),
        net.Node(3, "Fonds 320", "inactive"),
    ]
    ties = [
        net.Tie(1, 2, frozenset({"f1", "f2"}), 2.5, "both"),
        net.Tie(2, 1, frozenset({"f3"}), 4.0),
        net.Tie(2, 3, frozenset({"f1"})),
    ]
    read = nx.read_graphml(io.BytesIO(exports.graphml(net.Network(nodes, ties))))
    assert read.is_directed()
    assert dict(read.nodes(data=True)) == {
        "1": {"name": "Vivo", "role": "coordinator"},
        "2": {"name": "Diverscity", "role": "partner"},
        "3": {"name": "Fonds 320", "role": "inactive"},
    }
    assert read.edges["1", "2"] == {
        "f1": True,
        "f2": True,
        "f3": False,
        "deepest": "f2",
        "contribution": 2.5,
        "f2_direction": "both",
    }
    assert read.edges["2", "1"] == {
        "f1": False,
        "f2": False,
        "f3": True,
        "deepest": "f3",
        "contribution": 4.0,
    }
    assert read.edges["2", "3"] == {"f1": True, "f2": False, "f3": False, "deepest": "f1"}
    assert nx.density(read) == net.density(net.Network(nodes, ties))


@pytest.mark.django_db
def test_the_programme_exports_an_open_round_as_a_job_and_never_a_confidential_one(partnership, client):
    open_round = new_round(partnership, "open")
    answer(client, partnership, "p2_consultant", open_round, {"coord": ["f1", "f2"]})
    answer(client, partnership, "p3_consultant", open_round, {"coord": ["f2"], "p2": ["f3"]})
    client.force_login(partnership.users["programme"])
    response = client.post(f"/manage/partnerships/{open_round.pk}/export/")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    run_jobs()
    job = Job.objects.get(kind="partnerships.export")
    assert job.status == "done"
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.file.content)))
    ties = list(csv.DictReader(io.StringIO(archive.read("ties.csv").decode())))
    assert {(t["source"], t["target"], t["deepest"]) for t in ties} == {
        ("Diverscity", "Vivo", "f2"),
        ("Fonds 318", "Vivo", "f2"),
        ("Fonds 318", "Diverscity", "f3"),
    }
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    assert {n["name"]: int(n["in_degree"]) for n in nodes}["Vivo"] == 2
    scores = list(csv.DictReader(io.StringIO(archive.read("layer_scores.csv").decode())))
    assert len(scores) == 2 and "Diverscity" not in archive.read("layer_scores.csv").decode()
    assert set(archive.namelist()) >= {"network.graphml", "reliability.csv", "codebook.csv"}
    confidential = new_round(partnership)
    assert client.post(f"/manage/partnerships/{confidential.pk}/export/").status_code == 403
    client.force_login(partnership.users["coord_staff"])
    assert client.post(f"/manage/partnerships/{open_round.pk}/export/").status_code == 403
    assert Job.objects.filter(kind="partnerships.export").count() == 1
    assert (
        len(get_instrument().subscales)
        == len(list(csv.reader(io.StringIO(archive.read("reliability.csv").decode())))) - 1
    )


@pytest.mark.django_db
def test_the_lot_gets_a_feedback_report_pdf_in_open_reflection_only(partnership, client):
    from pypdf import PdfReader

    round = new_round(partnership, "open")
    answer(client, partnership, "p2_consultant", round, {"coord": ["f1", "f2"]}, likert=2)
    answer(client, partnership, "p3_consultant", round, {"coord": ["f2"]}, likert=2)
    client.force_login(partnership.users["p2_staff"])
    response = client.post(f"/manage/partnerships/{round.pk}/feedback.pdf", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    run_jobs()
    job = Job.objects.get(kind="partnerships.feedback_pdf")
    assert job.status == "done"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(job.file.content))).pages)
    assert "Netzwerkkarte des Loses" in text and "Ebenenprofil" in text and "Diverscity" in text
    assert "Startphase ohne Leistungsdruck" in text  # the advice card of low basic conditions
    assert "Samen leren werkt." not in text  # open answers never appear
    confidential = new_round(partnership)
    assert client.post(f"/manage/partnerships/{confidential.pk}/feedback.pdf").status_code == 403
    client.force_login(partnership.users["other_lot_staff"])
    assert client.post(f"/manage/partnerships/{round.pk}/feedback.pdf").status_code == 404
