// Per-stage throughput of the per-document pipeline and the cross-document steps, with peers.
//
// Google Benchmark; one iteration is one article (whole pipeline and each annotator), one
// article's words (stemmers) or one whole pass (dedup, clustering). Articles are visited in a
// fixed shuffled order so that every timed window is a representative mix. Before anything is
// timed, each benchmark runs its stage over the whole set once and checks its output (the
// number of annotations it produced must be > 0); the count is reported as the `checked`
// counter. bench/bench.py runs one stage per process (for its peak RSS) and prints the table.
//
// Inputs (environment): KABAR_BENCH_CORPUS (JSON lines from bench/corpus/build_set.py),
// KABAR_BENCH_SCALED (from bench/corpus/scale.py), KABAR_BENCH_DEDUP_DOCS (articles of the scaled
// set used for dedup, default 20000), KABAR_BENCH_CLUSTER_DOCS (articles of the set used for
// clustering, default 1500).
#include <benchmark/benchmark.h>
#include <libstemmer.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kabar/corpus/dedup.h"
#include "kabar/corpus/entities.h"
#include "kabar/corpus/stories.h"
#include "kabar/extract/analysis.h"
#include "kabar/extract/dates.h"
#include "kabar/extract/entities.h"
#include "kabar/extract/provenance.h"
#include "kabar/extract/quantities.h"
#include "kabar/extract/quotes.h"
#include "kabar/ingest/reader.h"
#include "kabar/lang/id/stemmer.h"
#include "kabar/store/fts.h"
#include "kabar/text/analyzer.h"

namespace {

using namespace kabar;

const std::filesystem::path kData = KABAR_SOURCE_DATA_DIR;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "kabar_bench: %s\n", what.c_str());
  std::exit(2);
}

template <class T>
T must(Result<T> r) {
  if (!r) die(r.error().message);
  return std::move(*r);
}

std::vector<Document> read_corpus(const std::string& path, size_t limit) {
  std::vector<Document> docs;
  ingest::ReadOptions options;
  ingest::read_paths({path}, options, [&](ingest::ReadResult r) {
    if (r && docs.size() < limit) docs.push_back(std::move(*r));
  });
  if (docs.empty()) die(path + ": no articles (run bench/corpus/build_set.py first)");
  return docs;
}

int hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

// The benchmark set, its full analyses, and a shuffled visiting order; built once per process.
struct Corpus {
  std::vector<Document> docs;
  std::vector<extract::Analysis> analyses;
  std::vector<size_t> order;
  std::shared_ptr<const extract::Pipeline> pipeline;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus c;
    c.docs = read_corpus(env_or("KABAR_BENCH_CORPUS", "build/bench-data/articles.jsonl"), SIZE_MAX);
    c.pipeline = must(extract::Pipeline::load(kData));
    c.analyses = c.pipeline->analyze_batch(c.docs, hardware_threads());
    c.order.resize(c.docs.size());
    for (size_t i = 0; i < c.order.size(); ++i) c.order[i] = i;
    std::shuffle(c.order.begin(), c.order.end(), std::mt19937_64(9));
    return c;
  }();
  return c;
}

// Output checks: counted once per stage over the whole set, before timing.
std::mutex g_check_mutex;
std::map<std::string, double> g_checks;

double checked(const std::string& stage, const std::function<double()>& count) {
  std::lock_guard lock(g_check_mutex);
  auto it = g_checks.find(stage);
  if (it == g_checks.end()) it = g_checks.emplace(stage, count()).first;
  return it->second;
}

// Runs `per_doc(i)` for one article per iteration, round-robin over the shuffled set from a
// per-thread starting point; reports bytes, articles and tokens.
template <class F>
void per_article(benchmark::State& state, const std::string& stage, double check, F&& per_doc) {
  const Corpus& c = corpus();
  if (check <= 0) {
    state.SkipWithError((stage + ": produced no output on the benchmark set").c_str());
    return;
  }
  size_t k = c.order.size() * static_cast<size_t>(state.thread_index()) /
             static_cast<size_t>(state.threads());
  int64_t bytes = 0, tokens = 0, articles = 0;
  for (auto _ : state) {
    const size_t i = c.order[k];
    per_doc(i);
    bytes += static_cast<int64_t>(c.docs[i].text.size());
    tokens += static_cast<int64_t>(c.analyses[i].text.tokens.size());
    ++articles;
    if (++k == c.order.size()) k = 0;
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(articles);
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["checked"] = benchmark::Counter(check, benchmark::Counter::kAvgThreads);
}

// ---- the whole per-document pipeline --------------------------------------------------------

void BM_pipeline(benchmark::State& state) {
  const Corpus& c = corpus();
  double check = checked("pipeline", [&] {
    double n = 0;
    for (const auto& a : c.analyses) n += a.text.tokens.size() > 0 && a.text.sentences.size() > 0;
    return n == static_cast<double>(c.analyses.size()) ? n : 0;  // every article analysed
  });
  per_article(state, "pipeline", check, [&](size_t i) {
    extract::Analysis a = c.pipeline->analyze(c.docs[i]);
    benchmark::DoNotOptimize(a.entities.data());
  });
}

// ---- normalise + segment (decode, NFC with offset map, tokens, sentences, language) --------

void BM_normalise_segment(benchmark::State& state) {
  const Corpus& c = corpus();
  static const text::TextAnalyzer analyzer = must(text::TextAnalyzer::load(kData));
  double check = checked("normalise_segment", [&] {
    double n = 0;
    for (const auto& a : c.analyses) n += a.text.sentences.size();
    return n;
  });
  ingest::ReadOptions options;
  text::TextLayers layers;
  per_article(state, "normalise_segment", check, [&](size_t i) {
    auto d = ingest::make_document(c.docs[i].path, c.docs[i].text, {}, options);
    analyzer.analyze(d->text, layers);
    benchmark::DoNotOptimize(layers.sentences.data());
  });
}

// ---- stemmers: kabar (cached, as used; and uncached) and Snowball Indonesian ----------------

const std::vector<std::vector<std::string>>& words_by_article() {
  static const std::vector<std::vector<std::string>> words = [] {
    const Corpus& c = corpus();
    std::vector<std::vector<std::string>> out(c.docs.size());
    for (size_t i = 0; i < c.docs.size(); ++i) {
      for (const auto& t : c.analyses[i].text.tokens) {
        if (t.kind != text::TokenKind::kWord) continue;
        std::string w(t.in(c.docs[i].text));
        for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out[i].push_back(std::move(w));
      }
    }
    return out;
  }();
  return words;
}

template <class F>
void per_article_words(benchmark::State& state, const std::string& stage, F&& stem) {
  const auto& words = words_by_article();
  const Corpus& c = corpus();
  double check = checked(stage, [&] {
    double changed = 0;  // words whose stem differs from the word: the stemmer did something
    for (const auto& ws : words)
      for (const auto& w : ws) changed += stem(w) != w;
    return changed;
  });
  if (check <= 0) {
    state.SkipWithError((stage + ": stemmed no word of the benchmark set").c_str());
    return;
  }
  size_t k = c.order.size() * static_cast<size_t>(state.thread_index()) /
             static_cast<size_t>(state.threads());
  int64_t bytes = 0, tokens = 0, articles = 0;
  for (auto _ : state) {
    const size_t i = c.order[k];
    for (const auto& w : words[i]) {
      auto s = stem(w);
      benchmark::DoNotOptimize(s);
      bytes += static_cast<int64_t>(w.size());
    }
    tokens += static_cast<int64_t>(words[i].size());
    ++articles;
    if (++k == c.order.size()) k = 0;
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(articles);
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["checked"] = benchmark::Counter(check, benchmark::Counter::kAvgThreads);
}

const lang::id::Stemmer& kabar_stemmer() {
  static const lang::id::Stemmer s = must(lang::id::Stemmer::load(kData));
  return s;
}

void BM_stem_kabar(benchmark::State& state) {
  const auto& s = kabar_stemmer();
  per_article_words(state, "stem_kabar", [&](const std::string& w) { return s.stem(w); });
}

void BM_stem_kabar_uncached(benchmark::State& state) {
  const auto& s = kabar_stemmer();
  per_article_words(state, "stem_kabar_uncached", [&](const std::string& w) { return s.stem_uncached(w); });
}

// What the FTS5 tokenizer "kabar" does to each stored article (store::IndexAnalyzer: tokeniser,
// clitics dropped, lower-cased, stemmed), without SQLite: the tokenizer's share of indexing.
void BM_index_terms(benchmark::State& state) {
  static const auto analyzer = must(store::IndexAnalyzer::load(kData));
  const Corpus& c = corpus();
  auto count = [](void* ctx, std::string_view, uint32_t, uint32_t) {
    ++*static_cast<int64_t*>(ctx);
    return 0;
  };
  double check = checked("index_terms", [&] {
    int64_t terms = 0;
    for (const auto& d : c.docs) analyzer->for_each_term(d.text, true, &terms, count);
    return static_cast<double>(terms);
  });
  int64_t terms = 0;
  per_article(state, "index_terms", check,
              [&](size_t i) { analyzer->for_each_term(c.docs[i].text, true, &terms, count); });
  benchmark::DoNotOptimize(terms);
}

// Snowball's stemmer objects are not thread-safe: one per thread.
struct Snowball {
  sb_stemmer* s = sb_stemmer_new("indonesian", "UTF_8");
  ~Snowball() { sb_stemmer_delete(s); }
  std::string_view stem(const std::string& w) {
    const sb_symbol* r = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()),
                                         static_cast<int>(w.size()));
    return {reinterpret_cast<const char*>(r), static_cast<size_t>(sb_stemmer_length(s))};
  }
};

void BM_stem_snowball(benchmark::State& state) {
  thread_local Snowball sb;
  if (!sb.s) {
    state.SkipWithError("libstemmer has no Indonesian stemmer");
    return;
  }
  per_article_words(state, "stem_snowball", [&](const std::string& w) { return std::string(sb.stem(w)); });
}

// ---- annotators, each on the layers before it ----------------------------------------------

template <class Annotator, class Run, class Count>
void annotator(benchmark::State& state, const std::string& stage, Run&& run, Count&& count) {
  static const Annotator model = must(Annotator::load(kData));
  const Corpus& c = corpus();
  double check = checked(stage, [&] {
    double n = 0;
    for (const auto& a : c.analyses) n += count(a);
    return n;
  });
  per_article(state, stage, check, [&](size_t i) { run(model, c.analyses[i]); });
}

void BM_ner(benchmark::State& state) {
  std::vector<extract::EntityMention> out;
  annotator<extract::EntityRecognizer>(
      state, "ner",
      [&](const auto& m, const extract::Analysis& a) {
        out.clear();
        m.annotate(a, out);
        benchmark::DoNotOptimize(out.data());
      },
      [](const extract::Analysis& a) { return a.entities.size(); });
}

void BM_quotes(benchmark::State& state) {
  std::vector<extract::Quote> out;
  annotator<extract::QuoteExtractor>(
      state, "quotes",
      [&](const auto& m, const extract::Analysis& a) {
        out.clear();
        m.annotate(a, out);
        benchmark::DoNotOptimize(out.data());
      },
      [](const extract::Analysis& a) { return a.quotes.size(); });
}

void BM_quantities(benchmark::State& state) {
  std::vector<extract::Quantity> out;
  annotator<extract::QuantityAnnotator>(
      state, "quantities",
      [&](const auto& m, const extract::Analysis& a) {
        out.clear();
        m.annotate(a, out);
        benchmark::DoNotOptimize(out.data());
      },
      [](const extract::Analysis& a) { return a.quantities.size(); });
}

void BM_dates(benchmark::State& state) {
  extract::Published published;
  std::vector<extract::DateMention> dates;
  std::vector<extract::TimelineEntry> timeline;
  std::vector<extract::Warning> warnings;
  annotator<extract::DateAnnotator>(
      state, "dates",
      [&](const auto& m, const extract::Analysis& a) {
        published = {};
        dates.clear();
        timeline.clear();
        warnings.clear();
        m.annotate(a, published, dates, timeline, warnings);
        benchmark::DoNotOptimize(dates.data());
      },
      [](const extract::Analysis& a) { return a.dates.size(); });
}

void BM_provenance(benchmark::State& state) {
  annotator<extract::ProvenanceReader>(
      state, "provenance",
      [&](const auto& m, const extract::Analysis& a) {
        extract::Provenance p;
        m.annotate(a, p);
        benchmark::DoNotOptimize(&p);
      },
      [](const extract::Analysis& a) {
        const auto& p = a.provenance;
        return (p.outlet ? 1 : 0) + (p.byline ? 1 : 0) + (p.dateline ? 1 : 0) +
               static_cast<double>(p.wires.size());
      });
}

// ---- the plain byte scan: the ceiling ------------------------------------------------------

void BM_byte_scan(benchmark::State& state) {
  const Corpus& c = corpus();
  per_article(state, "byte_scan", static_cast<double>(c.docs.size()), [&](size_t i) {
    const std::string& t = c.docs[i].text;
    size_t words = 0;
    bool in_word = false;
    for (unsigned char ch : t) {  // count words: the least any tokeniser must do
      const bool space = ch == ' ' || ch == '\n' || ch == '\t';
      words += !space && !in_word;
      in_word = !space;
    }
    benchmark::DoNotOptimize(words);
  });
}

// ---- cross-document: dedup (scaled set) and clustering -------------------------------------

struct Scaled {
  std::vector<extract::Analysis> docs;  // text layers only (dedup reads tokens)
  size_t bytes = 0, tokens = 0;
};

const Scaled& scaled() {
  static const Scaled s = [] {
    Scaled s;
    const size_t n = std::stoul(env_or("KABAR_BENCH_DEDUP_DOCS", "20000"));
    auto docs = read_corpus(env_or("KABAR_BENCH_SCALED", "build/bench-data/scaled-100k.jsonl"), n);
    const text::TextAnalyzer analyzer = must(text::TextAnalyzer::load(kData));
    s.docs.resize(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
      auto& a = s.docs[i];
      a.doc = std::move(docs[i]);
      a.doc.to_original = {};  // not read by dedup; keeps the process small
      analyzer.analyze(a.doc.text, a.text);
      s.bytes += a.doc.text.size();
      s.tokens += a.text.tokens.size();
    }
    return s;
  }();
  return s;
}

void BM_dedup(benchmark::State& state) {
  const Scaled& s = scaled();
  double check = checked("dedup", [&] {
    return static_cast<double>(corpus::find_duplicates(s.docs).size());  // pairs found
  });
  if (check <= 0) {
    state.SkipWithError("dedup: found no duplicate pair in the scaled set");
    return;
  }
  for (auto _ : state) {
    corpus::DuplicateIndex index;
    size_t pairs = 0;
    for (size_t i = 0; i < s.docs.size(); ++i) pairs += index.add(static_cast<int>(i), s.docs[i]).size();
    benchmark::DoNotOptimize(pairs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.docs.size()));
  state.counters["tokens"] =
      benchmark::Counter(static_cast<double>(state.iterations() * s.tokens), benchmark::Counter::kIsRate);
  state.counters["checked"] = benchmark::Counter(check, benchmark::Counter::kAvgThreads);
  state.counters["articles"] = static_cast<double>(s.docs.size());
}

void BM_clustering(benchmark::State& state) {
  const Corpus& c = corpus();
  static const auto builder = must(corpus::StoryBuilder::load(kData));
  static const auto resolver = must(corpus::EntityResolver::load(kData));
  static const std::vector<extract::Analysis> docs = [&] {
    const size_t n = std::min(c.analyses.size(), std::stoul(env_or("KABAR_BENCH_CLUSTER_DOCS", "1500")));
    return std::vector<extract::Analysis>(c.analyses.begin(), c.analyses.begin() + n);
  }();
  static const auto entities = resolver.resolve(docs);
  static const auto duplicates = corpus::find_duplicates(docs);
  double check = checked("clustering", [&] {
    return static_cast<double>(builder.build(docs, entities, duplicates).size());  // stories
  });
  if (check <= 0) {
    state.SkipWithError("clustering: built no story");
    return;
  }
  size_t bytes = 0, tokens = 0;
  for (const auto& a : docs) bytes += a.doc.text.size(), tokens += a.text.tokens.size();
  for (auto _ : state) {
    auto stories = builder.build(docs, entities, duplicates);
    benchmark::DoNotOptimize(stories.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.counters["tokens"] =
      benchmark::Counter(static_cast<double>(state.iterations() * tokens), benchmark::Counter::kIsRate);
  state.counters["checked"] = benchmark::Counter(check, benchmark::Counter::kAvgThreads);
  state.counters["articles"] = static_cast<double>(docs.size());
}

// Per-document stages, one iteration per article: on 1 thread timed by the thread's CPU time
// (throughput per core, robust to other load on the machine), and on all cores timed by the
// wall clock (aggregate throughput; meaningful only on an otherwise idle machine).
#define KABAR_PER_DOC(fn)                  \
  BENCHMARK(fn)->MinTime(1.0)->Threads(1); \
  BENCHMARK(fn)->MinTime(1.0)->UseRealTime()->Threads(hardware_threads())

KABAR_PER_DOC(BM_byte_scan);
KABAR_PER_DOC(BM_pipeline);
KABAR_PER_DOC(BM_normalise_segment);
KABAR_PER_DOC(BM_index_terms);
KABAR_PER_DOC(BM_stem_kabar);
KABAR_PER_DOC(BM_stem_kabar_uncached);
KABAR_PER_DOC(BM_stem_snowball);
KABAR_PER_DOC(BM_ner);
KABAR_PER_DOC(BM_quotes);
KABAR_PER_DOC(BM_quantities);
KABAR_PER_DOC(BM_dates);
KABAR_PER_DOC(BM_provenance);
// Sequential by design (an incremental index; online clustering): one thread, one pass each.
BENCHMARK(BM_dedup)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_clustering)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
