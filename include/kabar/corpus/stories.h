#pragma once
#include <filesystem>
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
  std::unordered_map<std::string, uint32_t> df_;
  uint32_t background_docs_ = 0;
  std::vector<float> sentence_weights_;  // logistic regression over sentence_feature_names()
};

}  // namespace kabar::corpus
