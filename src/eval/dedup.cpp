// kabar eval dedup: near-duplicate detection on a benchmark built from real IndoSum articles.
#include <map>
#include <set>
#include <thread>

#include "common.h"
#include "kabar/core/hash.h"
#include "kabar/corpus/dedup.h"
#include "kabar/eval/stories.h"
#include "kabar/ingest/reader.h"

namespace kabar::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string p = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!p.empty()) out.push_back(p);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& ps) {
  std::string out;
  for (const auto& p : ps) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// Deterministic pseudo-random numbers (the benchmark must be the same on every machine).
struct Rng {
  uint64_t s;
  uint64_t next() {
    s += 0x9e3779b97f4a7c15ULL;
    uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? next() % n : 0; }
};

}  // namespace

Result<Report> dedup(const fs::path& indosum_dir, const fs::path& kabar_data_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(indosum_dir, ec)) {
    if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
  }
  if (files.empty()) return Error{indosum_dir.string() + ": no IndoSum .jsonl files"};
  std::sort(files.begin(), files.end());
  std::vector<Document> originals;
  std::set<std::string> seen;
  ingest::read_paths(files, {}, [&](ingest::ReadResult r) {
    // IndoSum holds some articles twice with small edits: keep one article per lead paragraph,
    // so that the only near-duplicates in the benchmark are the ones it makes.
    if (!r) return;
    auto ps = paragraphs(r->text);
    if (ps.size() >= 4 && seen.insert(ps.front()).second) originals.push_back(std::move(*r));
  });
  if (originals.size() < 400) return Error{indosum_dir.string() + ": too few articles for the benchmark"};

  // 300 sources (every k-th article), each with one edited copy; 600 untouched distractors.
  const size_t kSources = 300, kDistractors = 600;
  const size_t step = originals.size() / (kSources + kDistractors);
  std::vector<Document> corpus;
  std::vector<std::string> kind;  // per corpus document: "source", "distractor", or the edit
  std::map<int, int> copy_of;     // edited document → its source
  std::set<std::pair<int, int>> gold_near, gold_excerpt;
  std::map<int, int> base_of;  // edited document → the article it is a near-copy of
  Rng rng{42};
  static const char* kEdits[] = {"dropped+reordered paragraphs", "added boilerplate", "rewritten headline",
                                 "quoted excerpt"};
  for (size_t i = 0; i < kSources + kDistractors; ++i) {
    corpus.push_back(originals[i * step]);
    kind.push_back(i < kSources ? "source" : "distractor");
  }
  for (size_t i = 0; i < kSources; ++i) {
    const Document& src = corpus[i];
    auto ps = paragraphs(src.text);
    const int edit = static_cast<int>(i % 4);
    int host_index = -1;
    std::string text;
    if (edit == 0) {
      ps.erase(ps.begin() + 1 + static_cast<long>(rng.below(ps.size() - 1)));
      size_t a = rng.below(ps.size()), b = rng.below(ps.size());
      std::swap(ps[a], ps[b]);
      text = join(ps);
    } else if (edit == 1) {
      const Document& other = corpus[kSources + rng.below(kDistractors)];
      ps.insert(ps.begin() + 1, "Baca juga: " + other.meta.title.value_or("Berita pilihan hari ini"));
      ps.push_back("Simak berita terkini dan pilihan lainnya di kanal kami. Unduh aplikasinya sekarang.");
      ps.push_back("Editor: Redaksi");
      text = join(ps);
    } else if (edit == 2) {
      ps[0] = "JAKARTA, KABARINDO.id - " + ps[0];
      text = join(ps);
    } else {
      // A different article that quotes two paragraphs of the source. It is itself a
      // near-duplicate of the host article it was built from (the host plus one paragraph).
      host_index = static_cast<int>(kSources + rng.below(kDistractors));
      auto host = paragraphs(corpus[static_cast<size_t>(host_index)].text);
      size_t at = 1 + rng.below(ps.size() - 2);
      host.insert(host.begin() + static_cast<long>(std::min(host.size(), size_t{2})),
                  "Seperti diberitakan sebelumnya, " + ps[at] + " " + ps[at + 1]);
      text = join(host);
    }
    DocumentMeta meta = src.meta;
    if (edit == 2) meta.title = "[Diperbarui] " + meta.title.value_or("");
    auto d = ingest::make_document(src.path + "#" + kEdits[edit], text, meta, {});
    if (!d) return d.error();
    const int index = static_cast<int>(corpus.size());
    corpus.push_back(std::move(*d));
    kind.push_back(kEdits[edit]);
    (edit == 3 ? gold_excerpt : gold_near).insert({static_cast<int>(i), index});
    base_of[index] = host_index >= 0 ? host_index : (edit == 3 ? -1 : static_cast<int>(i));
  }

  // Near-duplicates are all pairs built from the same base article: the base and its edited
  // copies, and copies of one base among themselves (two excerpts hosted by one article).
  for (auto [x, base] : base_of) {
    if (base < 0) continue;
    gold_near.insert({base, x});
    for (auto [y, other] : base_of) if (y < x && other == base) gold_near.insert({y, x});
  }

  auto pipeline = extract::Pipeline::load(kabar_data_dir);
  if (!pipeline) return pipeline.error();
  const int threads = std::max(1u, std::thread::hardware_concurrency());
  auto analyses = (*pipeline)->analyze_batch(std::move(corpus), threads);
  auto pairs = corpus::find_duplicates(analyses);

  double tp = 0, fp = 0;
  std::map<std::string, std::pair<int, int>> by_edit;  // edit → (found, total)
  std::set<std::pair<int, int>> found_near, found_excerpt;
  std::map<std::string, int> fp_kinds;  // "kind a ~ kind b" of wrong pairs
  std::vector<std::string> fp_examples;
  for (const auto& p : pairs) {
    std::pair<int, int> key{p.a, p.b};
    if (p.near_duplicate) {
      if (gold_near.count(key)) {
        ++tp;
        found_near.insert(key);
      } else {
        ++fp;
        ++fp_kinds[kind[static_cast<size_t>(p.a)] + " ~ " + kind[static_cast<size_t>(p.b)]];
        if (fp_examples.size() < 5) {
          fp_examples.push_back(fmt::format("{:.2f}  {}  |  {}", p.jaccard, analyses[p.a].doc.meta.title.value_or(analyses[p.a].doc.path),
                                            analyses[p.b].doc.meta.title.value_or(analyses[p.b].doc.path)));
        }
      }
    }
    if (gold_excerpt.count(key) && !p.passages.empty()) found_excerpt.insert(key);
  }
  for (auto [a, b] : gold_near) {
    auto& e = by_edit[kind[b]];
    ++e.second;
    e.first += found_near.count({a, b});
  }
  by_edit["quoted excerpt (shared passages)"] = {static_cast<int>(found_excerpt.size()), static_cast<int>(gold_excerpt.size())};
  const double fn = static_cast<double>(gold_near.size()) - tp;
  Prf r = prf(tp, fp, fn);

  Report report;
  json edits = json::object();
  report.table = fmt::format("near-duplicate pairs at the default threshold ({} documents: {} sources, {} edited copies, {} distractors)\n",
                             analyses.size(), kSources, kSources, kDistractors);
  report.table += fmt::format("  precision {}  recall {}  F1 {}   ({} found, {} wrong, {} missed)\n", pct(r.precision),
                              pct(r.recall), pct(r.f1), tp, fp, fn);
  for (const auto& [edit, fr] : by_edit) {
    double recall = fr.second ? static_cast<double>(fr.first) / fr.second : 0;
    edits[edit] = {{"recall", recall}, {"n", fr.second}};
    report.table += fmt::format("  {:<34} recall {}  ({} of {})\n", edit, pct(recall), fr.first, fr.second);
  }
  json wrong = json::object();
  for (const auto& [k, n] : fp_kinds) {
    wrong[k] = n;
    report.table += fmt::format("  wrong pairs {:<46} {}\n", k, n);
  }
  for (const auto& e : fp_examples) report.table += "    " + e + "\n";
  report.figures = {{"precision", r.precision}, {"recall", r.recall}, {"f1", r.f1},
                    {"n_pairs", gold_near.size()}, {"false_positives", fp}, {"by_edit", edits}, {"wrong_by_kind", wrong},
                    {"passage_recall", gold_excerpt.empty() ? 0.0 : static_cast<double>(found_excerpt.size()) / gold_excerpt.size()}};
  return report;
}

}  // namespace kabar::eval
