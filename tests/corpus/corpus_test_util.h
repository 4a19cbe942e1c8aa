#pragma once
// Builds real analyses (text layers only, plus what a test sets) for corpus-level tests.
#include <string>

#include "kabar/core/hash.h"
#include "kabar/extract/analysis.h"
#include "kabar/text/analyzer.h"

namespace kabar::test {

inline const text::TextAnalyzer& text_analyzer() {
  static const text::TextAnalyzer analyzer = *text::TextAnalyzer::load(KABAR_SOURCE_DATA_DIR);
  return analyzer;
}

inline extract::Analysis analysis(const std::string& text, const std::string& path,
                                  std::optional<std::string> published = std::nullopt) {
  extract::Analysis a;
  a.doc.text = text;
  a.doc.id = content_id(text);
  a.doc.path = path;
  a.text = text_analyzer().analyze(a.doc.text);
  a.published.date = std::move(published);
  return a;
}

}  // namespace kabar::test
