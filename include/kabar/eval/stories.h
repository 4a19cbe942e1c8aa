#pragma once
#include <filesystem>
#include <vector>

#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval stories`: B-cubed precision/recall/F1 of kabar's event (and story) clusters
/// against gold files. A gold file is JSON: {"root": folder of the articles relative to the
/// gold file, "level": "event"|"story", "events": {ID: {"story": S, "documents": [names]}}};
/// names are paths under root, "file.jsonl:LINE" for JSON lines, or TimeML .tml files.
/// Figures per file under `by_set`; the headline `bcubed` is their mean at each set's level.
Result<Report> stories(const std::vector<std::filesystem::path>& gold_files,
                       const std::filesystem::path& kabar_data_dir);

/// `kabar eval dedup`: near-duplicate detection on a benchmark built from the IndoSum articles
/// in `indosum_dir` by realistic edits of a fixed sample (dropped and reordered paragraphs,
/// added boilerplate, rewritten headline, quoted excerpts) plus untouched distractors.
/// Reports `precision`, `recall`, `n_pairs` of near-duplicate pairs and passage recall.
Result<Report> dedup(const std::filesystem::path& indosum_dir, const std::filesystem::path& kabar_data_dir);

/// `kabar eval summary`: ROUGE-1/2/L F of kabar's single-document summary (3 sentences) against
/// the IndoSum gold summaries of fold 5 (folds 1-4 trained the background frequencies), next to
/// LEAD-3 computed by the same code.
/// Trains the summary sentence scorer (logistic regression) on IndoSum folds 1-4 (articles
/// also in fold 5 left out), labelling a sentence as a summary sentence when most of its words
/// are in IndoSum's extractive gold sentences; writes `out` (default data/corpus/summary.tsv).
/// Deterministic. Returns a short log.
Result<std::string> train_summary(const std::filesystem::path& indosum_dir, const std::filesystem::path& kabar_data_dir,
                                  const std::filesystem::path& out);

Result<Report> summary(const std::filesystem::path& indosum_dir, const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
