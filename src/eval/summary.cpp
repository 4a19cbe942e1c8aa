// kabar eval summary: ROUGE of the single-document extractive summary on IndoSum fold 5.
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common.h"
#include "kabar/core/utf8.h"
#include "kabar/corpus/stories.h"
#include "kabar/eval/stories.h"
#include "kabar/ingest/reader.h"

namespace kabar::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Lower-cased alphanumeric words, as ROUGE counts them.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string lower = utf8::lower(s), w;
  for (char c : lower) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

double f_measure(double overlap, double sys, double ref) {
  if (overlap == 0 || sys == 0 || ref == 0) return 0;
  double p = overlap / sys, r = overlap / ref;
  return 2 * p * r / (p + r);
}

double rouge_n(const std::vector<std::string>& sys, const std::vector<std::string>& ref, size_t n) {
  if (sys.size() < n || ref.size() < n) return 0;
  std::map<std::vector<std::string>, int> ref_grams;
  for (size_t i = 0; i + n <= ref.size(); ++i) ref_grams[{ref.begin() + i, ref.begin() + i + n}]++;
  double overlap = 0;
  for (size_t i = 0; i + n <= sys.size(); ++i) {
    auto it = ref_grams.find({sys.begin() + i, sys.begin() + i + n});
    if (it != ref_grams.end() && it->second > 0) {
      --it->second;
      ++overlap;
    }
  }
  return f_measure(overlap, sys.size() - n + 1, ref.size() - n + 1);
}

double rouge_l(const std::vector<std::string>& sys, const std::vector<std::string>& ref) {
  std::vector<int> prev(ref.size() + 1, 0), cur(ref.size() + 1, 0);
  for (size_t i = 1; i <= sys.size(); ++i) {
    for (size_t j = 1; j <= ref.size(); ++j) {
      cur[j] = sys[i - 1] == ref[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return f_measure(prev[ref.size()], sys.size(), ref.size());
}

struct Rouge {
  double r1 = 0, r2 = 0, rl = 0;
  void add(const std::vector<std::string>& sys, const std::vector<std::string>& ref) {
    r1 += rouge_n(sys, ref, 1);
    r2 += rouge_n(sys, ref, 2);
    rl += rouge_l(sys, ref);
  }
  json mean(size_t n) const { return {{"rouge1", r1 / n}, {"rouge2", r2 / n}, {"rougeL", rl / n}}; }
};

}  // namespace

Result<Report> summary(const fs::path& indosum_dir, const fs::path& kabar_data_dir) {
  const fs::path test = indosum_dir / "dev.05.jsonl";
  if (!fs::exists(test)) return Error{test.string() + ": not found (IndoSum fold 5 is the test split)"};
  std::set<std::string> train_ids;
  for (const char* fold : {"dev.01.jsonl", "dev.02.jsonl", "dev.03.jsonl", "dev.04.jsonl"}) {
    std::ifstream in(indosum_dir / fold);
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("id")) train_ids.insert(j["id"].get<std::string>());
    }
  }
  // Gold summaries by line number of fold 5; articles also in folds 1-4 are left out.
  std::map<std::string, std::string> gold;  // "PATH:LINE" → summary text
  {
    std::ifstream in(test);
    int line_no = 0;
    std::set<std::string> seen;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      json j = json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("summary") || !j.contains("id")) return Error{test.string() + ":" + std::to_string(line_no) + ": malformed IndoSum line"};
      std::string id = j["id"];
      if (train_ids.count(id) || !seen.insert(id).second) continue;
      std::string text;
      for (const auto& sentence : j["summary"]) for (const auto& tok : sentence) text += tok.get<std::string>() + " ";
      gold[test.string() + ":" + std::to_string(line_no)] = text;
    }
  }
  std::vector<Document> docs;
  ingest::read_paths({test.string()}, {}, [&](ingest::ReadResult r) {
    if (r && gold.count(r->path)) docs.push_back(std::move(*r));
  });
  if (docs.empty()) return Error{test.string() + ": no articles read"};
  auto pipeline = extract::Pipeline::load(kabar_data_dir);
  if (!pipeline) return pipeline.error();
  auto builder = corpus::StoryBuilder::load(kabar_data_dir);
  if (!builder) return builder.error();
  auto analyses = (*pipeline)->analyze_batch(std::move(docs), std::max(1u, std::thread::hardware_concurrency()));

  Rouge ours, lead;
  for (const auto& a : analyses) {
    auto ref = words(gold[a.doc.path]);
    std::string sys;
    for (const auto& s : builder->summarize(a, 3)) sys += s.text + " ";
    ours.add(words(sys), ref);
    std::string lead3;
    for (size_t i = 0; i < a.text.sentences.size() && i < 3; ++i) lead3 += std::string(a.text.sentences[i].span.in(a.doc.text)) + " ";
    lead.add(words(lead3), ref);
  }
  const size_t n = analyses.size();
  Report report;
  report.figures = ours.mean(n);
  report.figures["lead3"] = lead.mean(n);
  report.figures["n"] = n;
  report.table = fmt::format("IndoSum fold 5 ({} articles not in folds 1-4), ROUGE F-measure, 3 sentences\n", n);
  report.table += fmt::format("  {:<8} {:>8} {:>8} {:>8}\n", "", "ROUGE-1", "ROUGE-2", "ROUGE-L");
  report.table += fmt::format("  {:<8} {:>8} {:>8} {:>8}\n", "kabar", pct(ours.r1 / n), pct(ours.r2 / n), pct(ours.rl / n));
  report.table += fmt::format("  {:<8} {:>8} {:>8} {:>8}\n", "LEAD-3", pct(lead.r1 / n), pct(lead.r2 / n), pct(lead.rl / n));
  return report;
}

}  // namespace kabar::eval
