#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "kabar/core/result.h"
#include "kabar/eval/report.h"

namespace kabar::eval {

/// `kabar eval quotes --gold FILE`: quotation recall/precision, speaker accuracy and provenance
/// accuracy of the per-document pipeline against a gold file in the shared format
/// {"root": "<article folder relative to the gold file>", "documents": {"<file>[:N]": {"quotes":
/// [{"key", "speaker", "direct"}], "outlet", "byline", "dateline", "wires", "initials"}}}
/// (":N" = N-th document of a JSON-lines file, 1-based).
/// A gold quote is found when a system quote's span contains its key; a system quote is correct
/// when it contains some gold key of its document. Speaker accuracy is over found gold quotes:
/// equal (case-insensitive), both null, or the system speaker is a whole-token suffix or
/// contiguous token run of the gold canonical name ("Peskov" for "Dmitry Peskov"), because
/// canonical names are given by the corpus stage, not this one; spellings that the entity
/// resolver folds together (Sergey/Sergei) and an all-capitals acronym of the gold name's
/// initials (BI for Bank Indonesia) match too. Provenance fields are compared
/// exactly (wires as ordered lists) when the gold document has the key.
/// JSON keys: precision, recall, speaker_accuracy, n, direct_accuracy, provenance_accuracy,
/// provenance {field: accuracy}, documents {file: {...}}. Error when the gold file, a document
/// or the kabar data (`kabar_data_dir`) cannot be read or the gold file is malformed.
/// The speaker rule of quotes(): both null, or the system speaker's words (case-insensitive,
/// ignoring commas and periods) form a contiguous run of the gold speaker's words.
bool quote_speaker_matches(const std::optional<std::string>& gold, const std::optional<std::string>& system);

Result<Report> quotes(const std::filesystem::path& gold_file, const std::filesystem::path& kabar_data_dir);

}  // namespace kabar::eval
