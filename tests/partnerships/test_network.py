"""The lot map's metrics equal networkx on generated networks."""

import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from leerscan.partnerships import network as net

FORMS = ("f1", "f2", "f3")


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=2, max_value=8))
    coordinator = draw(st.integers(min_value=0, max_value=n - 1))
    nodes = [net.Node(i, f"P{i}", "coordinator" if i == coordinator else "partner") for i in range(n)]
    ties = []
    for a in range(n):
        for b in range(n):
            if a != b:
                forms = draw(st.sets(st.sampled_from(FORMS)))
                if forms:
                    ties.append(net.Tie(a, b, frozenset(forms), draw(st.integers(1, 4))))
    return net.Network(nodes, ties)


def as_digraph(network, form=None):
    graph = nx.DiGraph()
    graph.add_nodes_from(network.ids)
    graph.add_edges_from((t.source, t.target) for t in network.ties if form is None or form in t.forms)
    return graph


@settings(max_examples=150, deadline=None)
@given(networks())
def test_metrics_equal_networkx(network):
    graph = as_digraph(network)
    assert math.isclose(net.density(network), nx.density(graph))
    for form in FORMS:
        assert math.isclose(net.density(network, form), nx.density(as_digraph(network, form)))
        assert net.in_degree(network, form) == dict(as_digraph(network, form).in_degree())
    if graph.number_of_edges():
        assert math.isclose(net.reciprocity(network), nx.reciprocity(graph))
    else:
        assert net.reciprocity(network) is None
    assert net.in_degree(network) == dict(graph.in_degree())
    assert sorted(net.isolates(network)) == sorted(nx.isolates(graph))
    f2 = as_digraph(network, "f2")
    coordinator = network.coordinator()
    if f2.number_of_edges():
        assert math.isclose(net.coordinator_load(network), f2.in_degree(coordinator) / f2.number_of_edges())
    else:
        assert net.coordinator_load(network) is None
    multigraph = nx.MultiDiGraph()
    multigraph.add_edges_from((t.source, t.target, f) for t in network.ties for f in t.forms)
    if network.ties:
        assert math.isclose(net.multiplexity(network), multigraph.number_of_edges() / graph.number_of_edges())


def test_two_consultants_of_one_provider_give_one_tie_with_joined_forms():
    reports = [
        {"source": 1, "target": 2, "forms": ["f1"], "contribution": 2, "direction": None},
        {"source": 1, "target": 2, "forms": ["f2"], "contribution": 4, "direction": "give"},
        {"source": 1, "target": 3, "forms": [], "contribution": None, "direction": None},  # no tie
    ]
    [tie] = net.join_reports(reports)
    assert (tie.source, tie.target, tie.forms, tie.contribution, tie.deepest) == (1, 2, {"f1", "f2"}, 3, "f2")


def test_perception_gaps_flag_forms_contribution_and_unseen_help():
    nodes = [net.Node(1, "A"), net.Node(2, "B"), net.Node(3, "C")]
    ties = [
        net.Tie(1, 2, frozenset({"f3", "f2"}), 4, "give"),
        net.Tie(2, 1, frozenset({"f1"}), 1),
    ]
    [gap] = net.perception_gaps(net.Network(nodes, ties))
    assert gap["forms_differ"] and gap["contribution_gap"] and gap["help_unseen"]
    assert net.silent(net.Network(nodes, ties)) == [3] and net.isolates(net.Network(nodes, ties)) == [3]
