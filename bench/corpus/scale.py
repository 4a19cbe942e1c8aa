#!/usr/bin/env python3
"""Synthesises a large corpus (100,000+ articles) from the benchmark set, for dedup, clustering,
index and ingest scale. Deterministic for a given --seed.

Each output article derives from one base article (or two, for a splice) with the edits that
real republished news shows:
  * copy   (55%): the same story re-published by another outlet: paragraphs dropped (each 15%),
           two paragraphs swapped (30%), a rewritten headline, numbers changed (each 10%),
           boilerplate lines added ("Baca juga: …", "SCROLL TO CONTINUE WITH CONTENT", a wire
           credit), published a few hours to days later;
  * splice (45%): a new article of the same outlet made of the opening of one base article and
           the body of another (shares passages with both but is not a near-duplicate of either).
Every article gets a unique id; texts may coincide only by chance.

  bench/corpus/scale.py --in OUT/articles.jsonl --out OUT/scaled-100k.jsonl --count 100000
"""
import argparse, datetime, json, random, re, sys

BOILERPLATE = [
    "SCROLL TO CONTINUE WITH CONTENT",
    "Baca juga: {title}",
    "Simak juga video berikut ini.",
    "(ant/{init})",
    "Dapatkan berita terbaru setiap hari dengan berlangganan kanal kami.",
    "Artikel ini telah tayang sebelumnya dengan judul \"{title}\".",
]
HEADLINE_PREFIX = ["", "", "VIDEO: ", "Breaking: ", "Update: ", "Terkini: "]
OUTLETS = ["antaranews", "kompas", "detik", "tempo", "cnn indonesia", "kumparan", "merdeka",
           "suara", "liputan6", "okezone", "tribunnews", "republika"]
NUMBER = re.compile(r"\b\d[\d.,]*\b")


def change_numbers(text, rng):
    def repl(m):
        s = m.group(0)
        if rng.random() >= 0.10:
            return s
        digits = [c for c in s if c.isdigit()]
        i = rng.randrange(len(digits))
        digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
        it = iter(digits)
        return "".join(next(it) if c.isdigit() else c for c in s)
    return NUMBER.sub(repl, text)


def rewrite_headline(title, first_paragraph, rng):
    if not title:
        words = first_paragraph.split()[:rng.randint(6, 11)]
        title = " ".join(words).rstrip(",.")
    words = title.split()
    if len(words) > 4 and rng.random() < 0.5:
        cut = rng.randint(2, len(words) - 2)
        words = words[cut:] + [","] + words[:cut]
    return (rng.choice(HEADLINE_PREFIX) + " ".join(words)).replace(" ,", ",")


def shift_date(published, rng):
    if not published:
        return None
    try:
        d = datetime.datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return published
    d += datetime.timedelta(hours=rng.randint(0, 96))
    return d.isoformat()


def boilerplate(paragraphs, title, rng):
    for _ in range(rng.randint(0, 3)):
        line = rng.choice(BOILERPLATE).format(title=title, init=rng.choice(["rdk", "mdk", "pd"]))
        paragraphs.insert(rng.randint(1, max(1, len(paragraphs))), line)


def copy_of(base, rng):
    paragraphs = base["text"].split("\n\n")
    kept = [p for i, p in enumerate(paragraphs) if i == 0 or rng.random() >= 0.15]
    if len(kept) > 2 and rng.random() < 0.30:
        i, j = rng.sample(range(1, len(kept)), 2)
        kept[i], kept[j] = kept[j], kept[i]
    kept = [change_numbers(p, rng) for p in kept]
    title = rewrite_headline(base.get("title"), kept[0], rng)
    boilerplate(kept, title, rng)
    return title, kept, shift_date(base.get("published"), rng), rng.choice(OUTLETS)


def splice_of(a, b, rng):
    pa, pb = a["text"].split("\n\n"), b["text"].split("\n\n")
    head = pa[:max(1, len(pa) // 3)]
    tail = pb[len(pb) // 3:] or pb
    paragraphs = head + tail
    title = rewrite_headline(a.get("title"), paragraphs[0], rng)
    boilerplate(paragraphs, title, rng)
    return title, paragraphs, shift_date(a.get("published"), rng), a.get("source")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    base = [json.loads(l) for l in open(args.inp, encoding="utf-8") if l.strip()]
    if not base:
        sys.exit(f"scale: {args.inp} holds no articles")
    by_source = {}
    for a in base:
        by_source.setdefault(a.get("source"), []).append(a)
    rng = random.Random(args.seed)
    size = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for n in range(args.count):
            a = base[n % len(base)] if n < len(base) else rng.choice(base)
            if n < len(base):  # the originals first, unedited
                title, paragraphs, published, source = (a.get("title"), a["text"].split("\n\n"),
                                                        a.get("published"), a.get("source"))
                kind = "original"
            elif rng.random() < 0.55:
                title, paragraphs, published, source = copy_of(a, rng)
                kind = "copy"
            else:
                b = rng.choice(by_source[a.get("source")])
                title, paragraphs, published, source = splice_of(a, b, rng)
                kind = "splice"
            out = {"id": f"scaled-{n:06d}", "title": title, "text": "\n\n".join(paragraphs),
                   "published": published, "source": source, "base": a["id"], "edit": kind}
            out = {k: v for k, v in out.items() if v is not None}
            line = json.dumps(out, ensure_ascii=False)
            size += len(out["text"].encode("utf-8"))
            f.write(line + "\n")
    print(f"scale: {args.out}: {args.count} articles, {size / 1e6:.1f} MB of text")


if __name__ == "__main__":
    main()
