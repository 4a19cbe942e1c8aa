#pragma once
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Date and time expressions normalised against the publication date (read from metadata or inferred), with timeline entries and date sanity warnings.
/// Immutable after load(); thread-safe.
class DateAnnotator {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<DateAnnotator> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, Published& published, std::vector<DateMention>& dates, std::vector<TimelineEntry>& timeline, std::vector<Warning>& warnings) const;
};

}  // namespace kabar::extract
