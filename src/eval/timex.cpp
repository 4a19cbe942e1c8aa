// kabar eval timex: the date annotator against IndoTimex TimeML gold (Kompas news).
#include "kabar/eval/timex.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "kabar/core/data_dir.h"
#include "kabar/extract/analysis.h"
#include "kabar/extract/dates.h"
#include "kabar/text/analyzer.h"
#include "kabar/text/normalize.h"

namespace kabar::eval {

namespace {

namespace fs = std::filesystem;

struct GoldTimex {
  uint32_t start = 0, end = 0;
  std::string type, value;
};

struct TmlDoc {
  std::string id;
  std::string dct;
  std::string text;  // stripped TEXT, before normalisation
  std::vector<GoldTimex> gold;
};

// "2013-12-4" -> "2013-12-04" (some IndoTimex values are not zero-padded); other values as is.
std::string pad_date(std::string v) {
  const size_t a = v.find('-');
  if (a != 4) return v;
  const size_t b = v.find('-', a + 1);
  if (b == std::string::npos) {
    if (v.size() == 6 && std::isdigit(static_cast<unsigned char>(v[5]))) v.insert(5, "0");
    return v;
  }
  if (b - a == 2 && std::isdigit(static_cast<unsigned char>(v[a + 1]))) v.insert(a + 1, "0");
  const size_t b2 = v.find('-', a + 1);
  size_t e = b2 + 1;
  while (e < v.size() && std::isdigit(static_cast<unsigned char>(v[e]))) ++e;
  if (e - b2 == 2) v.insert(b2 + 1, "0");
  return v;
}

std::string attr(std::string_view tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  size_t p = 0;
  while ((p = tag.find(key, p)) != std::string_view::npos) {
    if (p == 0 || tag[p - 1] == ' ' || tag[p - 1] == '\t' || tag[p - 1] == '\n') {
      const size_t b = p + key.size();
      const size_t e = tag.find('"', b);
      if (e == std::string_view::npos) return {};
      return std::string(tag.substr(b, e - b));
    }
    p += key.size();
  }
  return {};
}

void append_unescaped(std::string_view s, std::string& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<std::string_view, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (const auto& [e, c] : kEnt) {
        if (s.substr(i, e.size()) == e) {
          out.push_back(c);
          i += e.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(s[i]);
  }
}

Result<TmlDoc> read_tml(const fs::path& path) {
  auto raw = read_file(path);
  if (!raw) return raw.error();
  const std::string& s = *raw;
  TmlDoc d;
  d.id = path.stem().string();
  const size_t dct = s.find("<DCT>");
  if (dct == std::string::npos) return Error{path.string() + ": no <DCT> element"};
  const size_t dct_tag = s.find("<TIMEX3", dct);
  const size_t dct_tag_end = dct_tag == std::string::npos ? dct_tag : s.find('>', dct_tag);
  if (dct_tag_end == std::string::npos) return Error{path.string() + ": <DCT> without TIMEX3"};
  d.dct = pad_date(attr(std::string_view(s).substr(dct_tag, dct_tag_end - dct_tag), "value"));
  if (d.dct.size() < 10) return Error{path.string() + ": DCT value is not a date"};
  d.dct = d.dct.substr(0, 10);
  const size_t tb = s.find("<TEXT>");
  const size_t te = s.find("</TEXT>");
  if (tb == std::string::npos || te == std::string::npos || te < tb)
    return Error{path.string() + ": no <TEXT> element"};
  const std::string_view body = std::string_view(s).substr(tb + 6, te - tb - 6);
  std::vector<GoldTimex> open;
  size_t i = 0;
  while (i < body.size()) {
    const size_t lt = body.find('<', i);
    append_unescaped(body.substr(i, (lt == std::string_view::npos ? body.size() : lt) - i), d.text);
    if (lt == std::string_view::npos) break;
    const size_t gt = body.find('>', lt);
    if (gt == std::string_view::npos) return Error{path.string() + ": unterminated tag in TEXT"};
    const std::string_view tag = body.substr(lt, gt - lt + 1);
    if (tag.starts_with("<TIMEX3")) {
      GoldTimex g;
      g.start = static_cast<uint32_t>(d.text.size());
      g.type = attr(tag, "type");
      g.value = pad_date(attr(tag, "value"));
      if (tag.ends_with("/>")) {
        g.end = g.start;
        d.gold.push_back(g);
      } else {
        open.push_back(g);
      }
    } else if (tag.starts_with("</TIMEX3")) {
      if (open.empty()) return Error{path.string() + ": </TIMEX3> without <TIMEX3>"};
      GoldTimex g = open.back();
      open.pop_back();
      g.end = static_cast<uint32_t>(d.text.size());
      d.gold.push_back(g);
    }
    i = gt + 1;
  }
  std::sort(d.gold.begin(), d.gold.end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  return d;
}

std::vector<fs::path> tml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".tml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Counts {
  long tp = 0, sys = 0, gold = 0;
  nlohmann::json prf() const {
    const double p = sys ? static_cast<double>(tp) / sys : 0.0;
    const double r = gold ? static_cast<double>(tp) / gold : 0.0;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    return {{"precision", p}, {"recall", r}, {"f1", f}};
  }
};

struct Models {
  text::TextAnalyzer analyzer;
  extract::DateAnnotator dates;
};

struct SysTimex {
  uint32_t start = 0, end = 0;
  std::string type, value;
};

// Runs the real per-document path on one file; returns system timexes in normalised offsets and
// gold spans mapped into the same offsets.
extract::Analysis analyse(const Models& m, const TmlDoc& t, bool with_dct) {
  const auto norm = text::normalize(t.text);
  Document doc;
  doc.id = t.id;
  doc.path = t.id + ".tml";
  doc.text = norm.text;
  doc.to_original = norm.to_original;
  if (with_dct) doc.meta.published = t.dct;
  extract::Analysis a;
  a.doc = std::move(doc);
  a.text = m.analyzer.analyze(a.doc.text);
  m.dates.annotate(a, a.published, a.dates, a.timeline, a.warnings);
  return a;
}

uint32_t to_norm(const std::vector<uint32_t>& to_original, uint32_t o) {
  const auto it = std::lower_bound(to_original.begin(), to_original.end(), o);
  return static_cast<uint32_t>(it - to_original.begin());
}

std::string pct(double x) {
  char b[16];
  std::snprintf(b, sizeof b, "%6.2f", 100 * x);
  return b;
}

std::string one_line(std::string_view s) {
  std::string o(s);
  for (char& ch : o)
    if (ch == '\n' || ch == '\t') ch = ' ';
  return o;
}

// "…context [expression] context…" on one line.
std::string in_context(std::string_view text, uint32_t b, uint32_t e) {
  const uint32_t lb = b >= 40 ? b - 40 : 0;
  const uint32_t re = std::min<uint32_t>(static_cast<uint32_t>(text.size()), e + 40);
  return one_line(text.substr(lb, b - lb)) + "[" + one_line(text.substr(b, e - b)) + "]" +
         one_line(text.substr(e, re - e));
}

// Lower-case words the time lexicon knows as time words (months, weekdays, units, parts of the
// day, relative days): in --verbose on a split without gold, such words outside every system
// expression are listed as possible misses.
std::vector<std::string> time_words(const fs::path& kabar_data_dir) {
  std::vector<std::string> out;
  auto lines = read_lines(kabar_data_dir / "time" / "lexicon.tsv");
  if (!lines) return out;
  for (const auto& l : *lines) {
    const auto f = split(l, '\t');
    if (f.size() < 2) continue;
    static const char* kCls[] = {"month",       "weekday", "unit",    "se_unit",
                                 "part_of_day", "relday",  "present", "season"};
    for (const char* c : kCls)
      if (f[1] == c) out.push_back(f[0]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One line of a stand-off gold TSV: the n-th whole-word occurrence of `context` in the document,
// of which the part in brackets (or all of it) is the expression.
struct StandoffTimex {
  int occurrence = 1;
  std::string context, type, value;
  size_t line = 0;
};

Result<std::map<std::string, std::vector<StandoffTimex>>> read_standoff(const fs::path& path) {
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  std::map<std::string, std::vector<StandoffTimex>> out;
  size_t no = 0;
  for (const auto& l : *lines) {
    ++no;
    if (l.empty() || l[0] == '#') continue;
    const auto f = split(l, '\t');
    if (f.size() != 5)
      return Error{path.string() + ":" + std::to_string(no) +
                   ": expected 5 tab-separated fields (doc, occurrence, expression, type, value)"};
    StandoffTimex x;
    x.occurrence = std::atoi(f[1].c_str());
    if (x.occurrence < 1)
      return Error{path.string() + ":" + std::to_string(no) + ": occurrence must be >= 1"};
    x.context = f[2];
    x.type = f[3];
    x.value = f[4];
    x.line = no;
    out[f[0]].push_back(std::move(x));
  }
  return out;
}

bool word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Places stand-off expressions in the stripped TEXT of `t` (replacing its gold); Error names the
// gold line whose occurrence is not in the text.
Result<bool> place_standoff(const fs::path& gold_path, const std::vector<StandoffTimex>& xs,
                            TmlDoc& t) {
  t.gold.clear();
  for (const auto& x : xs) {
    std::string plain;
    size_t b = std::string::npos, e = std::string::npos;
    for (char c : x.context) {
      if (c == '[')
        b = plain.size();
      else if (c == ']')
        e = plain.size();
      else
        plain.push_back(c);
    }
    if (b == std::string::npos || e == std::string::npos || e < b) b = 0, e = plain.size();
    size_t p = 0, found = std::string::npos;
    int seen = 0;
    while ((p = t.text.find(plain, p)) != std::string::npos) {
      const bool left_ok = p == 0 || !word_byte(t.text[p - 1]) || !word_byte(plain.front());
      const size_t q = p + plain.size();
      const bool right_ok = q >= t.text.size() || !word_byte(t.text[q]) || !word_byte(plain.back());
      if (left_ok && right_ok && ++seen == x.occurrence) {
        found = p;
        break;
      }
      ++p;
    }
    if (found == std::string::npos)
      return Error{gold_path.string() + ":" + std::to_string(x.line) + ": occurrence " +
                   std::to_string(x.occurrence) + " of \"" + plain + "\" not in " + t.id};
    t.gold.push_back({static_cast<uint32_t>(found + b), static_cast<uint32_t>(found + e), x.type,
                      x.value});
  }
  std::sort(t.gold.begin(), t.gold.end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  return true;
}

}  // namespace

Result<Report> timex(const fs::path& data_dir_of_timex, const fs::path& kabar_data_dir) {
  TimexOptions o;
  if (const char* s = std::getenv("KABAR_TIMEX_SPLIT"); s && *s) o.split = s;
  if (const char* v = std::getenv("KABAR_TIMEX_VERBOSE"); v && *v && std::string_view(v) != "0")
    o.verbose = true;
  return timex(data_dir_of_timex, kabar_data_dir, o);
}

Result<Report> timex(const fs::path& data_dir_of_timex, const fs::path& kabar_data_dir,
                     const TimexOptions& opt) {
  if (opt.split != "test" && opt.split != "dev")
    return Error{"timex: unknown split '" + opt.split + "' (expected test or dev)"};
  fs::path test_dir = data_dir_of_timex / "Kompas_test_gold";
  if (tml_files(test_dir).empty()) test_dir = data_dir_of_timex;
  if (tml_files(test_dir).empty())
    return Error{data_dir_of_timex.string() +
                 ": no TimeML (.tml) files found (expected Kompas_test_gold/)"};
  fs::path dev_dir = test_dir.parent_path() / "kompas_development";
  if (tml_files(dev_dir).empty()) dev_dir = data_dir_of_timex / "kompas_development";
  const fs::path eval_dir = opt.split == "dev" ? dev_dir : test_dir;
  auto files = tml_files(eval_dir);
  if (files.empty()) return Error{eval_dir.string() + ": no TimeML (.tml) files found"};
  fs::path gold_path = opt.gold == "none" ? std::string() : opt.gold;
  if (gold_path.empty() && opt.split == "dev" && opt.gold != "none") {
    const fs::path def = kabar_data_dir.parent_path() / "examples" / "gold" / "timex-dev.tsv";
    std::error_code ec;
    if (fs::is_regular_file(def, ec)) gold_path = def;
  }
  std::map<std::string, std::vector<StandoffTimex>> standoff;
  if (!gold_path.empty()) {
    auto so = read_standoff(gold_path);
    if (!so) return so.error();
    standoff = std::move(so).value();
    if (standoff.empty()) return Error{gold_path.string() + ": no gold expressions"};
    std::erase_if(files, [&](const fs::path& f) { return !standoff.contains(f.stem().string()); });
    if (files.size() != standoff.size())
      return Error{gold_path.string() + ": names documents that are not in " + eval_dir.string()};
  }

  auto analyzer = text::TextAnalyzer::load(kabar_data_dir);
  if (!analyzer) return analyzer.error();
  auto dates = extract::DateAnnotator::load(kabar_data_dir);
  if (!dates) return dates.error();
  const Models m{std::move(analyzer).value(), std::move(dates).value()};
  const auto lex_words = opt.verbose ? time_words(kabar_data_dir) : std::vector<std::string>{};

  Counts strict, relaxed, e2e;
  long value_ok = 0, value_n = 0;
  std::map<std::string, Counts> by_type;
  std::string details;
  for (const auto& f : files) {
    auto t = read_tml(f);
    if (!t) return t.error();
    if (!standoff.empty()) {
      auto placed = place_standoff(gold_path, standoff.at(t->id), *t);
      if (!placed) return placed.error();
    }
    const auto norm = text::normalize(t->text);
    const auto a = analyse(m, *t, true);
    const std::string_view ntext = a.doc.text;
    std::vector<SysTimex> sys;
    for (const auto& d : a.dates)
      sys.push_back({d.timex.start, d.timex.end, d.timex_type, d.value});
    std::vector<GoldTimex> gold = t->gold;
    for (auto& g : gold) {
      g.start = to_norm(norm.to_original, g.start);
      g.end = to_norm(norm.to_original, g.end);
    }
    strict.sys += static_cast<long>(sys.size());
    relaxed.sys += static_cast<long>(sys.size());
    e2e.sys += static_cast<long>(sys.size());
    strict.gold += static_cast<long>(gold.size());
    relaxed.gold += static_cast<long>(gold.size());
    e2e.gold += static_cast<long>(gold.size());
    for (const auto& s : sys) by_type[s.type].sys++;
    for (const auto& g : gold) by_type[g.type].gold++;
    std::vector<bool> used(sys.size(), false), used_typed(sys.size(), false);
    std::string doc_lines;
    for (const auto& g : gold) {
      bool exact = false;
      for (size_t k = 0; k < sys.size(); ++k) {
        if (sys[k].start == g.start && sys[k].end == g.end) {
          strict.tp++;
          exact = true;
          break;
        }
      }
      bool matched = false;
      for (size_t k = 0; k < sys.size(); ++k) {
        if (used[k] || !(sys[k].start < g.end && g.start < sys[k].end)) continue;
        used[k] = true;
        matched = true;
        relaxed.tp++;
        value_n++;
        if (sys[k].value == g.value) {
          value_ok++;
          e2e.tp++;
        }
        if (opt.verbose && (!exact || sys[k].value != g.value || sys[k].type != g.type)) {
          doc_lines += "  diff  " + in_context(ntext, g.start, g.end) + "  gold " + g.type + " " +
                       g.value + " | system [" +
                       one_line(ntext.substr(sys[k].start, sys[k].end - sys[k].start)) + "] " +
                       sys[k].type + " " + sys[k].value + "\n";
        }
        break;
      }
      if (opt.verbose && !matched)
        doc_lines += "  miss  " + in_context(ntext, g.start, g.end) + "  gold " + g.type + " " +
                     g.value + "\n";
      for (size_t k = 0; k < sys.size(); ++k) {
        if (used_typed[k] || sys[k].type != g.type ||
            !(sys[k].start < g.end && g.start < sys[k].end))
          continue;
        used_typed[k] = true;
        by_type[g.type].tp++;
        break;
      }
    }
    if (opt.verbose && !gold.empty()) {
      for (size_t k = 0; k < sys.size(); ++k) {
        if (used[k]) continue;
        doc_lines += "  extra " + in_context(ntext, sys[k].start, sys[k].end) + "  system " +
                     sys[k].type + " " + sys[k].value + "\n";
      }
    } else if (opt.verbose) {
      // No gold tags: every system expression, then time words outside all of them.
      for (const auto& s : sys)
        doc_lines +=
            "  sys   " + in_context(ntext, s.start, s.end) + "  " + s.type + " " + s.value + "\n";
      size_t i = 0;
      while (i < ntext.size()) {
        if (!std::isalpha(static_cast<unsigned char>(ntext[i]))) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < ntext.size() &&
               (std::isalpha(static_cast<unsigned char>(ntext[j])) || ntext[j] == '-'))
          ++j;
        std::string low(ntext.substr(i, j - i));
        for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool covered = std::any_of(
            sys.begin(), sys.end(), [&](const SysTimex& s) { return s.start <= i && j <= s.end; });
        if (!covered && std::binary_search(lex_words.begin(), lex_words.end(), low))
          doc_lines += "  word? " +
                       in_context(ntext, static_cast<uint32_t>(i), static_cast<uint32_t>(j)) + "\n";
        i = j;
      }
    }
    if (!doc_lines.empty()) details += t->id + " (DCT " + t->dct + ")\n" + doc_lines;
  }

  // Publication-date inference with the metadata hidden: on the development set beside the test
  // folder, or, for a folder of TimeML files without one (our own dev sets), on those files.
  const fs::path dct_dir = tml_files(dev_dir).empty() ? eval_dir : dev_dir;
  long dct_ok = 0, dct_n = 0, dct_none = 0;
  for (const auto& f : tml_files(dct_dir)) {
    auto t = read_tml(f);
    if (!t) return t.error();
    const auto a = analyse(m, *t, false);
    ++dct_n;
    if (!a.published.date)
      ++dct_none;
    else if (*a.published.date == t->dct)
      ++dct_ok;
    if (opt.verbose) {
      const bool ok = a.published.date && *a.published.date == t->dct;
      details += std::string(ok ? "dct ok " : "dct XX ") + t->id + " DCT " + t->dct + " inferred " +
                 a.published.date.value_or("none") + " from \"" + one_line(a.published.evidence) +
                 "\"\n";
    }
  }

  Report r;
  r.figures["recognition"] = {{"strict", strict.prf()}, {"relaxed", relaxed.prf()}};
  const double acc = value_n ? static_cast<double>(value_ok) / value_n : 0.0;
  r.figures["normalisation"] = {{"accuracy", acc}, {"f1", e2e.prf()["f1"]}};
  r.figures["by_type"] = nlohmann::json::object();
  for (const char* ty : {"DATE", "TIME", "DURATION", "SET"})
    r.figures["by_type"][ty] = by_type[ty].prf();
  r.figures["dct_inference"] = {{"accuracy", dct_n ? static_cast<double>(dct_ok) / dct_n : 0.0},
                                {"n", dct_n},
                                {"none", dct_none}};
  r.figures["n_gold"] = relaxed.gold;
  r.figures["n_system"] = relaxed.sys;
  r.figures["n_files"] = files.size();

  std::string tb;
  tb += "timex: " + eval_dir.string() + (gold_path.empty() ? "" : " gold " + gold_path.string()) + " (" + std::to_string(files.size()) + " files, " +
        std::to_string(relaxed.gold) + " gold, " + std::to_string(relaxed.sys) + " system)\n";
  tb += "                      precision  recall      f1\n";
  auto row = [&](const std::string& name, const nlohmann::json& j) {
    char b[128];
    std::snprintf(b, sizeof b, "%-22s%s   %s  %s\n", name.c_str(), pct(j["precision"]).c_str(),
                  pct(j["recall"]).c_str(), pct(j["f1"]).c_str());
    tb += b;
  };
  row("recognition strict", r.figures["recognition"]["strict"]);
  row("recognition relaxed", r.figures["recognition"]["relaxed"]);
  row("normalisation (e2e)", e2e.prf());
  for (const char* ty : {"DATE", "TIME", "DURATION", "SET"})
    row(std::string("  ") + ty, r.figures["by_type"][ty]);
  tb += "normalisation accuracy (on relaxed matches): " + pct(acc) + " %\n";
  tb += "publication date inferred = DCT on " + dct_dir.filename().string() + ": " +
        std::to_string(dct_ok) + "/" + std::to_string(dct_n) + " (" +
        pct(dct_n ? static_cast<double>(dct_ok) / dct_n : 0.0) +
        " %), none: " + std::to_string(dct_none) + "\n";
  if (relaxed.gold == 0)
    tb += "(no gold TIMEX3 tags in " + eval_dir.string() + ": recognition figures are empty)\n";
  if (opt.verbose) tb += details;
  if (opt.split != "test") r.figures["split"] = opt.split;
  r.table = std::move(tb);
  return r;
}

}  // namespace kabar::eval
