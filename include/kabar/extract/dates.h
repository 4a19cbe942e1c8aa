#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

struct DateLexicon;  // word lists from data/time/lexicon.tsv (src/extract/dates.cpp)

/// Date and time expressions normalised against the publication date (read from metadata or
/// inferred), with timeline entries and date sanity warnings. Immutable after load(); thread-safe.
/// A date value as a reader sees it: values without a calendar point read as words
/// ("XXXX-WXX-4" -> "a Thursday", "XXXX-01-17" -> "17 January", "PRESENT_REF" -> "now",
/// "PAST_REF" -> "the past", "FUTURE_REF" -> "the future"); ISO values are returned as they are.
std::string readable_date_value(std::string_view value);

class DateAnnotator {
 public:
  /// Loads its word lists / model from `data_dir`; the Error names the file that failed.
  static Result<DateAnnotator> load(const std::filesystem::path& data_dir);

  /// Reads the earlier layers of `in` and fills its own layer(s).
  void annotate(const Analysis& in, Published& published, std::vector<DateMention>& dates,
                std::vector<TimelineEntry>& timeline, std::vector<Warning>& warnings) const;

  /// Parses a raw publication date (ISO 8601, "31/10/2024", "Kamis, 31 Oktober 2024 10:15 WIB",
  /// "Thu, 31 Oct 2024 …") to an ISO day "YYYY-MM-DD"; nullopt when no full date is found.
  std::optional<std::string> parse_published(std::string_view raw) const;

 private:
  std::shared_ptr<const DateLexicon> lex_;
};

}  // namespace kabar::extract
