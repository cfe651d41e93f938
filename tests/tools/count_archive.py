#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""An independent count of what an archive holds, for checking
`talkgraph inspect --json`: the same figures computed another way (whole
files parsed with Python's json module, SPEC.md's kind rules written afresh).
usage: count_archive.py ARCHIVE(.zip or folder) > counts.json"""
import json
import os
import re
import sys
import zipfile


class Archive:
    def __init__(self, path):
        self.path = path
        if os.path.isdir(path):
            names = []
            for top, _dirs, files in os.walk(path):
                for f in files:
                    full = os.path.join(top, f)
                    names.append(os.path.relpath(full, path).replace(os.sep, "/"))
            self.zip = None
        else:
            self.zip = zipfile.ZipFile(path)
            names = [n for n in self.zip.namelist() if not n.endswith("/")]
        markers = ("data/", "tweet.js", "tweets.csv", "account.js")
        self.prefix = ""
        if not any(n.startswith(markers) for n in names):
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) == 1 and all("/" in n for n in names):
                self.prefix = tops.pop() + "/"
        self.names = sorted(n[len(self.prefix):] for n in names if n.startswith(self.prefix))

    def read(self, name):
        name = self.prefix + name
        if self.zip:
            return self.zip.read(name).decode("utf-8")
        with open(os.path.join(self.path, name), encoding="utf-8") as f:
            return f.read()

    def elements(self, name):
        text = self.read(name)
        value = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
        return value if isinstance(value, list) else [value]


STEMS = {
    "tweets": ("tweets", "tweet"),
    "direct-messages": ("direct-messages", "direct-message"),
    "direct-messages-group": ("direct-messages-group", "direct-message-group"),
    "follower": ("follower",),
    "following": ("following",),
}
MANIFEST_KEYS = {
    "tweets": ("tweets", "tweet"),
    "direct-messages": ("directMessages", "directMessage"),
    "direct-messages-group": ("directMessagesGroup", "directMessageGroup"),
    "follower": ("follower",),
    "following": ("following",),
}


def data_files(a):
    """type -> list of file names, and the generation."""
    files = {t: [] for t in STEMS}
    if "data/js/tweet_index.js" in a.names or "tweets.csv" in a.names:
        files["tweets"] = [n for n in a.names if re.fullmatch(r"data/js/tweets/\d{4}_\d\d\.js", n)]
        return "grailbird", files
    if "data/manifest.js" in a.names:
        m = a.elements("data/manifest.js")[0]
        for t, keys in MANIFEST_KEYS.items():
            for k in keys:
                for f in m["dataTypes"].get(k, {}).get("files", []):
                    if f["fileName"] in a.names:
                        files[t].append(f["fileName"])
        return "ytd-manifest", files
    for d in ("data/", ""):
        for t, stems in STEMS.items():
            for n in a.names:
                for s in stems:
                    if re.fullmatch(re.escape(d + s) + r"(-part\d+)?\.js", n):
                        files[t].append(n)
        if files["tweets"]:
            break
    return "ytd", files


def owner(a, generation):
    for name in ("data/account.js", "account.js"):
        if name in a.names:
            acc = a.elements(name)[0]["account"]
            return acc["accountId"], acc["username"]
    if generation == "grailbird":
        text = a.read("data/js/user_details.js")
        u = json.loads(text[text.index("=") + 1:])
        return str(u["id"]), u["screen_name"]
    m = a.elements("data/manifest.js")[0]["userInfo"]
    return m["accountId"], m["userName"]


def former_names(a):
    out = []
    for name in ("data/screen-name-change.js", "screen-name-change.js"):
        if name in a.names:
            for e in a.elements(name):
                out.append(e["screenNameChange"]["screenNameChange"]["changedFrom"])
    return out


def sid(t, key):
    v = t.get(key + "_str", t.get(key))
    return str(v) if v not in (None, "") else None


def kind(t, owner_id, names):
    text = t.get("full_text", t.get("text", ""))
    if text.startswith("RT @"):
        return "retweet"
    rs, ru = sid(t, "in_reply_to_status_id"), sid(t, "in_reply_to_user_id")
    if rs or ru:
        if ru == owner_id or (not ru and (t.get("in_reply_to_screen_name") or "").lower() in names):
            return "thread"
        return "reply"
    urls = sorted(t.get("entities", {}).get("urls", []), key=lambda u: int(u.get("indices", [1 << 30])[0]))
    for u in urls:
        m = re.fullmatch(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+)/status(?:es)?/\d+(?:[/?#].*)?",
                         u.get("expanded_url") or "", re.I | re.S)
        if m and m.group(1).lower() not in names and m.group(1).lower() != "i":
            return "quote"
    return "original"


def main():
    a = Archive(sys.argv[1])
    generation, files = data_files(a)
    owner_id, username = owner(a, generation)
    names = {username.lower()} | {n.lower() for n in former_names(a)}
    out = {"generation": generation, "owner": {"id": owner_id, "username": username}, "files": {}}

    seen, groups, logical = set(), {}, []
    elements = duplicates = 0
    for name in sorted(files["tweets"]):
        els = a.elements(name)
        out["files"][name] = len(els)
        for e in els:
            elements += 1
            t = e.get("tweet", e)
            tid = sid(t, "id")
            if tid in seen:
                duplicates += 1
                continue
            seen.add(tid)
            info = t.get("edit_info", {})
            ids = info.get("initial", {}).get("editTweetIds") or \
                info.get("edit", {}).get("editControlInitial", {}).get("editTweetIds") or []
            group = info.get("edit", {}).get("initialTweetId") or (ids[0] if ids else None)
            if group and (len(ids) > 1 or group != tid):
                groups.setdefault(group, []).append((ids.index(tid) if tid in ids else -1, int(tid), t))
            else:
                logical.append(t)
    versions = sum(len(v) for v in groups.values())
    for v in groups.values():
        logical.append(max(v, key=lambda x: (x[0], x[1]))[2])
    kinds = {k: 0 for k in ("original", "reply", "thread", "retweet", "quote")}
    for t in logical:
        kinds[kind(t, owner_id, names)] += 1
    out["tweets"] = dict(total=len(logical), elements=elements, duplicates=duplicates,
                         edited_versions_merged=versions - len(groups), **kinds)

    convs, gconvs, ids = set(), set(), set()
    msgs = gmsgs = welcomes = 0
    for t in ("direct-messages", "direct-messages-group"):
        for name in sorted(files[t]):
            els = a.elements(name)
            out["files"][name] = len(els)
            for e in els:
                c = e["dmConversation"]
                cid = c["conversationId"]
                parts = cid.split("-")
                one = len(parts) == 2 and all(p.isdigit() for p in parts) and owner_id in parts
                (convs if one else gconvs).add(cid)
                for m in c.get("messages", []):
                    (typ, body), = m.items()
                    if typ not in ("messageCreate", "welcomeMessageCreate") or body["id"] in ids:
                        continue
                    ids.add(body["id"])
                    if typ == "welcomeMessageCreate":
                        welcomes += 1
                    elif one:
                        msgs += 1
                    else:
                        gmsgs += 1
    out["dms"] = {"messages": msgs, "conversations": len(convs), "group_messages": gmsgs,
                  "group_conversations": len(gconvs), "welcome_messages": welcomes}
    for t in ("follower", "following"):
        accounts = set()
        for name in files[t]:
            els = a.elements(name)
            out["files"][name] = len(els)
            accounts |= {e[t]["accountId"] for e in els}
        out[t] = len(accounts)
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    print()


main()
