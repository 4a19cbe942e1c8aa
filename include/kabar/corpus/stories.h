#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/corpus/dedup.h"
#include "kabar/corpus/entities.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// A dated line of a story's timeline.
struct TimelineItem {
  std::string date;
  std::string text;
  int document = -1;
  Span span;
};

/// A summary sentence and the document it comes from.
struct SummarySentence {
  std::string text;
  int document = -1;
  Span span;
};

/// An event: documents that tell the same happening.
struct Event {
  std::string id;  ///< "V1", "V2"… in order of creation
  std::string title;
  std::vector<int> documents;       ///< indexes into the corpus documents
  std::optional<std::string> date;  ///< earliest publication date of its documents
};

/// A story: events about the same ongoing matter, with a timeline and a summary.
struct Story {
  std::string id;  ///< "S1", "S2"…
  std::string title;
  std::vector<int> documents;
  std::vector<Event> events;
  std::vector<SummarySentence> summary;
  std::vector<TimelineItem> timeline;
};

/// Settings of event and story clustering.
struct StoryOptions {
  double event_threshold = 0.30;  ///< similarity to join an event
  double story_threshold = 0.16;  ///< similarity of two events to share a story
  double time_scale_days = 4.0;   ///< similarity halves every this many days apart
  double story_time_scale_days = 180.0;  ///< event-to-event story similarity halves every this many days
  double undated_factor = 0.55;   ///< similarity factor when either side has no date
  int summary_sentences = 4;
};

/// What event and story clustering keep of a document, made once from its Analysis.
struct StoryDoc {
  std::string title;      ///< the title stories use for it: its headline (clipped), else its first
                          ///< sentence without dateline, else its path
  bool headline = false;  ///< `title` is the document's own (non-empty) headline
  std::optional<std::string> published;  ///< ISO publication day
  std::string terms;  ///< content terms (lower case), each followed by '\0', in order of first
                      ///< appearance: body words, then headline words
  std::vector<uint32_t> counts;  ///< per term: 1 per body occurrence + 2 per headline occurrence
};

class StoryBuilder;

/// Online, time-aware events and stories over documents added a batch at a time (behind
/// StoryBuilder::build, which adds all documents in one batch, and corpus::CorpusState).
/// A document's event is decided when its batch is added and never revisited; events get ids
/// V1, V2… in order of creation, stories S1, S2…; when stories merge the lower number survives.
/// Only stories that a batch touches get their title, summary and timeline recomputed.
class StoryClustering {
 public:
  /// The documents whose sentences a story's timeline and summary need, by document index;
  /// nullptr when the document cannot be loaded (it is then left out of them).
  using Loader = std::function<std::shared_ptr<const extract::Analysis>(int doc)>;
  /// Everything that save/restore keeps (documents by index).
  struct Snapshot {
    std::vector<std::vector<int>> events;  ///< per event (V<i+1>): its documents in order of joining
    std::vector<int> story_of_event;       ///< per event: the number n of its story S<n>
    std::vector<Story> stories;            ///< the stories as last built, ascending by number
  };

  /// `builder` must outlive this object.
  explicit StoryClustering(const StoryBuilder& builder, StoryOptions options = {});
  ~StoryClustering();
  StoryClustering(StoryClustering&&) noexcept;
  StoryClustering& operator=(StoryClustering&&) noexcept;

  /// Appends a document (index = number of documents appended before); `doc` must outlive this.
  void append(const StoryDoc& doc);
  size_t size() const;
  /// Clusters documents [first_new, size()): `entities` holds every document's entity clusters
  /// (PER/ORG/LOC, sorted, unique), `names` the clusters (story titles), `near_duplicates` the
  /// (earlier, later) pairs of the new documents. Recomputes the stories these documents touch.
  void update(size_t first_new, const std::vector<std::vector<int>>& entities, const EntityIndex& names,
              const std::vector<std::pair<int, int>>& near_duplicates, const Loader& load);
  /// The stories, ascending by number.
  std::vector<Story> stories() const;
  /// Story index (in stories()) of every document, -1 when not clustered.
  std::vector<int> story_of_document() const;
  Snapshot snapshot() const;
  /// Approximate bytes held (term dictionary, term counts, events, stories; not the StoryDocs).
  size_t bytes() const;
  /// Replaces events and stories by a snapshot over the documents appended so far; the Error
  /// says what is inconsistent (a document in two events or none, an unknown event…).
  Status restore(Snapshot s);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Online, time-aware event clustering (TF-IDF of terms from title and body, shared entities,
/// time distance) in the spirit of Miranda et al. (EMNLP 2018); events grouped into stories;
/// per-story timeline and extractive multi-document summary (centroid + MMR).
class StoryBuilder {
 public:
  /// Loads the background document frequencies (data/corpus/df.tsv) used for IDF and the
  /// summary sentence scorer's weights (data/corpus/summary.tsv, from `kabar train summary`).
  /// `with_summary_model` false skips summary.tsv (for training it).
  static Result<StoryBuilder> load(const std::filesystem::path& data_dir, bool with_summary_model = true);

  std::vector<Story> build(const std::vector<extract::Analysis>& docs, const EntityIndex& entities,
                           const std::vector<DuplicatePair>& duplicates, const StoryOptions& options = {}) const;

  /// What clustering keeps of one document.
  StoryDoc story_doc(const extract::Analysis& doc) const;

  /// Extractive summary of one document (the same scorer as for stories): up to `n` sentences.
  std::vector<SummarySentence> summarize(const extract::Analysis& doc, int n) const;

  /// IDF of a lower-case term from the background frequencies and `extra` corpus counts.
  double idf(std::string_view term) const;

  /// Names of the sentence features the summary scorer weighs (data/corpus/summary.tsv).
  static const std::vector<std::string>& sentence_feature_names();
  /// Feature rows of every sentence of `doc`, in sentence order (rows of
  /// sentence_feature_names().size() values); sentences too short or long to be summary
  /// sentences are flagged in `eligible`.
  std::vector<std::vector<float>> sentence_features(const extract::Analysis& doc, std::vector<bool>* eligible = nullptr) const;
  /// Replaces the sentence scorer's weights (one per feature name).
  void set_sentence_weights(std::vector<float> w) { sentence_weights_ = std::move(w); }

 private:
  friend class StoryClustering;
  std::unordered_map<std::string, uint32_t> df_;
  uint32_t background_docs_ = 0;
  std::vector<float> sentence_weights_;  // logistic regression over sentence_feature_names()
};

}  // namespace kabar::corpus
