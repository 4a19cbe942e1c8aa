#!/usr/bin/env python3
"""Generates data/text/clitic_exceptions.txt and data/text/proclitic_stems.txt for kabar's tokenizer
from the Debian hunspell-id dictionary (/usr/share/hunspell/id_ID.{dic,aff}, GPL word list; we ship
only the derived lists of words below, no affix data).

clitic_exceptions.txt: words that merely END like an enclitic (-nya, -lah, -kah, -pun, -ku, -mu) and
must stay whole: every dictionary root ending so ("adalah", "sekolah", "punya", "tanya", "hanya",
"meskipun"), plus every prefixed form of such a root that the affix file allows ("mengolah",
"bertanya", "ditanya", "bersalah"), plus guessed di-/ter-/ber-/se-/ke-/per-/meN-/peN- forms of those
roots that the affix flags miss ("dihimpun", "menghimpun"; dropped when the part before the clitic is
itself a word, so "dia+lah" still splits), plus our own additions (EXTRA) minus forced splits
(FORCE_SPLIT).

proclitic_stems.txt: verb roots that the affix file marks as taking ku-/kau- (flags O*), minus those
where ku+root or kau+root is itself a word ("kuat", "kuasa", "kurang", "kaum" never split).

Usage: scripts/gen-clitic-exceptions.py [dic] [aff] [out_dir]
"""
import re
import sys
from pathlib import Path

DIC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/hunspell/id_ID.dic")
AFF = Path(sys.argv[2] if len(sys.argv) > 2 else "/usr/share/hunspell/id_ID.aff")
OUT = Path(sys.argv[3] if len(sys.argv) > 3 else Path(__file__).resolve().parent.parent / "data/text")

CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
# The tokenizer splits only -nya/-lah/-kah/-pun; -ku/-mu are listed for callers that want them.
# Words the dictionary lacks (names, loans, common forms) that end like a clitic.
EXTRA = """allah insyaallah masyaallah subhanallah abdullah fadhilah fadillah
aisyah abdillah nurhayah zakiah syariah khilafah fatimah hidayah
bulanya bunya bianya
kenya ghana kenyah
sunya sonya tonya ronya
ipun apun hasanah
daerah tanah arah sudah
rumah lemah mudah marah rendah indah pindah tengah
ulah olah telah salah kalah masalah sekolah adalah
jumlah istilah lembah berkah dakwah
""".split()
# Dictionary entries that are really root + clitic and should be split.
PREFIXES = ("di", "ter", "ber", "se", "ke", "per", "diper", "memper")


def nasalize(prefix, root):
    """me-/pe- with the nasal the root's first sound takes (meN-: mengolah, menanya, menghimpun)."""
    c = root[0]
    if c in "aeiou" or c in "gh":
        return prefix + "ng" + root
    if c == "k":
        return prefix + "ng" + root[1:]
    if c in "bfv":
        return prefix + "m" + root
    if c == "p":
        return prefix + "m" + root[1:]
    if c in "cdjz":
        return prefix + "n" + root
    if c == "t":
        return prefix + "n" + root[1:]
    if c == "s":
        return prefix + "ny" + root[1:]
    return prefix + root
FORCE_SPLIT = {"akalnya", "getahnya", "abilah", "belalah", "dualah"}


def parse_aff(path):
    pfx, sfx = {}, {}
    for line in path.read_text(encoding="latin-1").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
            continue
        if parts[2] in ("Y", "N") and re.fullmatch(r"\d+", parts[3]):
            continue  # header line
        kind, flag, strip, add = parts[0], parts[1], parts[2], parts[3]
        cond = parts[4] if len(parts) > 4 else "."
        add = add.split("/", 1)[0]
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add
        (pfx if kind == "PFX" else sfx).setdefault(flag, []).append((strip, add, cond))
    return pfx, sfx


def cond_ok(word, cond, prefix):
    if cond == ".":
        return True
    pat = "^" + cond if prefix else cond + "$"
    try:
        return re.search(pat, word) is not None
    except re.error:
        return True


def main():
    pfx, sfx = parse_aff(AFF)
    roots = {}
    for i, line in enumerate(DIC.read_text(encoding="latin-1").splitlines()):
        if i == 0 or not line.strip():
            continue
        word, _, flags = line.strip().partition("/")
        word = word.strip()
        if not re.fullmatch(r"[a-z]+", word):
            continue
        fl = {flags[k:k + 2] for k in range(0, len(flags) - 1, 2)}
        roots.setdefault(word, set()).update(fl)

    # Every surface form the dictionary licenses with one prefix or one non-clitic suffix.
    words = set(roots)
    for root, fl in roots.items():
        for f in fl:
            if f.startswith("O"):
                continue  # ku-/kau- forms are what we want to split, not words of their own
            for strip, add, cond in pfx.get(f, []):
                if cond_ok(root, cond, True) and root.startswith(strip):
                    words.add(add + root[len(strip):])
            for strip, add, cond in sfx.get(f, []):
                if add.lower().endswith(CLITICS) or not add.isalpha():
                    continue
                if cond_ok(root, cond, False) and root.endswith(strip):
                    words.add(root[: len(root) - len(strip)] + add)

    exceptions = {w for w in words if w.endswith(CLITICS) and len(w) > 3}
    # Prefixed forms the affix flags miss (dihimpun, menanya, berampun): every prefix on every
    # root that ends like a clitic, with the nasal replacement of p/t/k/s after me-/pe-.
    # A guessed form whose head before the clitic is itself a word stays splittable (di+alah would
    # block dia+lah).
    def add_guess(w):
        clitic = next(c for c in CLITICS if w.endswith(c))
        if w[: -len(clitic)] not in words:
            exceptions.add(w)

    for root in [r for r in roots if r.endswith(CLITICS) and len(r) > 3]:
        for p in PREFIXES:
            add_guess(p + root)
        for p in ("me", "pe"):
            add_guess(nasalize(p, root))
            add_guess("di" + root)

    exceptions |= set(EXTRA)
    exceptions -= FORCE_SPLIT

    stems = set()
    for root, fl in roots.items():
        if any(f.startswith("O") for f in fl) and len(root) >= 3:
            if ("ku" + root) in words or ("kau" + root) in words:
                continue
            stems.add(root)

    OUT.mkdir(parents=True, exist_ok=True)
    head = ("# Generated by scripts/gen-clitic-exceptions.py from Debian hunspell-id "
            "(/usr/share/hunspell/id_ID.dic + id_ID.aff)\n"
            "# plus the script's own EXTRA list; do not edit by hand, edit the script and re-run.\n")
    (OUT / "clitic_exceptions.txt").write_text(
        head + "# Words that end like an enclitic (-nya -lah -kah -pun -ku -mu) but must stay whole.\n"
        + "\n".join(sorted(exceptions)) + "\n", encoding="utf-8")
    (OUT / "proclitic_stems.txt").write_text(
        head + "# Verb roots after which a leading ku-/kau- is split off as a proclitic (kuambil).\n"
        + "\n".join(sorted(stems)) + "\n", encoding="utf-8")
    print(f"{len(exceptions)} exceptions, {len(stems)} proclitic stems", file=sys.stderr)


if __name__ == "__main__":
    main()
