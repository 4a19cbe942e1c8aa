#pragma once
#include <filesystem>
#include <optional>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval stem --pairs FILE [--lexicon FILE]`: accuracy of the Indonesian stemmer on a
/// TSV of `word<TAB>expected root` lines ('#' comments; a word field of several words is
/// stemmed word by word and compared joined by spaces; comparison is lower-case). With
/// `lexicon_file` the stemmer uses that root list (one per line) instead of the shipped
/// `kabar_data_dir`/lang/id/roots.txt. Figures: `accuracy` in [0,1], `n`, `correct`,
/// `failures` [{word, expected, got}]; the table lists the failures too. Error when a file is
/// missing, a line has no TAB, or the file has no pairs.
Result<Report> stem(const std::filesystem::path& pairs_file,
                    const std::optional<std::filesystem::path>& lexicon_file,
                    const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
