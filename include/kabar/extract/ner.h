#pragma once
// The named-entity recogniser's model: an averaged structured perceptron over BIO tags with
// hashed features and first-order Viterbi decoding, its gazetteer/role lexicon, the CoNLL
// readers for the public training sets, and the deterministic training recipe (`kabar train ner`).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/annotations.h"

namespace kabar::extract {

/// BIO tag ids: 0 = O, then B/I for PER, ORG, LOC, MISC (B = 1 + 2*type, I = 2 + 2*type).
inline constexpr int kNerTags = 9;
inline constexpr uint8_t kTagO = 0;
inline constexpr uint8_t ner_begin(EntityType t) { return uint8_t(1 + 2 * int(t)); }
inline constexpr uint8_t ner_inside(EntityType t) { return uint8_t(2 + 2 * int(t)); }
inline constexpr EntityType ner_type(uint8_t tag) { return EntityType((tag - 1) / 2); }
inline constexpr bool ner_is_begin(uint8_t tag) { return tag != 0 && (tag % 2) == 1; }
const char* ner_tag_name(uint8_t tag);  ///< "O", "B-PER", "I-PER", …

/// Maps a data set's BIO tag ("B-PERSON", "I-PLC", "O") to a kabar tag id. Types are folded:
/// PERSON/PER/PPL → PER; ORGANISATION/ORGANIZATION/ORG/IND → ORG; PLACE/LOCATION/LOC/PLC/GPE →
/// LOC; MISC/EVT/FNB → MISC; anything else (QUANTITY, TIME, …) → O.
uint8_t map_ner_tag(std::string_view tag);

/// Annotation domains of the training sets (feature-augmentation copies, Daumé 2007). Domain
/// kGeneral uses only the shared weights; the others add the weights learnt for that data set.
enum class NerDomain : uint8_t { kGeneral = 0, kNergrit = 1, kNerp = 2, kKompas = 3, kNerui = 4 };
inline constexpr int kNerDomains = 5;

/// One tokenised sentence with gold tags (training / evaluation data).
struct NerSentence {
  std::vector<std::string> words;
  std::vector<uint8_t> tags;  ///< kabar tag ids, same length as words
  NerDomain domain = NerDomain::kGeneral;
};

/// Reads a CoNLL-style file: one token per line (`token<TAB>tag` or `token POS tag`; the first
/// field is the token and the last the tag; '\r' stripped), blank line between sentences.
/// Tags are mapped with map_ner_tag. Fails naming the file when unreadable or malformed.
Result<std::vector<NerSentence>> read_conll(const std::filesystem::path& file, NerDomain domain);

/// The set of BIO types a CoNLL file annotates (after mapping), as a bit mask 1 << EntityType.
Result<unsigned> conll_type_mask(const std::filesystem::path& file);

/// Tokenisation-independent sentence key: hash of the lower-cased letters and digits of all
/// tokens concatenated (used to keep test sentences out of the training data).
uint64_t ner_sentence_key(std::span<const std::string> words);
uint64_t ner_sentence_key(std::string_view raw_text);

/// Gazetteer and role phrases, matched on lower-cased token sequences.
class NerLexicon {
 public:
  struct Entry {
    EntityType type = EntityType::kMisc;
    std::string canonical;
    std::string country;  ///< `country=` value, empty when absent
    std::string kind;     ///< `kind=` value, empty when absent
    bool ambiguous = false;  ///< `ambiguous=1`: also a common word
  };
  struct Role {
    std::string canonical;
    std::string kind;
  };
  /// Loads `dir`/gazetteer/entities.tsv, `dir`/gazetteer/roles.tsv and the word classes
  /// `dir`/models/ner.words.tsv. A missing file is an Error naming it unless `optional` is set
  /// (then that part stays empty).
  static Result<NerLexicon> load(const std::filesystem::path& data_dir, bool optional = false);

  /// A gazetteer match of the greedy left-to-right scan: tokens [start, start+len), its entries.
  struct Match {
    uint32_t start = 0, len = 0;
    const std::vector<Entry>* entries = nullptr;
  };
  /// Per token: bit (2*type) when a gazetteer entry of that type begins at the token, bit
  /// (2*type+1) when the token continues one (longest matches, all types). `lower` are the
  /// lower-cased tokens; `out` is resized to lower.size(). When `matches` is given it receives
  /// the matches of the scan, in order (cleared first).
  void gazetteer_marks(std::span<const std::string_view> lower, std::vector<uint8_t>& out,
                       std::vector<Match>* matches = nullptr) const;
  /// Per token: bit 1 when the token is inside a role phrase, bit 2 when it ends one
  /// (longest matches, left to right); 0 otherwise.
  void role_marks(std::span<const std::string_view> lower, std::vector<uint8_t>& out) const;

  /// Longest gazetteer phrase starting at token `i` (length in tokens, 0 when none) and the
  /// entries it names (one per type/canonical).
  size_t match_entity(std::span<const std::string_view> lower, size_t i,
                      const std::vector<Entry>** entries) const;
  /// Longest role phrase starting at token `i` (length in tokens, 0 when none).
  size_t match_role(std::span<const std::string_view> lower, size_t i, const Role** role) const;
  /// True when tokens [i, i+len) spell a gazetteer variant exactly as written in the file
  /// (case-sensitive), e.g. "PBB" but not "pbb".
  bool has_variant(std::span<const std::string_view> lower, size_t i, size_t len,
                   std::string_view surface) const;

  /// Class of a lower-cased word learnt from raw news text (how often it is capitalised
  /// inside sentences, and how frequent it is); 0 when unknown. Key: hash64(lower-cased word).
  uint8_t word_class(uint64_t lower_hash) const { return word_classes_.find(lower_hash); }
  /// Reads a `word<TAB>class` file written by build_word_classes (replacing the current ones).
  Status load_word_classes(const std::filesystem::path& file);

  size_t entity_count() const { return entity_count_; }
  size_t role_count() const { return role_map_.size(); }
  /// Fingerprint of the lexicon contents (recorded with a trained model).
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  // Keys: hash64 of the lower-cased phrase, tokens joined by one space.
  // A set of 64-bit hashes in one open-addressing array (membership tests on the hot path).
  struct HashSet64 {
    std::vector<uint64_t> slots;  // 0 = empty; the key 0 itself is kept in has_zero
    size_t count = 0;
    bool has_zero = false;
    void insert(uint64_t key);
    bool contains(uint64_t key) const {
      if (key == 0) return has_zero;
      if (slots.empty()) return false;
      const size_t mask = slots.size() - 1;
      for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
        if (slots[i] == key) return true;
        if (slots[i] == 0) return false;
      }
    }
  };
  std::unordered_map<uint64_t, std::vector<Entry>> entity_map_;
  HashSet64 entity_keys_;  // the keys of entity_map_
  std::unordered_multimap<uint64_t, std::string> variants_;  // surface forms as written
  HashSet64 entity_prefixes_;
  std::unordered_map<uint64_t, Role> role_map_;
  HashSet64 role_keys_;  // the keys of role_map_
  HashSet64 role_prefixes_;
  size_t max_entity_len_ = 0;
  size_t max_role_len_ = 0;
  size_t entity_count_ = 0;
  uint64_t fingerprint_ = 0;
  // Word hash → class (1..255) in one open-addressing array: a look-up per word on the hot path.
  struct ClassTable {
    std::vector<uint64_t> keys;  // 0 = empty slot (a word hashing to 0 is kept in zero_class)
    std::vector<uint8_t> classes;
    uint8_t zero_class = 0;
    void clear() { keys.clear(), classes.clear(), zero_class = 0; }
    void reserve(size_t n);
    void assign(uint64_t key, uint8_t c);  // insert or overwrite
    uint8_t find(uint64_t key) const {
      if (key == 0) return zero_class;
      if (keys.empty()) return 0;
      const size_t mask = keys.size() - 1;
      for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
        if (keys[i] == key) return classes[i];
        if (keys[i] == 0) return 0;
      }
    }
  };
  ClassTable word_classes_;
};

/// Mutable per-thread scratch for tagging (fastText's Model/State split).
struct NerScratch {
  std::vector<std::string> lower_store;
  std::vector<std::string_view> lower;
  std::vector<uint8_t> gaz, role;
  // The gazetteer matches found by extract_features (the scan that gazetteer_fill/extend repeat),
  // valid for `gaz_lexicon` and the `gaz_tokens` lower-cased tokens of that call.
  std::vector<NerLexicon::Match> gaz_matches;
  const NerLexicon* gaz_lexicon = nullptr;
  size_t gaz_tokens = 0;
  std::vector<uint64_t> word_hash, lower_hash, shape_hash;
  std::vector<uint8_t> word_class;    // the lexicon's class of each lower-cased word
  std::vector<uint8_t> flags;
  std::vector<uint32_t> feats;        // feature row ids, per token [offsets[i], offsets[i+1])
  std::vector<uint32_t> offsets;
  std::vector<float> emit;            // n * kNerTags
  std::vector<float> delta;           // Viterbi scores
  std::vector<uint8_t> back;
};

/// Hyper-parameters of training.
struct NerTrainConfig {
  int epochs = 15;
  uint64_t seed = 20241122;
  bool domain_features = true;  ///< add per-domain feature copies
};

/// Allocator for the large weight table: 2 MiB-aligned and advised to the kernel as huge pages
/// (madvise MADV_HUGEPAGE), so that the scattered row reads of tagging miss the TLB less.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n);
  void deallocate(T* p, size_t) noexcept;
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

/// The trained model. Immutable after load/train; thread-safe for tagging with own scratch.
class NerModel {
 public:
  static constexpr int kRowsLog2 = 20;

  /// Trains on `data` (deterministic for a given seed and data order).
  static NerModel train(const std::vector<NerSentence>& data, const NerLexicon& lexicon,
                        const NerTrainConfig& config);
  /// Reads a model file written by save(); fails naming the file when missing or corrupt.
  static Result<NerModel> load(const std::filesystem::path& file);
  /// Writes the model (int16-quantised weights, non-zero rows only).
  Status save(const std::filesystem::path& file) const;

  /// Tags one sentence: `words` are the token texts; `tags` (resized) receives tag ids and
  /// `margin` (resized) a per-token confidence in [0,1]. `domain` selects domain weights.
  void tag(std::span<const std::string_view> words, const NerLexicon& lexicon, NerScratch& s,
           std::vector<uint8_t>& tags, std::vector<float>* confidence = nullptr,
           NerDomain domain = NerDomain::kGeneral) const;

  /// Feature row ids of each token of `words` (exposed for tests): into s.feats / s.offsets.
  static void extract_features(std::span<const std::string_view> words, const NerLexicon& lexicon,
                               NerDomain domain, NerScratch& s);
  /// First-order Viterbi with BIO constraints over emission scores (n × kNerTags, row-major)
  /// and transitions ((kNerTags+1) × kNerTags: row kNerTags is the start state).
  static void viterbi(std::span<const float> emit, size_t n, std::span<const float> trans,
                      NerScratch& s, std::vector<uint8_t>& tags);

  size_t nonzero_rows() const;

 private:
  // (1 << kRowsLog2) rows of kNerTags weights (times scale_), each padded to 16 int16.
  std::vector<int16_t, HugePageAllocator<int16_t>> weights_;
  float scale_ = 1.0f;
  std::vector<float> trans_;      // (kNerTags + 1) * kNerTags
  bool domain_features_ = true;
};

/// Gazetteer-only additions after tagging: each run of O tokens that spells a gazetteer
/// variant exactly as written (case-sensitive) becomes a mention of the entry's type when the
/// variant is an all-caps acronym (PBB, TASS) or, with `names`, a capitalised non-ambiguous
/// multi-token name. Uses s.lower from the preceding tag() call. Returns the number added.
size_t ner_gazetteer_fill(std::span<const std::string_view> words, const NerLexicon& lexicon,
                          const NerScratch& s, std::vector<uint8_t>& tags, bool names = false);

/// Splits chunks the model merged across a known name boundary: a chunk that begins with a
/// (single-type, non-ambiguous) gazetteer name shorter than itself is split after that name
/// when one side is a person: a PER chunk opening with an ORG/LOC name ("Kremlin Dmitry Peskov"
/// becomes ORG + PER), or a chunk whose rest is a gazetteer person ("Korea Utara Kim Jong Un"
/// becomes LOC + PER). ORG + LOC compounds ("PKB Indonesia") stay whole. Uses s.lower
/// from the preceding tag() call. Both parts must start with a capital letter. Returns the
/// number of splits.
/// Retags capitalised multi-word gazetteer names written exactly as listed when the model's
/// chunks lie inside them (cut short or split). Returns how many spans changed.
size_t ner_gazetteer_extend(std::span<const std::string_view> words, const NerLexicon& lexicon,
                            const NerScratch& s, std::vector<uint8_t>& tags);

size_t ner_split_merges(std::span<const std::string_view> words, const NerLexicon& lexicon,
                        const NerScratch& s, std::vector<uint8_t>& tags);

/// Options of `kabar train ner`.
struct NerTrainOptions {
  std::filesystem::path shared_dir;  ///< ../shared (its data/ holds the NER sets)
  std::filesystem::path data_dir;    ///< kabar data dir (gazetteers); empty = kabar::data_dir()
  std::filesystem::path out;         ///< model file to write; empty = <data_dir>/models/ner.bin
  int epochs = 15;
  uint64_t seed = 20241122;
};

/// The training set of the shipped model: the train splits of NERGrit, NERP, idner-news-2k,
/// NER UGM and NER UI (fold 1 train+dev+test = whole set), minus every sentence whose key
/// occurs in a test split of any set (`exclude_keys`, normally ner_test_keys()). Each sentence is
/// tagged with its domain. `extra` (may be empty) is appended (used for per-fold evaluation).
Result<std::vector<NerSentence>> ner_training_data(const std::filesystem::path& shared_dir,
                                                   const std::unordered_set<uint64_t>& exclude_keys,
                                                   std::string* log = nullptr);

/// Keys of every test sentence of every public NER set under `shared_dir`/data (NERGrit, NERP,
/// idner-news-2k, NER UGM and NER UI test folds, Syaifudin's Kompas test file).
Result<std::unordered_set<uint64_t>> ner_test_keys(const std::filesystem::path& shared_dir);

/// Learns word classes from the raw news text under `shared_dir`/data (IndoSum dev folds'
/// tokenised paragraphs, Detik article bodies): per lower-cased word seen at least 3 times, the
/// share of its non-initial occurrences that are capitalised (5 buckets) × all-caps × frequency
/// band. Writes `word<TAB>class` lines to `out`; returns a one-line summary.
Result<std::string> build_word_classes(const std::filesystem::path& shared_dir,
                                       const std::filesystem::path& out);

/// `kabar train ner`: builds the training data, trains, writes the model; returns a summary.
Result<std::string> train_ner(const NerTrainOptions& options);

}  // namespace kabar::extract
