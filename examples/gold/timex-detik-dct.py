#!/usr/bin/env python3
"""Publication-date inference on 1,000 Detik articles (../shared/data/news-detik-1000-summ).

Each article's real publication timestamp (CSV column `tanggal`, M/D/YYYY H:MM) is its DCT; the
article text (`isi_berita`) is written as a TimeML file without gold tags into a temporary folder
(nothing is copied into the repository), and `kabar eval timex --gold none` on that folder
reports how often the date inferred from the text alone equals the DCT ("publication date
inferred = DCT on ...: n/1000"). A different outlet from IndoTimex's Kompas, so a held-out check
of the inference rules.

    examples/gold/timex-detik-dct.py [build/kabar] [--verbose]
"""
import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CSV = os.path.join(ROOT, "..", "shared", "data", "news-detik-1000-summ", "data_berita.csv")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = args[0] if args else os.path.join(ROOT, "build", "kabar")
    if not os.path.exists(CSV):
        print(f"skipped: {CSV} not found")
        return 77
    csv.field_size_limit(1 << 30)
    with tempfile.TemporaryDirectory(prefix="kabar-detik-dct-") as tmp:
        folder = os.path.join(tmp, "detik")
        os.mkdir(folder)
        n = 0
        with open(CSV, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                try:
                    dct = dt.datetime.strptime(row["tanggal"].strip(), "%m/%d/%Y %H:%M").date()
                except ValueError:
                    continue
                doc = f"d{int(row['id']):04d}"
                with open(os.path.join(folder, doc + ".tml"), "w", encoding="utf-8") as out:
                    out.write(f"<TimeML>\n<DOCID>{doc}</DOCID>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" "
                              f"value=\"{dct.isoformat()}\">x</TIMEX3></DCT>\n<TEXT>\n"
                              f"{esc(row['isi_berita'])}\n</TEXT>\n</TimeML>\n")
                n += 1
        cmd = [binary, "eval", "timex", "--data", folder, "--gold", "none"]
        if "--verbose" in sys.argv:
            cmd.append("--verbose")
        p = subprocess.run(cmd, capture_output=True, text=True)
        sys.stderr.write(p.stderr)
        for line in p.stdout.splitlines():
            if line.startswith("publication date") or line.startswith("dct ") or "--verbose" in sys.argv:
                print(line)
        return p.returncode


if __name__ == "__main__":
    sys.exit(main())
