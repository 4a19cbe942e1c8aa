// `kabar eval ner`: entity-level exact-match precision/recall/F1 on a public NER set.
#include "kabar/eval/ner.h"

#include <chrono>
#include <cstdio>
#include <string_view>

#include "kabar/extract/ner.h"

namespace kabar::eval {

namespace {

using extract::EntityType;
using extract::kTagO;
using extract::NerDomain;

struct Chunk {
  uint32_t start, end;
  int type;
  bool operator==(const Chunk&) const = default;
};

void chunks(const std::vector<uint8_t>& tags, unsigned mask, std::vector<Chunk>& out) {
  out.clear();
  int cur = -1;
  uint32_t start = 0;
  for (uint32_t i = 0; i <= tags.size(); ++i) {
    const uint8_t t = i < tags.size() ? tags[i] : kTagO;
    const int type = t == kTagO ? -1 : int(extract::ner_type(t));
    const bool begin = t != kTagO && (extract::ner_is_begin(t) || type != cur);
    if (cur >= 0 && (t == kTagO || begin)) {
      if (mask & (1u << cur)) out.push_back({start, i, cur});
      cur = -1;
    }
    if (begin) {
      cur = type;
      start = i;
    }
  }
}

nlohmann::json prf(uint64_t tp, uint64_t fp, uint64_t fn) {
  const double p = tp + fp ? double(tp) / double(tp + fp) : 0.0;
  const double r = tp + fn ? double(tp) / double(tp + fn) : 0.0;
  const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  return {{"precision", p}, {"recall", r}, {"f1", f}};
}

NerDomain domain_of(const std::filesystem::path& set) {
  const std::string name = set.filename().string();
  if (name == "nergrit") return NerDomain::kNergrit;
  if (name == "nerp") return NerDomain::kNerp;
  if (name == "nerui") return NerDomain::kNerui;
  if (name == "nerugm" || name == "ner-idner-news-2k") return NerDomain::kKompas;
  return NerDomain::kGeneral;
}

// ../shared for a set folder under ../shared/data.
std::filesystem::path shared_of(const std::filesystem::path& set) {
  for (auto p = std::filesystem::absolute(set); p.has_parent_path() && p != p.parent_path();
       p = p.parent_path()) {
    if (p.filename() == "data") return p.parent_path();
  }
  return {};
}

struct Tagger {
  const extract::NerModel* model;
  const extract::NerLexicon* lexicon;
  NerDomain domain;
  extract::NerScratch scratch;
  std::vector<std::string_view> words;
  std::vector<uint8_t> pred;

  void run(const std::vector<extract::NerSentence>& sents, unsigned mask, NerCounts& c) {
    for (const auto& s : sents) {
      words.assign(s.words.begin(), s.words.end());
      // The recogniser's steps (EntityRecognizer::tag) with the data set's domain weights.
      model->tag(words, *lexicon, scratch, pred, nullptr, domain);
      extract::ner_split_merges(words, *lexicon, scratch, pred);
      extract::ner_gazetteer_extend(words, *lexicon, scratch, pred);
      extract::ner_gazetteer_fill(words, *lexicon, scratch, pred);
      c.add(s.tags, pred, mask);
    }
  }
};

std::string table_of(const std::string& title, const nlohmann::json& f) {
  std::string t = title + "\n";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-6s %9s %9s %9s\n", "type", "precision", "recall", "f1");
  t += buf;
  auto row = [&](const std::string& name, const nlohmann::json& x) {
    std::snprintf(buf, sizeof buf, "%-6s %9.2f %9.2f %9.2f\n", name.c_str(),
                  100 * x["precision"].get<double>(), 100 * x["recall"].get<double>(),
                  100 * x["f1"].get<double>());
    t += buf;
  };
  for (auto it = f["by_type"].begin(); it != f["by_type"].end(); ++it) row(it.key(), it.value());
  row("all", f);
  return t;
}

}  // namespace

void NerCounts::add(const std::vector<uint8_t>& gold, const std::vector<uint8_t>& pred,
                    unsigned type_mask) {
  std::vector<Chunk> g, p;
  chunks(gold, type_mask, g);
  chunks(pred, type_mask, p);
  size_t i = 0, j = 0;
  // Both lists are ordered by start; match exact (start, end, type).
  std::vector<bool> used(p.size(), false);
  for (const Chunk& c : g) {
    bool hit = false;
    while (j < p.size() && p[j].start < c.start) ++j;
    for (size_t k = j; k < p.size() && p[k].start == c.start; ++k) {
      if (!used[k] && p[k] == c) {
        used[k] = true;
        hit = true;
        break;
      }
    }
    if (hit) ++tp[size_t(c.type)];
    else ++fn[size_t(c.type)];
  }
  for (size_t k = 0; k < p.size(); ++k) {
    if (!used[k]) ++fp[size_t(p[k].type)];
  }
  (void)i;
}

nlohmann::json NerCounts::figures(unsigned type_mask) const {
  uint64_t t = 0, f = 0, n = 0;
  nlohmann::json by_type = nlohmann::json::object();
  for (int k = 0; k < 4; ++k) {
    if (!(type_mask & (1u << k))) continue;
    t += tp[k];
    f += fp[k];
    n += fn[k];
    by_type[extract::to_string(EntityType(k))] = prf(tp[k], fp[k], fn[k]);
  }
  nlohmann::json j = prf(t, f, n);
  j["by_type"] = by_type;
  j["gold"] = t + n;
  j["predicted"] = t + f;
  return j;
}

Result<Report> ner(const std::filesystem::path& set, const std::filesystem::path& kabar_data_dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(set)) return Error{set.string() + ": not a NER data folder"};
  const NerDomain domain = domain_of(set);
  auto lexicon = extract::NerLexicon::load(kabar_data_dir, /*optional=*/true);
  if (!lexicon) return lexicon.error();

  fs::path single;
  for (const char* name : {"test_preprocess.txt", "test.txt"}) {
    if (fs::exists(set / name)) single = set / name;
  }
  Report report;
  if (!single.empty()) {
    auto model = extract::NerModel::load(kabar_data_dir / "models" / "ner.bin");
    if (!model) return model.error();
    auto sents = extract::read_conll(single, domain);
    if (!sents) return sents.error();
    auto mask = extract::conll_type_mask(single);
    if (!mask) return mask.error();
    NerCounts c;
    Tagger tagger{&*model, &*lexicon, domain, {}, {}, {}};
    tagger.run(*sents, *mask, c);
    report.figures = c.figures(*mask);
    report.figures["n_sentences"] = sents->size();
    report.figures["split"] = single.filename().string();
    report.figures["model"] = "shipped";
    report.table = table_of("NER " + set.filename().string() + " (" + single.filename().string() +
                                ", shipped model)",
                            report.figures);
    return report;
  }
  if (!fs::exists(set / "test.01.tsv")) {
    return Error{set.string() + ": no test_preprocess.txt, test.txt or test.01.tsv"};
  }
  // A folder of folds: one model per fold (the shipped recipe + the fold's train split).
  const fs::path shared = shared_of(set);
  if (shared.empty()) return Error{set.string() + ": folds must lie under <shared>/data"};
  auto keys = extract::ner_test_keys(shared);
  if (!keys) return keys.error();
  auto base = extract::ner_training_data(shared, *keys);
  if (!base) return base.error();
  nlohmann::json folds = nlohmann::json::array();
  nlohmann::json mean = {{"precision", 0.0}, {"recall", 0.0}, {"f1", 0.0}};
  nlohmann::json mean_by_type = nlohmann::json::object();
  int nfolds = 0;
  size_t nsent = 0;
  for (int k = 1; k <= 9; ++k) {
    const fs::path test = set / ("test.0" + std::to_string(k) + ".tsv");
    const fs::path train = set / ("train.0" + std::to_string(k) + ".tsv");
    if (!fs::exists(test)) break;
    auto test_s = extract::read_conll(test, domain);
    if (!test_s) return test_s.error();
    auto train_s = extract::read_conll(train, domain);
    if (!train_s) return train_s.error();
    auto mask = extract::conll_type_mask(test);
    if (!mask) return mask.error();
    std::unordered_set<uint64_t> fold_keys;
    for (const auto& s : *test_s) fold_keys.insert(extract::ner_sentence_key(s.words));
    std::vector<extract::NerSentence> data;
    for (const auto& s : *base) {
      if (!fold_keys.count(extract::ner_sentence_key(s.words))) data.push_back(s);
    }
    for (auto& s : *train_s) {
      if (!fold_keys.count(extract::ner_sentence_key(s.words))) data.push_back(std::move(s));
    }
    extract::NerModel model = extract::NerModel::train(data, *lexicon, extract::NerTrainConfig{});
    NerCounts c;
    Tagger tagger{&model, &*lexicon, domain, {}, {}, {}};
    tagger.run(*test_s, *mask, c);
    nlohmann::json f = c.figures(*mask);
    f["fold"] = k;
    f["n_sentences"] = test_s->size();
    nsent += test_s->size();
    for (const char* m : {"precision", "recall", "f1"}) mean[m] = mean[m].get<double>() + f[m].get<double>();
    for (auto it = f["by_type"].begin(); it != f["by_type"].end(); ++it) {
      for (const char* m : {"precision", "recall", "f1"}) {
        nlohmann::json& slot = mean_by_type[it.key()];
        const double prev = slot.is_object() && slot.contains(m) ? slot[m].get<double>() : 0.0;
        slot[m] = prev + it.value()[m].get<double>();
      }
    }
    folds.push_back(f);
    ++nfolds;
  }
  for (const char* m : {"precision", "recall", "f1"}) mean[m] = mean[m].get<double>() / nfolds;
  for (auto it = mean_by_type.begin(); it != mean_by_type.end(); ++it) {
    for (const char* m : {"precision", "recall", "f1"}) it.value()[m] = it.value()[m].get<double>() / nfolds;
  }
  report.figures = mean;
  report.figures["by_type"] = mean_by_type;
  report.figures["folds"] = folds;
  report.figures["n_sentences"] = nsent;
  report.figures["model"] = "per-fold (shipped recipe + fold train split)";
  report.table = table_of("NER " + set.filename().string() + " (mean of " + std::to_string(nfolds) +
                              " folds, per-fold models)",
                          report.figures);
  return report;
}

}  // namespace kabar::eval
