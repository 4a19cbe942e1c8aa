// `kabar eval …` (precision/recall/F1 on public data and our gold files) and `kabar train …`.
// Each eval prints a readable table, or with --format json one object whose top-level keys are
// the headline figures (../shared/spec/output.md). Exit 0 when the evaluation ran, 2 when its
// input is missing or malformed.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>
#include <functional>
#include <optional>

#include "commands.h"
#include "kabar/core/data_dir.h"
#include "kabar/eval/ner.h"
#include "kabar/eval/numerals.h"
#include "kabar/eval/quotes.h"
#include "kabar/eval/stem.h"
#include "kabar/eval/stories.h"
#include "kabar/eval/timex.h"
#include "kabar/extract/ner.h"

namespace kabar::cli {

namespace fs = std::filesystem;

namespace {

struct EvalState {
  std::string format = "text";
  std::string data;
  std::string pairs;
  std::string lexicon;
  std::vector<std::string> gold;
  std::string data_dir;
  // The parsed subcommand and how to run it once options are known.
  std::vector<std::pair<CLI::App*, std::function<Result<eval::Report>(const fs::path& data_dir)>>> runs;
};

struct TrainState {
  CLI::App* ner = nullptr;
  CLI::App* summary = nullptr;
  std::string indosum = "../shared/data/news-indosum-devfolds";
  std::string shared = "../shared";
  std::string out;
  int epochs = 15;
  uint64_t seed = 20241122;
  std::string data_dir;
};

// kabar's data folder: the subcommand's own --data-dir, else the common one, else found.
fs::path kabar_data(const CommonOptions& c, const std::string& own) {
  if (!own.empty()) return own;
  return c.data_dir.empty() ? data_dir() : fs::path(c.data_dir);
}

// The default places of the public data and of our gold files, relative to the checkout.
const char* kIndosum = "../shared/data/news-indosum-devfolds";

}  // namespace

EvalCommands add_eval_commands(CLI::App& app) {
  auto st = std::make_shared<EvalState>();
  CLI::App* ev = app.add_subcommand("eval", "Measure kabar on public data or gold files (precision, recall, F1)");
  ev->require_subcommand(1);
  auto add = [&](const char* name, const char* help) {
    CLI::App* s = ev->add_subcommand(name, help);
    s->add_option("--format", st->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    s->add_option("--data-dir", st->data_dir, "kabar's data folder (default: found next to the binary)");
    return s;
  };

  CLI::App* ner = add("ner", "Entity-level P/R/F1 (exact span and type) on a NER set's test split (or each fold's)");
  ner->add_option("--data", st->data, "A NER folder as in ../shared/data, e.g. ../shared/data/ner-indonlu/nerp")->required();
  st->runs.emplace_back(ner, [st](const fs::path& d) { return eval::ner(st->data, d); });

  CLI::App* stem = add("stem", "Stemmer accuracy on word/root pairs");
  stem->add_option("--pairs", st->pairs, "TSV of word<TAB>root")->required();
  stem->add_option("--lexicon", st->lexicon, "Root lexicon to use instead of the shipped one");
  st->runs.emplace_back(stem, [st](const fs::path& d) {
    std::optional<fs::path> lex;
    if (!st->lexicon.empty()) lex = st->lexicon;
    return eval::stem(st->pairs, lex, d);
  });

  CLI::App* timex = add("timex", "Time expressions: recognition (strict, relaxed) and normalisation on TimeML test files");
  timex->add_option("--data", st->data, "e.g. ../shared/data/timex-indotimex")->required();
  auto timex_opt = std::make_shared<eval::TimexOptions>();
  timex->add_option("--split", timex_opt->split, "test (default) or dev (kompas_development: DCT inference, system output)")
      ->check(CLI::IsMember({"test", "dev"}));
  timex->add_option("--gold", timex_opt->gold, "Stand-off gold TSV for the split (default for dev: examples/gold/timex-dev.tsv)");
  timex->add_flag("--verbose", timex_opt->verbose, "Also print each difference from the gold (without gold: the system output)");
  st->runs.emplace_back(timex, [st, timex_opt](const fs::path& d) { return eval::timex(st->data, d, *timex_opt); });

  CLI::App* num = add("numerals", "Numeral, ordinal and money parsing on Duckling's Indonesian corpus");
  num->add_option("--data", st->data, "e.g. ../shared/data/numerals-duckling")->required();
  st->runs.emplace_back(num, [st](const fs::path& d) { return eval::numerals(st->data, d); });

  CLI::App* quotes = add("quotes", "Quote recall/precision (by key phrase) and speaker accuracy on a gold file");
  quotes->add_option("--gold", st->gold, "Gold file, e.g. examples/gold/corpus.json")->required()->expected(1);
  st->runs.emplace_back(quotes, [st](const fs::path& d) { return eval::quotes(st->gold.front(), d); });

  CLI::App* dedup = add("dedup", "Near-duplicate pairs P/R on an edited IndoSum sample with distractors");
  dedup->add_option("--data", st->data, std::string("IndoSum folder (default ") + kIndosum + ")");
  st->runs.emplace_back(dedup, [st](const fs::path& d) { return eval::dedup(st->data.empty() ? kIndosum : st->data, d); });

  CLI::App* stories = add("stories", "B-cubed P/R/F1 of event clusters against gold files");
  stories->add_option("--gold", st->gold, "Gold files (repeatable)")->required();
  st->runs.emplace_back(stories, [st](const fs::path& d) {
    std::vector<fs::path> files(st->gold.begin(), st->gold.end());
    return eval::stories(files, d);
  });

  CLI::App* summary = add("summary", "ROUGE-1/2/L of single-document summaries next to LEAD-3");
  summary->add_option("--data", st->data, "e.g. ../shared/data/news-indosum-devfolds")->required();
  st->runs.emplace_back(summary, [st](const fs::path& d) { return eval::summary(st->data, d); });

  return EvalCommands{st};
}

int run_eval_commands(const EvalCommands& e, const CommonOptions& c) {
  auto st = std::static_pointer_cast<EvalState>(e.state);
  for (const auto& [sub, run] : st->runs) {
    if (!sub->parsed()) continue;
    auto report = run(kabar_data(c, st->data_dir));
    if (!report) {
      fmt::print(stderr, "kabar eval {}: error: {}\n", sub->get_name(), report.error().message);
      return 2;
    }
    if (st->format == "json") {
      fmt::print("{}\n", report->figures.dump(2));
    } else {
      fmt::print("{}", report->table);
      if (!report->table.empty() && report->table.back() != '\n') fmt::print("\n");
    }
    return 0;
  }
  return -1;
}

TrainCommands add_train_commands(CLI::App& app) {
  auto st = std::make_shared<TrainState>();
  CLI::App* tr = app.add_subcommand("train", "Rebuild a shipped model from the public training data");
  tr->require_subcommand(1);
  st->ner = tr->add_subcommand("ner", "Train the NER model on the train splits in ../shared/data (deterministic)");
  st->ner->add_option("--shared", st->shared, "The shared folder holding data/")->capture_default_str();
  st->ner->add_option("--out", st->out, "Model file (default: <data-dir>/models/ner.bin)");
  st->ner->add_option("--epochs", st->epochs, "Perceptron epochs")->capture_default_str();
  st->ner->add_option("--seed", st->seed, "Shuffling seed")->capture_default_str();
  st->ner->add_option("--data-dir", st->data_dir, "kabar's data folder (gazetteers; default: found next to the binary)");
  st->summary = tr->add_subcommand("summary", "Train the summary sentence scorer on IndoSum folds 1-4 (deterministic)");
  st->summary->add_option("--data", st->indosum, "IndoSum folder")->capture_default_str();
  st->summary->add_option("--out", st->out, "Weights file (default: <data-dir>/corpus/summary.tsv)");
  st->summary->add_option("--data-dir", st->data_dir, "kabar's data folder (default: found next to the binary)");
  return TrainCommands{st};
}

int run_train_commands(const TrainCommands& t, const CommonOptions& c) {
  auto st = std::static_pointer_cast<TrainState>(t.state);
  if (st->summary->parsed()) {
    auto r = eval::train_summary(st->indosum, kabar_data(c, st->data_dir), st->out);
    if (!r) {
      fmt::print(stderr, "kabar train summary: error: {}\n", r.error().message);
      return 2;
    }
    fmt::print("{}", *r);
    return 0;
  }
  if (!st->ner->parsed()) return -1;
  extract::NerTrainOptions o;
  o.shared_dir = st->shared;
  o.data_dir = kabar_data(c, st->data_dir);
  o.out = st->out;
  o.epochs = st->epochs;
  o.seed = st->seed;
  auto r = extract::train_ner(o);
  if (!r) {
    fmt::print(stderr, "kabar train ner: error: {}\n", r.error().message);
    return 2;
  }
  fmt::print("{}", *r);
  return 0;
}

}  // namespace kabar::cli
