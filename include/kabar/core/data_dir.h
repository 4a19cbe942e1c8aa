#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kabar/core/result.h"

namespace kabar {

/// Locates kabar's data folder (lexicons, patterns, models): $KABAR_DATA_DIR if set, else
/// <exe>/../share/kabar/data, else <exe>/../data, else the source tree's data/ compiled in.
std::filesystem::path data_dir();

/// Reads a whole file; an Error names the file and the OS reason.
Result<std::string> read_file(const std::filesystem::path& path);

/// Reads a word-list data file: one entry per line, '#' starts a comment, blank lines skipped,
/// surrounding white space trimmed. Fails with an Error naming the file.
Result<std::vector<std::string>> read_lines(const std::filesystem::path& path);

/// Splits `line` on `sep` (no quoting); fields are not trimmed.
std::vector<std::string> split(std::string_view line, char sep);

}  // namespace kabar
