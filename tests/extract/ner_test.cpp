// The NER model: tag mapping, features, Viterbi, train-then-tag, save/load, and the check that
// no test sentence of a public NER set is in the shipped model's training data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kabar/extract/ner.h"

namespace kabar::extract {
namespace {

const std::filesystem::path kShared = KABAR_SHARED_DIR;

std::vector<std::string_view> views(const std::vector<std::string>& w) {
  return {w.begin(), w.end()};
}

NerSentence sent(const std::string& line) {
  // "Word/TAG Word/TAG ..." with TAG in O, B-PER, I-PER, …
  NerSentence s;
  std::istringstream in(line);
  std::string tok;
  while (in >> tok) {
    const size_t slash = tok.rfind('/');
    s.words.push_back(tok.substr(0, slash));
    s.tags.push_back(map_ner_tag(tok.substr(slash + 1)));
  }
  return s;
}

TEST(NerTags, MapsDataSetTagSets) {
  EXPECT_EQ(map_ner_tag("B-PERSON"), ner_begin(EntityType::kPer));
  EXPECT_EQ(map_ner_tag("I-PPL"), ner_inside(EntityType::kPer));
  EXPECT_EQ(map_ner_tag("B-PLACE"), ner_begin(EntityType::kLoc));
  EXPECT_EQ(map_ner_tag("B-PLC"), ner_begin(EntityType::kLoc));
  EXPECT_EQ(map_ner_tag("I-LOCATION"), ner_inside(EntityType::kLoc));
  EXPECT_EQ(map_ner_tag("B-ORGANISATION"), ner_begin(EntityType::kOrg));
  EXPECT_EQ(map_ner_tag("B-IND"), ner_begin(EntityType::kOrg));
  EXPECT_EQ(map_ner_tag("B-EVT"), ner_begin(EntityType::kMisc));
  EXPECT_EQ(map_ner_tag("I-FNB"), ner_inside(EntityType::kMisc));
  EXPECT_EQ(map_ner_tag("B-QUANTITY"), kTagO);
  EXPECT_EQ(map_ner_tag("I-TIME"), kTagO);
  EXPECT_EQ(map_ner_tag("O"), kTagO);
  EXPECT_EQ(map_ner_tag(""), kTagO);
  EXPECT_STREQ(ner_tag_name(ner_inside(EntityType::kMisc)), "I-MISC");
}

TEST(NerFeatures, DependOnContextAndDomain) {
  NerLexicon lex;  // empty
  NerScratch s;
  const std::vector<std::string> a = {"kata", "Lavrov", "kepada", "wartawan"};
  const std::vector<std::string> b = {"kata", "Lavrov", "di", "Moskow"};
  NerModel::extract_features(views(a), lex, NerDomain::kGeneral, s);
  ASSERT_EQ(s.offsets.size(), a.size() + 1);
  const std::vector<uint32_t> fa(s.feats.begin() + s.offsets[1], s.feats.begin() + s.offsets[2]);
  EXPECT_GT(fa.size(), 25u);
  NerModel::extract_features(views(b), lex, NerDomain::kGeneral, s);
  const std::vector<uint32_t> fb(s.feats.begin() + s.offsets[1], s.feats.begin() + s.offsets[2]);
  ASSERT_EQ(fa.size(), fb.size());
  size_t same = 0;
  for (size_t i = 0; i < fa.size(); ++i) same += fa[i] == fb[i];
  EXPECT_GT(same, fa.size() / 2);  // word, affixes, shape, left context agree
  EXPECT_LT(same, fa.size());      // right context differs
  // Domain copies double the features; general features stay the same.
  NerModel::extract_features(views(b), lex, NerDomain::kNerp, s);
  const std::vector<uint32_t> fd(s.feats.begin() + s.offsets[1], s.feats.begin() + s.offsets[2]);
  ASSERT_EQ(fd.size(), 2 * fb.size());
  for (size_t i = 0; i < fb.size(); ++i) EXPECT_EQ(fd[2 * i], fb[i]);
}

TEST(NerFeatures, CaseMattersOnlyInCasedSentences) {
  NerLexicon lex;
  NerScratch s;
  const std::vector<std::string> lower = {"menurut", "joko", "widodo"};
  const std::vector<std::string> upper = {"menurut", "Joko", "Widodo"};
  NerModel::extract_features(views(lower), lex, NerDomain::kGeneral, s);
  const std::vector<uint32_t> fl(s.feats.begin() + s.offsets[1], s.feats.begin() + s.offsets[2]);
  NerModel::extract_features(views(upper), lex, NerDomain::kGeneral, s);
  const std::vector<uint32_t> fu(s.feats.begin() + s.offsets[1], s.feats.begin() + s.offsets[2]);
  EXPECT_GT(fu.size(), fl.size());  // raw word and capitalisation features only when cased
}

TEST(NerViterbi, RespectsBioAndTransitions) {
  constexpr int T = kNerTags;
  NerScratch s;
  std::vector<uint8_t> tags;
  // Emissions prefer I-PER everywhere; with zero transitions BIO forces B-PER first.
  std::vector<float> emit(3 * T, 0.0f);
  for (int i = 0; i < 3; ++i) emit[i * T + ner_inside(EntityType::kPer)] = 2.0f;
  std::vector<float> trans((T + 1) * T, 0.0f);
  for (int i = 0; i < 3; ++i) emit[i * T + ner_begin(EntityType::kPer)] = 1.0f;
  NerModel::viterbi(emit, 3, trans, s, tags);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0], ner_begin(EntityType::kPer));
  EXPECT_EQ(tags[1], ner_inside(EntityType::kPer));
  EXPECT_EQ(tags[2], ner_inside(EntityType::kPer));
  // A strong penalty on I-PER → I-PER makes the decoder restart with B-PER.
  trans[ner_inside(EntityType::kPer) * T + ner_inside(EntityType::kPer)] = -5.0f;
  NerModel::viterbi(emit, 3, trans, s, tags);
  EXPECT_EQ(tags[1], ner_inside(EntityType::kPer));
  EXPECT_EQ(tags[2], ner_begin(EntityType::kPer));
  // I-LOC after B-PER is never produced.
  std::vector<float> e2(2 * T, 0.0f);
  e2[0 * T + ner_begin(EntityType::kPer)] = 5.0f;
  e2[1 * T + ner_inside(EntityType::kLoc)] = 5.0f;
  std::fill(trans.begin(), trans.end(), 0.0f);
  NerModel::viterbi(e2, 2, trans, s, tags);
  EXPECT_EQ(tags[0], ner_begin(EntityType::kPer));
  EXPECT_NE(tags[1], ner_inside(EntityType::kLoc));
  NerModel::viterbi({}, 0, trans, s, tags);
  EXPECT_TRUE(tags.empty());
}

std::vector<NerSentence> tiny_corpus() {
  return {
      sent("Presiden/O Joko/B-PER Widodo/I-PER tiba/O di/O Jakarta/B-LOC ./O"),
      sent("Menteri/O Sri/B-PER Mulyani/I-PER berbicara/O di/O Bandung/B-LOC ./O"),
      sent("Bank/B-ORG Indonesia/I-ORG menaikkan/O suku/O bunga/O ./O"),
      sent("Warga/O Surabaya/B-LOC menyambut/O Joko/B-PER Widodo/I-PER ./O"),
      sent("Juru/O bicara/O Bank/B-ORG Indonesia/I-ORG tiba/O di/O Jakarta/B-LOC ./O"),
      sent("Sri/B-PER Mulyani/I-PER dan/O Joko/B-PER Widodo/I-PER bertemu/O di/O Surabaya/B-LOC ./O"),
      sent("harga/O beras/O naik/O lagi/O ./O"),
  };
}

TEST(NerModel, TrainThenTagIsDeterministic) {
  NerLexicon lex;
  const auto data = tiny_corpus();
  NerTrainConfig cfg;
  cfg.epochs = 8;
  NerModel m1 = NerModel::train(data, lex, cfg);
  NerModel m2 = NerModel::train(data, lex, cfg);
  NerScratch s;
  std::vector<uint8_t> t1, t2;
  std::vector<float> conf;
  for (const auto& x : data) {
    const auto w = views(x.words);
    m1.tag(w, lex, s, t1, &conf);
    m2.tag(w, lex, s, t2);
    EXPECT_EQ(t1, x.tags) << x.words[0];
    EXPECT_EQ(t1, t2);
    ASSERT_EQ(conf.size(), w.size());
    for (float c : conf) {
      EXPECT_GE(c, 0.0f);
      EXPECT_LE(c, 1.0f);
    }
  }
  // Unseen sentence: the learnt context ("di" + capitalised word → LOC) generalises.
  const std::vector<std::string> unseen = {"Joko", "Widodo", "tiba", "di", "Bandung", "."};
  m1.tag(views(unseen), lex, s, t1);
  EXPECT_EQ(t1[0], ner_begin(EntityType::kPer));
  EXPECT_EQ(t1[4], ner_begin(EntityType::kLoc));

  // Save/load round trip gives the same bytes and the same tags.
  const auto dir = std::filesystem::temp_directory_path();
  const auto f1 = dir / "kabar_ner_test_1.bin", f2 = dir / "kabar_ner_test_2.bin";
  ASSERT_TRUE(m1.save(f1).ok());
  ASSERT_TRUE(m2.save(f2).ok());
  std::ifstream a(f1, std::ios::binary), b(f2, std::ios::binary);
  const std::string ba((std::istreambuf_iterator<char>(a)), {}), bb((std::istreambuf_iterator<char>(b)), {});
  EXPECT_EQ(ba, bb);
  auto loaded = NerModel::load(f1);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  for (const auto& x : data) {
    loaded->tag(views(x.words), lex, s, t2);
    m1.tag(views(x.words), lex, s, t1);
    EXPECT_EQ(t1, t2);
  }
  // Corrupt files are errors, not crashes.
  {
    std::ofstream o(f2, std::ios::binary | std::ios::trunc);
    o << ba.substr(0, ba.size() / 2);
  }
  EXPECT_FALSE(NerModel::load(f2).ok());
  EXPECT_FALSE(NerModel::load(dir / "kabar_no_such_model.bin").ok());
  std::filesystem::remove(f1);
  std::filesystem::remove(f2);
}

TEST(NerLexicon, MatchesGazetteerAndRoles) {
  const auto dir = std::filesystem::temp_directory_path() / "kabar_ner_lex_test";
  std::filesystem::create_directories(dir / "gazetteer");
  std::filesystem::create_directories(dir / "models");
  {
    std::ofstream(dir / "models" / "ner.words.tsv") << "# none\n";
    std::ofstream e(dir / "gazetteer" / "entities.tsv");
    e << "# test\nLOC\tKorea Utara\tKorut\tkind=country\nLOC\tMoskow\tMoskwa\tkind=capital;country=Rusia\n"
         "ORG\tPerserikatan Bangsa-Bangsa\tPBB\tkind=intl_org\n";
    std::ofstream r(dir / "gazetteer" / "roles.tsv");
    r << "Menteri Luar Negeri\tMenteri Luar Negeri\ttitle\nMenteri\tMenteri\ttitle\n";
  }
  auto lex = NerLexicon::load(dir);
  ASSERT_TRUE(lex.ok()) << lex.error().message;
  const std::vector<std::string> w = {"menteri", "luar", "negeri", "korea", "utara", "ke", "moskwa", "pbb"};
  const auto v = views(w);
  std::vector<uint8_t> g, r;
  lex->gazetteer_marks(v, g);
  const int loc = 2 * int(EntityType::kLoc);
  EXPECT_EQ(g[3], 1u << loc);
  EXPECT_EQ(g[4], 2u << loc);
  EXPECT_EQ(g[5], 0u);
  EXPECT_EQ(g[6], 1u << loc);
  lex->role_marks(v, r);
  EXPECT_EQ(r[0], 1u);
  EXPECT_EQ(r[2], 3u);  // inside + end of "menteri luar negeri" (longest match)
  EXPECT_EQ(r[3], 0u);
  const std::vector<NerLexicon::Entry>* entries = nullptr;
  ASSERT_EQ(lex->match_entity(v, 6, &entries), 1u);
  EXPECT_EQ(entries->front().country, "Rusia");
  EXPECT_TRUE(lex->has_variant(v, 7, 1, "PBB"));
  EXPECT_FALSE(lex->has_variant(v, 7, 1, "pbb"));
  EXPECT_FALSE(NerLexicon::load(dir / "missing").ok());
  EXPECT_TRUE(NerLexicon::load(dir / "missing", /*optional=*/true).ok());
  std::filesystem::remove_all(dir);
}

TEST(NerKeys, IgnoreTokenisation) {
  const std::vector<std::string> a = {"Kata", "Lavrov", ",", "\"", "tidak", "\"", "."};
  EXPECT_EQ(ner_sentence_key(a), ner_sentence_key("kata Lavrov, \"tidak\"."));
  EXPECT_NE(ner_sentence_key(a), ner_sentence_key("kata Lavrov, \"ya\"."));
}

// The hashing check: no sentence of any test split (NERGrit, NERP, idner-news-2k, NER UGM and
// NER UI folds, Syaifudin's Kompas test file) is in the shipped model's training data.
TEST(NerTrainingData, HoldsNoTestSentence) {
  if (!std::filesystem::exists(kShared / "data" / "ner-indonlu")) {
    GTEST_SKIP() << kShared << "/data not found: skipped";
  }
  auto keys = ner_test_keys(kShared);
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_GT(keys->size(), 5000u);
  std::string log;
  auto data = ner_training_data(kShared, *keys, &log);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_GT(data->size(), 6000u) << log;
  for (const auto& s : *data) {
    ASSERT_EQ(keys->count(ner_sentence_key(s.words)), 0u) << s.words[0];
  }
  // The Kompas sets (idner-news-2k, NER UGM) and NER UI are covered by test folds: nothing of
  // them but stray sentences may remain.
  size_t kompas = 0, nerui = 0;
  for (const auto& s : *data) {
    kompas += s.domain == NerDomain::kKompas;
    nerui += s.domain == NerDomain::kNerui;
  }
  EXPECT_LT(kompas, 100u) << log;
  EXPECT_EQ(nerui, 0u) << log;
  // Every test split, read independently, is disjoint from the training data.
  const auto d = kShared / "data";
  for (const auto& f : {d / "ner-indonlu/nergrit/test_preprocess.txt", d / "ner-indonlu/nerp/test_preprocess.txt",
                        d / "ner-indolem/nerui/test.03.tsv", d / "ner-idner-news-2k/test.txt"}) {
    auto test = read_conll(f, NerDomain::kGeneral);
    ASSERT_TRUE(test.ok()) << test.error().message;
    std::unordered_set<uint64_t> tk;
    for (const auto& s : *test) tk.insert(ner_sentence_key(s.words));
    for (const auto& s : *data) ASSERT_EQ(tk.count(ner_sentence_key(s.words)), 0u) << f;
  }
}

}  // namespace
}  // namespace kabar::extract
