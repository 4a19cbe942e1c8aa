#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"
#include "kabar/extract/ner.h"

namespace kabar::extract {

/// Named entities (PER, ORG, LOC, MISC) from the trained recogniser plus gazetteers, with roles.
/// Immutable after load(); thread-safe.
class EntityRecognizer {
 public:
  /// Loads `data_dir`/models/ner.bin, models/ner.words.tsv and gazetteer/{entities,roles}.tsv;
  /// the Error names the file that failed.
  static Result<EntityRecognizer> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, std::vector<EntityMention>& out) const;

  /// Tags one sentence given as token texts (the same steps as annotate: model, then
  /// gazetteer acronyms). `tags` receives kabar BIO tag ids. Thread-safe.
  void tag(std::span<const std::string_view> words, std::vector<uint8_t>& tags,
           std::vector<float>* confidence = nullptr) const;

  const NerLexicon& lexicon() const { return *lexicon_; }

 private:
  std::shared_ptr<const NerModel> model_;
  std::shared_ptr<const NerLexicon> lexicon_;
};

}  // namespace kabar::extract
