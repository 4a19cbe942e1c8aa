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
/// (1–3 words, no speech verb) and partial quotes inside reported speech are not emitted on
/// their own: the reported clause that holds one is `direct` (a mixed quotation).
/// Reported speech: "X mengatakan (bahwa) …", "X memperkirakan/meminta/mengimbau …" (objects
/// that are clause-like), "…, kata X", "Menurut X, …", "…, menurut X", "A, menurut X, B",
/// "Menurutnya, …", "…, lapor X", "Dikutip dari X, …" (a clause with no speech verb of its own),
/// "X, yang menyebut …", "… yang dia katakan …"; a closing attribution owns the
/// speech verbs inside its clause (verbs, cues and word classes from data/quotes/*).
/// Speakers: named mentions (in.entities when present, else capitalised runs) under their
/// fullest name in the document, the person among appositive chunks ("Warga X, Nama (45),"),
/// pronouns and -nya clitics (salient person), role phrases and "<noun> itu" anaphora (roles;
/// bodies by head word: "kementerian itu"), descriptions ("pria berusia 58 tahun itu",
/// "perawat yang sudah 12 tahun bekerja di rumah sakit itu": the salient person whose gender and
/// age fit, data/quotes/descriptors.tsv), collectives (a parenthesised acronym names them;
/// "kantor berita Filipina PNA" and "kantor berita resmi Lebanon, NNA," → PNA, NNA). Rank and
/// corps words the recogniser took into a name are dropped ("Letkol [Inf Andreas Nahak]").
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
