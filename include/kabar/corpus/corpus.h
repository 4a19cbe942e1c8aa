#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/corpus/claims.h"
#include "kabar/corpus/dedup.h"
#include "kabar/corpus/entities.h"
#include "kabar/corpus/stories.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {


/// Everything kabar derives across documents.
struct CorpusAnalysis {
  EntityIndex entities;
  std::vector<Claim> claims;
  std::vector<DuplicatePair> duplicates;
  std::vector<Story> stories;
};

/// The cross-document steps, run after every document is analysed. Immutable; thread-safe.
class CorpusAnalyzer {
 public:
  static Result<CorpusAnalyzer> load(const std::filesystem::path& data_dir);
  /// The whole corpus in one batch: a fresh CorpusState (state.h) to which every document is
  /// added at once.
  CorpusAnalysis analyze(const std::vector<extract::Analysis>& docs) const;

  const EntityResolver& resolver() const { return resolver_; }
  const ClaimBuilder& claim_builder() const { return claims_; }
  const StoryBuilder& story_builder() const { return stories_; }

 private:
  CorpusAnalyzer(EntityResolver r, ClaimBuilder c, StoryBuilder s)
      : resolver_(std::move(r)), claims_(std::move(c)), stories_(std::move(s)) {}
  EntityResolver resolver_;
  ClaimBuilder claims_;
  StoryBuilder stories_;
};

}  // namespace kabar::corpus
