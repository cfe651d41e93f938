#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that the GraphML and GEXF files talkgraph writes load in networkx,
# the way a user would read them, with every node, edge and attribute intact.
# The files come from the unit test program (test_graph with TG_GRAPH_OUT).
set -euo pipefail

: "${TG_BUILD_DIR:?TG_BUILD_DIR must name the build folder}"
# The Debian python3 carries networkx; a pyenv python3 first in PATH may not.
PY=/usr/bin/python3
if ! "$PY" -c 'import networkx' 2>/dev/null; then
	echo "graph_networkx: SKIP: $PY cannot import networkx" >&2
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TG_GRAPH_OUT="$tmp" "$TG_BUILD_DIR/test_graph" >/dev/null

"$PY" - "$tmp" <<'EOF'
import sys
import networkx as nx

d = sys.argv[1]
NAMES = {
    "1000": "\u00d3wner \u2615",
    "2001": "A <&\"'> b",
    "2002": "Bob\ufffdctl\ttab\r\nnl",
    "name:carol": "Carol \ufffd \u65e5\u672c \U0001F600 \ufffdbad",
}


def check(G, fmt):
    assert G.is_directed(), fmt
    assert G.number_of_nodes() == 6, (fmt, G.number_of_nodes())
    assert G.number_of_edges() == 10, (fmt, G.number_of_edges())
    assert set(G.nodes) == {"1000", "2001", "2002", "name:carol", "2004", "2005"}, fmt
    for n, name in NAMES.items():
        assert G.nodes[n]["name"] == name, (fmt, n, G.nodes[n].get("name"))
    a = G.nodes["2001"]
    assert a["screen_name"] == "alice" and a["class"] == "two-way", (fmt, a)
    assert a["strength"] == 12 and isinstance(a["strength"], int), (fmt, a)
    assert a["owner"] is False and a["follows_me"] is True and a["i_follow"] is True, (fmt, a)
    assert a["circle"] == 0 and G.nodes["1000"]["circle"] == -1, fmt
    assert G.nodes["1000"]["owner"] is True, fmt
    assert "screen_name" not in G.nodes["2004"], (fmt, G.nodes["2004"])
    assert G.nodes["2004"]["label"] == "2004", fmt
    assert G.nodes["2005"]["screen_name"] == "dave\\N", fmt

    edges = list(G.edges(data=True))
    types = sorted(e[2]["type"] for e in edges)
    assert types == sorted(["reply", "mention", "dm", "quote", "quote", "co",
                            "follows", "follows", "group_dm", "co"]), (fmt, types)
    # The parallel reply and mention edges owner -> alice both survive.
    oa = sorted((e["type"], e["weight"], e["first"], e["last"])
                for u, v, e in edges if (u, v) == ("1000", "2001"))
    assert oa == [("mention", 2, "2023-01-15T08:30:05Z", "2024-12-31T23:59:59Z"),
                  ("reply", 5, "2024-09-27T00:07:44Z", "2024-10-02T12:00:00Z")], (fmt, oa)
    follows = [e for u, v, e in edges if e["type"] == "follows"]
    assert all("first" not in e and "last" not in e for e in follows), (fmt, follows)
    assert sum(e["weight"] for u, v, e in edges) == 22, fmt
    return edges


G = nx.read_graphml(f"{d}/sample.graphml")
for u, v, e in check(G, "graphml"):
    assert isinstance(e["weight"], int), e

G = nx.read_gexf(f"{d}/sample.gexf")
assert G.graph["mode"] == "dynamic"
for u, v, e in check(G, "gexf"):
    assert isinstance(e["weight"], float), e
    if e["type"] == "follows":
        assert "start" not in e and "end" not in e, e
    else:
        # The timeline: start/end are the days of first/last.
        assert e["start"] == e["first"][:10] and e["end"] == e["last"][:10], e
print("graph_networkx: graphml and gexf load in networkx", nx.__version__)
EOF
