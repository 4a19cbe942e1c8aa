#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// Entity-level counts per kabar type (PER, ORG, LOC, MISC), exact span + type, as conlleval /
/// seqeval count them.
struct NerCounts {
  std::array<uint64_t, 4> tp{}, fp{}, fn{};
  /// Adds the chunks of one sentence. Tags are kabar BIO ids (kabar::extract::kTagO, …); an I-
  /// that does not continue a chunk of its type starts one. Types whose bit is clear in
  /// `type_mask` are ignored on both sides.
  void add(const std::vector<uint8_t>& gold, const std::vector<uint8_t>& pred, unsigned type_mask);
  /// {precision, recall, f1, by_type{TYPE:{precision, recall, f1}}} over the types in type_mask.
  nlohmann::json figures(unsigned type_mask) const;
};

/// `kabar eval ner --data DIR`: `data_dir_of_set` is a NER folder of ../shared/data
/// (ner-indonlu/nergrit, ner-indonlu/nerp, ner-idner-news-2k, ner-indolem/nerui, …/nerugm).
/// Single-split sets are tagged with the shipped model (`kabar_data_dir`/models/ner.bin) on the
/// data set's own tokens; for a folder of folds one model per fold is trained (shipped recipe +
/// that fold's train split, never its test sentences) and the fold means are reported with
/// `folds`. Types the set does not annotate are ignored on both sides. Error when files are
/// missing or malformed.
Result<Report> ner(const std::filesystem::path& data_dir_of_set,
                   const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
