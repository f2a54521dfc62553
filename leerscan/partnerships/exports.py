"""The research files of a partnership round: tie list, node list, GraphML (Gephi, networkx), layer
scores, reliability per subscale and a codebook, in one zip. Plain Python: Django-free."""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx

from leerscan.partnerships import network as net
from leerscan.partnerships import scoring
from leerscan.partnerships.instrument import PartnershipInstrument

TIE_COLUMNS = (
    "source_id",
    "source",
    "target_id",
    "target",
    "f1",
    "f2",
    "f3",
    "deepest",
    "contribution",
    "f2_direction",
)
NODE_COLUMNS = ("id", "name", "role", "in_degree", "out_degree")


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def tie_rows(network: net.Network) -> list[tuple]:
    names = {n.id: n.name for n in network.nodes}
    return [
        (
            t.source,
            names[t.source],
            t.target,
            names[t.target],
            int("f1" in t.forms),
            int("f2" in t.forms),
            int("f3" in t.forms),
            t.deepest,
            "" if t.contribution is None else round(t.contribution, 3),
            t.direction or "",
        )
        for t in network.ties
    ]


def node_rows(network: net.Network) -> list[tuple]:
    ins, outs = net.in_degree(network), net.out_degree(network)
    return [(n.id, n.name, n.role, ins[n.id], outs[n.id]) for n in network.nodes]


def graph(network: net.Network) -> nx.DiGraph:
    """The network as a networkx graph, with every attribute GraphML can carry (no None values)."""
    g = nx.DiGraph()
    for node in network.nodes:
        g.add_node(str(node.id), name=node.name, role=node.role)
    for tie in network.ties:
        attributes = {f: f in tie.forms for f in net.FORMS}
        attributes["deepest"] = tie.deepest
        if tie.contribution is not None:
            attributes["contribution"] = float(tie.contribution)
        if tie.direction:
            attributes["f2_direction"] = tie.direction
        g.add_edge(str(tie.source), str(tie.target), **attributes)
    return g


def graphml(network: net.Network) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(graph(network), out, encoding="utf-8")
    return out.getvalue()


def score_rows(instrument: PartnershipInstrument, all_answers: list[dict]) -> tuple[list[str], list[list]]:
    """One row per respondent (numbered, never named): every subscale and layer score."""
    keys = list(instrument.subscales)
    header = ["respondent", *keys, *(f"layer{layer.key}" for layer in instrument.layers)]
    rows = []
    for number, answers in enumerate(all_answers, start=1):
        scores = scoring.subscale_scores(instrument, answers)
        layers = scoring.layer_scores(instrument, scores)
        values = [scores[k] for k in keys] + [layers[layer.key] for layer in instrument.layers]
        rows.append([number, *("" if v is None else round(v, 4) for v in values)])
    return header, rows


def codebook_rows(instrument: PartnershipInstrument) -> list[tuple]:
    rows = [
        (f, "tie", label.label["nl"], label.label["en"])
        for f, label in zip(net.FORMS, instrument.forms, strict=True)
    ]
    rows += [(k, "subscale", s.label["nl"], s.label["en"]) for k, s in instrument.subscales.items()]
    rows += [(f"layer{la.key}", "layer", la.label["nl"], la.label["en"]) for la in instrument.layers]
    rows += [("contribution", "tie", "Bijdrage aan de eigen doelen (1-4)", "Contribution to own goals (1-4)")]
    return rows


def research_zip(instrument: PartnershipInstrument, network: net.Network, all_answers: list[dict]) -> bytes:
    header, scores = score_rows(instrument, all_answers)
    reliability = scoring.reliability(instrument, all_answers)
    files = {
        "ties.csv": _csv(TIE_COLUMNS, tie_rows(network)),
        "nodes.csv": _csv(NODE_COLUMNS, node_rows(network)),
        "network.graphml": graphml(network),
        "layer_scores.csv": _csv(header, scores),
        "reliability.csv": _csv(
            ("subscale", "items", "n_complete", "alpha", "note"),
            [
                (
                    k,
                    len(instrument.subscales[k].items),
                    r["n"],
                    "" if r["alpha"] is None else round(r["alpha"], 4),
                    r["reason"],
                )
                for k, r in reliability.items()
            ],
        ),
        "codebook.csv": _csv(("variable", "level", "label_nl", "label_en"), codebook_rows(instrument)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
