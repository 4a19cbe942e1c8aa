#pragma once
#include <filesystem>
#include <memory>

#include "kabar/core/document.h"
#include "kabar/core/result.h"
#include "kabar/extract/annotations.h"
#include "kabar/text/analyzer.h"

namespace kabar::extract {

/// Everything kabar knows about one document after per-document analysis.
struct Analysis {
  Document doc;
  text::TextLayers text;
  Provenance provenance;
  Published published;
  std::vector<DateMention> dates;
  std::vector<EntityMention> entities;
  std::vector<Quote> quotes;
  std::vector<Quantity> quantities;
  std::vector<TimelineEntry> timeline;
  std::vector<Warning> warnings;
};

/// The per-document pipeline: text layers, then provenance, dates, entities, quotes,
/// quantities. A pure function of the document and immutable models; thread-safe.
class Pipeline {
 public:
  /// Loads every model and word list under `data_dir`. Fails with an Error naming the file.
  static Result<std::shared_ptr<const Pipeline>> load(const std::filesystem::path& data_dir);
  ~Pipeline();

  Analysis analyze(Document doc) const;

  /// Analyses `docs` on `threads` threads (≥ 1); results in input order.
  std::vector<Analysis> analyze_batch(std::vector<Document> docs, int threads) const;

  struct Models;  // defined in src/extract/pipeline.cpp

 private:
  explicit Pipeline(std::unique_ptr<Models> models);
  std::unique_ptr<Models> models_;
};

}  // namespace kabar::extract
