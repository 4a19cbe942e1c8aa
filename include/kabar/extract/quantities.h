#pragma once
#include <filesystem>
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

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, std::vector<Quantity>& out) const;
};

}  // namespace kabar::extract
