#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Direct and reported quotations with their speakers resolved within the document.
/// Direct quotes: text in “…”, "…", ‘…’, «…» (across sentences; an unclosed quote runs to the
/// paragraph end and continues into a next paragraph that opens with a quote mark); scare quotes
/// (1–3 words, no speech verb) and partial quotes inside reported speech are not emitted.
/// Reported speech: "X mengatakan (bahwa) …", "…, kata X", "Menurut X, …", "…, menurut X",
/// "…, lapor X" (verbs and cues from data/quotes/speech_verbs.tsv).
/// Speakers: named mentions (in.entities when present, else capitalised runs), pronouns and
/// -nya clitics (salient person), role phrases and "<noun> itu" anaphora (roles), collectives.
/// Immutable after load(); thread-safe.
class QuoteExtractor {
 public:
  /// Loads its word lists from `data_dir`/quotes (and, when present, gazetteer/roles.tsv);
  /// the Error names the file that failed.
  static Result<QuoteExtractor> load(const std::filesystem::path& data_dir);

  /// Reads the text and entity layers of `in` and fills `out` (cleared first) with quotes in
  /// text order.
  void annotate(const Analysis& in, std::vector<Quote>& out) const;

  struct Lexicon;  // defined in src/extract/quote_lexicon.h

 private:
  std::shared_ptr<const Lexicon> lex_;
};

}  // namespace kabar::extract
