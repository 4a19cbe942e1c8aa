#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Quantities: number, counted noun, qualifier, claimant and date.
/// Immutable after load(); thread-safe.
class QuantityAnnotator {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<QuantityAnnotator> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s). Reads the text layers and,
  /// when present, dates (to skip date numbers and date the figures), quotes (claimant) and
  /// published (fallback date). `out` is cleared first; quantities are in text order.
  void annotate(const Analysis& in, std::vector<Quantity>& out) const;

  struct Lexicon;  // word lists, defined in src/extract/quantities.cpp

 private:
  std::shared_ptr<const Lexicon> lex_;
};

}  // namespace kabar::extract
