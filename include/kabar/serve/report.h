#pragma once
// `kabar report`: one self-contained file (HTML with inline CSS and SVG, or Markdown) describing
// stories: title, summary, coverage, timeline, claims with conflicts, quotes by speaker, sources.
#include <string>

#include "kabar/core/result.h"
#include "kabar/serve/corpus_view.h"

namespace kabar::serve {

enum class ReportFormat { kHtml, kMarkdown };

/// Renders story `story_id` (every story when empty) of `view`. No external links, scripts or
/// fonts: the file reads the same offline. Fails with "story X: not found" for an unknown id.
Result<std::string> render_report(const CorpusView& view, const std::string& story_id,
                                  ReportFormat format);

}  // namespace kabar::serve
