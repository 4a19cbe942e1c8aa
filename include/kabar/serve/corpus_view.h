#pragma once
// The corpus-level view that the HTTP API, the web page and reports show: every document with
// its annotations and corpus entity ids, plus the entities, stories and claims across documents
// (the JSON contract of ../shared/spec/output.md), indexed by id.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "kabar/core/result.h"
#include "kabar/corpus/corpus.h"
#include "kabar/extract/analysis.h"
#include "kabar/store/store.h"

namespace kabar::serve {

/// How much of a long list an answer builds: the items from `offset` on, at most `max` of them
/// (of each, the values or quotes from `offset_each` on, at most `max_each`); `total` receives
/// how many items there are (a story of tens of thousands of documents touches thousands of
/// claims and speakers).
struct ListCap {
  size_t max = SIZE_MAX, max_each = SIZE_MAX;
  size_t* total = nullptr;
  size_t offset = 0, offset_each = 0;
};

/// The part of a list an answer holds: the items from `offset` on, at most `limit` of them.
struct Slice {
  size_t offset = 0, limit = SIZE_MAX;
};

/// Which slices of its long lists a story answer holds (CorpusView::story). The defaults are
/// what `GET /api/stories/{id}` answers without parameters.
struct StoryPage {
  Slice documents{0, 1000};  ///< the documents, earliest published first
  Slice claims{0, 200};      ///< the claims touching the story, in corpus order
  Slice values{0, 100};      ///< of each claim returned, its values
  Slice speakers{0, 100};    ///< the speakers quoted in the story, most quoted first
  Slice quotes{0, 20};       ///< of each speaker returned, their quotes in document order
  /// The whole answer, or only one list with its count and `page` (and the story id),
  /// skipping what the other parts would compute.
  enum class Only { kAll, kDocuments, kClaims, kSpeakers } only = Only::kAll;
};

/// Which slices of its long lists an entity answer holds (CorpusView::entity).
struct EntityPage {
  Slice documents{0, 1000};  ///< in the entity's order (first seen first)
  Slice quotes{0, 200};      ///< the quotes resolved to it, in document order
  /// The whole answer, or only one list with its count and `page` (and the entity id).
  enum class Only { kAll, kDocuments, kQuotes } only = Only::kAll;
};

/// An immutable corpus view. Safe to share between threads (all methods are const).
class CorpusView {
 public:
  /// Builds the view from analysed documents and their corpus analysis. `document_count` is
  /// the number of stored documents it reflects (used to notice that the store changed).
  static std::shared_ptr<const CorpusView> build(const std::vector<extract::Analysis>& docs,
                                                 const corpus::CorpusAnalysis& corpus,
                                                 int64_t document_count);

  /// Loads one document's contract object (with its corpus entity links) by content id;
  /// nullopt when unknown. Called from any thread.
  using DocumentLoader = std::function<std::optional<nlohmann::json>(const std::string& id)>;

  /// Reads one page of stored duplicate pairs (Store::duplicates: all, or those of one
  /// document); called from any thread.
  using DuplicateReader = std::function<Result<store::DuplicatePage>(
      const std::string& document, int64_t offset, int64_t limit)>;

  /// Builds the view from a corpus object of the contract (documents, entities, stories,
  /// claims, duplicates), e.g. one put together from the store without re-analysing. With a
  /// `loader`, only what the cross-document answers need is kept of each document (its brief,
  /// quotes, distinct entity ids and number of quantities) and document() loads the rest.
  /// With `pairs`, the duplicate pairs are read through it (the store's table) and the
  /// object's `duplicates` are not used.
  static std::shared_ptr<const CorpusView> from_json(nlohmann::json corpus, int64_t document_count,
                                                     DocumentLoader loader = {},
                                                     DuplicateReader pairs = {});

  /// Number of stored documents this view was computed from.
  int64_t document_count() const { return document_count_; }
  /// The corpus object (documents, entities, stories, claims; `duplicates` only in a view
  /// built from an analysis or a whole corpus object: a stored view reads them from the store,
  /// see duplicates()).
  const nlohmann::json& corpus() const { return corpus_; }

  /// Short description of a document: id, title (or its first line), outlet, published date,
  /// inferred, byline, wires, language, path, stories. Null for an unknown id.
  nlohmann::json document_brief(const std::string& id) const;
  /// What a search hit adds to the index's fields, without building a brief: the document's
  /// title (or first line; null for an unknown id) and the ids of its stories (empty for none).
  const nlohmann::json& title_of(const std::string& id) const;
  const std::vector<std::string>& stories_of(const std::string& id) const;
  bool has_document(const std::string& id) const { return document_index_.count(id) > 0; }
  /// The document object of the contract plus `display_title`, `stories` and `duplicates`
  /// (its copies and shared passages, see duplicates_of); nullopt if unknown.
  std::optional<nlohmann::json> document(const std::string& id) const;

  /// Most duplicate pairs document() lists for one document.
  static constexpr int64_t kDocumentDuplicates = 1000;

  /// The copies of one document: for each pair with another document, `document` (the other
  /// one's id, title, outlet, published), exact, near_duplicate, similarity, containment,
  /// `passages` ({start, end} in this document, {other_start, other_end} in the other, tokens)
  /// and `published_first` ("this", "other", or null when the dates are equal or unknown), in
  /// the order the other documents were stored; at most `limit`, `total` counts them all.
  Result<nlohmann::json> duplicates_of(const std::string& id, int64_t limit, int64_t& total) const;

  /// One page of the duplicate pairs (of `document`, either side, when not empty), ordered by
  /// the later then the earlier stored document: `a` and `b` (id, title, outlet, published of
  /// each; `a` stored first), exact, near_duplicate, similarity, containment,
  /// paragraphs_of_a_repeated, `passages` ({a_start, a_end, b_start, b_end, tokens}) and
  /// `published_first` ("a", "b" or null). `total` counts all that match.
  Result<nlohmann::json> duplicates(const std::string& document, int64_t offset, int64_t limit,
                                    int64_t& total) const;

  /// Every story, newest first: id, title, first summary sentence, documents, first/last date,
  /// outlets, and `coverage` (documents per publication date).
  nlohmann::json stories() const;
  /// One story with everything a reader needs: summary, events, timeline (each item with its
  /// document's title and outlet), documents, claims touching it (`conflict`, and per value
  /// `outlier` when it differs from the most-cited value), quotes grouped by speaker, outlets,
  /// wires, coverage and top entities. The long lists hold the slices `page` asks for (only
  /// their items are built), with their full sizes (`document_count`, `claim_count`, each
  /// claim's `value_count`, `speaker_count`, each speaker's `count`) and `page` saying which
  /// slices they are ({documents: {offset, limit}, claims: …, values: …, speakers: …,
  /// quotes: …}). nullopt if unknown.
  std::optional<nlohmann::json> story(const std::string& id, const StoryPage& page = {}) const;
  /// Whether a story of this id exists (without building its answer).
  bool has_story(const std::string& id) const { return story_index_.count(id) > 0; }
  /// One entity: the contract object plus its documents, the stories it appears in (from all
  /// its documents) and what it said, the slices `page` asks for, with `document_count`,
  /// `quote_count` and `page` ({documents: {offset, limit}, quotes: …}). nullopt if unknown.
  std::optional<nlohmann::json> entity(const std::string& id, const EntityPage& page = {}) const;
  /// Claims (each value with document title and outlet); only those touching `story` if given.
  nlohmann::json claims(const std::string& story = {}) const;
  /// Quotes grouped by canonical speaker, most quoted first; `speaker` keeps speakers whose name
  /// contains it (case-insensitive); `story` keeps quotes from that story's documents.
  nlohmann::json quotes(const std::string& speaker = {}, const std::string& story = {}) const;

 private:
  CorpusView() = default;
  const nlohmann::json* find(const std::unordered_map<std::string, size_t>& index,
                             const char* array, const std::string& id) const;
  nlohmann::json claims_where(const std::vector<std::string>* docs, ListCap cap = {}) const;
  nlohmann::json quotes_where(const std::string& speaker, const std::vector<std::string>* docs,
                              ListCap cap = {}) const;
  // Pairs in the contract's form ({a, b, exact, …, passages: [{a_start, …}]}).
  Result<std::vector<const nlohmann::json*>> pairs_in_memory(const std::string& document) const;
  Result<nlohmann::json> pair_page(const std::string& document, int64_t offset, int64_t limit,
                                   int64_t& total) const;
  nlohmann::json short_brief(const std::string& id) const;

  int64_t document_count_ = 0;
  nlohmann::json corpus_;
  DocumentLoader loader_;
  DuplicateReader pairs_;
  std::unordered_map<std::string, size_t> document_index_, entity_index_, story_index_;
  std::unordered_map<std::string, std::vector<std::string>> stories_of_document_;
};

/// Rebuilds one stored document for re-analysis: its stored text and metadata (title, url,
/// outlet, byline, publication date when it came from metadata), keeping the stored id. Fails
/// when the stored analysis JSON does not parse.
Result<Document> stored_document(const store::StoredDocument& row);

/// Reads one stored document by content id (must be safe to call from any thread).
using StoredDocumentReader =
    std::function<Result<std::optional<store::StoredDocument>>(const std::string& id)>;

/// The view as last persisted by refresh_corpus_view, put back together from the stored
/// documents without re-analysing them: nullopt when none was stored or the store has changed
/// since (another document count). Reads the documents one row at a time and re-analyses none.
/// With a `reader`, the view keeps only the compact part of each document in memory and reads
/// a whole document (with its links) through `reader` when it is asked for (CorpusView::
/// from_json's loader). With `pairs`, duplicate pairs are read from the store through it (e.g.
/// Store::duplicates on a connection of the caller); without, the view lists none (reports do
/// not show them, and 100,000 articles can have millions).
Result<std::optional<std::shared_ptr<const CorpusView>>> load_corpus_view(
    const store::Store& store, StoredDocumentReader reader = {},
    CorpusView::DuplicateReader pairs = {});

/// What refresh_corpus_view did.
struct RefreshReport {
  size_t documents = 0;        ///< stored documents the view now reflects
  size_t restored = 0;         ///< documents the stored state already covered
  size_t added = 0;            ///< documents compared and clustered in this refresh
  size_t rebuilt_records = 0;  ///< records made again from stored text (older databases)
  size_t stories = 0, entities = 0, claims = 0;
  size_t pairs = 0;          ///< duplicate pairs of the corpus
  size_t pairs_written = 0;  ///< of them, written in this refresh (the rest were stored)
  double seconds = 0;
  std::vector<std::string> warnings;
};

/// Brings the stored corpus view up to date, incrementally: restores the cross-document state
/// (corpus::CorpusState) from the documents' stored records and the state stored with the view,
/// adds only the documents stored since (duplicates, events and stories of the earlier ones are
/// kept, ids never change), and persists the stories/entities/claims, story membership, the
/// duplicate pairs touching a new document (all of them when the state was rebuilt), the
/// corpus entity of each mention and quote of every document (document_links, for
/// load_corpus_view; only changed rows are written) and the new state in one transaction. Stored documents are re-analysed only when a story they are a
/// source of changes (its summary and timeline need their sentences), or once when a database
/// from before schema 5 lacks their records. `kabar ingest` calls it at the end of a run and
/// `kabar serve` when the stored view is behind the documents.
Result<RefreshReport> refresh_corpus_view(store::Store& store, const extract::Pipeline& pipeline,
                                          const corpus::CorpusAnalyzer& analyzer, int threads);

}  // namespace kabar::serve
