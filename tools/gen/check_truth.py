#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# check_truth.py: an independent reference reader for talkgraph truth files. It re-reads an
# archive (zip or folder, any generation) straight from its data files, recomputes the
# SPEC.md figures and compares them with a truth file written by tg-gen (or gen_archive.py).
# Standard library only. Exit 0 when everything agrees, 1 on a disagreement, 2 on misuse.
"""usage: check_truth.py [--rails TSV] [--dump] [--max-report N] ARCHIVE TRUTH.json
       check_truth.py [--rails TSV] [--tz ZONE] --emit ARCHIVE   (print the figures as a truth file)"""

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import re
import sys
import zipfile
from collections import defaultdict

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

UTC = dt.timezone.utc
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
QUOTE_RE = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]+)/status(?:es)?/([0-9]+)(?:[/?#].*)?$",
    re.IGNORECASE)
RUN_RE = re.compile(r"@([A-Za-z0-9_]+)(?: +@([A-Za-z0-9_]+))*")
RUN_NAME_RE = re.compile(r"@([A-Za-z0-9_]+)")


# ---------------------------------------------------------------- archive access

class Archive:
    """A zip or a folder, seen from its archive root (one extra top-level folder allowed)."""

    def __init__(self, path):
        self.path = path
        self.zip = None
        if os.path.isdir(path):
            names = []
            for root, _dirs, files in os.walk(path):
                for f in files:
                    full = os.path.join(root, f)
                    names.append(os.path.relpath(full, path).replace(os.sep, "/"))
        else:
            self.zip = zipfile.ZipFile(path)
            names = [n for n in self.zip.namelist() if not n.endswith("/")]
        self.raw_names = names
        markers = ("data/manifest.js", "tweets.csv", "data/js/tweet_index.js", "data/tweet.js",
                   "data/tweets.js", "tweet.js", "account.js", "data/account.js")
        self.prefix = ""
        if not any(n in markers for n in names):
            tops = {n.split("/", 1)[0] for n in names if "/" in n}
            for top in sorted(tops):
                if any(n == top + "/" + m for n in names for m in markers):
                    self.prefix = top + "/"
                    break
        self.names = sorted(n[len(self.prefix):] for n in names if n.startswith(self.prefix))
        self.nameset = set(self.names)

    def has(self, name):
        return name in self.nameset

    def read(self, name):
        full = self.prefix + name
        if self.zip is not None:
            return self.zip.read(full)
        with open(os.path.join(self.path, full), "rb") as f:
            return f.read()

    def json_after_eq(self, name):
        text = self.read(name).decode("utf-8")
        return json.loads(text[text.index("=") + 1:])


# ---------------------------------------------------------------- helpers

def parse_twitter_time(s):
    s = s.strip()
    for fmt in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S %z"):
        try:
            return dt.datetime.strptime(s, fmt).astimezone(UTC)
        except ValueError:
            pass
    raise ValueError("bad created_at %r" % s)


def parse_iso(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def iso(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if t else ""


def sid(v):
    """An account or tweet id as a string; anything that is not a positive
    decimal number (real archives hold "-1" for accounts that are gone) is
    no id at all."""
    if v is None:
        return None
    v = str(v)
    return v if v.isdigit() and int(v) > 0 else None


def normalise_dm(text):
    t = text.casefold()
    t = re.sub(r"https?://\S+", "<url>", t)
    t = re.sub(r"@[a-z0-9_]+", "<user>", t)
    t = re.sub(r"[0-9]", "0", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t


def shingles(words):
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def jaccard(a, b):
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def template_senders(openers, threshold=0.8):
    """Senders whose opener (>= 3 words) equals or near-duplicates another sender's opener.
    Exact matches by dictionary; near duplicates by a prefix-filtered shingle index, so
    that large archives stay fast (the result is the same as comparing every pair)."""
    out = set()
    by_text = defaultdict(set)
    for s, txt in openers:
        if len(txt.split(" ")) >= 3:
            by_text[txt].add(s)
    for senders in by_text.values():
        if len(senders) >= 2:
            out |= senders
    items = [(s, txt, shingles(txt.split(" "))) for s, txt in openers if len(txt.split(" ")) >= 3]
    freq = defaultdict(int)
    for _s, _t, sh in items:
        for g in sh:
            freq[g] += 1
    index = defaultdict(list)
    for k, (s, txt, sh) in enumerate(items):
        if not sh:
            continue
        order = sorted(sh, key=lambda g: (freq[g], g))
        prefix = len(order) - math.ceil(threshold * len(order)) + 1
        cands = set()
        for g in order[:prefix]:
            cands.update(index[g])
        for j in cands:
            s2, _t2, sh2 = items[j]
            if s2 != s and jaccard(sh, sh2) >= threshold:
                out.add(s)
                out.add(s2)
        for g in order[:prefix]:
            index[g].append(k)
    return out


def month_key(t, tz):
    lt = t.astimezone(tz)
    return "%04d-%02d" % (lt.year, lt.month)


def months_between(a, b):
    y, m = int(a[:4]), int(a[5:])
    out = []
    while True:
        k = "%04d-%02d" % (y, m)
        out.append(k)
        if k >= b:
            return out
        m += 1
        if m == 13:
            y, m = y + 1, 1


def load_rails(path):
    table = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                parts = line.rstrip("\n").split("\t")
                if i == 0 or len(parts) != 2:
                    continue
                table[parts[0]] = parts[1]
    return table


# ---------------------------------------------------------------- reading

class Tweet:
    __slots__ = ("id", "time", "text", "reply_status", "reply_user", "reply_sn", "mentions",
                 "hashtags", "urls", "edit_group", "edit_ids", "rt_user")


def norm_tweet(obj, grail):
    t = Tweet()
    t.id = sid(obj.get("id_str") or obj.get("id"))
    t.time = parse_twitter_time(obj["created_at"])
    t.text = obj.get("full_text", obj.get("text", ""))
    t.reply_status = sid(obj.get("in_reply_to_status_id_str") or obj.get("in_reply_to_status_id"))
    t.reply_user = sid(obj.get("in_reply_to_user_id_str") or obj.get("in_reply_to_user_id"))
    t.reply_sn = obj.get("in_reply_to_screen_name")
    ents = obj.get("entities") or {}
    t.mentions = []
    for m in ents.get("user_mentions") or []:
        ind = m.get("indices") or [None, None]
        start = int(ind[0]) if ind and ind[0] is not None else None
        t.mentions.append((sid(m.get("id_str") or m.get("id")), m.get("screen_name") or "",
                           m.get("name"), start))
    t.hashtags = [(h.get("text") or "") for h in ents.get("hashtags") or []]
    urls = []
    for u in ents.get("urls") or []:
        ind = u.get("indices") or [0, 0]
        urls.append((int(ind[0]), u.get("expanded_url") or ""))
    urls.sort(key=lambda x: x[0])
    t.urls = [u for _i, u in urls]
    t.edit_group = None
    t.edit_ids = None
    ei = obj.get("edit_info")
    if ei:
        if "initial" in ei:
            ids = ei["initial"].get("editTweetIds") or []
            t.edit_ids = [str(x) for x in ids]
            t.edit_group = t.edit_ids[0] if t.edit_ids else None
        elif "edit" in ei:
            t.edit_group = str(ei["edit"].get("initialTweetId"))
            ids = (ei["edit"].get("editControlInitial") or {}).get("editTweetIds") or []
            t.edit_ids = [str(x) for x in ids]
    t.rt_user = None
    if grail and isinstance(obj.get("retweeted_status"), dict):
        u = obj["retweeted_status"].get("user") or {}
        t.rt_user = (sid(u.get("id_str") or u.get("id")), u.get("screen_name") or "", u.get("name"))
    return t


def read_archive(arc, rails, tz_opt):
    """Returns a dict with everything the figures need."""
    r = {"records_by_file": {}, "tweet_elems": [], "dms": [], "followers": [], "following": [],
         "owner": None, "former": [], "tz_name": None, "generation": None}
    grail = arc.has("tweets.csv") or arc.has("data/js/tweet_index.js")
    if grail:
        r["generation"] = "grailbird"
        ud = arc.json_after_eq("data/js/user_details.js")
        r["owner"] = {"id": str(ud["id"]), "username": ud["screen_name"],
                      "display_name": ud.get("full_name", "")}
        files = sorted(n for n in arc.names if re.match(r"^data/js/tweets/\d{4}_\d{2}\.js$", n))
        for f in files:
            arr = arc.json_after_eq(f)
            r["records_by_file"][f] = len(arr)
            for e in arr:
                r["tweet_elems"].append(norm_tweet(e, True))
        r["account_tz"] = None
        return r

    manifest = arc.has("data/manifest.js")
    r["generation"] = "ytd-manifest" if manifest else "ytd"

    def files_for(kind):
        if manifest:
            m = arc.json_after_eq("data/manifest.js")
            dts = m.get("dataTypes", {})
            keys = {"tweets": ["tweets", "tweet"], "dm": ["directMessages"],
                    "dmg": ["directMessagesGroup"], "follower": ["follower"],
                    "following": ["following"], "account": ["account"],
                    "tz": ["accountTimezone"], "snc": ["screenNameChange"]}[kind]
            out = []
            for k in keys:
                for f in (dts.get(k) or {}).get("files") or []:
                    # A file the manifest lists but the archive lacks is read as empty.
                    if arc.has(f["fileName"]):
                        out.append(f["fileName"])
            return out
        base = {"tweets": ["tweets", "tweet"], "dm": ["direct-messages", "direct-message"],
                "dmg": ["direct-messages-group", "direct-message-group"],
                "follower": ["follower"], "following": ["following"], "account": ["account"],
                "tz": ["account-timezone"], "snc": ["screen-name-change"]}[kind]
        out = []
        for d in ("data/", ""):
            for b in base:
                pat = re.compile("^" + re.escape(d + b) + r"(-part\d+)?\.js$")
                out.extend(n for n in arc.names if pat.match(n))
        return sorted(set(out))

    for f in files_for("account"):
        a = arc.json_after_eq(f)[0]["account"]
        r["owner"] = {"id": a["accountId"], "username": a["username"],
                      "display_name": a.get("accountDisplayName", "")}
    if r["owner"] is None and manifest:
        u = arc.json_after_eq("data/manifest.js").get("userInfo", {})
        r["owner"] = {"id": u.get("accountId"), "username": u.get("userName"),
                      "display_name": u.get("displayName", "")}
    for f in files_for("snc"):
        for e in arc.json_after_eq(f):
            c = e["screenNameChange"]["screenNameChange"]
            if c.get("changedFrom"):
                r["former"].append(c["changedFrom"])
    r["account_tz"] = None
    for f in files_for("tz"):
        for e in arc.json_after_eq(f):
            r["account_tz"] = e["accountTimezone"].get("timeZone")
    for f in files_for("tweets"):
        arr = arc.json_after_eq(f)
        r["records_by_file"][f] = len(arr)
        for e in arr:
            r["tweet_elems"].append(norm_tweet(e["tweet"] if "tweet" in e else e, False))
    for kind in ("dm", "dmg"):
        for f in files_for(kind):
            arr = arc.json_after_eq(f)
            r["records_by_file"][f] = len(arr)
            for e in arr:
                c = e["dmConversation"]
                r["dms"].append((c["conversationId"], c["messages"]))
    for kind, key in (("follower", "followers"), ("following", "following")):
        for f in files_for(kind):
            arr = arc.json_after_eq(f)
            r["records_by_file"][f] = len(arr)
            for e in arr:
                r[key].append(e[kind]["accountId"])
    return r


# ---------------------------------------------------------------- the figures

class Contact:
    def __init__(self, key):
        self.key = key
        self.c = defaultdict(int)
        self.times = []
        self.follows_me = False
        self.i_follow = False


def compute(r, rails, tz_opt):
    owner = r["owner"]
    oid = owner["id"]
    owner_names = {owner["username"].lower()} | {n.lower() for n in r["former"]}

    # time zone
    if tz_opt:
        tzname, source = tz_opt, "--tz"
    elif r.get("account_tz"):
        acct = r["account_tz"]
        if acct in rails:
            tzname = rails[acct]
        elif "/" in acct or acct in ("UTC",):
            tzname = acct
        else:
            tzname = "UTC"
        source = "account-timezone.js"
    else:
        tzname, source = "UTC", "default"
    tz = ZoneInfo(tzname) if tzname not in ("UTC",) else UTC
    time_zone = {"zone": tzname, "source": source, "account_timezone": r.get("account_tz")}

    # --- tweets: dedupe, merge edits
    seen = set()
    uniq = []
    for t in r["tweet_elems"]:
        if t.id in seen:
            continue
        seen.add(t.id)
        uniq.append(t)
    groups = defaultdict(list)
    singles = []
    for t in uniq:
        if t.edit_group and t.edit_ids and len(t.edit_ids) > 1 or (t.edit_group and t.edit_group != t.id):
            groups[t.edit_group].append(t)
        else:
            singles.append(t)
    merged = 0
    kept = list(singles)
    for g, vs in groups.items():
        order = []
        for v in vs:
            if v.edit_ids:
                order = v.edit_ids
                break
        rank = {x: i for i, x in enumerate(order)}
        best = max(vs, key=lambda v: (rank.get(v.id, -1), v.time))
        kept.append(best)
        merged += len(vs) - 1
    kept.sort(key=lambda t: (t.time, t.id))

    # --- id <-> name pairing (latest wins)
    pair_by_name = {}   # lower name -> (time, id)
    pair_by_id = {}     # id -> (time, name)
    disp_by_id = {}     # id -> (time, display name)

    def pair(uid, sn, when):
        if not uid or not sn or uid == oid:
            return
        k = sn.lower()
        if k not in pair_by_name or pair_by_name[k][0] <= when:
            pair_by_name[k] = (when, uid)
        if uid not in pair_by_id or pair_by_id[uid][0] <= when:
            pair_by_id[uid] = (when, sn)

    for t in kept:
        for (mid, msn, mname, _s) in t.mentions:
            pair(mid, msn, t.time)
            if mid and mid != oid and mname is not None:
                if mid not in disp_by_id or disp_by_id[mid][0] <= t.time:
                    disp_by_id[mid] = (t.time, mname)
        if t.reply_user and t.reply_sn:
            pair(t.reply_user, t.reply_sn, t.time)
        if t.rt_user:
            pair(t.rt_user[0], t.rt_user[1], t.time)

    contacts = {}

    def contact(key):
        if key not in contacts:
            contacts[key] = Contact(key)
        return contacts[key]

    def hit(key, what, when):
        c = contact(key)
        c.c[what] += 1
        c.times.append(when)

    quote_names = {}   # lower name -> (time, name as written) for name-only contacts

    kinds = defaultdict(int)
    monthly = defaultdict(lambda: defaultdict(int))
    conv_num = 0
    conv_den = 0
    tag_uses = defaultdict(list)      # tag -> [(local time, contacts)]
    tag_count = defaultdict(int)
    events = []

    for t in kept:
        events.append(t.time)
        mk = month_key(t.time, tz)
        text = t.text
        if text.startswith("RT @"):
            kind = "retweet"
        elif (t.reply_user and t.reply_user == oid) or (
                not t.reply_user and t.reply_sn and t.reply_sn.lower() in owner_names) or (
                not t.reply_user and not t.reply_sn and False):
            kind = "thread"
        elif t.reply_status or t.reply_user:
            kind = "reply"
        else:
            kind = None
            quoted = None
            for u in t.urls:
                m = QUOTE_RE.match(u)
                if m and m.group(1).lower() not in owner_names and m.group(1).lower() != "i":
                    quoted = m.group(1)
                    break
            kind = "quote" if quoted else "original"
        kinds[kind] += 1
        monthly[mk][kind] += 1
        addressed = set()
        if kind == "retweet":
            # SPEC: retweeted_status.user (Grailbird), else the first mention
            # entity, else the name after "RT @"; a name no pairing resolves
            # stays a name-only contact, as quoted names do.
            target, name = None, None
            if t.rt_user and (t.rt_user[0] or t.rt_user[1]):
                target, name = t.rt_user[0], t.rt_user[1]
            elif t.mentions:
                target, name = t.mentions[0][0], t.mentions[0][1]
            else:
                mm = re.match(r"RT @([A-Za-z0-9_]+)", text)
                if mm:
                    name = mm.group(1)
            if not target and name:
                target = pair_by_name.get(name.lower(), (None, None))[1]
                if not target and name.lower() not in owner_names:
                    target = "@" + name.lower()
                    if target not in quote_names or quote_names[target][0] <= t.time:
                        quote_names[target] = (t.time, name)
            if target and target != oid:
                hit(target, "retweets", t.time)
            continue
        # deliberate mentions and context
        run_end = 0
        run_names = []
        target = None
        if kind in ("reply", "thread"):
            target = oid if kind == "thread" else t.reply_user
            m = RUN_RE.match(text)
            if m:
                run_end = m.end()
                run_names = [(x.group(1), x.start()) for x in RUN_NAME_RE.finditer(text[:run_end])]
        deliberate = set()
        for (mid, msn, _mn, start) in t.mentions:
            if not mid or mid == oid:
                continue
            if kind in ("reply", "thread") and start is not None and start < run_end:
                continue
            deliberate.add(mid)
        for mid in sorted(deliberate):
            hit(mid, "mentions", t.time)
            addressed.add(mid)
        context = set()
        for (name, pos) in run_names:
            cid = None
            for (mid, msn, _mn, start) in t.mentions:
                if start == pos and mid:
                    cid = mid
                    break
            if cid is None:
                for (mid, msn, _mn, start) in t.mentions:
                    if msn.lower() == name.lower() and mid:
                        cid = mid
                        break
            if cid is None:
                continue   # a name the archive cannot resolve (a deleted reply target)
            if cid == oid or cid == target:
                continue
            context.add(cid)
        for cid in sorted(context):
            hit(cid, "context", t.time)
            addressed.add(cid)
        if kind == "reply" and t.reply_user and t.reply_user != oid:
            hit(t.reply_user, "replies", t.time)
            addressed.add(t.reply_user)
        if kind == "quote":
            key = pair_by_name.get(quoted.lower(), (None, None))[1]
            if key is None:
                key = "@" + quoted.lower()
                if key not in quote_names or quote_names[key][0] <= t.time:
                    quote_names[key] = (t.time, quoted)
            if key != oid:
                hit(key, "quotes", t.time)
                addressed.add(key)
        if kind in ("reply", "quote"):
            conv_num += 1
            monthly[mk]["_num"] += 1
        elif kind == "original" and deliberate:
            conv_num += 1
            monthly[mk]["_num"] += 1
        if kind in ("original", "reply", "quote"):
            conv_den += 1
            monthly[mk]["_den"] += 1
        tags = {h.casefold() for h in t.hashtags if h}
        lt = t.time.astimezone(tz)
        chat_contacts = set(x for x in deliberate)
        if kind == "reply" and t.reply_user and t.reply_user != oid:
            chat_contacts.add(t.reply_user)
        if kind == "quote":
            chat_contacts.add(key)
        for tag in tags:
            tag_count[tag] += 1
            tag_uses[tag].append((lt, chat_contacts))

    # --- DMs
    convs = {}
    for (cid, msgs) in r["dms"]:
        d = convs.setdefault(cid, {"ids": set(), "msgs": []})
        for ev in msgs:
            (etype, body), = ev.items()
            mid = body.get("id")
            if mid is not None:
                if (etype, mid) in d["ids"]:
                    continue
                d["ids"].add((etype, mid))
            d["msgs"].append((etype, body))
    one_ids = []
    group_ids = []
    for cid in convs:
        parts = cid.split("-")
        if len(parts) == 2 and oid in parts:
            one_ids.append(cid)
        else:
            group_ids.append(cid)
    dms = {"conversations": len(one_ids), "group_conversations": len(group_ids), "sent": 0,
           "received": 0, "two_sided": 0, "opened_by_other": 0, "answered": 0}
    samples = []
    welcome_senders = set()
    openers = []   # (sender, normalised text) of 1:1 conversations
    dm_counts = {"one_to_one_messages": 0, "group_messages": 0,
                 "one_to_one_conversations": len(one_ids), "group_conversations": len(group_ids)}
    for cid in one_ids:
        parts = cid.split("-")
        other = parts[0] if parts[1] == oid else parts[1]
        mcs = []
        for (etype, b) in convs[cid]["msgs"]:
            if etype == "messageCreate":
                mcs.append((parse_iso(b["createdAt"]), b["senderId"], b.get("text", "")))
            elif etype == "welcomeMessageCreate":
                welcome_senders.add(b["senderId"])
                events.append(parse_iso(b["createdAt"]))
        mcs.sort(key=lambda x: x[0])
        dm_counts["one_to_one_messages"] += len(mcs)
        wrote_o = wrote_x = False
        turn = None
        for (when, snd, _txt) in mcs:
            events.append(when)
            mk = month_key(when, tz)
            if snd == oid:
                dms["sent"] += 1
                monthly[mk]["dms_sent"] += 1
                hit(other, "dms_sent", when)
                wrote_o = True
                if turn is not None:
                    samples.append((when - turn).total_seconds())
                    turn = None
            else:
                dms["received"] += 1
                monthly[mk]["dms_received"] += 1
                hit(snd, "dms_received", when)
                wrote_x = True
                if turn is None:
                    turn = when
        if wrote_o and wrote_x:
            dms["two_sided"] += 1
        if mcs:
            first = mcs[0]
            if first[1] != oid:
                dms["opened_by_other"] += 1
                if wrote_o:
                    dms["answered"] += 1
            openers.append((first[1], normalise_dm(first[2])))
    for cid in group_ids:
        for (etype, b) in convs[cid]["msgs"]:
            if etype == "messageCreate":
                when = parse_iso(b["createdAt"])
                events.append(when)
                dm_counts["group_messages"] += 1
                if b["senderId"] != oid:
                    hit(b["senderId"], "group_dms_received", when)
            elif etype == "welcomeMessageCreate":
                events.append(parse_iso(b["createdAt"]))
                welcome_senders.add(b["senderId"])
    dms["response_rate"] = (dms["answered"] / dms["opened_by_other"]) if dms["opened_by_other"] else None
    samples.sort()
    if samples:
        n = len(samples)
        med = samples[n // 2] if n % 2 else (samples[n // 2 - 1] + samples[n // 2]) / 2
        p90 = samples[math.ceil(0.9 * n) - 1]
        dms["response_median_s"] = round(med, 4)
        dms["response_p90_s"] = round(p90, 3)
    else:
        dms["response_median_s"] = None
        dms["response_p90_s"] = None

    automated = set(welcome_senders)
    automated |= template_senders([(s, txt) for (s, txt) in openers if s != oid])
    owner_open = defaultdict(int)
    for (s, txt) in openers:
        if s == oid and len(txt.split(" ")) >= 3:
            owner_open[txt] += 1
    owner_templates = sum(1 for v in owner_open.values() if v >= 3)

    # --- follows
    followers = set(r["followers"])
    following = set(r["following"])
    for f in followers:
        contact(f).follows_me = True
    for f in following:
        contact(f).i_follow = True
    # welcome-only senders followed by no one are no contacts
    for s in welcome_senders:
        if s in contacts and not contacts[s].times and not contacts[s].follows_me and not contacts[s].i_follow:
            del contacts[s]
    contacts.pop(oid, None)

    end = max(events) if events else None
    period = {"first": iso(min(events)) if events else None, "last": iso(end) if events else None}

    # --- per-contact rows
    rows = []
    by_class = {k: 0 for k in ("two-way", "unanswered-in", "one-way-out", "amplify-only",
                               "context-only", "silent-follow")}
    dormant_n = 0
    month_first = defaultdict(int)
    month_active = defaultdict(set)
    for key, c in contacts.items():
        g = c.c
        talk_out = g["replies"] + g["mentions"] + g["quotes"] + g["dms_sent"]
        talk_in = g["dms_received"] + g["group_dms_received"]
        strength = talk_out + talk_in
        if talk_out > 0 and talk_in > 0:
            cls = "two-way"
        elif talk_in > 0:
            cls = "unanswered-in"
        elif talk_out > 0:
            cls = "one-way-out"
        elif g["retweets"] > 0:
            cls = "amplify-only"
        elif g["context"] > 0:
            cls = "context-only"
        else:
            cls = "silent-follow"
        by_class[cls] += 1
        first = min(c.times) if c.times else None
        last = max(c.times) if c.times else None
        months = {month_key(x, tz) for x in c.times}
        dormant = bool(strength >= 3 and last and (end - last).total_seconds() > 365 * 86400)
        dormant_n += dormant
        if first:
            month_first[month_key(first, tz)] += 1
        for mk in months:
            month_active[mk].add(key)
        if key.startswith("@"):
            cid_, sn, name = "", quote_names[key][1], ""
        else:
            cid_ = key
            sn = pair_by_id.get(key, (None, ""))[1]
            name = disp_by_id.get(key, (None, ""))[1] or ""
        rows.append({"id": cid_, "screen_name": sn, "name": name,
                     "replies": g["replies"], "mentions": g["mentions"], "context": g["context"],
                     "retweets": g["retweets"], "quotes": g["quotes"], "dms_sent": g["dms_sent"],
                     "dms_received": g["dms_received"],
                     "group_dms_received": g["group_dms_received"], "talk_out": talk_out,
                     "talk_in": talk_in, "strength": strength, "first": iso(first),
                     "last": iso(last), "active_months": len(months),
                     "follows_me": c.follows_me, "i_follow": c.i_follow,
                     "mutual": c.follows_me and c.i_follow, "class": cls, "dormant": dormant,
                     "automated": (key in automated)})
    rows.sort(key=lambda x: (-x["strength"], x["id"], x["screen_name"]))
    byid = {x["id"]: x for x in rows if x["id"]}

    # --- monthly
    mlist = []
    if events:
        for mk in months_between(month_key(min(events), tz), month_key(end, tz)):
            m = monthly.get(mk, {})
            den = m.get("_den", 0)
            mlist.append({"month": mk, "original": m.get("original", 0), "reply": m.get("reply", 0),
                          "thread": m.get("thread", 0), "retweet": m.get("retweet", 0),
                          "quote": m.get("quote", 0), "dms_sent": m.get("dms_sent", 0),
                          "dms_received": m.get("dms_received", 0),
                          "conversation_share": (m.get("_num", 0) / den) if den else None,
                          "new_contacts": month_first.get(mk, 0),
                          "active_contacts": len(month_active.get(mk, ()))})

    # --- chats
    chats = []
    for tag, uses in tag_uses.items():
        weeks = {u[0].isocalendar()[:2] for u in uses}
        if len(weeks) < 4:
            continue
        best = None
        wins = []
        for wd in range(7):
            for h in range(23):
                inwin = [u for u in uses if u[0].weekday() == wd and h <= u[0].hour < h + 2]
                wins.append((len(inwin), wd, h, inwin))
        top = max(w[0] for w in wins)
        if top < 0.6 * len(uses):
            continue
        alts = []
        for (n, wd, h, inwin) in wins:
            if n == top:
                cs = sorted({c for u in inwin for c in u[1] if not c.startswith("@")})
                alts.append({"weekday": DAYS[wd], "start_hour": h,
                             "sessions": len({u[0].isocalendar()[:2] for u in inwin}),
                             "contacts": cs})
        best = alts[0]
        chats.append({"tag": tag, "uses": len(uses), "weekday": best["weekday"],
                      "start_hour": best["start_hour"], "sessions": best["sessions"],
                      "contacts": best["contacts"], "alternatives": alts})
    chats.sort(key=lambda c: (-c["uses"], c["tag"]))

    nf = len(followers)
    ng = len(following)
    talked_f = sum(1 for f in followers if byid.get(f, {}).get("strength", 0) > 0)
    two_f = sum(1 for f in followers if byid.get(f, {}).get("class") == "two-way")
    talked_g = sum(1 for f in following if byid.get(f, {}).get("strength", 0) > 0)
    two_g = sum(1 for f in following if byid.get(f, {}).get("class") == "two-way")
    reach = sum(1 for f in followers if byid.get(f, {}).get("talk_in", 0) > 0)
    hashtags = dict(sorted(tag_count.items(), key=lambda x: (-x[1], x[0]))[:50])

    out = {
        "generation": r["generation"],
        "owner": owner,
        "period": period,
        "tweets": {"total": len(kept), "original": kinds["original"], "reply": kinds["reply"],
                   "thread": kinds["thread"], "retweet": kinds["retweet"], "quote": kinds["quote"],
                   "edited_versions_merged": merged},
        "conversation_share": (conv_num / conv_den) if conv_den else None,
        "monthly": mlist,
        "follows": {"followers": nf, "following": ng, "mutuals": len(followers & following)},
        "funnel": {"followers": {"total": nf, "talked": talked_f, "two_way": two_f},
                   "following": {"total": ng, "talked": talked_g, "two_way": two_g}},
        "reach_out_rate": (reach / nf) if nf else None,
        "dms": dms,
        "automated_dms": {"senders": sorted(automated), "owner_templates": owner_templates},
        "chats": chats,
        "contacts": {"total": len(rows), "by_class": by_class, "dormant": dormant_n},
        "resolution": {
            "contacts": (sum(1 for x in rows if x["screen_name"]) / len(rows)) if rows else None,
            "followers": (sum(1 for f in followers if byid.get(f, {}).get("screen_name")) / nf) if nf else None,
            "following": (sum(1 for f in following if byid.get(f, {}).get("screen_name")) / ng) if ng else None},
        "hashtags": hashtags,
        "contacts_table": rows,
        "time_zone": time_zone,
        "records_by_file": r["records_by_file"],
        "dm_counts": dm_counts,
    }
    return out


# ---------------------------------------------------------------- comparing

def same(a, b, loose=False):
    """Ratios must agree to 1e-9; response times (milliseconds, halved by a median) to 0.5 ms."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        if loose:
            return abs(a - b) < 5e-4
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def compare(got, truth, report):
    def diff(path, a, b):
        report.append("%s: archive says %s, truth says %s" % (
            path, json.dumps(a, ensure_ascii=False)[:300], json.dumps(b, ensure_ascii=False)[:300]))

    scalar_keys = ["owner", "period", "tweets", "conversation_share", "follows", "funnel",
                   "reach_out_rate", "dms", "automated_dms", "contacts", "resolution", "hashtags"]
    for k in scalar_keys:
        a, b = got[k], truth.get(k)
        if isinstance(a, dict) and isinstance(b, dict):
            for kk in sorted(set(a) | set(b)):
                if isinstance(a.get(kk), dict) and isinstance(b.get(kk), dict):
                    for k3 in sorted(set(a[kk]) | set(b[kk])):
                        if not same(a[kk].get(k3), b[kk].get(k3)):
                            diff("%s.%s.%s" % (k, kk, k3), a[kk].get(k3), b[kk].get(k3))
                elif not same(a.get(kk), b.get(kk), kk.startswith("response_")):
                    diff("%s.%s" % (k, kk), a.get(kk), b.get(kk))
        elif not same(a, b):
            diff(k, a, b)
    for k in ("generation", "records_by_file", "dm_counts"):
        if k in truth and truth[k] != got[k]:
            diff(k, got[k], truth[k])
    tz = truth.get("time_zone", {})
    if tz.get("zone") and tz["zone"] != got["time_zone"]["zone"] and not (
            {tz["zone"], got["time_zone"]["zone"]} <= {"UTC", "Etc/UTC"}):
        diff("time_zone.zone", got["time_zone"]["zone"], tz["zone"])
    # monthly
    tm = {m["month"]: m for m in truth.get("monthly", [])}
    gm = {m["month"]: m for m in got["monthly"]}
    if sorted(tm) != sorted(gm):
        diff("monthly.months", sorted(gm)[:3] + ["..."] + sorted(gm)[-3:],
             sorted(tm)[:3] + ["..."] + sorted(tm)[-3:])
    for mk in sorted(set(tm) & set(gm)):
        for kk in gm[mk]:
            if not same(gm[mk][kk], tm[mk].get(kk)):
                diff("monthly[%s].%s" % (mk, kk), gm[mk][kk], tm[mk].get(kk))
    # chats
    tc = {c["tag"]: c for c in truth.get("chats", [])}
    gc = {c["tag"]: c for c in got["chats"]}
    if sorted(tc) != sorted(gc):
        diff("chats.tags", sorted(gc), sorted(tc))
    for tag in sorted(set(tc) & set(gc)):
        for kk in ("uses", "weekday", "start_hour", "sessions", "contacts"):
            if gc[tag][kk] != tc[tag].get(kk):
                diff("chats[%s].%s" % (tag, kk), gc[tag][kk], tc[tag].get(kk))
    # contacts table
    def rkey(x):
        return x["id"] if x["id"] else "@" + x["screen_name"].lower()
    tt = {rkey(x): x for x in truth.get("contacts_table", [])}
    gt = {rkey(x): x for x in got["contacts_table"]}
    for k in sorted(set(gt) - set(tt)):
        diff("contacts_table[%s]" % k, "present", "absent")
    for k in sorted(set(tt) - set(gt)):
        diff("contacts_table[%s]" % k, "absent", "present")
    for k in sorted(set(tt) & set(gt)):
        for col, v in gt[k].items():
            if not same(v, tt[k].get(col)):
                diff("contacts_table[%s].%s" % (k, col), v, tt[k].get(col))
    order_t = [rkey(x) for x in truth.get("contacts_table", [])]
    order_g = [rkey(x) for x in got["contacts_table"]]
    if order_t != order_g and set(order_t) == set(order_g):
        diff("contacts_table.order", "sorted by strength, id", "another order")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("archive")
    ap.add_argument("truth", nargs="?")
    ap.add_argument("--emit", action="store_true",
                    help="print the recomputed figures in the truth format and compare nothing")
    ap.add_argument("--tz", default=None, help="with --emit: the zone, as talkgraph's --tz")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--rails", default=os.path.join(here, "..", "..", "..", "shared",
                                                      "rails-timezones.tsv"))
    ap.add_argument("--dump", action="store_true", help="print the recomputed figures as JSON")
    ap.add_argument("--max-report", type=int, default=60)
    a = ap.parse_args(argv)
    rails = load_rails(a.rails)
    if not rails:
        print("check_truth: cannot read the Rails zone table '%s'" % a.rails, file=sys.stderr)
    if a.emit:
        got = compute(read_archive(Archive(a.archive), rails, a.tz), rails, a.tz)
        got.setdefault("options", {"tz": a.tz})
        json.dump(got, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if not a.truth:
        ap.error("a truth file is needed (or --emit)")
    with open(a.truth, encoding="utf-8") as f:
        truth = json.load(f)
    tz_opt = (truth.get("options") or {}).get("tz")
    arc = Archive(a.archive)
    r = read_archive(arc, rails, tz_opt)
    got = compute(r, rails, tz_opt)
    if a.dump:
        json.dump(got, sys.stdout, ensure_ascii=False, indent=1)
        print()
    report = []
    compare(got, truth, report)
    name = os.path.basename(a.archive.rstrip("/"))
    if report:
        for line in report[:a.max_report]:
            print("%s: %s" % (name, line))
        if len(report) > a.max_report:
            print("%s: ... %d more" % (name, len(report) - a.max_report))
        print("%s: %d disagreement(s)" % (name, len(report)))
        return 1
    print("%s: agrees with %s (%d tweets, %d contacts, %d 1:1 conversations, %d records files)" % (
        name, os.path.basename(a.truth), got["tweets"]["total"], got["contacts"]["total"],
        got["dms"]["conversations"], len(got["records_by_file"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
