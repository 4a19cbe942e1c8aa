#pragma once
// Private to the eval module: reading IndoTimex TimeML (.tml) files.
#include <filesystem>
#include <string>
#include <vector>

#include "kabar/core/result.h"

namespace kabar::eval {

/// A TIMEX3 of the gold, with byte offsets into TimeMlDocument::text.
struct GoldTimex {
  uint32_t start = 0, end = 0;
  std::string type, value;
};

/// One TimeML article: its DCT (the publication date), title, and TEXT without tags.
struct TimeMlDocument {
  std::string id;
  std::string dct;    ///< ISO date of the document creation time
  std::string title;
  std::string text;   ///< TEXT with tags stripped and entities unescaped, before normalisation
  std::vector<GoldTimex> gold;
};

/// Reads one .tml file; an Error names the file and what is malformed.
Result<TimeMlDocument> read_timeml(const std::filesystem::path& path);

/// The .tml files directly inside `dir`, sorted.
std::vector<std::filesystem::path> timeml_files(const std::filesystem::path& dir);

}  // namespace kabar::eval
