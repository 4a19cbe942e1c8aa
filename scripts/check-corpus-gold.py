#!/usr/bin/env python3
"""Checks examples/gold/corpus.json against the articles in examples/corpus/.

Usage: scripts/check-corpus-gold.py [GOLD]   (default: examples/gold/corpus.json)

Checks: the JSON parses and has the documented shape; every corpus document (file, or
file.jsonl:LINE) has exactly one gold entry; every entity text, quote key, quantity text and
date text is a verbatim substring of its document (as many times as the gold lists it); date
values are well formed for their grain; every "Weekday (d/m/yyyy)" / "Weekday, d Month yyyy"
in the texts names the right weekday except where the gold records a weekday_mismatch (and
there is exactly one such document); published dates agree with the metadata or header line;
events, stories, claims and duplicates reference real documents; claim values appear among the
document's quantities; articles are 150-400 words. Exit status 0 when everything holds, 1 otherwise.
"""
import datetime
import difflib
import html
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "examples", "gold", "corpus.json")

WEEKDAYS = {"Senin": 0, "Selasa": 1, "Rabu": 2, "Kamis": 3, "Jumat": 4, "Sabtu": 5, "Minggu": 6}
MONTHS = {"Januari": 1, "Februari": 2, "Maret": 3, "April": 4, "Mei": 5, "Juni": 6, "Juli": 7,
          "Agustus": 8, "September": 9, "Oktober": 10, "November": 11, "Desember": 12,
          "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Agu": 8, "Agt": 8,
          "Sep": 9, "Okt": 10, "Nov": 11, "Des": 12}
TYPES = {"PER", "ORG", "LOC", "MISC"}
QUALIFIERS = {"exact", "approx", "at_least", "at_most", "more_than", "less_than", "range"}
GRAIN_RE = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$",
            "week": r"^\d{4}-W\d{2}$", "decade": r"^\d{3}X$", "season": r"^\d{4}-(SP|SU|FA|WI)$"}
DOC_FIELDS = ["title", "outlet", "byline", "dateline", "wires", "initials", "published", "event",
              "entities", "quotes", "quantities", "dates", "warnings"]

errors = []


def err(msg):
    errors.append(msg)


def html_article_text(raw):
    """Visible text of the <article> element: scripts dropped, block tags become newlines."""
    m = re.search(r"<article\b.*?</article>", raw, re.S | re.I)
    s = m.group(0) if m else raw
    s = re.sub(r"<(script|style)\b.*?</\1>", "", s, flags=re.S | re.I)
    s = re.sub(r"</?(p|h[1-6]|div|header|footer|li|ul|br|section|article)\b[^>]*>", "\n", s, flags=re.I)
    s = re.sub(r"<[^>]+>", "", s)
    s = html.unescape(s)
    return "\n".join(line.strip() for line in s.splitlines() if line.strip())


def meta(raw, prop):
    m = re.search(r'<meta\s+(?:property|name)="%s"\s+content="([^"]*)"' % re.escape(prop), raw)
    return html.unescape(m.group(1)) if m else None


def load_corpus(root):
    """Returns {doc_key: {"text", "title", "published_meta"}}."""
    docs = {}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        if name.endswith(".txt"):
            title = raw.split("\n", 1)[0].strip()
            docs[name] = {"text": raw, "title": title, "published_meta": None}
        elif name.endswith((".html", ".htm")):
            docs[name] = {"text": html_article_text(raw), "title": meta(raw, "og:title"),
                          "published_meta": (meta(raw, "article:published_time") or "")[:10] or None}
        elif name.endswith(".jsonl"):
            for i, line in enumerate(raw.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    err(f"{name}:{i}: bad JSON: {e}")
                    continue
                for field in ("title", "text", "published", "source", "url"):
                    if field not in obj:
                        err(f"{name}:{i}: missing field {field}")
                docs[f"{name}:{i}"] = {"text": obj.get("text", ""), "title": obj.get("title"),
                                       "published_meta": (obj.get("published") or "")[:10] or None}
        else:
            err(f"{name}: unexpected file in corpus")
    return docs


def weekday_mentions(text):
    """Yields (surface, named weekday index, date) for explicit weekday+date forms."""
    wd = "|".join(WEEKDAYS)
    found = []
    for m in re.finditer(r"\b(%s)\s*\((\d{1,2})/(\d{1,2})/(\d{4})\)" % wd, text):
        found.append((m.start(), m.group(0), WEEKDAYS[m.group(1)],
                      (int(m.group(4)), int(m.group(3)), int(m.group(2)))))
    mon = "|".join(sorted(MONTHS, key=len, reverse=True))
    for m in re.finditer(r"\b(%s),\s+(\d{1,2})\s+(%s)\s+(\d{4})\b" % (wd, mon), text):
        found.append((m.start(), m.group(0), WEEKDAYS[m.group(1)],
                      (int(m.group(4)), MONTHS[m.group(3)], int(m.group(2)))))
    for _, surface, named, ymd in sorted(found):
        yield surface, named, ymd


def main():
    try:
        with open(GOLD, encoding="utf-8") as f:
            gold = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"{GOLD}: cannot read gold: {e}")
        return 1
    for key in ("root", "documents", "events", "stories", "claims", "duplicates"):
        if key not in gold:
            err(f"gold: missing top-level key {key}")
    root = os.path.normpath(os.path.join(os.path.dirname(GOLD), gold.get("root", "")))
    corpus = load_corpus(root)
    gdocs = gold.get("documents", {})

    for k in sorted(set(corpus) - set(gdocs)):
        err(f"{k}: in corpus but not in gold")
    for k in sorted(set(gdocs) - set(corpus)):
        err(f"{k}: in gold but not in corpus")

    mismatch_docs = set()
    for name, c in corpus.items():
        text = c["text"]
        n_words = len(text.split())
        if not 150 <= n_words <= 430:  # the body is 150-400; txt files also hold title/byline lines
            err(f"{name}: {n_words} words, outside 150-400")
        for surface, named, (y, mo, d) in weekday_mentions(text):
            try:
                real = datetime.date(y, mo, d).weekday()
            except ValueError:
                err(f"{name}: impossible date in {surface!r}")
                continue
            if real != named:
                mismatch_docs.add(name)

    for name, g in gdocs.items():
        c = corpus.get(name)
        for field in DOC_FIELDS:
            if field not in g:
                err(f"{name}: missing field {field}")
        if c is None:
            continue
        text = c["text"]
        if c["title"] != g.get("title"):
            err(f"{name}: title {g.get('title')!r} != document title {c['title']!r}")
        pub = g.get("published", "")
        if not re.match(GRAIN_RE["day"], pub or ""):
            err(f"{name}: published {pub!r} is not YYYY-MM-DD")
        if c["published_meta"] and c["published_meta"] != pub:
            err(f"{name}: published {pub} != metadata {c['published_meta']}")
        if c["published_meta"] is None:  # txt: the first weekday+date form in the header lines
            head = "\n".join(text.split("\n")[:8])
            found = [(y, mo, d) for _, _, (y, mo, d) in weekday_mentions(head)]
            if not found:
                err(f"{name}: no date in the header lines to confirm published")
            elif datetime.date(*found[0]).isoformat() != pub:
                err(f"{name}: published {pub} != header date {datetime.date(*found[0])}")
        for field in ("outlet", "byline", "dateline", "initials"):
            v = g.get(field)
            if v is not None and not isinstance(v, str):
                err(f"{name}: {field} must be a string or null")
        for field in ("byline", "dateline", "initials"):
            v = g.get(field)
            if v and v not in text:
                err(f"{name}: {field} {v!r} not in text")

        counts = {}

        def need(s, what):
            counts[s] = counts.get(s, 0) + 1
            if text.count(s) < counts[s]:
                err(f"{name}: {what} {s!r} occurs {text.count(s)}x in text, gold lists it {counts[s]}x")

        canon = set()
        for e in g.get("entities", []):
            if e.get("type") not in TYPES:
                err(f"{name}: entity {e.get('text')!r} has bad type {e.get('type')!r}")
            if e.get("text", "") not in text:
                err(f"{name}: entity {e.get('text')!r} not in text")
            canon.add(e.get("canonical"))
        for q in g.get("quotes", []):
            if not isinstance(q.get("direct"), bool):
                err(f"{name}: quote {q.get('key')!r} direct must be boolean")
            if q.get("key", "") not in text:
                err(f"{name}: quote key {q.get('key')!r} not in text")
            sp = q.get("speaker")
            if sp is not None and sp not in canon and sp not in text:
                err(f"{name}: speaker {sp!r} is neither an entity canonical nor written in the text")
        for n in g.get("quantities", []):
            need(n.get("text", ""), "quantity")
            if n.get("qualifier") not in QUALIFIERS:
                err(f"{name}: quantity {n.get('text')!r} has bad qualifier {n.get('qualifier')!r}")
            if not isinstance(n.get("value"), (int, float)):
                err(f"{name}: quantity {n.get('text')!r} value is not a number")
            if n.get("qualifier") == "range" and not isinstance(n.get("value_max"), (int, float)):
                err(f"{name}: range quantity {n.get('text')!r} needs value_max")
        counts.clear()
        for d in g.get("dates", []):
            t, v, grain = d.get("text", ""), d.get("value", ""), d.get("grain")
            need(t, "date")
            if grain not in GRAIN_RE or not re.match(GRAIN_RE[grain], v or ""):
                err(f"{name}: date {t!r} value {v!r} does not fit grain {grain!r}")
                continue
            if grain == "day":
                try:
                    dv = datetime.date.fromisoformat(v)
                except ValueError:
                    err(f"{name}: date {t!r} has impossible value {v}")
                    continue
                try:
                    pub_d = datetime.date.fromisoformat(pub)
                except ValueError:
                    pub_d = None
                if pub_d and re.search(r"\b[Kk]emarin\b", t) and dv != pub_d - datetime.timedelta(days=1):
                    err(f"{name}: date {t!r} should be the day before publication ({pub}), not {v}")
                if pub_d and re.search(r"\b[Hh]ari ini\b", t) and dv != pub_d:
                    err(f"{name}: date {t!r} should be the publication day ({pub}), not {v}")
                named = [WEEKDAYS[w] for w in WEEKDAYS if re.search(r"\b%s\b" % w, t)]
                if named and pub_d and not re.search(r"\d{4}", t) and abs((dv - pub_d).days) > 7:
                    err(f"{name}: relative weekday {t!r} resolves to {v}, more than a week from {pub}")
                if named and named[0] != dv.weekday():
                    if "weekday_mismatch" in g.get("warnings", []) and re.search(r"\(\d+/\d+/\d{4}\)", t):
                        continue  # the deliberate mismatch: value follows the numeric date
                    err(f"{name}: date {t!r} names a weekday but {v} is a {dv.strftime('%A')}")
        has_warning = "weekday_mismatch" in g.get("warnings", [])
        if has_warning != (name in mismatch_docs):
            err(f"{name}: weekday_mismatch warning={has_warning} but text mismatch={name in mismatch_docs}")
        ev = g.get("event")
        if ev not in gold.get("events", {}):
            err(f"{name}: event {ev!r} not defined")
        elif name not in gold["events"][ev].get("documents", []):
            err(f"{name}: not listed in its event {ev}")
    if len(mismatch_docs) != 1:
        err(f"expected exactly one document with a weekday/date mismatch, found {sorted(mismatch_docs)}")

    for ev, e in gold.get("events", {}).items():
        if e.get("story") not in gold.get("stories", {}):
            err(f"event {ev}: story {e.get('story')!r} not defined")
        for d in e.get("documents", []):
            if d not in gdocs:
                err(f"event {ev}: unknown document {d}")
            elif gdocs[d].get("event") != ev:
                err(f"event {ev}: document {d} says event {gdocs[d].get('event')}")
    for i, cl in enumerate(gold.get("claims", [])):
        for v in cl.get("values", []):
            d = v.get("document")
            if d not in gdocs:
                err(f"claim {i} ({cl.get('topic')}): unknown document {d}")
                continue
            if not any(q.get("value") == v.get("value") and q.get("qualifier") == v.get("qualifier")
                       for q in gdocs[d].get("quantities", [])):
                err(f"claim {i} ({cl.get('topic')}): {d} has no quantity {v.get('value')}/{v.get('qualifier')}")
    for dup in gold.get("duplicates", []):
        a, b = dup.get("a"), dup.get("b")
        if a not in corpus or b not in corpus:
            err(f"duplicate {a} / {b}: unknown document")
            continue
        pa = [p for p in corpus[a]["text"].split("\n\n") if len(p.split()) > 8]
        pb = [p for p in corpus[b]["text"].split("\n\n") if len(p.split()) > 8]
        copied = sum(1 for p in pb if max(difflib.SequenceMatcher(None, p, q).ratio() for q in pa) >= 0.9)
        if copied < 2:
            err(f"duplicate {a} / {b}: only {copied} near-identical paragraphs")

    for e in errors:
        print(e)
    n_q = sum(len(g.get("quotes", [])) for g in gdocs.values())
    n_n = sum(len(g.get("quantities", [])) for g in gdocs.values())
    n_d = sum(len(g.get("dates", [])) for g in gdocs.values())
    n_e = sum(len(g.get("entities", [])) for g in gdocs.values())
    print(f"{len(gdocs)} documents, {len(gold.get('events', {}))} events, {len(gold.get('stories', {}))} stories, "
          f"{n_e} entities, {n_q} quotes, {n_n} quantities, {n_d} dates: "
          + ("OK" if not errors else f"{len(errors)} problem(s)"))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
