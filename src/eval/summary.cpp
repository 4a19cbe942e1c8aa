// kabar eval summary: ROUGE of the single-document extractive summary on IndoSum fold 5.
#include <cmath>
#include <fstream>
#include <unordered_set>
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

Result<std::string> train_summary(const fs::path& indosum_dir, const fs::path& kabar_data_dir, const fs::path& out_file) {
  const fs::path test = indosum_dir / "dev.05.jsonl";
  if (!fs::exists(test)) return Error{test.string() + ": not found (IndoSum folds 1-5 expected)"};
  std::set<std::string> test_ids;
  {
    std::ifstream in(test);
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("id")) test_ids.insert(j["id"].get<std::string>());
    }
  }
  // Words of the extractive gold sentences, per "PATH:LINE" (IndoSum's gold_labels).
  std::map<std::string, std::unordered_set<std::string>> positive;
  std::vector<std::string> files;
  std::set<std::string> seen;
  for (const char* fold : {"dev.01.jsonl", "dev.02.jsonl", "dev.03.jsonl", "dev.04.jsonl"}) {
    const fs::path f = indosum_dir / fold;
    std::ifstream in(f);
    if (!in) return Error{f.string() + ": cannot read"};
    files.push_back(f.string());
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      json j = json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("paragraphs") || !j.contains("gold_labels") || !j.contains("id"))
        return Error{f.string() + ":" + std::to_string(line_no) + ": malformed IndoSum line"};
      std::string id = j["id"];
      if (test_ids.count(id) || !seen.insert(id).second) continue;
      auto& pos = positive[f.string() + ":" + std::to_string(line_no)];
      const auto& ps = j["paragraphs"];
      const auto& ls = j["gold_labels"];
      for (size_t p = 0; p < ps.size() && p < ls.size(); ++p) {
        for (size_t k = 0; k < ps[p].size() && k < ls[p].size(); ++k) {
          if (!ls[p][k].get<bool>()) continue;
          for (const auto& tok : ps[p][k]) for (auto& w : words(tok.get<std::string>())) pos.insert(w);
        }
      }
    }
  }
  std::vector<Document> docs;
  ingest::read_paths(files, {}, [&](ingest::ReadResult r) {
    if (r && positive.count(r->path)) docs.push_back(std::move(*r));
  });
  if (docs.size() < 100) return Error{indosum_dir.string() + ": too few training articles read"};
  auto pipeline = extract::Pipeline::load(kabar_data_dir);
  if (!pipeline) return pipeline.error();
  auto builder = corpus::StoryBuilder::load(kabar_data_dir, false);
  if (!builder) return builder.error();
  auto analyses = (*pipeline)->analyze_batch(std::move(docs), std::max(1u, std::thread::hardware_concurrency()));

  // Examples: eligible sentences, labelled by their share of words in the gold sentences.
  std::vector<std::vector<float>> xs;
  std::vector<float> ys;
  for (const auto& a : analyses) {
    const auto& pos = positive[a.doc.path];
    std::vector<bool> eligible;
    auto rows = builder->sentence_features(a, &eligible);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!eligible[i]) continue;
      auto ws = words(a.text.sentences[i].span.in(a.doc.text));
      size_t in = 0;
      for (const auto& w : ws) in += pos.count(w);
      xs.push_back(std::move(rows[i]));
      ys.push_back(!ws.empty() && double(in) / double(ws.size()) >= 0.7 ? 1.0f : 0.0f);
    }
  }
  // Logistic regression by plain SGD in a fixed order: deterministic.
  const size_t nf = corpus::StoryBuilder::sentence_feature_names().size();
  std::vector<double> w(nf, 0.0);
  const int kEpochs = 30;
  const double kL2 = 1e-5;
  double loss = 0;
  for (int epoch = 0; epoch < kEpochs; ++epoch) {
    const double rate = 0.1 / (1.0 + epoch);
    loss = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
      double z = 0;
      for (size_t f = 0; f < nf; ++f) z += w[f] * xs[i][f];
      const double p = 1.0 / (1.0 + std::exp(-z));
      loss -= ys[i] > 0 ? std::log(std::max(p, 1e-12)) : std::log(std::max(1 - p, 1e-12));
      const double g = p - ys[i];
      for (size_t f = 0; f < nf; ++f) w[f] -= rate * (g * xs[i][f] + kL2 * w[f]);
    }
  }
  size_t positives = 0;
  for (float y : ys) positives += y > 0;
  const fs::path out = out_file.empty() ? kabar_data_dir / "corpus" / "summary.tsv" : out_file;
  std::ofstream o(out);
  if (!o) return Error{out.string() + ": cannot write"};
  o << "# kabar summary sentence scorer: logistic regression weights, feature <TAB> weight.\n"
       "# GENERATED by `kabar train summary --data ../shared/data/news-indosum-devfolds` from IndoSum folds 1-4\n"
    << "# (" << analyses.size() << " articles not in fold 5, " << xs.size() << " sentences, " << positives
    << " labelled summary sentences: >= 70 % of their words in IndoSum's extractive gold sentences).\n"
       "# Deterministic: plain SGD, " << kEpochs << " epochs in file order. Evaluated by `kabar eval summary` on fold 5.\n";
  for (size_t f = 0; f < nf; ++f) o << corpus::StoryBuilder::sentence_feature_names()[f] << '\t' << fmt::format("{:.6f}", w[f]) << '\n';
  if (!o) return Error{out.string() + ": write failed"};
  return fmt::format("trained the summary scorer on {} articles ({} sentences, {} positive); mean log-loss {:.4f}; wrote {}\n",
                     analyses.size(), xs.size(), positives, loss / std::max<size_t>(1, xs.size()), out.string());
}

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
