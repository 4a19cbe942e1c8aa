#include "kabar/corpus/corpus.h"

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
  CorpusAnalysis out;
  out.entities = resolver_.resolve(docs);
  out.duplicates = find_duplicates(docs);
  out.stories = stories_.build(docs, out.entities, out.duplicates);
  std::vector<int> story_of(docs.size(), -1);
  for (size_t s = 0; s < out.stories.size(); ++s) {
    for (int d : out.stories[s].documents) {
      if (d >= 0 && d < int(docs.size())) story_of[d] = int(s);
    }
  }
  out.claims = claims_.build(docs, out.entities, story_of);
  return out;
}

}  // namespace kabar::corpus
