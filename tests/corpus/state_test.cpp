#include "kabar/corpus/state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "corpus_test_util.h"

using kabar::corpus::CorpusAnalysis;
using kabar::corpus::CorpusAnalyzer;
using kabar::corpus::CorpusState;
using kabar::corpus::DocRecord;
using kabar::extract::Analysis;
using kabar::test::analysis;

namespace {

std::shared_ptr<const CorpusAnalyzer> analyzer() {
  static const auto a = std::make_shared<const CorpusAnalyzer>(*CorpusAnalyzer::load(KABAR_SOURCE_DATA_DIR));
  return a;
}

const std::string kFloodA =
    "Banjir bandang menerjang Kabupaten Kerinci, Jambi. Sungai meluap setelah hujan deras dan merendam "
    "ratusan rumah warga di empat kecamatan. Badan penanggulangan bencana mencatat tiga warga meninggal.";
const std::string kFloodB =
    "Korban meninggal akibat banjir bandang di Kerinci, Jambi, bertambah. Badan penanggulangan bencana "
    "menyebut ratusan rumah warga terendam setelah sungai meluap karena hujan deras di empat kecamatan.";
const std::string kFloodC =
    "Warga Kerinci, Jambi, mulai membersihkan rumah dari lumpur setelah banjir bandang surut. Badan "
    "penanggulangan bencana menyalurkan bantuan bagi ratusan warga yang rumahnya terendam di empat kecamatan.";
const std::string kWageA =
    "Pemerintah provinsi menetapkan upah minimum tahun depan naik enam persen. Serikat buruh menilai "
    "kenaikan upah itu belum cukup menutup kenaikan harga kebutuhan pokok, sementara pengusaha keberatan.";
const std::string kWageB =
    "Serikat buruh berunjuk rasa menolak penetapan upah minimum yang hanya naik enam persen. Mereka "
    "menuntut kenaikan upah sepuluh persen karena harga kebutuhan pokok terus naik.";
const std::string kChiliA =
    "Harga cabai rawit di pasar tradisional Kota Bandung melonjak tajam menjelang akhir tahun karena "
    "pasokan dari sentra produksi di Garut dan Lembang berkurang akibat cuaca buruk berkepanjangan. "
    "Pedagang mengaku penjualan turun karena pembeli mengurangi jumlah belanja mereka setiap hari.";
const std::string kChiliB =
    "Pedagang pasar tradisional di Bandung mengeluhkan harga cabai rawit yang terus melonjak. Pasokan "
    "cabai dari Garut dan Lembang berkurang karena cuaca buruk, sehingga pembeli mengurangi belanja.";
const std::string kTrainA =
    "Kereta cepat Jakarta-Bandung mencatat rekor penumpang selama libur panjang akhir pekan. Operator "
    "menambah jadwal perjalanan karena tiket habis terjual sejak beberapa hari sebelumnya.";
const std::string kTrainB =
    "Operator kereta cepat Jakarta-Bandung kembali menambah jadwal perjalanan. Jumlah penumpang melonjak "
    "dan tiket untuk libur panjang akhir pekan habis terjual.";
// kFloodA republished by another outlet with a line of boilerplate.
const std::string kFloodACopy = kFloodA + "\nBaca juga: jembatan putus di Sumatera. Ikuti berita terkini di aplikasi kami.";

struct Corpus {
  std::vector<Analysis> docs;
  std::map<std::string, const Analysis*> by_id;
  void add(const std::string& text, const std::string& path, const std::string& date) {
    docs.push_back(analysis(text, path, date));
  }
  void index() {
    for (const auto& d : docs) by_id[d.doc.id] = &d;
  }
  std::vector<const Analysis*> range(size_t from, size_t to) const {
    std::vector<const Analysis*> out;
    for (size_t i = from; i < to && i < docs.size(); ++i) out.push_back(&docs[i]);
    return out;
  }
  CorpusState::Loader loader() const {
    return [this](const std::string& id) -> std::optional<Analysis> {
      auto it = by_id.find(id);
      if (it == by_id.end()) return std::nullopt;
      return *it->second;
    };
  }
};

// The corpus in publication order.
Corpus chronological() {
  Corpus c;
  c.add(kFloodA, "flood-a", "2024-03-04");
  c.add(kWageA, "wage-a", "2024-03-04");
  c.add(kChiliA, "chili-a", "2024-03-05");
  c.add(kFloodB, "flood-b", "2024-03-05");
  c.add(kFloodACopy, "flood-a-copy", "2024-03-06");
  c.add(kWageB, "wage-b", "2024-03-06");
  c.add(kTrainA, "train-a", "2024-03-07");
  c.add(kChiliB, "chili-b", "2024-03-07");
  c.add(kFloodC, "flood-c", "2024-03-08");
  c.add(kTrainB, "train-b", "2024-03-09");
  c.index();
  return c;
}

// Events and stories as "S1[V1:0,3 V2:5]" lines, by document path.
std::string membership(const CorpusAnalysis& a, const std::vector<const Analysis*>& docs) {
  std::string out;
  for (const auto& s : a.stories) {
    out += s.id + "[";
    for (const auto& e : s.events) {
      out += e.id + ":";
      for (int d : e.documents) out += docs[d]->doc.path + ",";
      out += " ";
    }
    out += "]\n";
  }
  return out;
}

std::string pairs(const CorpusAnalysis& a, const std::vector<const Analysis*>& docs) {
  std::string out;
  for (const auto& p : a.duplicates) {
    out += docs[p.a]->doc.path + "~" + docs[p.b]->doc.path + (p.near_duplicate ? " near" : "") + "\n";
  }
  return out;
}

// Everything of the analysis that a view shows, documents by path.
std::string full(const CorpusAnalysis& a, const std::vector<const Analysis*>& docs) {
  std::string out = membership(a, docs) + pairs(a, docs);
  for (const auto& s : a.stories) {
    out += s.id + " " + s.title + "\n";
    for (const auto& e : s.events) out += " " + e.id + " " + e.title + " " + e.date.value_or("-") + "\n";
    for (const auto& x : s.summary) out += " S " + docs[x.document]->doc.path + " " + x.text + "\n";
    for (const auto& x : s.timeline) out += " T " + x.date + " " + docs[x.document]->doc.path + " " + x.text + "\n";
  }
  for (const auto& p : a.duplicates) {
    for (const auto& x : p.passages) {
      out += " P " + std::to_string(x.a.start) + "-" + std::to_string(x.a.end) + " " + std::to_string(x.b.start) + "-" +
             std::to_string(x.b.end) + "\n";
    }
  }
  for (const auto& c : a.entities.clusters) out += "E " + c.id + " " + c.name + "\n";
  for (const auto& c : a.claims) {
    out += "C " + c.id + " " + c.topic + (c.conflict ? " conflict" : "") + "\n";
    for (const auto& v : c.values) out += " " + docs[v.document]->doc.path + " " + v.phrase + "\n";
  }
  return out;
}

// The documents of a state in record order (ids → the corpus's analyses).
std::vector<const Analysis*> state_docs(const CorpusState& s, const Corpus& c) {
  std::vector<const Analysis*> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(c.by_id.at(s.record(i).id));
  return out;
}

}  // namespace

TEST(CorpusState, IncrementalEqualsBatchInPublicationOrder) {
  const Corpus c = chronological();
  const CorpusAnalysis batch = analyzer()->analyze(c.docs);
  const auto all = c.range(0, c.docs.size());
  ASSERT_GE(batch.stories.size(), 3u);
  ASSERT_FALSE(batch.duplicates.empty());
  for (size_t step : {1u, 3u, 4u}) {
    CorpusState state(analyzer());
    for (size_t i = 0; i < c.docs.size(); i += step) state.add(c.range(i, i + step), c.loader());
    EXPECT_EQ(membership(state.analysis(), all), membership(batch, all)) << "batches of " << step;
    EXPECT_EQ(pairs(state.analysis(), all), pairs(batch, all)) << "batches of " << step;
  }
}

TEST(CorpusState, LaterBatchesNeverRenumberEventsOrStories) {
  const Corpus c = chronological();
  // The newer half first, then the older half: in one batch the older documents would take the
  // first ids.
  CorpusState state(analyzer());
  state.add(c.range(5, 10), c.loader());
  const CorpusAnalysis before = state.analysis();
  std::map<std::string, std::vector<std::string>> event_docs, story_docs;
  const auto first_docs = state_docs(state, c);
  for (const auto& s : before.stories) {
    for (int d : s.documents) story_docs[s.id].push_back(first_docs[d]->doc.id);
    for (const auto& e : s.events) {
      for (int d : e.documents) event_docs[e.id].push_back(first_docs[d]->doc.id);
    }
  }
  state.add(c.range(0, 5), c.loader());
  const CorpusAnalysis after = state.analysis();
  const auto docs = state_docs(state, c);
  std::map<std::string, std::vector<std::string>> event_after, story_after;
  for (const auto& s : after.stories) {
    for (int d : s.documents) story_after[s.id].push_back(docs[d]->doc.id);
    for (const auto& e : s.events) {
      for (int d : e.documents) event_after[e.id].push_back(docs[d]->doc.id);
    }
  }
  for (const auto& [id, members] : event_docs) {
    ASSERT_TRUE(event_after.count(id)) << id;
    for (const auto& d : members) {
      EXPECT_NE(std::find(event_after[id].begin(), event_after[id].end(), d), event_after[id].end()) << id;
    }
  }
  for (const auto& [id, members] : story_docs) {
    ASSERT_TRUE(story_after.count(id)) << id;
    for (const auto& d : members) {
      EXPECT_NE(std::find(story_after[id].begin(), story_after[id].end(), d), story_after[id].end()) << id;
    }
  }
  // The older flood reports joined the flood story of the first batch rather than a new one.
  EXPECT_GT(event_after.size(), event_docs.size());
  size_t flood_stories = 0;
  for (const auto& s : after.stories) {
    bool flood = false;
    for (int d : s.documents) flood |= docs[d]->doc.path.rfind("flood", 0) == 0;
    flood_stories += flood;
  }
  EXPECT_EQ(flood_stories, 1u) << membership(after, docs);
}

TEST(CorpusState, SaveRestoreAddEqualsAddWithoutSave) {
  const Corpus c = chronological();
  CorpusState direct(analyzer());
  direct.add(c.range(2, 7), c.loader());
  const std::string saved = direct.save();
  std::vector<DocRecord> records;
  for (size_t i = 0; i < direct.size(); ++i) {
    auto r = kabar::corpus::decode(kabar::corpus::encode(direct.record(i)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    records.push_back(std::move(*r));
  }
  CorpusState restored(analyzer());
  auto st = restored.restore(std::move(records), saved);
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(restored.size(), direct.size());
  EXPECT_EQ(full(restored.analysis(), state_docs(restored, c)), full(direct.analysis(), state_docs(direct, c)));
  EXPECT_EQ(restored.save(), saved);

  std::vector<const Analysis*> rest = c.range(0, 2);
  for (auto* a : c.range(7, 10)) rest.push_back(a);
  direct.add(rest, c.loader());
  restored.add(rest, c.loader());
  EXPECT_EQ(full(restored.analysis(), state_docs(restored, c)), full(direct.analysis(), state_docs(direct, c)));
  EXPECT_EQ(restored.save(), direct.save());
}

TEST(CorpusState, DuplicateOfAnEarlierBatchIsFound) {
  const Corpus c = chronological();
  const Analysis& original = c.docs[0];  // kFloodA
  const Analysis& copy = c.docs[4];      // kFloodACopy
  CorpusState state(analyzer());
  state.add({&original, &c.docs[1]}, c.loader());
  EXPECT_TRUE(state.analysis().duplicates.empty());
  // Through save and restore too: the earlier document's fingerprint comes from its record.
  std::vector<DocRecord> records;
  for (size_t i = 0; i < state.size(); ++i) records.push_back(*kabar::corpus::decode(kabar::corpus::encode(state.record(i))));
  CorpusState restored(analyzer());
  ASSERT_TRUE(restored.restore(std::move(records), state.save()).ok());
  for (CorpusState* s : {&state, &restored}) {
    s->add({&copy, &c.docs[2]}, c.loader());
    const auto found = s->analysis().duplicates;
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].a, 0);
    EXPECT_EQ(found[0].b, 2);
    EXPECT_TRUE(found[0].near_duplicate);
    ASSERT_FALSE(found[0].passages.empty());
    for (const auto& p : found[0].passages) {
      EXPECT_EQ(p.a.in(original.doc.text), p.b.in(copy.doc.text));
    }
    // The copy joined the original's event.
    for (const auto& story : s->analysis().stories) {
      for (const auto& e : story.events) {
        if (std::find(e.documents.begin(), e.documents.end(), 2) != e.documents.end()) {
          EXPECT_EQ(e.id, "V1");
        }
      }
    }
  }
}

TEST(CorpusState, RecordsRoundTripAndRejectTruncatedOrGarbageBytes) {
  auto a = analysis(kFloodA + "\n" + kFloodB, "a", "2024-03-04");
  a.doc.meta.title = "Banjir bandang di Kerinci";
  a.entities.push_back({kabar::Span{31, 39}, kabar::extract::EntityType::kLoc, "Kerinci", std::nullopt, "Indonesia", 0.9f,
                        std::nullopt, true});
  CorpusState state(analyzer());
  const DocRecord r = state.record(a);
  EXPECT_EQ(r.story.title, "Banjir bandang di Kerinci");
  EXPECT_TRUE(r.story.headline);
  EXPECT_FALSE(r.dedup.print.shingles.empty());
  const std::string bytes = kabar::corpus::encode(r);
  auto back = kabar::corpus::decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(kabar::corpus::encode(*back), bytes);
  EXPECT_EQ(back->mentions.size(), 1u);
  EXPECT_EQ(back->mentions[0].linked_country, "Indonesia");
  EXPECT_EQ(back->story.counts, r.story.counts);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(kabar::corpus::decode(bytes.substr(0, n)).ok()) << "prefix of " << n << " bytes";
  }
  EXPECT_FALSE(kabar::corpus::decode(bytes + "x").ok());
  std::string garbage(bytes.size(), '\xff');
  EXPECT_FALSE(kabar::corpus::decode(garbage).ok());
  garbage[0] = bytes[0];  // the right version byte, then nonsense
  EXPECT_FALSE(kabar::corpus::decode(garbage).ok());
  std::string other_version = bytes;
  other_version[0] = 99;
  EXPECT_FALSE(kabar::corpus::decode(other_version).ok());
  // Any one corrupted byte: an Error or a record whose parts hang together (never a crash; the
  // sanitizer build checks the reads), and a decoded record's word spans cover its shingles.
  for (size_t i = 1; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto d = kabar::corpus::decode(bad);
    if (!d.ok()) continue;
    std::vector<kabar::Span> words;
    EXPECT_TRUE(kabar::corpus::decode_word_spans(d->dedup.words, words));
    EXPECT_GE(words.size(), d->dedup.print.shingles.size());
    EXPECT_EQ(std::count(d->story.terms.begin(), d->story.terms.end(), '\0'), static_cast<long>(d->story.counts.size()));
  }
}

TEST(CorpusState, AKnownContentIdIsSkippedUnlessRepeatsAreKept) {
  const Corpus c = chronological();
  const Analysis again = c.docs[0];
  CorpusState state(analyzer());
  state.add({&c.docs[0], &again, &c.docs[1]}, c.loader());
  EXPECT_EQ(state.size(), 2u);
  state.add({&again}, c.loader());
  EXPECT_EQ(state.size(), 2u);
  CorpusState keep(analyzer());
  keep.add({&c.docs[0], &again}, c.loader(), CorpusState::Repeats::kKeep);
  ASSERT_EQ(keep.size(), 2u);
  const auto found = keep.analysis().duplicates;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].exact);
}

TEST(CorpusState, RestoreRejectsACorruptOrMismatchedSavedState) {
  const Corpus c = chronological();
  CorpusState state(analyzer());
  state.add(c.range(0, 6), c.loader());
  const std::string saved = state.save();
  std::vector<DocRecord> records;
  for (size_t i = 0; i < state.size(); ++i) records.push_back(state.record(i));
  for (size_t n : {size_t{0}, size_t{3}, saved.size() / 3, saved.size() / 2, saved.size() - 1}) {
    CorpusState s(analyzer());
    EXPECT_FALSE(s.restore(records, saved.substr(0, n)).ok()) << "prefix of " << n << " bytes";
    EXPECT_EQ(s.size(), 0u);
  }
  {
    CorpusState s(analyzer());
    EXPECT_FALSE(s.restore(records, std::string(saved.size(), '\x01')).ok());
  }
  {
    CorpusState s(analyzer());
    EXPECT_FALSE(s.restore(records, saved + "z").ok());
  }
  {  // a record missing from the store
    CorpusState s(analyzer());
    std::vector<DocRecord> fewer(records.begin(), records.end() - 1);
    EXPECT_FALSE(s.restore(fewer, saved).ok());
  }
  {  // an extra record that the state never clustered
    CorpusState s(analyzer());
    std::vector<DocRecord> more = records;
    more.push_back(state.record(c.docs[7]));
    EXPECT_FALSE(s.restore(more, saved).ok());
  }
  CorpusState ok(analyzer());
  EXPECT_TRUE(ok.restore(records, saved).ok());
}
