#!/usr/bin/env python3
"""End-to-end throughput of `kabar analyze` on real articles: MB/s, docs/s and peak RSS.

Runs one warm-up, then N timed runs on 1 thread and on all cores, and prints the medians as a
Markdown table (also written to bench/out/e2e.md). The corpus is the IndoSum dev folds in
../shared/data (3,463 unique articles, read directly from their JSON lines).
Each run checks its output: the number of analysed documents must equal the number of lines.
"""
import argparse, os, platform, re, statistics, subprocess, sys, time

STATS = re.compile(r"kabar: (\d+) documents analysed, (\d+) failed, ([\d.]+) MB in ([\d.]+) s")


def measure(binary, inputs, threads, expected_docs):
    # os.wait4 gives the child's own peak RSS; Popen would reap it first, so fork by hand.
    cmd = [binary, "analyze", *inputs, "--stats", "--threads", str(threads)]
    r, w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(w, 2)
        os.execv(binary, cmd)
    os.close(w)
    err = b""
    while chunk := os.read(r, 65536):
        err += chunk
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    text = err.decode("utf-8", "replace")
    m = STATS.search(text)
    if os.waitstatus_to_exitcode(status) not in (0, 1) or not m:
        sys.exit(f"bench: kabar failed:\n{text[-2000:]}")
    docs, failed, mb, secs = int(m[1]), int(m[2]), float(m[3]), float(m[4])
    if docs != expected_docs:
        sys.exit(f"bench: expected {expected_docs} documents, kabar analysed {docs} ({failed} failed)")
    return {"docs": docs, "mb": mb, "secs": secs, "wall": wall, "rss_mb": usage.ru_maxrss / 1024}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/kabar")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../shared/data/news-indosum-devfolds"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print(f"bench: {args.data} not found: skipped (it needs ../shared)")
        return
    inputs = sorted(os.path.join(args.data, f) for f in os.listdir(args.data) if f.endswith(".jsonl"))
    lines = sum(1 for f in inputs for line in open(f, encoding="utf-8") if line.strip())
    cores = os.cpu_count() or 1
    rows = []
    for threads in sorted({1, cores}):
        measure(args.binary, inputs, threads, lines)  # warm-up
        runs = [measure(args.binary, inputs, threads, lines) for _ in range(args.runs)]
        secs = statistics.median(r["secs"] for r in runs)
        mb = runs[0]["mb"]
        rows.append((threads, lines, mb, secs, mb / secs, lines / secs, max(r["rss_mb"] for r in runs)))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    out = [f"kabar analyze, IndoSum dev folds ({lines} articles), commit {commit}, {cpu}, {cores} cores, "
           f"median of {args.runs} runs after a warm-up", "",
           "| threads | articles | MB | seconds | MB/s | articles/s | peak RSS (MB) |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for t, n, mb, s, mbs, dps, rss in rows:
        out.append(f"| {t} | {n} | {mb:.1f} | {s:.2f} | {mbs:.2f} | {dps:.0f} | {rss:.0f} |")
    text = "\n".join(out) + "\n"
    print(text)
    os.makedirs(os.path.join(os.path.dirname(__file__), "out"), exist_ok=True)
    open(os.path.join(os.path.dirname(__file__), "out", "e2e.md"), "w").write(text)


if __name__ == "__main__":
    main()
