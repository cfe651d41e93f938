#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The edge cases of the relationship model, by name, each on a tiny archive
built here and checked through the CLI as a user would (stats --json,
contacts --csv, graph): a reply whose prefix holds several users; a
deliberate mention at the start of an original tweet; a reply to a deleted
account; a quote of a name-only contact later seen with its id; an edited
tweet; a DM conversation in several chunks; --tz moving a tweet across a
month boundary; two archives of owners who reply to each other.
usage: edge_cases.py  (env TG: the talkgraph binary)"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

TG = os.environ["TG"]
failures = []
passed = 0


def check(name, got, want):
    global passed
    if got == want:
        passed += 1
    else:
        failures.append(f"{name}: got {got!r}, want {want!r}")


def write(path, lvalue, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"window.YTD.{lvalue}.part0 = " + json.dumps(value, indent=1))


def mention(uid, name, start):
    return {"id_str": str(uid), "screen_name": name, "name": name.title(),
            "indices": [str(start), str(start + 1 + len(name))]}


def tweet(tid, when, text, reply_to=None, reply_name=None, mentions=(), urls=(), edit=None):
    t = {"id_str": str(tid), "id": str(tid), "created_at": when, "full_text": text,
         "entities": {"hashtags": [], "user_mentions": list(mentions), "urls": list(urls)}}
    if reply_to:
        t["in_reply_to_status_id_str"] = "1"
        t["in_reply_to_user_id_str"] = str(reply_to)
        if reply_name:
            t["in_reply_to_screen_name"] = reply_name
    if edit:
        t["edit_info"] = edit
    return {"tweet": t}


def archive(root, owner, name, tweets, dms=(), followers=(), following=()):
    write(f"{root}/data/account.js", "account",
          [{"account": {"accountId": str(owner), "username": name, "accountDisplayName": name.title(),
                        "createdAt": "2010-01-01T00:00:00.000Z"}}])
    write(f"{root}/data/tweets.js", "tweets", list(tweets))
    write(f"{root}/data/direct-messages.js", "direct_messages", list(dms))
    write(f"{root}/data/follower.js", "follower", [{"follower": {"accountId": str(i)}} for i in followers])
    write(f"{root}/data/following.js", "following", [{"following": {"accountId": str(i)}} for i in following])


def run(*args):
    p = subprocess.run([TG, *args], capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"talkgraph {' '.join(args)}: status {p.returncode}: {p.stderr.strip()}")
        return None
    return p.stdout


def contacts(path, *extra):
    out = run("contacts", "--csv", "-q", path, *extra)
    rows = list(csv.DictReader(io.StringIO(out or "")))
    return {(r["id"] or "name:" + r["screen_name"].lower()): r for r in rows}


def dm(conv, mid, sender, recipient, when, text="hi"):
    return {"messageCreate": {"id": str(mid), "senderId": str(sender), "recipientId": str(recipient),
                              "createdAt": when, "text": text}}


work = tempfile.mkdtemp()
D = "Mon Mar 01 10:00:00 +0000 2021"

# 1-6 in one archive of owner 1000 (@me).
a = f"{work}/a"
archive(a, 1000, "me", [
    # 1. a reply whose prefix holds several users: target a, context b and c, cc d.
    tweet(10, D, "@ann @bob @cat hello, cc @dan", reply_to=2001, reply_name="ann",
          mentions=[mention(2001, "ann", 0), mention(2002, "bob", 5), mention(2003, "cat", 10),
                    mention(2004, "dan", 24)]),
    # 2. a deliberate mention at the start of an original tweet.
    tweet(11, D, "@eve look at this", mentions=[mention(2005, "eve", 0)]),
    # 3. a reply to a deleted account: no screen name, no entity for it.
    tweet(12, D, "@gone @bob still here?", reply_to=2999, mentions=[mention(2002, "bob", 6)]),
    # 4. a quote of a name-only contact later seen with its id.
    tweet(13, "Tue Mar 02 10:00:00 +0000 2021", "so true https://t.co/q",
          urls=[{"url": "https://t.co/q", "expanded_url": "https://x.com/Zed/status/55", "indices": ["8", "22"]}]),
    tweet(14, "Wed Mar 03 10:00:00 +0000 2021", "thanks @zed", mentions=[mention(2006, "zed", 7)]),
    # 5. an edited tweet: the last version (mentioning fay) is kept, once.
    tweet(15, D, "first draft", edit={"initial": {"editTweetIds": ["15", "16"]}}),
    tweet(16, "Mon Mar 01 10:05:00 +0000 2021", "final @fay", mentions=[mention(2007, "fay", 6)],
          edit={"edit": {"initialTweetId": "15", "editControlInitial": {"editTweetIds": ["15", "16"]}}}),
], dms=[
    # 6. one conversation in two chunks, newest first, with a repeated message.
    {"dmConversation": {"conversationId": "1000-2008", "messages": [
        dm("1000-2008", 903, 1000, 2008, "2021-03-05T10:00:00.000Z"),
        dm("1000-2008", 902, 2008, 1000, "2021-03-04T10:00:00.000Z")]}},
    {"dmConversation": {"conversationId": "1000-2008", "messages": [
        dm("1000-2008", 902, 2008, 1000, "2021-03-04T10:00:00.000Z"),
        dm("1000-2008", 901, 2008, 1000, "2021-03-03T10:00:00.000Z")]}},
])
c = contacts(a)
check("several users in the reply prefix: replies to the target", c["2001"]["replies"], "1")
check("several users in the reply prefix: no context for the target", c["2001"]["context"], "0")
check("several users in the reply prefix: context for the others", (c["2002"]["context"], c["2003"]["context"]), ("2", "1"))
check("several users in the reply prefix: a cc after the run is a mention", c["2004"]["mentions"], "1")
check("several users in the reply prefix: context is not talk", c["2003"]["strength"], "0")
check("leading mention of an original is deliberate", c["2005"]["mentions"], "1")
check("reply to a deleted account: counted for its id", (c["2999"]["replies"], c["2999"]["screen_name"]), ("1", ""))
check("reply to a deleted account: its name in the text is no contact", "name:gone" in c, False)
check("quote of a name-only contact joins its id", (c["2006"]["quotes"], c["2006"]["mentions"]), ("1", "1"))
check("quote of a name-only contact: no name-only row left", "name:zed" in c, False)
check("edited tweet: the kept version counts", c["2007"]["mentions"], "1")
stats = json.loads(run("stats", "--json", "-q", a) or "{}")
check("edited tweet: counted once", (stats.get("tweets", {}).get("total"), stats.get("tweets", {}).get("edited_versions_merged")), (6, 1))
check("DM chunks merged and deduplicated", (c["2008"]["dms_received"], c["2008"]["dms_sent"]), ("2", "1"))
check("DM chunks: one conversation", stats.get("dms", {}).get("conversations"), 1)

# 7. --tz moving a tweet across a month boundary.
b = f"{work}/b"
archive(b, 1000, "me", [tweet(20, "Sun Jan 31 23:30:00 +0000 2021", "late night")])
utc = json.loads(run("stats", "--json", "-q", b) or "{}")
madrid = json.loads(run("stats", "--json", "-q", "--tz", "Europe/Madrid", b) or "{}")
check("--tz: UTC month", [m["month"] for m in utc.get("monthly", [])], ["2021-01"])
check("--tz: Madrid month", [m["month"] for m in madrid.get("monthly", [])], ["2021-02"])
check("--tz: dates in outputs stay UTC", madrid.get("period", {}).get("first"), "2021-01-31T23:30:00Z")

# 8. two archives of owners who reply to each other.
p, q = f"{work}/p", f"{work}/q"
archive(p, 3001, "pam", [tweet(30, D, "@quin agreed", reply_to=3002, reply_name="quin",
                               mentions=[mention(3002, "quin", 0)])], followers=[3002], following=[3002])
archive(q, 3002, "quin", [tweet(31, D, "@pam thanks", reply_to=3001, reply_name="pam",
                                mentions=[mention(3001, "pam", 0)]),
                          tweet(32, D, "@pam and again", reply_to=3001, reply_name="pam",
                                mentions=[mention(3001, "pam", 0)])], followers=[3001])
both = json.loads(run("stats", "--json", "-q", p, q) or "{}")
owners = [both.get("owner", {})] + [o.get("owner", {}) for o in both.get("owners", [])]
check("two owners: both are owners", [o.get("id") for o in owners], ["3001", "3002"])
cp = contacts(p, q)
check("two owners: pam's replies to quin", cp["3002"]["replies"], "1")
out = run("graph", "--format", "csv", "-q", p, q) or ""
edges = {(r["source"], r["target"], r["type"]): r["weight"] for r in csv.DictReader(io.StringIO(out))}
check("two owners: the graph holds pam -> quin", edges.get(("3001", "3002", "reply")), "1")
check("two owners: the graph holds quin -> pam", edges.get(("3002", "3001", "reply")), "2")
nodes = run("graph", "--format", "graphml", "-q", p, q) or ""
check("two owners: one node each", (nodes.count('<node id="3001"'), nodes.count('<node id="3002"')), (1, 1))

for f in failures:
    print("FAIL: " + f)
print(f"edge_cases: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
