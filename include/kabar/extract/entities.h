#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Named entities (PER, ORG, LOC, MISC) from the trained recogniser plus gazetteers, with roles.
/// Immutable after load(); thread-safe.
class EntityRecognizer {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<EntityRecognizer> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, std::vector<EntityMention>& out) const;
};

}  // namespace kabar::extract
