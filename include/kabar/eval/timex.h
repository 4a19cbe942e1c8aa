#pragma once
#include <filesystem>
#include <string>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval timex`: recognition (strict and relaxed P/R/F1), normalisation (accuracy on
/// relaxed matches and end-to-end F1) and per-type figures of the date annotator on the TimeML
/// files of IndoTimex. `data_dir_of_timex` is the timex-indotimex folder (its Kompas_test_gold
/// subfolder is evaluated) or that subfolder itself; the DCT of each file is the reference date.
/// Also reports `dct_inference`: on kompas_development (beside the test folder; a folder of .tml
/// files without one, e.g. examples/gold/timex-dev2, on its own files), how often the publication
/// date inferred from the text alone equals the DCT. Error when no .tml file is found
/// or a file is malformed or the kabar data (`kabar_data_dir`) cannot be loaded.
/// Options from the environment: KABAR_TIMEX_SPLIT (test|dev), KABAR_TIMEX_VERBOSE (non-zero).
Result<Report> timex(const std::filesystem::path& data_dir_of_timex,
                     const std::filesystem::path& kabar_data_dir);

/// Which files to score and how much to print.
struct TimexOptions {
  std::string split =
      "test";  ///< "test" (Kompas_test_gold) or "dev" (kompas_development, DCT only upstream)
  bool verbose =
      false;  ///< append per-expression differences (or, without gold, system output) to the table
  /// Stand-off gold for files without inline TIMEX3 tags (kompas_development has none): TSV of
  /// doc id, occurrence (1-based), expression (or "context [expression] context"), type, value.
  /// Only the files it names are scored. Empty: examples/gold/timex-dev.tsv beside the data
  /// folder when the split is "dev" and that file exists; "none": no stand-off gold.
  std::string gold;
};

/// As above with explicit options; Error on an unknown split.
Result<Report> timex(const std::filesystem::path& data_dir_of_timex,
                     const std::filesystem::path& kabar_data_dir, const TimexOptions& options);

}  // namespace kabar::eval
