#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Direct and reported quotations with their speakers resolved within the document.
/// Immutable after load(); thread-safe.
class QuoteExtractor {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<QuoteExtractor> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, std::vector<Quote>& out) const;
};

}  // namespace kabar::extract
