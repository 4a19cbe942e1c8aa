#pragma once
#include <filesystem>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval numerals --data DIR`: reads Duckling's Indonesian corpora in `duckling_dir`
/// (id_Numeral.tsv, id_Ordinal.tsv, id_AmountOfMoney.tsv; rows `section<TAB>value<TAB>text`),
/// tokenises each text with text::TextAnalyzer and parses it: numerals and ordinals with
/// lang::id::Numerals (the whole text must be one number of the expected value), money with the
/// QuantityAnnotator (value, currency, and Duckling's between/under/above as range/less_than/
/// more_than). Figures: `accuracy` in [0,1], `n`, `by_file` {FILE: {accuracy, n}}, `failures`
/// [{file, text, expected, got}]. Error when a file is missing or a row is malformed.
Result<Report> numerals(const std::filesystem::path& duckling_dir,
                        const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
