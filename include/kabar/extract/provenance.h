#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Outlet, byline, dateline and cited wire agencies of a document (from metadata and the text's own signatures).
/// Immutable after load(); thread-safe.
class ProvenanceReader {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<ProvenanceReader> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, Provenance& out) const;
};

}  // namespace kabar::extract
