#!/usr/bin/env python3
"""`make bench`: one table of kabar's throughput, stage by stage, with peers and reference lines.

  bench/bench.py --build build [--runs 5] [--quick]

1. Builds the benchmark set under BUILD/bench-data when missing (bench/corpus/build_set.py:
   IndoSum rebuilt from its tokens + Detik raw articles) and the 100,000-article scaled set
   (bench/corpus/scale.py).
2. Runs BUILD/bench/kabar_bench once per stage (a process of its own, so its peak RSS is that
   stage's): Google Benchmark, --benchmark_repetitions=RUNS, medians; every per-document stage on
   1 thread and on all cores. Each benchmark first runs its stage over the whole set and checks
   its output (count > 0), then Google Benchmark's own iteration-count run warms it up.
3. Runs `kabar analyze` end to end (one warm-up, then RUNS runs, median) on 1 thread and on all
   cores, and `kabar ingest` of the 100,000-article set once (peak RSS is the point).
4. Runs BUILD/bench/index_bench (when built): indexing the scaled size (100,000; 10,000 with
   --quick) with FTS5's default tokenizer and with kabar's, and 2-word queries with a date window.
Prints the table and writes it to BUILD/bench-out/bench.md (nothing large is committed).
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import e2e  # noqa: E402

# (benchmark function, stage label, implementation label, what `checked` counts)
STAGES = [
    ("BM_byte_scan", "byte scan (ceiling)", "plain loop", "articles"),
    ("BM_pipeline", "per-document pipeline", "kabar", "articles analysed"),
    ("BM_normalise_segment", "normalise+segment", "kabar", "sentences"),
    ("BM_index_terms", "index terms (FTS5 tokenizer)", "kabar tokeniser + stemmer memo", "terms"),
    ("BM_stem_kabar", "stem", "kabar (per-thread cache)", "words changed"),
    ("BM_stem_kabar_uncached", "stem", "kabar (no cache)", "words changed"),
    ("BM_stem_snowball", "stem", "Snowball Indonesian (libstemmer)", "words changed"),
    ("BM_ner", "NER", "kabar perceptron+gazetteer", "entities"),
    ("BM_quotes", "quotes", "kabar", "quotes"),
    ("BM_quantities", "quantities", "kabar", "quantities"),
    ("BM_dates", "dates", "kabar", "date mentions"),
    ("BM_provenance", "provenance", "kabar", "fields found"),
    ("BM_dedup", "dedup", "kabar MinHash/LSH", "duplicate pairs"),
    ("BM_clustering", "clustering", "kabar events+stories", "stories"),
]

REFERENCES = [
    ("NER+tagging (reference)", "spaCy en_core_web CPU pipeline (published model cards, English)",
     "8,000–10,000 words/s"),
    ("NER (reference)", "IndoBERT-class transformer NER on CPU (published order of magnitude)",
     "hundreds of sentences/s (≈ 5,000–10,000 words/s)"),
]


def run_measured(cmd, env=None):
    """Runs cmd, returns (exit code, stdout, stderr, peak RSS in MB of the child)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            if env is not None:
                os.environ.update(env)
            os.execv(cmd[0], cmd)
        _, status, usage = os.wait4(pid, 0)
        out.seek(0)
        err.seek(0)
        return (os.waitstatus_to_exitcode(status), out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), usage.ru_maxrss / 1024)


def ensure_data(build, scaled_count):
    data = os.path.join(build, "bench-data")
    articles = os.path.join(data, "articles.jsonl")
    scaled = os.path.join(data, f"scaled-{scaled_count // 1000}k.jsonl")
    if not os.path.exists(articles):
        subprocess.run([sys.executable, os.path.join(HERE, "corpus/build_set.py"), "--out", data], check=True)
    if not os.path.exists(scaled):
        subprocess.run([sys.executable, os.path.join(HERE, "corpus/scale.py"), "--in", articles,
                        "--out", scaled, "--count", str(scaled_count)], check=True)
    return articles, scaled


def stage_rows(binary, name, runs, env, min_time):
    cmd = [binary, f"--benchmark_filter=^{name}/", f"--benchmark_repetitions={runs}",
           "--benchmark_report_aggregates_only=true", "--benchmark_format=json"]
    if min_time:
        cmd.append(f"--benchmark_min_time={min_time}")
    code, out, err, rss = run_measured(cmd, env)
    if code != 0:
        sys.exit(f"bench: {name} failed ({code}):\n{err[-2000:]}")
    report = json.loads(out)
    rows = []
    for b in report["benchmarks"]:
        if b.get("aggregate_name", "median" if runs == 1 else None) != "median":
            continue  # one run: no aggregates, the run itself
        if b.get("error_occurred"):
            sys.exit(f"bench: {name}: {b.get('error_message')}")
        rows.append({"threads": b.get("threads", 1), "mbs": b.get("bytes_per_second", 0) / 1e6,
                     "aps": b.get("items_per_second", 0), "tps": b.get("tokens"),
                     "checked": b.get("checked"), "articles": b.get("articles"), "rss": rss})
    if not rows:
        sys.exit(f"bench: {name}: no median in the report:\n{out[-2000:]}")
    return rows


def e2e_rows(binary, articles, runs):
    lines = sum(1 for line in open(articles, encoding="utf-8") if line.strip())
    rows = []
    for threads in sorted({1, os.cpu_count() or 1}):
        e2e.measure(binary, [articles], threads, lines)  # warm-up
        ms = [e2e.measure(binary, [articles], threads, lines) for _ in range(runs)]
        secs = statistics.median(m["secs"] for m in ms)
        wall = statistics.median(m["wall"] for m in ms)
        rows.append({"threads": threads, "mbs": ms[0]["mb"] / secs, "aps": lines / secs, "tps": None,
                     "checked": lines, "rss": max(m["rss_mb"] for m in ms), "wall": wall})
    return rows


def ingest_row(binary, scaled):
    tmp = tempfile.mkdtemp(prefix="kabar-bench-")
    try:
        db = os.path.join(tmp, "scaled.db")
        start = time.monotonic()
        code, out, err, rss = run_measured([binary, "ingest", "--db", db, scaled])
        wall = time.monotonic() - start
        if code not in (0, 1):
            sys.exit(f"bench: kabar ingest failed ({code}):\n{err[-2000:]}")
        n = sum(1 for _ in open(scaled, encoding="utf-8"))
        mb = sum(len(json.loads(l)["text"].encode()) for l in open(scaled, encoding="utf-8")) / 1e6
        stored = None
        for line in err.splitlines():
            if "new documents stored" in line:
                stored = int(line.split("kabar: ", 1)[1].split()[0])
        if not stored:
            sys.exit(f"bench: kabar ingest stored nothing:\n{err[-2000:]}")
        return {"threads": os.cpu_count() or 1, "mbs": mb / wall, "aps": n / wall, "tps": None,
                "checked": stored, "rss": rss, "wall": wall}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def index_rows(binary, articles, queries):
    """Rows of bench/index_bench: indexing (CPU time of its one thread) with FTS5's default
    tokenizer and with kabar's, into a bare FTS5 table (the index alone) and into a documents
    table / kabar's store schema, and 2-word queries with a date filter (CPU p50/p99)."""
    tmp = tempfile.mkdtemp(prefix="kabar-index-bench-")
    try:
        out_json = os.path.join(tmp, "index.json")
        code, out, err, rss = run_measured([binary, "--articles", str(articles), "--queries", str(queries),
                                            "--json", out_json])
        if code != 0 or not os.path.exists(out_json):
            sys.exit(f"bench: index_bench failed ({code}):\n{err[-2000:]}")
        r = json.load(open(out_json))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for key, impl in (("bare_unicode61", "bare FTS5 table, default unicode61 tokenizer"),
                      ("bare_kabar", "bare FTS5 table, kabar tokenizer+stemmer"),
                      ("tuned_unicode61", "bare FTS5 table, default unicode61 tokenizer, the store's FTS5 settings, contentless as the store's index"),
                      ("tuned_kabar", "bare FTS5 table, kabar tokenizer+stemmer, the store's FTS5 settings, contentless as the store's index"),
                      ("unicode61", "SQLite FTS5, default unicode61 tokenizer, documents table"),
                      ("kabar", "SQLite FTS5, kabar tokenizer+stemmer, store schema")):
        x = r.get(key)
        if x is None:
            continue
        rows.append((f"index {x['articles']:,} articles (CPU time)", impl,
                     {"threads": 1, "mbs": x["mb"] / x["cpu_s"], "aps": x["articles"] / x["cpu_s"], "tps": None,
                      "checked": x["articles"], "rss": rss},
                     f"rows, {x['index_bytes'] / x['articles']:,.0f} index bytes/article"))
    for key, label in (("no_facets", "hits+total"), ("facets", "hits+total+facets")):
        q = r[key]
        rows.append((f"query, 2 words + date window ({label})", "kabar Searcher, CPU time",
                     {"threads": 1, "mbs": None, "aps": None, "tps": None, "checked": r["queries"], "rss": rss},
                     f"queries: p50 {q['p50']:.2f} ms, p99 {q['p99']:.2f} ms; {r['matches']:.0f} matches on average"))
    return rows


def scale_row(build, scaled):
    """Dedup + clustering of the whole scaled set on one thread (bench/scale_bench.cpp), CPU time."""
    # --analysis layers: only the layers the cross-document steps read (text, provenance, entities,
    # the publication date from metadata), so that analysing 100,000 articles first stays cheap.
    code, out, err, rss = run_measured([os.path.join(build, "bench", "scale_bench"), "--input", scaled,
                                        "--analysis", "layers", "--format", "json"], {})
    if code != 0:
        sys.exit(f"bench: scale_bench failed ({code}):\n{err[-2000:]}")
    r = json.loads(out)
    both = r["dedup_clustering"]
    return {"threads": 1, "mbs": r["mb"] / both["cpu_s"], "aps": both["articles_per_s_cpu"], "tps": None,
            "checked": r["articles"], "rss": both["peak_mb"],
            "note": f"{both['cpu_s']:.1f} s CPU, {both['peak_bytes_per_article'] / 1e3:.1f} KB/article peak"}


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scaled", type=int, default=100000, help="articles in the scaled set")
    ap.add_argument("--quick", action="store_true", help="short timings, no 100k ingest (for trying)")
    ap.add_argument("--only", default="", help="comma-separated benchmark names to run")
    args = ap.parse_args()
    shared = os.path.join(ROOT, "../shared/data/news-indosum-devfolds")
    if not os.path.isdir(shared):
        print(f"bench: {shared} not found: skipped (the benchmark set needs ../shared)")
        return
    build = os.path.abspath(args.build)
    articles, scaled = ensure_data(build, args.scaled)
    binary = os.path.join(build, "bench", "kabar_bench")
    kabar = os.path.join(build, "kabar")
    env = {"KABAR_BENCH_CORPUS": articles, "KABAR_BENCH_SCALED": scaled}
    load_before = os.getloadavg()
    started = time.monotonic()

    table = []  # (stage, implementation, row dict, checked label)
    only = set(filter(None, args.only.split(",")))
    for name, stage, impl, what in STAGES:
        if only and name not in only:
            continue
        for row in stage_rows(binary, name, args.runs, env, 0.2 if args.quick else None):
            table.append((stage, impl, row, what))
        print(f"bench: {stage} ({impl}) done", file=sys.stderr)
    if not only or "e2e" in only:
        # The Detik part (1,000 raw articles): `kabar analyze` also runs the cross-document steps
        # after the per-document ones (not in its MB/s), which grow faster than linearly.
        detik = os.path.join(os.path.dirname(articles), "detik.jsonl")
        e2e_set = detik if os.path.exists(detik) else articles
        for row in e2e_rows(kabar, e2e_set, args.runs):
            table.append(("kabar analyze, end to end", f"reader+pipeline on {os.path.basename(e2e_set)}"
                          " (cross-document steps not timed)", row, "articles"))
        print("bench: kabar analyze done", file=sys.stderr)
    if (not only or "ingest" in only) and not args.quick:
        table.append(("kabar ingest, 100k scaled", "reader+pipeline+SQLite store, 1 run",
                      ingest_row(kabar, scaled), "stored"))
        print("bench: kabar ingest done", file=sys.stderr)
    if (not only or "scale" in only) and not args.quick:
        table.append(("dedup + clustering, 100k scaled", "kabar (bench/scale_bench), analysis precomputed",
                      scale_row(build, scaled), "articles"))
        print("bench: scale done", file=sys.stderr)
    index_bench = os.path.join(build, "bench", "index_bench")
    have_search = os.path.exists(index_bench)
    if have_search and (not only or "index" in only):
        table.extend(index_rows(index_bench, 10000 if args.quick else args.scaled,
                                200 if args.quick else 1000))
        print("bench: search index and queries done", file=sys.stderr)

    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.processor())
    load_after = os.getloadavg()
    corpus_mb = sum(len(json.loads(l)["text"].encode()) for l in open(articles, encoding="utf-8")) / 1e6
    n_articles = sum(1 for _ in open(articles, encoding="utf-8"))
    out = [f"kabar benchmarks — commit {commit}, {cpu}, {os.cpu_count()} cores, "
           f"{platform.system()} {platform.release()}, load average {load_before[0]:.1f} → {load_after[0]:.1f}",
           f"Set: {n_articles:,} articles, {corpus_mb:.1f} MB of text (IndoSum rebuilt from tokens + Detik raw); "
           f"dedup on the first articles of the scaled set; medians of {args.runs} runs after a warm-up.",
           "",
           "| stage | implementation | threads | MB/s | articles/s | tokens/s | peak RSS (MB) | output checked |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    for stage, impl, r, what in table:
        checked = r.get("checked")
        note = f"{fmt(checked)} {what}" if checked is not None else ""
        if r.get("articles"):
            note += f" in {fmt(r['articles'])} articles"
        if r.get("note"):
            note += f" ({r['note']})"
        out.append(f"| {stage} | {impl} | {r['threads']} | {fmt(r['mbs'], 2)} | {fmt(r['aps'])} | "
                   f"{fmt(r['tps'])} | {fmt(r['rss'])} | {note} |")
    for stage, impl, figure in REFERENCES:
        out.append(f"| {stage} | {impl} | – | – | – | {figure} | – | published, not measured here |")
    if not have_search:
        out.append("")
        out.append("Index and query rows: the search benchmark (BUILD/bench/index_bench) is not built.")
    out.append("")
    out.append(f"Total benchmark time {time.monotonic() - started:.0f} s.")
    text = "\n".join(out) + "\n"
    print(text)
    os.makedirs(os.path.join(build, "bench-out"), exist_ok=True)
    open(os.path.join(build, "bench-out", "bench.md"), "w").write(text)


if __name__ == "__main__":
    main()
