#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks what talkgraph makes of two archives whose owners talk to each other
(tg-gen's pair mode) against the two ground-truth files, standard library only.
The per-owner figures themselves are compared by test_truth; this checks what
only exists with two owners.

usage: two_owners_check.py swap AB.json BA.json
         `stats --json A B` and `stats --json B A`: the same figures per owner
       two_owners_check.py graph A.truth B.truth EDGES.csv GRAPH.graphml
         one node per owner and per contact, both owners flagged, the planted
         edges between the owners with their weights per type, shared contacts
         as single nodes with edges from both owners
       two_owners_check.py report A.truth B.truth REPORT.html
         the section "owners" lists both directions with the planted figures
       two_owners_check.py conversation A.truth B.truth A.zip B.zip
         both archives hold the conversation A-B with the same messages
Exit status 0 when everything agrees; every disagreement is printed."""
import csv
import html.parser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

PER_OWNER = ("owner", "period", "tweets", "conversation_share", "monthly", "follows", "funnel",
             "reach_out_rate", "dms", "automated_dms", "chats", "circles", "contacts",
             "resolution", "hashtags", "records")
# truth column -> graph edge type, for the owner -> contact direction
TWEET_EDGES = {"replies": "reply", "mentions": "mention", "context": "context",
               "retweets": "retweet", "quotes": "quote"}

problems = []


def bad(msg):
    problems.append(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def key(row):
    return row["id"] if row["id"] else "name:" + row["screen_name"]


def row_of(truth, account_id):
    rows = [r for r in truth["contacts_table"] if r["id"] == account_id]
    if len(rows) != 1:
        bad(f"{truth['owner']['username']}: {len(rows)} contacts_table rows for {account_id}")
        return None
    return rows[0]


def pair_truths(pa, pb):
    a, b = load(pa), load(pb)
    peer_a, peer_b = a["planted"].get("peer"), b["planted"].get("peer")
    if not peer_a or not peer_b:
        sys.exit("not a pair: planted.peer missing")
    if peer_a["owner"]["id"] != b["owner"]["id"] or peer_b["owner"]["id"] != a["owner"]["id"]:
        sys.exit("the two truths are not of one pair")
    return a, b


def swap(p_ab, p_ba):
    ab, ba = load(p_ab), load(p_ba)
    first = {k: ab[k] for k in PER_OWNER}
    second = ab["owners"][0]
    if len(ab.get("owners", [])) != 1 or len(ba.get("owners", [])) != 1:
        bad("expected exactly one further owner in each stats.json")
    for name, x, y in (("first of A B / second of B A", first, ba["owners"][0]),
                       ("second of A B / first of B A", second, {k: ba[k] for k in PER_OWNER})):
        for k in PER_OWNER:
            if x.get(k) != y.get(k):
                bad(f"{name}: '{k}' differs")
    if [i["owner"] for i in ab["inputs"]] != [i["owner"] for i in reversed(ba["inputs"])]:
        bad("inputs are not listed in the order given")


def graph(pa, pb, p_edges, p_graphml):
    a, b = pair_truths(pa, pb)
    ida, idb = a["owner"]["id"], b["owner"]["id"]
    # nodes (GraphML)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(p_graphml).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    nodes, owners = {}, set()
    for n in root.iter("{%s}node" % ns["g"]):
        nid = n.get("id")
        if nid in nodes:
            bad(f"graphml: node {nid} twice")
        data = {keys[d.get("key")]: d.text for d in n.findall("g:data", ns)}
        nodes[nid] = data
        if data.get("owner") == "true":
            owners.add(nid)
    if owners != {ida, idb}:
        bad(f"graphml: owner nodes {sorted(owners)}, expected {sorted([ida, idb])}")
    for oid, t in ((ida, a), (idb, b)):
        d = nodes.get(oid, {})
        if d.get("class") != "owner" or d.get("screen_name") != t["owner"]["username"]:
            bad(f"graphml: owner node {oid} is {d}")
    want = {ida, idb} | {key(r) for r in a["contacts_table"]} | {key(r) for r in b["contacts_table"]}
    if set(nodes) != want:
        bad(f"graphml: {len(nodes)} nodes, expected {len(want)} (owners and the union of both "
            f"owners' contacts); extra {sorted(set(nodes) - want)[:5]}, missing "
            f"{sorted(want - set(nodes))[:5]}")
    # edges: edges.csv, the same in GraphML
    edges = {}
    with open(p_edges, newline="", encoding="utf-8") as f:
        for e in csv.DictReader(f):
            k = (e["source"], e["target"], e["type"])
            if k in edges:
                bad(f"edges.csv: {k} twice")
            edges[k] = int(e["weight"])
    gedges = {}
    for e in root.iter("{%s}edge" % ns["g"]):
        data = {keys[d.get("key")]: d.text for d in e.findall("g:data", ns)}
        gedges[(e.get("source"), e.get("target"), data["type"])] = int(data["weight"])
    if gedges != edges:
        bad(f"graphml and edges.csv disagree on {len(set(gedges.items()) ^ set(edges.items()))} edges")
    # between the owners: every type, both ways, with the planted weights
    ra, rb = row_of(a, idb), row_of(b, ida)  # A's view of B, B's view of A
    if not ra or not rb:
        return
    expect = {}
    for src, dst, row in ((ida, idb, ra), (idb, ida, rb)):
        for col, typ in TWEET_EDGES.items():
            if row[col]:
                expect[(src, dst, typ)] = row[col]
        if row["follows_me"]:
            expect[(dst, src, "follows")] = 1
        if row["i_follow"]:
            expect[(src, dst, "follows")] = 1
    # each side holds the conversation: A's sent are B's received and back
    if ra["dms_sent"] != rb["dms_received"] or ra["dms_received"] != rb["dms_sent"]:
        bad(f"the truths disagree on the conversation: A sent {ra['dms_sent']}, B received "
            f"{rb['dms_received']}; B sent {rb['dms_sent']}, A received {ra['dms_received']}")
    if ra["follows_me"] != rb["i_follow"] or ra["i_follow"] != rb["follows_me"]:
        bad("the truths disagree on the follows between the owners")
    expect[(ida, idb, "dm")] = ra["dms_sent"]
    expect[(idb, ida, "dm")] = ra["dms_received"]
    for typ in ("reply", "mention", "quote", "dm"):
        if not expect.get((ida, idb, typ)):
            bad(f"nothing planted: {typ} from A to B")
    for typ in ("reply", "mention", "dm"):
        if not expect.get((idb, ida, typ)):
            bad(f"nothing planted: {typ} from B to A")
    got = {k: w for k, w in edges.items() if {k[0], k[1]} == {ida, idb}}
    for k in sorted(set(got) | set(expect)):
        if got.get(k) != expect.get(k):
            bad(f"edge {k[0]} -> {k[1]} {k[2]}: weight {got.get(k)}, planted {expect.get(k)}")
    # contacts both owners share: one node, edges from both owners
    shared = a["planted"]["peer"]["shared_contacts"]
    if not shared or shared != b["planted"]["peer"]["shared_contacts"]:
        bad(f"shared contacts: {shared} / {b['planted']['peer']['shared_contacts']}")
    for s in shared:
        if s not in nodes:
            bad(f"shared contact {s}: no node")
        for oid, t in ((ida, a), (idb, b)):
            r = row_of(t, s)
            # "co" edges come from the other owner's tweets that address both
            out = {typ: w for (src, dst, typ), w in edges.items()
                   if src == oid and dst == s and typ != "co"}
            want_out = {TWEET_EDGES[c]: r[c] for c in TWEET_EDGES if r and r[c]}
            if r and r["dms_sent"]:
                want_out["dm"] = r["dms_sent"]
            if r and r["i_follow"]:
                want_out["follows"] = 1
            if not want_out or out != want_out:
                bad(f"shared contact {s}: edges from {oid} {out}, expected {want_out}")
    print(f"graph: {len(nodes)} nodes, {len(edges)} edges; between the owners "
          + ", ".join(f"{'A->B' if k[0] == ida else 'B->A'} {k[2]} {w}" for k, w in sorted(got.items()))
          + f"; {len(shared)} shared contacts")


class Section(html.parser.HTMLParser):
    """The rows of the table in <section id="owners">."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside the section
        self.rows, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            if self.depth or dict(attrs).get("id") == "owners":
                self.depth += 1
        elif self.depth and tag == "tr":
            self.row = []
        elif self.depth and tag == "td" and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "section" and self.depth:
            self.depth -= 1
        elif self.depth and tag == "td" and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif self.depth and tag == "tr" and self.row is not None:
            if self.row:
                self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def report(pa, pb, p_html):
    a, b = pair_truths(pa, pb)
    p = Section()
    with open(p_html, encoding="utf-8") as f:
        p.feed(f.read())
    if not p.rows:
        bad("report.html: no section 'owners' or no row in it")
    want = []
    for x, y in ((a, b), (b, a)):
        r = row_of(x, y["owner"]["id"])
        if r:
            want.append(["@" + x["owner"]["username"], "@" + y["owner"]["username"],
                         str(r["strength"]), str(r["talk_out"]), str(r["talk_in"]), r["class"]])
    if sorted(p.rows) != sorted(want):
        bad(f"report.html owners: {p.rows}, expected {want}")
    else:
        print("report: " + "; ".join(" ".join(r) for r in p.rows))


def dm_files(path):
    """(name, text) of the 1:1 DM data files of an archive, zip or folder, any YTD layout."""
    want = re.compile(r"(^|/)direct-messages?(-part\d+)?\.js$")
    if os.path.isdir(path):
        for top, _, files in os.walk(path):
            for f in files:
                full = os.path.join(top, f)
                if want.search(full.replace(os.sep, "/")):
                    with open(full, encoding="utf-8") as fh:
                        yield full, fh.read()
    else:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if want.search(name):
                    yield name, z.read(name).decode("utf-8")


def conversation_of(path, cid):
    msgs, entries = [], 0
    for _, text in dm_files(path):
        for e in json.loads(text[text.index("=") + 1:]):
            c = e["dmConversation"]
            if c["conversationId"] != cid:
                continue
            entries += 1
            for m in c["messages"]:
                mc = m.get("messageCreate")
                if mc:
                    msgs.append((mc["id"], mc["senderId"], mc.get("recipientId"), mc["createdAt"],
                                 mc["text"]))
    return sorted(msgs), entries


def conversation(pa, pb, za, zb):
    a, b = pair_truths(pa, pb)
    ids = sorted((a["owner"]["id"], b["owner"]["id"]), key=int)
    cid = "-".join(ids)
    for t in (a, b):
        if t["planted"]["peer"]["conversation_id"] != cid:
            bad(f"conversation id {t['planted']['peer']['conversation_id']}, expected {cid}")
    ma, ea = conversation_of(za, cid)
    mb, eb = conversation_of(zb, cid)
    if not ma or ma != mb:
        bad(f"conversation {cid}: {len(ma)} messages in A, {len(mb)} in B, "
            f"{len(set(ma) ^ set(mb))} not in both")
    for t, n, e in ((a, ma, ea), (b, mb, eb)):
        p = t["planted"]["peer"]
        if len(n) != p["messages"] or e != p["conversation_entries"]:
            bad(f"{t['owner']['username']}: {len(n)} messages in {e} entries, planted "
                f"{p['messages']} in {p['conversation_entries']}")
    senders = {m[1] for m in ma}
    if senders != set(ids):
        bad(f"conversation {cid}: written by {sorted(senders)}")
    if not problems:
        print(f"conversation {cid}: the same {len(ma)} messages in both archives "
              f"({ea} and {eb} entries)")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("swap", "graph", "report", "conversation"):
        sys.exit(__doc__)
    {"swap": swap, "graph": graph, "report": report,
     "conversation": conversation}[sys.argv[1]](*sys.argv[2:])
    for msg in problems:
        print("  " + msg)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
