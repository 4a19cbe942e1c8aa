#pragma once
#include <filesystem>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval timex`: recognition (strict and relaxed P/R/F1), normalisation (accuracy on
/// relaxed matches and end-to-end F1) and per-type figures of the date annotator on the TimeML
/// files of IndoTimex. `data_dir_of_timex` is the timex-indotimex folder (its Kompas_test_gold
/// subfolder is evaluated) or that subfolder itself; the DCT of each file is the reference date.
/// Also reports `dct_inference`: on kompas_development (beside the test folder), how often the
/// publication date inferred from the text alone equals the DCT. Error when no .tml file is found
/// or a file is malformed or the kabar data (`kabar_data_dir`) cannot be loaded.
Result<Report> timex(const std::filesystem::path& data_dir_of_timex, const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
