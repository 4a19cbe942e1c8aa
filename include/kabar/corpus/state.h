#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/corpus/claims.h"
#include "kabar/corpus/corpus.h"
#include "kabar/corpus/dedup.h"
#include "kabar/corpus/stories.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// What the cross-document steps keep of one document (a few KB), made once when it is
/// analysed (CorpusState::record) and stored beside it (encode / decode).
struct DocRecord {
  std::string id;    ///< content id (Document::id)
  StoryDoc story;    ///< title, publication day and term counts for events and stories
  DedupPrint dedup;  ///< fingerprint and word / paragraph spans for duplicate detection
  std::vector<extract::EntityMention> mentions;  ///< for entity resolution (score not kept)
  std::vector<ClaimCandidate> claims;            ///< for claims (ClaimBuilder::candidates)
  std::vector<extract::Quote> quotes;  ///< speaker and speaker mention of each quote, in order
                                       ///< (spans not kept): for the canonical speaker links
};

/// Compact binary form of a record; starts with a version byte.
std::string encode(const DocRecord& r);
/// Decodes encode()'s bytes; an Error (never a crash) on truncated, malformed or unknown-version input.
Result<DocRecord> decode(std::string_view bytes);

/// The cross-document state, grown one batch of documents at a time: duplicates are found by
/// comparing each new document only with the posting tables of the earlier ones; each new
/// document joins an event (or starts one) once and for all; event ids (V<n>) and story ids
/// (S<n>) never change once given (merged stories keep the lower number); only the stories a
/// batch touches get a new title, summary and timeline. Entities are resolved over all records at
/// each batch, each distinct name normalised once (MentionForms); claims are grouped again only
/// for the counted nouns a batch changes (ClaimGroups). Both equal a from-scratch computation over
/// the same records and stories. Not thread-safe.
class CorpusState {
 public:
  /// Loads the full Analysis of an earlier document by content id (the caller re-analyses its
  /// stored text); used only for the source documents of the stories a batch touches (their
  /// summaries and timelines need sentences). nullopt: the document is left out of them.
  using Loader = std::function<std::optional<extract::Analysis>(const std::string& id)>;

  explicit CorpusState(std::shared_ptr<const CorpusAnalyzer> analyzer);
  ~CorpusState();
  CorpusState(CorpusState&&) noexcept;
  CorpusState& operator=(CorpusState&&) noexcept;

  /// The record of an analysed document.
  DocRecord record(const extract::Analysis& doc) const;

  /// Restores the state of an empty CorpusState: the stored records (in store order, content ids
  /// unique) and what save() returned last time. Re-indexes the records without comparing
  /// anything. An Error when `saved` is malformed or does not match the records (a record in no
  /// event, an unknown id…); the state is then left empty.
  Status restore(std::vector<DocRecord> records, std::string_view saved);

  /// Whether add() keeps a document whose content id the state already has.
  enum class Repeats { kSkip, kKeep };
  /// Adds analysed documents that are not in the state yet (a content id already present, also
  /// earlier in the same call, is skipped). Document indexes continue the record order. `docs`
  /// need not outlive the call. Repeats::kKeep adds every document (one-shot analysis of a
  /// corpus with byte-identical copies, as CorpusAnalyzer::analyze): such a state cannot be
  /// restored from what save() returns (restore needs unique ids).
  void add(const std::vector<const extract::Analysis*>& docs, const Loader& load, Repeats repeats = Repeats::kSkip);

  /// add() for documents whose records were made earlier (e.g. stored by `kabar ingest`): every
  /// Analysis the stories need, the new documents' own included, comes from `load`.
  void add_records(std::vector<DocRecord> records, const Loader& load);

  /// The number of documents a save() result covers (its first records, in order); nullopt when
  /// `saved` is not one this kabar reads.
  static std::optional<size_t> saved_document_count(std::string_view saved);

  /// The whole cross-document result; document indexes = record order (restored, then added).
  CorpusAnalysis analysis() const;

  /// Event and story membership by content id, id counters, the stories' titles, summaries and
  /// timelines, the duplicate pairs (binary, starts with a version byte).
  std::string save() const;

  size_t size() const;
  const DocRecord& record(size_t i) const;
  /// Story index (in analysis().stories) of every document.
  std::vector<int> story_of_document() const;
  /// Approximate bytes held (records, posting tables, term counts, pairs, stories).
  size_t bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kabar::corpus
