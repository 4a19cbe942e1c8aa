#include <algorithm>
#include <atomic>
#include <thread>

#include "kabar/extract/dates.h"
#include "kabar/extract/entities.h"
#include "kabar/extract/provenance.h"
#include "kabar/extract/quantities.h"
#include "kabar/extract/quotes.h"

namespace kabar::extract {

struct Pipeline::Models {
  text::TextAnalyzer text;
  ProvenanceReader provenance;
  DateAnnotator dates;
  EntityRecognizer entities;
  QuoteExtractor quotes;
  QuantityAnnotator quantities;
};

Pipeline::Pipeline(std::unique_ptr<Models> models) : models_(std::move(models)) {}
Pipeline::~Pipeline() = default;

namespace {
template <class T>
Result<T> loaded(Result<T> r, std::string& error) {
  if (!r && error.empty()) error = r.error().message;
  return r;
}
}  // namespace

Result<std::shared_ptr<const Pipeline>> Pipeline::load(const std::filesystem::path& data_dir) {
  std::string error;
  auto text = loaded(text::TextAnalyzer::load(data_dir), error);
  auto provenance = loaded(ProvenanceReader::load(data_dir), error);
  auto dates = loaded(DateAnnotator::load(data_dir), error);
  auto entities = loaded(EntityRecognizer::load(data_dir), error);
  auto quotes = loaded(QuoteExtractor::load(data_dir), error);
  auto quantities = loaded(QuantityAnnotator::load(data_dir), error);
  if (!error.empty()) return Error{error};
  auto models = std::unique_ptr<Models>(new Models{
      std::move(*text), std::move(*provenance), std::move(*dates), std::move(*entities),
      std::move(*quotes), std::move(*quantities)});
  return std::shared_ptr<const Pipeline>(new Pipeline(std::move(models)));
}

Analysis Pipeline::analyze(Document doc) const {
  Analysis a;
  a.doc = std::move(doc);
  a.text = models_->text.analyze(a.doc.text);
  for (const std::string& w : a.doc.ingest_warnings) {
    a.warnings.push_back({"ingest", "", w, std::nullopt});
  }
  models_->provenance.annotate(a, a.provenance);
  models_->dates.annotate(a, a.published, a.dates, a.timeline, a.warnings);
  models_->entities.annotate(a, a.entities);
  models_->quotes.annotate(a, a.quotes);
  models_->quantities.annotate(a, a.quantities);
  return a;
}

std::vector<Analysis> Pipeline::analyze_batch(std::vector<Document> docs, int threads) const {
  std::vector<Analysis> results(docs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < docs.size();) results[i] = analyze(std::move(docs[i]));
  };
  const size_t n = std::min<size_t>(std::max(threads, 1), docs.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace kabar::extract
