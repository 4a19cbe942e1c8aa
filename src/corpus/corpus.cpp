#include "kabar/corpus/corpus.h"

#include "kabar/corpus/state.h"

namespace kabar::corpus {

Result<CorpusAnalyzer> CorpusAnalyzer::load(const std::filesystem::path& data_dir) {
  auto resolver = EntityResolver::load(data_dir);
  if (!resolver) return resolver.error();
  auto claims = ClaimBuilder::load(data_dir);
  if (!claims) return claims.error();
  auto stories = StoryBuilder::load(data_dir);
  if (!stories) return stories.error();
  return CorpusAnalyzer(std::move(*resolver), std::move(*claims), std::move(*stories));
}

CorpusAnalysis CorpusAnalyzer::analyze(const std::vector<extract::Analysis>& docs) const {
  // A state that does not own this analyzer (it lives only for this call).
  CorpusState state(std::shared_ptr<const CorpusAnalyzer>(std::shared_ptr<const CorpusAnalyzer>(), this));
  std::vector<const extract::Analysis*> all;
  all.reserve(docs.size());
  for (const auto& d : docs) all.push_back(&d);
  state.add(all, nullptr, CorpusState::Repeats::kKeep);  // all in this batch: nothing to load
  return state.analysis();
}

}  // namespace kabar::corpus
