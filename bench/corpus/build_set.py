#!/usr/bin/env python3
"""Builds the benchmark set from the real articles in ../shared/data (nothing is committed).

IndoSum articles are stored pre-tokenised (paragraphs → sentences → tokens): their text is
rebuilt here (spaces removed before , . ) and so on, after ( and opening quotes, around / and -
inside dates and ranges). Detik articles (news-detik-1000-summ/data_berita.csv) are raw and
taken as they are, boilerplate included. Each output line is one JSON article with the fields
kabar's JSON lines reader understands: id, title, text (paragraphs separated by blank lines),
published, url, source.

  bench/corpus/build_set.py --shared ../shared --out build-bench/bench-data
writes OUT/indosum.jsonl, OUT/detik.jsonl (when present) and OUT/articles.jsonl (both, in that
order, IndoSum de-duplicated by id across its overlapping folds).
"""
import argparse, csv, datetime, json, os, sys

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "...", "”", "’", "»"}
NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "«", "$", "Rp"}


def _is_digits(t):
    return t.replace(".", "").replace(",", "").isdigit()


def detokenize(tokens):
    """Joins one paragraph's tokens into readable text (straight quotes alternate open/close
    across the paragraph's sentences)."""
    out = []
    glue_next = True
    quote_open = False
    for i, raw in enumerate(tokens):
        t = " ".join(raw.split())  # IndoSum has "\u00a0" tokens and stray spaces
        if not t:
            continue
        glue = glue_next
        glue_next = False
        if t == '"':
            if quote_open:
                glue = True
            else:
                glue_next = True
            quote_open = not quote_open
        elif t in NO_SPACE_BEFORE:
            glue = True
        elif t in NO_SPACE_AFTER and t != "Rp":
            glue_next = True
        elif t in ("/", "-") and out and i + 1 < len(tokens) and (
                (out[-1][-1:].isdigit() and _is_digits(tokens[i + 1]))
                or (t == "-" and len(out[-1]) <= 3 and out[-1].isalnum()
                    and tokens[i + 1][:1].isalnum())):
            glue = glue_next = True  # 27 / 3 -> 27/3, U - 19 -> U-19
        if out and not glue:
            out.append(" ")
        out.append(t)
    return "".join(out)


def indosum_articles(folder):
    seen = set()
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                d = json.loads(line)
                if d["id"] in seen:
                    continue
                seen.add(d["id"])
                paragraphs = [detokenize([t for s in p for t in s]) for p in d["paragraphs"]]
                paragraphs = [p for p in paragraphs if p.strip()]
                if not paragraphs:
                    continue
                stamp = d["id"].split("-", 1)[0]
                published = None
                if stamp.isdigit() and len(stamp) == 10:
                    published = datetime.datetime.fromtimestamp(
                        int(stamp), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                yield {"id": "indosum-" + d["id"], "title": None, "text": "\n\n".join(paragraphs),
                       "published": published, "url": d.get("source_url"), "source": d.get("source")}


def detik_articles(csv_path):
    csv.field_size_limit(1 << 30)
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            body = row.get("isi_berita", "").strip()
            if not body:
                continue
            paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
            published = None
            try:
                published = datetime.datetime.strptime(row["tanggal"], "%m/%d/%Y %H:%M").strftime(
                    "%Y-%m-%dT%H:%M:00+07:00")
            except (KeyError, ValueError):
                pass
            yield {"id": "detik-" + row["id"], "title": row.get("judul") or None,
                   "text": "\n\n".join(paragraphs), "published": published,
                   "url": row.get("tautan") or None, "source": "detik"}


def write(path, articles):
    n = size = 0
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            a = {k: v for k, v in a.items() if v is not None}
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
            n += 1
            size += len(a["text"].encode("utf-8"))
    return n, size


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(here, "../../../shared"))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    indosum = os.path.join(args.shared, "data/news-indosum-devfolds")
    detik = os.path.join(args.shared, "data/news-detik-1000-summ/data_berita.csv")
    if not os.path.isdir(indosum):
        sys.exit(f"build_set: {indosum} not found (the benchmark set needs ../shared)")
    os.makedirs(args.out, exist_ok=True)
    parts = [("indosum.jsonl", list(indosum_articles(indosum)))]
    if os.path.isfile(detik):
        parts.append(("detik.jsonl", list(detik_articles(detik))))
    everything = []
    for name, arts in parts:
        n, size = write(os.path.join(args.out, name), arts)
        print(f"build_set: {name}: {n} articles, {size / 1e6:.1f} MB of text")
        everything += arts
    n, size = write(os.path.join(args.out, "articles.jsonl"), everything)
    print(f"build_set: articles.jsonl: {n} articles, {size / 1e6:.1f} MB of text")


if __name__ == "__main__":
    main()
