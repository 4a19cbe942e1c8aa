#pragma once
// Private to the cli module: readable text views of analyses.
#include <string>
#include <vector>

#include "kabar/corpus/corpus.h"

namespace kabar::cli {

/// `kabar analyze --format text`: one block per document, then the corpus-level findings.
std::string summary_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c);

/// `kabar claims`: each claim's topic, then every value with source, date and document.
std::string claims_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c);

/// `kabar quotes`: who said what, grouped by speaker; `speaker_filter` keeps matching speakers.
std::string quotes_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c,
                        const std::string& speaker_filter);

/// `kabar stories`: stories with their events, documents, timeline and summary, and the
/// documents that copy others.
std::string stories_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c);

}  // namespace kabar::cli
