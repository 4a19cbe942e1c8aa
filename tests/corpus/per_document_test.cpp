// Entity resolution and claims from compact per-document inputs: the encodings round-trip,
// reject truncated and malformed bytes, and resolve()/group() over decoded records give exactly
// what the whole-analysis entry points give.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kabar/core/hash.h"
#include "kabar/corpus/claims.h"
#include "kabar/corpus/corpus.h"
#include "kabar/corpus/entities.h"
#include "kabar/corpus/state.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {
namespace {

using extract::EntityMention;
using extract::EntityType;
using extract::Qualifier;

// Everything the encoding keeps (all fields but `score`).
void expect_same_mentions(const std::vector<EntityMention>& a, const std::vector<EntityMention>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("mention " + std::to_string(i));
    EXPECT_EQ(a[i].span, b[i].span);
    EXPECT_EQ(a[i].type, b[i].type);
    EXPECT_EQ(a[i].text, b[i].text);
    EXPECT_EQ(a[i].role, b[i].role);
    EXPECT_EQ(a[i].linked_country, b[i].linked_country);
    EXPECT_EQ(a[i].role_span, b[i].role_span);
    EXPECT_EQ(a[i].from_gazetteer, b[i].from_gazetteer);
  }
}

void expect_same_index(const EntityIndex& a, const EntityIndex& b) {
  EXPECT_EQ(a.of_mention, b.of_mention);
  ASSERT_EQ(a.clusters.size(), b.clusters.size());
  for (size_t i = 0; i < a.clusters.size(); ++i) {
    const auto &x = a.clusters[i], &y = b.clusters[i];
    SCOPED_TRACE(x.id + " " + x.name);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.variants, y.variants);
    EXPECT_EQ(x.documents, y.documents);
    EXPECT_EQ(x.mentions, y.mentions);
    EXPECT_EQ(x.role, y.role);
    EXPECT_EQ(x.country, y.country);
    EXPECT_EQ(x.kind, y.kind);
  }
}

void expect_same_claims(const std::vector<Claim>& a, const std::vector<Claim>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const auto &x = a[i], &y = b[i];
    SCOPED_TRACE(x.id + " " + x.topic);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.topic, y.topic);
    EXPECT_EQ(x.unit, y.unit);
    EXPECT_EQ(x.conflict, y.conflict);
    EXPECT_EQ(x.evolution, y.evolution);
    ASSERT_EQ(x.values.size(), y.values.size());
    for (size_t k = 0; k < x.values.size(); ++k) {
      const auto &v = x.values[k], &w = y.values[k];
      EXPECT_EQ(v.value, w.value);
      EXPECT_EQ(v.value_max, w.value_max);
      EXPECT_EQ(v.qualifier, w.qualifier);
      EXPECT_EQ(v.document, w.document);
      EXPECT_EQ(v.quantity, w.quantity);
      EXPECT_EQ(v.source, w.source);
      EXPECT_EQ(v.date, w.date);
      EXPECT_EQ(v.text, w.text);
      EXPECT_EQ(v.phrase, w.phrase);
      EXPECT_EQ(v.part_of, w.part_of);
    }
  }
}

std::vector<EntityMention> sample_mentions() {
  std::vector<EntityMention> m(4);
  m[0].span = {10, 23};
  m[0].type = EntityType::kPer;
  m[0].text = "Sergei Lavrov";
  m[0].role = "Menteri Luar Negeri Rusia";
  m[0].role_span = Span{0, 9};
  m[1].span = {40, 46};
  m[1].type = EntityType::kLoc;
  m[1].text = "Moskow";
  m[1].linked_country = "Rusia";
  m[2].span = {30, 32};  // out of order: starts before the previous mention
  m[2].type = EntityType::kOrg;
  m[2].text = "AS";
  m[2].from_gazetteer = true;
  m[3].span = {4000000000u, 4000000006u};
  m[3].type = EntityType::kMisc;
  m[3].text = "Sergei Lavrov";  // repeated text: one table entry
  m[3].role = "Moskow";         // a role equal to another mention's text
  return m;
}

std::vector<ClaimCandidate> sample_candidates() {
  std::vector<ClaimCandidate> c(3);
  c[0].quantity = 0;
  c[0].value = 10000;
  c[0].qualifier = Qualifier::kApprox;
  c[0].head = "tentara";
  c[0].unit = "tentara Korea Utara";
  c[0].source = "Kompas";
  c[0].date = "2024-10-31";
  c[0].text = "Pyongyang mengirimkan sekitar 10.000 tentara Korea Utara ke Rusia.";
  c[0].phrase = "sekitar 10.000 tentara Korea Utara";
  c[0].unit_names = {"korea utara"};
  c[0].sentence_names = {"pyongyang", "rusia"};
  c[0].unit_mentions = {1};
  c[0].sentence_mentions = {0, 2};
  c[1].quantity = 3;
  c[1].value = 8000;
  c[1].qualifier = Qualifier::kApprox;
  c[1].antecedent = 0;
  c[1].head = "tentara";
  c[1].unit = "tentara";
  c[1].predicate = "dikerahkan";
  c[1].text = c[0].text;  // same sentence: one table entry
  c[1].phrase = "sekitar 8.000";
  c[2].quantity = 7;
  c[2].value = 2.5;  // not a whole number: stored as its 8 bytes
  c[2].value_max = 1e300;
  c[2].qualifier = Qualifier::kRange;
  c[2].head = "orang";
  c[2].unit = "juta orang";
  c[2].source = "";
  c[2].text = "Antara 2,5 dan banyak juta orang mengungsi.";
  c[2].phrase = "2,5 dan banyak juta orang";
  c[2].sentence_mentions = {5, 9, 120000};
  return c;
}

TEST(EntityMentionCodec, RoundTrips) {
  const auto m = sample_mentions();
  std::string bytes;
  encode_mentions(m, bytes);
  std::string_view in = bytes;
  std::vector<EntityMention> back;
  ASSERT_TRUE(decode_mentions(in, back));
  EXPECT_TRUE(in.empty());
  expect_same_mentions(m, back);

  // Empty list, and two records back to back.
  std::string two;
  encode_mentions({}, two);
  const size_t first = two.size();
  encode_mentions(m, two);
  in = two;
  back = m;
  ASSERT_TRUE(decode_mentions(in, back));
  EXPECT_TRUE(back.empty());
  EXPECT_EQ(in.size(), two.size() - first);
  ASSERT_TRUE(decode_mentions(in, back));
  EXPECT_TRUE(in.empty());
  expect_same_mentions(m, back);
}

TEST(EntityMentionCodec, RepeatedNamesAreStoredOnce) {
  std::vector<EntityMention> m(50);
  for (size_t i = 0; i < m.size(); ++i) {
    m[i].span = {uint32_t(100 * i), uint32_t(100 * i + 13)};
    m[i].type = EntityType::kPer;
    m[i].text = "Sergei Lavrov";
  }
  std::string bytes;
  encode_mentions(m, bytes);
  // Five bytes a mention (delta, length, flags, text index… the delta of 100 takes two bytes)
  // plus the name once.
  EXPECT_LE(bytes.size(), 50 * 5 + 20);
}

TEST(EntityMentionCodec, RejectsTruncatedAndMalformedInput) {
  std::string bytes;
  encode_mentions(sample_mentions(), bytes);
  std::vector<EntityMention> out;
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string_view in(bytes.data(), n);
    EXPECT_FALSE(decode_mentions(in, out)) << "prefix of " << n << " bytes";
    EXPECT_EQ(in.size(), n) << "input consumed on failure";
  }
  // A huge count must fail before allocating.
  for (std::string bad : {std::string("\x00\xff\xff\xff\xff\x0f", 6), std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"),
                          std::string("\x01\xff\xff\xff\x7f" "abc", 8)}) {
    std::string_view in = bad;
    EXPECT_FALSE(decode_mentions(in, out));
  }
  // A string index past the table, and an unknown flag bit.
  std::string one;
  encode_mentions({sample_mentions()[1]}, one);  // table: "Moskow", "Rusia"
  std::string bad_index = one;
  bad_index[bad_index.size() - 2] = 7;  // text index
  std::string_view in = bad_index;
  EXPECT_FALSE(decode_mentions(in, out));
  std::string bad_flag = one;
  bad_flag[bad_flag.size() - 3] |= 64;
  in = bad_flag;
  EXPECT_FALSE(decode_mentions(in, out));
}

TEST(EntityMentionCodec, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  std::string good;
  encode_mentions(sample_mentions(), good);
  std::vector<EntityMention> out;
  for (int round = 0; round < 3000; ++round) {
    std::string b = good;
    if (round % 2) {
      b.resize(rng() % 64);
      for (char& c : b) c = static_cast<char>(rng());
    } else {
      for (int k = 0; k < 3; ++k) b[rng() % b.size()] = static_cast<char>(rng());
    }
    std::string_view in = b;
    if (decode_mentions(in, out)) {
      EXPECT_LE(out.size(), b.size());
    } else {
      EXPECT_EQ(in.size(), b.size());
    }
  }
}

TEST(ClaimCandidateCodec, RoundTrips) {
  const auto c = sample_candidates();
  std::string bytes;
  encode_candidates(c, bytes);
  std::string_view in = bytes;
  std::vector<ClaimCandidate> back;
  ASSERT_TRUE(decode_candidates(in, back));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(back, c);

  std::string two;
  encode_candidates(c, two);
  encode_candidates({}, two);
  in = two;
  ASSERT_TRUE(decode_candidates(in, back));
  EXPECT_EQ(back, c);
  ASSERT_TRUE(decode_candidates(in, back));
  EXPECT_TRUE(back.empty());
  EXPECT_TRUE(in.empty());
}

TEST(ClaimCandidateCodec, RejectsTruncatedAndMalformedInput) {
  std::string bytes;
  encode_candidates(sample_candidates(), bytes);
  std::vector<ClaimCandidate> out;
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string_view in(bytes.data(), n);
    EXPECT_FALSE(decode_candidates(in, out)) << "prefix of " << n << " bytes";
    EXPECT_EQ(in.size(), n);
  }
  for (std::string bad : {std::string("\x00\xff\xff\xff\xff\x0f", 6), std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"),
                          std::string("\x01\xff\xff\xff\x7f" "abc", 8)}) {
    std::string_view in = bad;
    EXPECT_FALSE(decode_candidates(in, out));
  }
  // An unknown qualifier.
  ClaimCandidate c;
  c.head = "orang";
  std::string one;
  encode_candidates({c}, one);
  // Table (2, "orang", ""): 8 bytes; count 1; quantity -1 (zigzag 1); then the flags.
  const size_t flags_at = 10;
  ASSERT_GT(one.size(), flags_at);
  ASSERT_EQ(one[8], 1);
  ASSERT_EQ(one[9], 1);
  std::string bad = one;
  bad[flags_at] = static_cast<char>((bad[flags_at] & ~7) | 7);
  std::string_view in = bad;
  EXPECT_FALSE(decode_candidates(in, out));
}

TEST(ClaimCandidateCodec, RandomBytesNeverCrash) {
  std::mt19937 rng(11);
  std::string good;
  encode_candidates(sample_candidates(), good);
  std::vector<ClaimCandidate> out;
  for (int round = 0; round < 3000; ++round) {
    std::string b = good;
    if (round % 2) {
      b.resize(rng() % 96);
      for (char& c : b) c = static_cast<char>(rng());
    } else {
      for (int k = 0; k < 3; ++k) b[rng() % b.size()] = static_cast<char>(rng());
    }
    std::string_view in = b;
    if (decode_candidates(in, out)) {
      EXPECT_LE(out.size(), b.size());
    } else {
      EXPECT_EQ(in.size(), b.size());
    }
  }
}

// The bundled sample corpus through the real pipeline: resolution and claims from decoded
// per-document records equal the whole-analysis results.
class PerDocumentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = extract::Pipeline::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(p) << p.error().message;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(KABAR_EXAMPLES_DIR) / "corpus"))
      if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Document> docs;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      Document d;
      d.text = ss.str();
      d.id = content_id(d.text);
      d.path = f.string();
      docs.push_back(std::move(d));
    }
    analyses_ = new std::vector<extract::Analysis>((*p)->analyze_batch(std::move(docs), 2));
  }
  static void TearDownTestSuite() { delete analyses_; }
  static inline std::vector<extract::Analysis>* analyses_ = nullptr;
};

TEST_F(PerDocumentTest, ResolveAndGroupFromRecordsEqualTheAnalysisEntryPoints) {
  const auto& docs = *analyses_;
  ASSERT_GE(docs.size(), 10u);
  auto analyzer = CorpusAnalyzer::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(analyzer) << analyzer.error().message;
  auto resolver = EntityResolver::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(resolver) << resolver.error().message;
  auto claims = ClaimBuilder::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(claims) << claims.error().message;

  const CorpusAnalysis whole = analyzer->analyze(docs);
  ASSERT_GE(whole.entities.clusters.size(), 20u);
  ASSERT_GE(whole.claims.size(), 2u);

  // Per-document records, encoded one after the other and read back.
  std::string bytes;
  for (const auto& a : docs) {
    encode_mentions(a.entities, bytes);
    encode_candidates(claims->candidates(a), bytes);
  }
  std::vector<std::vector<EntityMention>> mentions(docs.size());
  std::vector<std::vector<ClaimCandidate>> cands(docs.size());
  std::string_view in = bytes;
  for (size_t d = 0; d < docs.size(); ++d) {
    ASSERT_TRUE(decode_mentions(in, mentions[d]));
    ASSERT_TRUE(decode_candidates(in, cands[d]));
    expect_same_mentions(docs[d].entities, mentions[d]);
    EXPECT_EQ(cands[d], claims->candidates(docs[d]));
  }
  EXPECT_TRUE(in.empty());

  std::vector<DocMentions> dm;
  for (size_t d = 0; d < docs.size(); ++d) dm.push_back({docs[d].doc.id, &mentions[d]});
  const EntityIndex index = resolver->resolve(dm);
  expect_same_index(whole.entities, index);

  std::vector<int> story_of(docs.size(), -1);
  for (size_t s = 0; s < whole.stories.size(); ++s)
    for (int d : whole.stories[s].documents) story_of[d] = int(s);
  std::vector<const std::vector<ClaimCandidate>*> per_document;
  for (const auto& c : cands) per_document.push_back(&c);
  expect_same_claims(whole.claims, claims->group(per_document, index, story_of));
  // Without stories too, against build().
  expect_same_claims(claims->build(docs, whole.entities), claims->group(per_document, index));
}

TEST_F(PerDocumentTest, MissingRowsReadAsDocumentsWithoutMentionsOrCandidates) {
  const auto& docs = *analyses_;
  auto resolver = EntityResolver::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(resolver);
  auto claims = ClaimBuilder::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(claims);
  // Document 0 loses its layers in the analyses and its rows in the records: same results.
  std::vector<extract::Analysis> cut(docs.begin(), docs.end());
  cut[0].entities.clear();
  cut[0].quantities.clear();
  std::vector<DocMentions> dm;
  std::vector<std::vector<ClaimCandidate>> cands;
  for (const auto& a : docs) cands.push_back(claims->candidates(a));
  std::vector<const std::vector<ClaimCandidate>*> per_document{nullptr};
  dm.push_back({docs[0].doc.id, nullptr});
  for (size_t d = 1; d < docs.size(); ++d) {
    dm.push_back({docs[d].doc.id, &docs[d].entities});
    per_document.push_back(&cands[d]);
  }
  const EntityIndex ix = resolver->resolve(cut);
  expect_same_index(ix, resolver->resolve(dm));
  expect_same_claims(claims->build(cut, ix), claims->group(per_document, ix));
  EXPECT_FALSE(claims->group(per_document, ix).empty());
}

// Entities and claims of a state grown a batch at a time (names normalised once, claims grouped
// again only for the nouns a batch changes) equal those computed from scratch over the same
// documents with the same stories; in publication order they equal the one-batch analysis.
TEST_F(PerDocumentTest, IncrementalEntitiesAndClaimsEqualTheBatch) {
  auto loaded = CorpusAnalyzer::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(loaded) << loaded.error().message;
  auto analyzer = std::make_shared<const CorpusAnalyzer>(std::move(*loaded));
  // Publication order (undated last), then path.
  std::vector<extract::Analysis> docs(analyses_->begin(), analyses_->end());
  std::stable_sort(docs.begin(), docs.end(),
                   [](const extract::Analysis& a, const extract::Analysis& b) {
                     return a.published.date.value_or("9999") < b.published.date.value_or("9999");
                   });
  const CorpusAnalysis batch = analyzer->analyze(docs);
  ASSERT_GE(batch.claims.size(), 2u);
  std::map<std::string, const extract::Analysis*> by_id;
  for (const auto& a : docs) by_id[a.doc.id] = &a;
  auto load = [&](const std::string& id) -> std::optional<extract::Analysis> {
    return *by_id.at(id);
  };
  for (size_t step : {1u, 3u, 7u}) {
    SCOPED_TRACE("batches of " + std::to_string(step));
    CorpusState state(analyzer);
    for (size_t i = 0; i < docs.size(); i += step) {
      std::vector<const extract::Analysis*> part;
      for (size_t k = i; k < std::min(docs.size(), i + step); ++k) part.push_back(&docs[k]);
      state.add(part, load);
      // From scratch over the state's records and stories.
      const CorpusAnalysis now = state.analysis();
      std::vector<DocMentions> dm;
      std::vector<const std::vector<ClaimCandidate>*> per_document;
      for (size_t d = 0; d < state.size(); ++d) {
        dm.push_back({state.record(d).id, &state.record(d).mentions});
        per_document.push_back(&state.record(d).claims);
      }
      const EntityIndex fresh = analyzer->resolver().resolve(dm);
      expect_same_index(fresh, now.entities);
      expect_same_claims(
          analyzer->claim_builder().group(per_document, fresh, state.story_of_document()),
          now.claims);
    }
    const CorpusAnalysis grown = state.analysis();
    expect_same_index(batch.entities, grown.entities);
    expect_same_claims(batch.claims, grown.claims);
  }
}

// The caches themselves: a second call with the same input groups nothing again; a changed story
// or entity name regroups only the nouns it touches, and the result equals a fresh call.
TEST_F(PerDocumentTest, ClaimAndNameCachesRecomputeOnlyWhatChanged) {
  const auto& docs = *analyses_;
  auto resolver = EntityResolver::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(resolver);
  auto claims = ClaimBuilder::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(claims);
  std::vector<DocMentions> dm;
  std::vector<std::vector<ClaimCandidate>> cands;
  for (const auto& a : docs) {
    dm.push_back({a.doc.id, &a.entities});
    cands.push_back(claims->candidates(a));
  }
  std::vector<const std::vector<ClaimCandidate>*> per_document;
  for (const auto& c : cands) per_document.push_back(&c);

  // Names: half the corpus, then all of it, through one MentionForms.
  MentionForms forms;
  const std::vector<DocMentions> half(dm.begin(), dm.begin() + dm.size() / 2);
  expect_same_index(resolver->resolve(half), resolver->resolve(half, forms));
  const size_t half_forms = forms.size();
  EXPECT_GT(half_forms, 10u);
  const EntityIndex ix = resolver->resolve(dm);
  expect_same_index(ix, resolver->resolve(dm, forms));
  EXPECT_GT(forms.size(), half_forms);
  const size_t all_forms = forms.size();
  expect_same_index(ix, resolver->resolve(dm, forms));
  EXPECT_EQ(forms.size(), all_forms);

  // Claims: every document in a story of its own, then two stories merged and renumbered.
  std::vector<int> story_of(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) story_of[d] = int(d);
  ClaimGroups groups;
  expect_same_claims(claims->group(per_document, ix, story_of),
                     claims->group(per_document, ix, story_of, groups));
  const size_t nouns = groups.regrouped();
  EXPECT_GT(nouns, 2u);
  expect_same_claims(claims->group(per_document, ix, story_of),
                     claims->group(per_document, ix, story_of, groups));
  EXPECT_EQ(groups.regrouped(), 0u);
  // Story numbers shifted by one (a new story before them) change nothing.
  std::vector<int> shifted = story_of;
  for (int& s : shifted) ++s;
  expect_same_claims(claims->group(per_document, ix, shifted),
                     claims->group(per_document, ix, shifted, groups));
  EXPECT_EQ(groups.regrouped(), 0u);
  // All documents in one story: the nouns of more than one document are grouped again, and
  // claims that needed a shared place can now join figures of unnamed sentences.
  const std::vector<int> one(docs.size(), 0);
  const auto merged = claims->group(per_document, ix, one, groups);
  expect_same_claims(claims->group(per_document, ix, one), merged);
  EXPECT_GT(groups.regrouped(), 0u);
  EXPECT_LT(groups.regrouped(), nouns);
  // A renamed cluster (as when a later document brings a longer form): the claims naming it
  // change like a fresh grouping's.
  EntityIndex renamed = ix;
  for (auto& c : renamed.clusters) {
    if (c.name == "Korea Utara") c.name = "Republik Rakyat Demokratik Korea";
  }
  expect_same_claims(claims->group(per_document, renamed, one),
                     claims->group(per_document, renamed, one, groups));
  EXPECT_GT(groups.regrouped(), 0u);
  // Fewer documents: nouns that lose every figure are dropped.
  std::vector<const std::vector<ClaimCandidate>*> first_two(per_document.begin(),
                                                            per_document.begin() + 2);
  expect_same_claims(claims->group(first_two, renamed, one),
                     claims->group(first_two, renamed, one, groups));
}

}  // namespace
}  // namespace kabar::corpus
