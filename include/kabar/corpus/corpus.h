#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/corpus/claims.h"
#include "kabar/corpus/entities.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// A story: documents about the same ongoing happening, with a timeline and a summary.
struct TimelineItem {
  std::string date;
  std::string text;
  int document = -1;
};
struct Story {
  std::string id;
  std::string title;
  std::vector<int> documents;  ///< indexes into the corpus documents
  std::vector<std::string> summary;
  std::vector<TimelineItem> timeline;
};

/// Everything kabar derives across documents.
struct CorpusAnalysis {
  EntityIndex entities;
  std::vector<Claim> claims;
  std::vector<Story> stories;
};

/// The cross-document steps, run after every document is analysed. Immutable; thread-safe.
class CorpusAnalyzer {
 public:
  static Result<CorpusAnalyzer> load(const std::filesystem::path& data_dir);
  CorpusAnalysis analyze(const std::vector<extract::Analysis>& docs) const;

 private:
  CorpusAnalyzer(EntityResolver r, ClaimBuilder c) : resolver_(std::move(r)), claims_(std::move(c)) {}
  EntityResolver resolver_;
  ClaimBuilder claims_;
};

}  // namespace kabar::corpus
