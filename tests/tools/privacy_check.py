# SPDX-License-Identifier: MIT
"""The checker behind tests/privacy.sh: collects every identity and every DM
text an archive holds, and looks for them in the files of a talkgraph report.

    privacy_check.py leaks [--level 1|2|0] [--vocab DIR:ARCHIVE]... OUT ARCHIVE...
    privacy_check.py pseudonyms OUT         the shown ids of the graph's nodes
    privacy_check.py naive-keys OUT ARCHIVE  pseudonyms are no HMAC under a
                                             key read off the outputs
    privacy_check.py scheme OUT ARCHIVE SALT with --salt, pseudonyms are the
                                             documented HMAC-SHA256

Secrets, read with the json module from every data file of the archive
(the JSON after the first '='; Grailbird's `var user_details =` too):
  ids      account ids: mention entities, in_reply_to_user_id(_str), user
           objects (retweeted_status.user, Grailbird's own), DM senderId,
           recipientId, initiatingUserId, participantsSnapshot, userIds, the
           halves of 1:1 conversation ids, follower/following accountId; the
           status ids of replied and quoted tweets
  handles  screen_name of mentions and user objects, in_reply_to_screen_name,
           "RT @name", every @name written in a tweet or a DM, <name> of
           status urls, screen-name changes; also lower-cased
  names    display names (mention entities, user objects, the account)
  texts    every DM and welcome message text, group conversation names
The owner's id, handles, names and e-mail are owner secrets: looked for only at
--level 2 (--anonymize=all). At --level 0 (no --anonymize) only texts are
looked for: DM text never appears, except a text the owner sent, inside the
report's automated-messages section (SPEC.md: owner templates).

Matching is by whole tokens, so that an id "12" cannot match inside "2012" or
a handle "ann" inside "annual": outputs and secrets are cut into tokens
(maximal runs of letters, digits and "_", case-folded) after undoing each
format's escapes (JSON decoded, HTML/XML entities, backslashes of DOT,
Markdown and gnuplot). A secret of one token is looked for when it is long
enough to mean something -- 6 digits or more for numbers, 4 characters or more
for words -- and is not a word the program itself prints. A secret of several
tokens (a display name, an e-mail, a DM text) is looked for as a run of
consecutive tokens: names whole and word by word, DM texts by every window
of 4 consecutive tokens (so that a cut text is caught too); a run is skipped
when none of its tokens is long enough and foreign to the program.

"Words the program prints" are those of the string literals of analyzer/*.c,
the words of the archive that a report keeps on purpose (hashtags, the time
zone, data file names; at --level 1 the owner's own identity) and the words
of a control report (--vocab OUT:ARCHIVE: a report of another archive, which
brings gnuplot's SVG boilerplate) minus that archive's own secrets. PNG
pictures cannot be searched: their .dat, .gp and .svg sources are.
"""
import csv
import hashlib
import hmac
import html
import io
import json
import os
import re
import sys
import zipfile

TOKEN = re.compile(r"\w+", re.UNICODE)
STATUS_URL = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+)/status(?:es)?/(\d+)(?:[/?#].*)?$", re.I)
AT_NAME = re.compile(r"(?<![\w@])@(\w{1,15})")
ID_KEYS = {"in_reply_to_user_id", "in_reply_to_user_id_str", "senderId", "recipientId",
           "initiatingUserId", "accountId"}
ID_LIST_KEYS = {"participantsSnapshot", "userIds"}
STATUS_KEYS = {"in_reply_to_status_id", "in_reply_to_status_id_str"}


def tokens(s):
    return [t.casefold() for t in TOKEN.findall(s)]


def meaningful(tok):
    return len(tok) >= 6 if tok.isdigit() else len(tok) >= 4


# ---- reading the archive ----

def data_files(path):
    """(name, text) of every .js file of an archive zip or folder."""
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            for f in sorted(files):
                if f.endswith(".js"):
                    p = os.path.join(root, f)
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        yield os.path.relpath(p, path), fh.read()
    else:
        with zipfile.ZipFile(path) as z:
            for n in sorted(z.namelist()):
                if n.endswith(".js"):
                    yield n, z.read(n).decode("utf-8", errors="replace")


def parse_js(text):
    i = text.find("=")
    if i < 0:
        return None
    try:
        return json.loads(text[i + 1:].strip().rstrip(";"))
    except ValueError:
        return None


class Secrets:
    def __init__(self):
        self.ids, self.handles, self.names, self.texts = set(), set(), set(), set()
        self.owner_ids, self.owner_handles, self.owner_names = set(), set(), set()
        self.owner_texts = set()   # DM texts the owner sent
        self.kept = set()          # tokens a report keeps on purpose
        self.owner_id = None

    def all(self, owner):
        """(kind, value) of every secret; the owner's too when OWNER."""
        out = [("id", v) for v in self.ids] + [("handle", v) for v in self.handles] + \
              [("name", v) for v in self.names] + [("text", v) for v in self.texts]
        if owner:
            out += [("id", v) for v in self.owner_ids] + [("handle", v) for v in self.owner_handles] + \
                   [("name", v) for v in self.owner_names]
        return out


def add_id(S, v):
    v = str(v).strip()
    if v.isdigit() and int(v):
        S.ids.add(v)


def walk(S, x, in_dm=False):
    if isinstance(x, list):
        for y in x:
            walk(S, y, in_dm)
        return
    if not isinstance(x, dict):
        return
    if "screen_name" in x:  # a mention entity or a user object
        if x.get("screen_name"):
            S.handles.add(str(x["screen_name"]))
        if x.get("name"):
            S.names.add(html.unescape(str(x["name"])))
        for k in ("id_str", "id"):
            if k in x:
                add_id(S, x[k])
    for k, v in x.items():
        if k in ID_KEYS and isinstance(v, (str, int)):
            add_id(S, v)
        elif k in ID_LIST_KEYS and isinstance(v, list):
            for i in v:
                add_id(S, i)
        elif k in STATUS_KEYS and isinstance(v, (str, int)):
            add_id(S, v)
        elif k == "in_reply_to_screen_name" and v:
            S.handles.add(str(v))
        elif k == "expanded_url" and isinstance(v, str):
            m = STATUS_URL.match(v)
            if m:
                S.handles.add(m.group(1))
                S.ids.add(m.group(2))
        elif k in ("full_text", "text") and isinstance(v, str) and not in_dm:
            t = html.unescape(v)
            S.handles.update(AT_NAME.findall(t))
        elif k == "hashtags" and isinstance(v, list):
            for h in v:
                if isinstance(h, dict) and h.get("text"):
                    S.kept.update(tokens(str(h["text"])))
        elif k == "conversationId" and isinstance(v, str):
            for part in v.split("-"):
                add_id(S, part)
        elif k in ("messageCreate", "welcomeMessageCreate") and isinstance(v, dict):
            if v.get("text"):
                t = html.unescape(v["text"])
                S.texts.add(t)
                S.handles.update(AT_NAME.findall(t))
                if str(v.get("senderId")) == S.owner_id:
                    S.owner_texts.add(t)
        elif k == "conversationNameUpdate" and isinstance(v, dict) and v.get("name"):
            S.texts.add(str(v["name"]))
        if isinstance(v, (dict, list)):
            walk(S, v, in_dm or k in ("dmConversation", "messageCreate", "welcomeMessageCreate"))


def read_secrets(path):
    S = Secrets()
    files = list(data_files(path))
    # The owner first: account.js (YTD) or user_details.js (Grailbird).
    for name, text in files:
        base = os.path.basename(name)
        S.kept.update(tokens(name))
        if base == "account.js":
            for e in parse_js(text) or []:
                a = e.get("account", {})
                S.owner_id = str(a.get("accountId", ""))
                S.owner_ids.add(S.owner_id)
                S.owner_handles.add(str(a.get("username", "")))
                S.owner_names.add(str(a.get("accountDisplayName", "")))
                S.owner_handles.add(str(a.get("email", "")).split("@")[0])
        elif base == "user_details.js":
            d = parse_js(text) or {}
            S.owner_id = str(d.get("id", ""))
            S.owner_ids.add(S.owner_id)
            S.owner_handles.add(str(d.get("screen_name", "")))
            S.owner_names.add(str(d.get("full_name", "")))
        elif base == "screen-name-change.js":
            for e in parse_js(text) or []:
                c = e.get("screenNameChange", {}).get("screenNameChange", {})
                S.owner_handles.update(str(c.get(k, "")) for k in ("changedFrom", "changedTo"))
        elif base == "account-timezone.js":
            for e in parse_js(text) or []:
                S.kept.update(tokens(str(e.get("accountTimezone", {}).get("timeZone", ""))))
    for name, text in files:
        if os.path.basename(name) in ("account.js", "user_details.js", "screen-name-change.js"):
            continue
        j = parse_js(text)
        if j is not None:
            walk(S, j)
    # Retweets: "RT @name" is caught by AT_NAME above. The owner's own
    # handles, names and id, met in tweets (self-mentions, Grailbird's user
    # objects), are owner secrets only.
    S.owner_handles.discard("")
    S.owner_names.discard("")
    S.owner_ids.discard("")
    low = {h.casefold() for h in S.owner_handles}
    S.handles = {h for h in S.handles if h.casefold() not in low}
    S.names -= S.owner_names
    S.ids -= S.owner_ids
    S.texts.discard("")
    return S


# ---- reading the outputs ----

def views(path):
    """The text of one output file, in every unescaped form."""
    with open(path, "rb") as fh:
        raw = fh.read().decode("utf-8", errors="replace")
    out = [raw, html.unescape(raw), re.sub(r"\\(.)", r"\1", raw)]
    if path.endswith(".json"):
        out.append(json.dumps(json.load(io.StringIO(raw)), ensure_ascii=False))
    if path.endswith(".csv"):
        out.append("\n".join(" ".join(r) for r in csv.reader(io.StringIO(raw))))
    return out


def output_files(out):
    for root, _, files in os.walk(out):
        for f in sorted(files):
            if not f.endswith(".png"):
                yield os.path.join(root, f)


class Index:
    """Tokens of one file, with positions, for runs of tokens."""

    def __init__(self, texts):
        self.toks = []
        for t in texts:
            self.toks += tokens(t) + ["\0"]
        self.pos = {}
        for i, t in enumerate(self.toks):
            self.pos.setdefault(t, []).append(i)

    def has(self, run, anchor):
        k = run.index(anchor)
        for p in self.pos.get(anchor, ()):
            s = p - k
            if s >= 0 and self.toks[s:s + len(run)] == run:
                return True
        return False


def program_words(src):
    words = set()
    lit = re.compile(r'"(?:[^"\\\n]|\\.)*"')
    for f in sorted(os.listdir(os.path.join(src, "analyzer"))):
        if f.endswith(".c"):
            with open(os.path.join(src, "analyzer", f), encoding="utf-8") as fh:
                code = re.sub(r"/\*.*?\*/|//[^\n]*", " ", fh.read(), flags=re.S)
            for m in lit.findall(code):
                words.update(tokens(m))
    return words


def runs(kind, value):
    """The token runs to look for, for one secret."""
    t = tokens(value)
    if not t:
        return []
    if kind in ("id", "handle"):
        return [t]
    if kind == "name":
        return [t] + ([[w] for w in t] if len(t) > 1 else [])
    # DM texts: the whole text when short, every 4-token window.
    if len(t) <= 4:
        return [t]
    return [t[i:i + 4] for i in range(len(t) - 3)]


def leaks(args):
    level = 1
    vocab = []
    while args and args[0].startswith("--"):
        if args[0] == "--level":
            level = int(args[1])
            args = args[2:]
        elif args[0] == "--vocab":
            vocab.append(args[1].split(":", 1))
            args = args[2:]
        else:
            sys.exit(f"privacy_check: unknown option {args[0]}")
    out, archives = args[0], args[1:]
    src = os.environ.get("TG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

    allowed = program_words(src)
    for vdir, varch in vocab:
        vs = read_secrets(varch)
        own = set()
        for kind, v in vs.all(True):
            own.update(tokens(v))
        words = set()
        for f in output_files(vdir):
            words.update(tokens(" ".join(views(f))))
        allowed |= words - own

    secrets = []
    for a in archives:
        S = read_secrets(a)
        allowed |= S.kept
        if level == 1:
            for v in S.owner_ids | S.owner_handles | S.owner_names:
                allowed.update(tokens(v))
        if level == 0:
            secrets += [("text", v, v in S.owner_texts) for v in S.texts]
        else:
            secrets += [(k, v, False) for k, v in S.all(level >= 2)]

    checks = {}  # tuple(run) -> (kind, value, owner_text, anchor)
    skipped = 0
    for kind, value, owner_text in sorted(secrets):
        for run in runs(kind, value):
            cand = [t for t in run if meaningful(t) and t not in allowed]
            if not cand:
                skipped += 1
                continue
            checks.setdefault(tuple(run), (kind, value, owner_text, max(cand, key=len)))

    found = []
    for f in output_files(out):
        vs = views(f)
        idx = Index(vs)
        quiet = None
        if level == 0 and os.path.basename(f) in ("report.html", "report.md"):
            # The owner's templates may be quoted in the automated section.
            quiet = Index([strip_templates(v, f.endswith(".html")) for v in vs])
        for run, (kind, value, owner_text, anchor) in checks.items():
            ix = quiet if (quiet is not None and owner_text) else idx
            if ix.has(list(run), anchor):
                found.append((os.path.relpath(f, out), kind, value, " ".join(run)))
    n = len(checks)
    print(f"privacy_check: {out}: {n} token runs from {len(secrets)} secrets looked for, "
          f"{skipped} too short or common to mean anything, {len(found)} found")
    by = {}
    for f, kind, value, run in found:
        by[(f, kind)] = by.get((f, kind), 0) + 1
    for (f, kind), n in sorted(by.items()):
        print(f"  {f}: {n} {kind}{'s' if n > 1 else ''}")
    for f, kind, value, run in found[:40]:
        print(f"  LEAK {f}: {kind} {value!r} (as '{run}')")
    return 1 if found else 0


def strip_templates(text, is_html):
    if is_html:
        return re.sub(r'<section id="automated">.*?</section>', "", text, flags=re.S)
    return re.sub(r"\n## Automated messages\n.*?(?=\n## )", "\n", text, flags=re.S)


# ---- pseudonyms ----

def shown_ids(out):
    with open(os.path.join(out, "edges.csv"), newline="", encoding="utf-8") as fh:
        ids = set()
        for r in csv.DictReader(fh):
            ids.update((r["source"], r["target"]))
    with open(os.path.join(out, "contacts.csv"), newline="", encoding="utf-8") as fh:
        ids.update(r["id"] for r in csv.DictReader(fh))
    return ids


def pseudonyms(args):
    for i in sorted(shown_ids(args[0])):
        print(i)
    return 0


def hex_parts(out):
    """The hex digits of every pseudonym the report shows."""
    return {p[2:] for p in shown_ids(out) if re.match(r"^[co]-[0-9a-f]{10,}$", p)}


def messages(archive):
    """What a pseudonym is the HMAC of: decimal ids, "name:" + handle."""
    S = read_secrets(archive)
    return {v for v in S.ids | S.owner_ids} | \
           {"name:" + h.lower() for h in S.handles | S.owner_handles}


def naive_keys(args):
    """No pseudonym is HMAC-SHA256 under a key that an output shows."""
    out, archive = args
    with open(os.path.join(out, "stats.json"), encoding="utf-8") as fh:
        st = json.load(fh)
    keys = [b"", str(st["owner"]["id"]).encode(), str(st["owner"]["username"] or "").encode()]
    for i in st["inputs"]:
        if i.get("sha256"):
            keys += [i["sha256"].encode(), bytes.fromhex(i["sha256"])]
    shown = {p[:10] for p in hex_parts(out)}
    bad = 0
    for k in keys:
        for v in messages(archive):
            if hmac.new(k, v.encode(), hashlib.sha256).hexdigest()[:10] in shown:
                print(f"  LEAK the pseudonym of {v!r} is an HMAC under the visible key {k[:16]!r}")
                bad += 1
    print(f"privacy_check: {out}: {len(shown)} pseudonyms, none an HMAC under any of {len(keys)} keys "
          "read off the outputs" if not bad else f"privacy_check: {bad} pseudonyms recomputed from the outputs")
    return 1 if bad else 0


def scheme(args):
    """With --salt S, every pseudonym is HMAC-SHA256(S, message) as documented."""
    out, archive, salt = args
    macs = {hmac.new(salt.encode(), v.encode(), hashlib.sha256).hexdigest() for v in messages(archive)}
    shown = hex_parts(out)
    odd = sorted(p for p in shown if not any(m.startswith(p) for m in macs))
    for p in odd[:20]:
        print(f"  pseudonym {p} is no HMAC of an id or handle of the archive under the salt")
    print(f"privacy_check: {out}: {len(shown) - len(odd)} of {len(shown)} pseudonyms are "
          "HMAC-SHA256(salt, id or 'name:' + handle)")
    return 1 if odd or not shown else 0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    return {"leaks": leaks, "pseudonyms": pseudonyms, "naive-keys": naive_keys, "scheme": scheme}[cmd](args)


if __name__ == "__main__":
    sys.exit(main())
