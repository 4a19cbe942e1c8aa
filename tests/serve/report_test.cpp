// Reports and the corpus view they are built from, over examples/corpus.
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "kabar/ingest/reader.h"
#include "kabar/serve/corpus_view.h"
#include "kabar/serve/report.h"
#include "serve_test_util.h"

namespace kabar::test {
namespace {

namespace fs = std::filesystem;

class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::path dir = temp_dir("kabar-report");
    fs::path db = dir / "kabar.db";
    ingest(db, {std::string(KABAR_EXAMPLES_DIR) + "/corpus"});
    auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(store) << store.error().message;
    auto r = serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2);
    ASSERT_TRUE(r) << r.error().message;
    auto v = serve::load_corpus_view(**store);
    ASSERT_TRUE(v && *v);
    view_ = new std::shared_ptr<const serve::CorpusView>(**v);
    fs::remove_all(dir);
  }
  static void TearDownTestSuite() { delete view_; }
  static const serve::CorpusView& view() { return **view_; }
  static std::shared_ptr<const serve::CorpusView>* view_;
};
std::shared_ptr<const serve::CorpusView>* ReportTest::view_ = nullptr;

TEST_F(ReportTest, ViewFromTheStoreMatchesTheStoredDocuments) {
  EXPECT_EQ(view().document_count(), 17);
  EXPECT_EQ(view().corpus()["documents"].size(), 17u);
  // Re-analysis keeps the stored ids, so every story member resolves.
  for (const auto& st : view().corpus()["stories"]) {
    for (const auto& d : st["documents"])
      EXPECT_FALSE(view().document_brief(d.get<std::string>()).is_null());
  }
}

// The duplicate pairs of the store's table, read as the server does.
serve::CorpusView::DuplicateReader pairs_of(const store::Store& store) {
  return [&store](const std::string& document, int64_t offset, int64_t limit) {
    return store.duplicates(document, offset, limit);
  };
}

// Every pair a view lists (the API's form, with both documents' briefs).
nlohmann::json all_pairs(const serve::CorpusView& v) {
  int64_t total = -1;
  auto pairs = v.duplicates("", 0, 1000000, total);
  EXPECT_TRUE(pairs) << pairs.error().message;
  if (!pairs) return nullptr;
  EXPECT_EQ(total, static_cast<int64_t>(pairs->size()));
  return *pairs;
}

// The stored documents analysed again in one batch, in store order, as one view.
std::shared_ptr<const serve::CorpusView> batch_view(const store::Store& store) {
  auto rows = store.documents();
  EXPECT_TRUE(rows);
  std::vector<Document> docs;
  for (const auto& row : *rows) {
    auto d = serve::stored_document(row);
    EXPECT_TRUE(d) << d.error().message;
    if (d) docs.push_back(std::move(*d));
  }
  auto analyses = models().pipeline->analyze_batch(std::move(docs), 2);
  return serve::CorpusView::build(analyses, models().analyzer->analyze(analyses),
                                  static_cast<int64_t>(analyses.size()));
}

void sql(const fs::path& db, const std::string& statements) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, statements.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "") << " in " << statements;
  sqlite3_free(err);
  sqlite3_close(raw);
}

std::string pair_key(const nlohmann::json& p) {
  return p["a"]["id"].get<std::string>() + "|" + p["b"]["id"].get<std::string>();
}

// The view the store keeps, refreshed incrementally from the stored records, equals the one
// analysed in one batch from the texts; with or without records stored at ingest.
void expect_stored_view_equals_batch(bool with_records) {
  fs::path dir = temp_dir("kabar-view");
  fs::path db = dir / "kabar.db";
  ingest(db, {std::string(KABAR_EXAMPLES_DIR) + "/corpus"}, with_records);
  auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(store) << store.error().message;
  auto none = serve::load_corpus_view(**store);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none) << "nothing persisted yet";
  auto report = serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->documents, 17u);
  EXPECT_EQ(report->added, 17u);
  EXPECT_EQ(report->restored, 0u);
  EXPECT_EQ(report->rebuilt_records, with_records ? 0u : 17u);
  auto loaded = serve::load_corpus_view(**store, {}, pairs_of(**store));
  ASSERT_TRUE(loaded && *loaded);

  // The same documents analysed in one batch, in store order.
  auto batch = batch_view(**store);
  const auto& a = batch->corpus();
  const auto& b = (**loaded)->corpus();
  for (const char* key : {"stories", "entities", "claims"}) EXPECT_EQ(a[key], b[key]) << key;
  EXPECT_FALSE(b.contains("duplicates")) << "a stored view reads its pairs from the table";
  const auto batch_pairs = all_pairs(*batch);
  EXPECT_FALSE(batch_pairs.empty());
  EXPECT_EQ(all_pairs(***loaded), batch_pairs);
  EXPECT_EQ(report->pairs, batch_pairs.size());
  EXPECT_EQ(report->pairs_written, batch_pairs.size());
  EXPECT_EQ(batch->stories(), (**loaded)->stories());
  ASSERT_EQ(a["documents"].size(), b["documents"].size());
  size_t linked = 0, copies = 0;
  for (const auto& d : a["documents"]) {
    auto other = (**loaded)->document(d["id"]);
    ASSERT_TRUE(other);
    ASSERT_EQ(d["entities"].size(), (*other)["entities"].size());
    for (size_t i = 0; i < d["entities"].size(); ++i) {
      EXPECT_EQ(d["entities"][i]["entity"], (*other)["entities"][i]["entity"]);
      linked += d["entities"][i]["entity"].is_string();
    }
    EXPECT_EQ(d["quotes"], (*other)["quotes"]);
    EXPECT_EQ((*batch->document(d["id"]))["duplicates"], (*other)["duplicates"]);
    copies += (*other)["duplicates"].size();
  }
  EXPECT_GT(linked, 50u);
  EXPECT_EQ(copies, 2 * batch_pairs.size());  // each pair is listed by both its documents

  // New documents make the persisted view stale; the next refresh adds only them, keeps every
  // earlier event and story id, and writes only the pairs touching them: a copy of a stored
  // document pairs with it, the pairs of the earlier documents are not written again (marked
  // here so that a rewrite would show).
  fs::path extra = dir / "extra.txt";
  {
    std::ofstream f(extra);
    f << "Harga cabai rawit di Pasar Induk Kramat Jati naik menjadi Rp 80.000 per kilogram pada "
         "Senin (4/3/2024).\n";
  }
  fs::path copy = dir / "copy.txt";
  const std::string copied = a["documents"][0]["id"];
  {
    std::ofstream f(copy);
    f << a["documents"][0]["text"].get<std::string>()
      << "\n\nArtikel ini telah tayang ulang dengan sedikit perubahan oleh redaksi.\n";
  }
  ASSERT_EQ(ingest(db, {extra.string(), copy.string()}, with_records), 2);
  sql(db, "UPDATE document_duplicates SET similarity = -1");
  auto stale = serve::load_corpus_view(**store);
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale);
  auto again = serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->restored, 17u);
  EXPECT_EQ(again->added, 2u);
  EXPECT_EQ(again->documents, 19u);
  auto after = serve::load_corpus_view(**store, {}, pairs_of(**store));
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((**after)->document_count(), 19);
  std::set<std::string> old_ids;
  for (const auto& d : a["documents"]) old_ids.insert(d["id"].get<std::string>());
  auto batch19 = batch_view(**store);
  auto expected = all_pairs(*batch19);
  size_t added_pairs = 0;
  bool pairs_with_copy = false;
  for (auto& p : expected) {
    if (old_ids.count(p["a"]["id"]) && old_ids.count(p["b"]["id"])) {
      p["similarity"] = -1.0;  // not written again
    } else {
      ++added_pairs;
      pairs_with_copy |= p["a"]["id"] == copied;
    }
  }
  EXPECT_TRUE(pairs_with_copy);
  EXPECT_EQ(expected.size(), batch_pairs.size() + added_pairs);
  EXPECT_EQ(again->pairs_written, added_pairs);
  auto stored_pairs = all_pairs(***after);
  ASSERT_EQ(stored_pairs.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(stored_pairs[i], expected[i]) << pair_key(expected[i]);

  std::map<std::string, std::set<std::string>> events_before, events_after;
  for (const auto& st : b["stories"])
    for (const auto& e : st["events"])
      for (const auto& d : e["documents"]) events_before[d.get<std::string>()].insert(e["id"]);
  for (const auto& st : (**after)->corpus()["stories"])
    for (const auto& e : st["events"])
      for (const auto& d : e["documents"]) events_after[d.get<std::string>()].insert(e["id"]);
  for (const auto& [doc, events] : events_before) EXPECT_EQ(events_after[doc], events) << doc;
  EXPECT_EQ(events_after.size(), 19u);

  // A state that cannot be restored is rebuilt from the records: then every pair is written.
  sql(db, "UPDATE corpus_view SET state = NULL");
  auto rebuilt = serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->restored, 0u);
  EXPECT_EQ(rebuilt->added, 19u);
  auto fixed = serve::load_corpus_view(**store, {}, pairs_of(**store));
  ASSERT_TRUE(fixed && *fixed);
  EXPECT_EQ(all_pairs(***fixed), all_pairs(*batch19));
  fs::remove_all(dir);
}

TEST(CorpusViewStore, IncrementalViewEqualsTheBatchOne) { expect_stored_view_equals_batch(true); }

TEST(CorpusViewStore, RecordsOfAnOlderDatabaseAreRebuiltOnce) {
  expect_stored_view_equals_batch(false);
}

// A database of schema 6 kept the pairs and links in the view's JSON text; migrating to 7 drops
// that view, and the next refresh restores the state (clustering nothing again) and writes the
// view, every pair and every document's links.
TEST(CorpusViewStore, ASchemaSixDatabaseGetsItsPairsAndLinksOnTheNextRefresh) {
  fs::path dir = temp_dir("kabar-v6");
  fs::path db = dir / "kabar.db";
  ingest(db, {std::string(KABAR_EXAMPLES_DIR) + "/corpus"});
  {
    auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2));
  }
  sql(db,
      "DROP TABLE document_duplicates; DROP TABLE document_links; "
      "UPDATE corpus_view SET json = json_set(json, '$.duplicates', json('[{\"a\": \"x\"}]'), "
      "'$.links', json('{}')); PRAGMA user_version = 6;");
  auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), store::Store::latest_schema_version());
  EXPECT_EQ(store::Store::latest_schema_version(), 8);
  EXPECT_TRUE((*store)->check_integrity());
  auto stale = serve::load_corpus_view(**store);
  ASSERT_TRUE(stale) << stale.error().message;
  EXPECT_FALSE(*stale) << "the schema-6 view is not used";
  auto state = (*store)->corpus_state();
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->empty()) << "the state survives the migration";
  auto report = serve::refresh_corpus_view(**store, *models().pipeline, *models().analyzer, 2);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->restored, 17u);
  EXPECT_EQ(report->added, 0u);
  auto loaded = serve::load_corpus_view(**store, {}, pairs_of(**store));
  ASSERT_TRUE(loaded && *loaded);
  auto batch = batch_view(**store);
  const auto pairs = all_pairs(*batch);
  EXPECT_FALSE(pairs.empty());
  EXPECT_EQ(report->pairs_written, pairs.size());
  EXPECT_EQ(all_pairs(***loaded), pairs);
  size_t linked = 0;
  for (const auto& d : batch->corpus()["documents"]) {
    auto other = (**loaded)->document(d["id"]);
    ASSERT_TRUE(other);
    ASSERT_EQ(d["entities"].size(), (*other)["entities"].size());
    for (size_t i = 0; i < d["entities"].size(); ++i) {
      EXPECT_EQ(d["entities"][i]["entity"], (*other)["entities"][i]["entity"]);
      linked += (*other)["entities"][i]["entity"].is_string();
    }
    EXPECT_EQ(d["quotes"], (*other)["quotes"]);
  }
  EXPECT_GT(linked, 50u);
  fs::remove_all(dir);
}

TEST_F(ReportTest, HtmlReportOfOneStoryIsSelfContained) {
  const auto& stories = view().corpus()["stories"];
  ASSERT_FALSE(stories.empty());
  const std::string id = stories[0]["id"];
  auto html = serve::render_report(view(), id, serve::ReportFormat::kHtml);
  ASSERT_TRUE(html) << html.error().message;
  EXPECT_EQ(html->rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html->find("<style>"), std::string::npos);
  for (const char* section : {"Timeline", "Sources"})
    EXPECT_NE(html->find(section), std::string::npos) << section;
  for (const char* remote : {"src=\"http", "href=\"http", "<script", "<link", "url(", "@import"}) {
    EXPECT_EQ(html->find(remote), std::string::npos) << remote;
  }
  auto st = view().story(id);
  ASSERT_TRUE(st);
  for (const auto& d : (*st)["documents"]) {
    EXPECT_NE(html->find(d["path"].get<std::string>()), std::string::npos) << "source listed";
  }
}

TEST_F(ReportTest, ConflictsAreMarkedInBothFormats) {
  std::string with_conflict;
  for (const auto& brief : view().stories()) {
    auto st = view().story(brief["id"]);
    for (const auto& c : (*st)["claims"]) {
      if (c["conflict"].get<bool>() && with_conflict.empty()) with_conflict = brief["id"];
    }
  }
  ASSERT_FALSE(with_conflict.empty()) << "the sample corpus has disagreeing figures";
  auto html = serve::render_report(view(), with_conflict, serve::ReportFormat::kHtml);
  auto md = serve::render_report(view(), with_conflict, serve::ReportFormat::kMarkdown);
  ASSERT_TRUE(html && md);
  EXPECT_NE(html->find("sources disagree"), std::string::npos);
  EXPECT_NE(html->find("class=\"outlier\""), std::string::npos);
  EXPECT_NE(md->find("**sources disagree**"), std::string::npos);
  EXPECT_EQ(md->rfind("# ", 0), 0u);
  EXPECT_NE(md->find("### Timeline"), std::string::npos);
}

TEST_F(ReportTest, AllStoriesAndUnknownStory) {
  auto md = serve::render_report(view(), "", serve::ReportFormat::kMarkdown);
  ASSERT_TRUE(md);
  for (const auto& st : view().corpus()["stories"]) {
    EXPECT_NE(md->find("Story " + st["id"].get<std::string>() + " "), std::string::npos);
  }
  auto none = serve::render_report(view(), "S999", serve::ReportFormat::kHtml);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "story S999: not found");
}

TEST_F(ReportTest, MarkupInTheDataIsEscaped) {
  // Titles, quotes and numbers come from articles: markup in them must stay text.
  DocumentMeta meta;
  meta.title = "Banjir <script>alert(1)</script> di Kerinci";
  auto doc = ingest::make_document(
      "evil.txt",
      "JAMBI - Banjir bandang melanda Kerinci pada Senin (11/3/2024). Sedikitnya 9 <b>orang</b> "
      "meninggal. "
      "\"Kami <i>terus</i> mencari | korban,\" kata Kepala BPBD Kerinci Joni Saputra.",
      meta, {});
  ASSERT_TRUE(doc) << doc.error().message;
  std::vector<extract::Analysis> docs;
  docs.push_back(models().pipeline->analyze(std::move(*doc)));
  auto v = serve::CorpusView::build(docs, models().analyzer->analyze(docs), 1);
  ASSERT_FALSE(v->corpus()["stories"].empty());
  auto html = serve::render_report(*v, "", serve::ReportFormat::kHtml);
  auto md = serve::render_report(*v, "", serve::ReportFormat::kMarkdown);
  ASSERT_TRUE(html && md);
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(html->find("<b>orang"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(md->find("\\<script\\>"), std::string::npos);  // a literal "<script>" in Markdown
  for (size_t p = md->find('<'); p != std::string::npos; p = md->find('<', p + 1)) {
    EXPECT_TRUE(p > 0 && (*md)[p - 1] == '\\') << "unescaped < at " << p;
  }
  EXPECT_EQ(md->find("mencari | korban"), std::string::npos) << "pipes would break Markdown tables";
}

}  // namespace
}  // namespace kabar::test

namespace kabar::test {
namespace {

// A story of thousands of documents answers its first lists and their full sizes, not
// hundreds of MB (100,000 scaled articles made a story of 71,487 documents).
TEST(CorpusViewStory, BigStoriesAnswerCutListsWithTheirSizes) {
  nlohmann::json docs = nlohmann::json::array(), ids = nlohmann::json::array(),
                 values = nlohmann::json::array();
  for (int i = 0; i < 1500; ++i) {
    const std::string id = "d" + std::to_string(10000 + i);
    const std::string day = "2024-" + std::string(i < 750 ? "01-" : "02-") +
                            (i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1);
    nlohmann::json quotes = nlohmann::json::array();
    quotes.push_back({{"text", "kata " + std::to_string(i)},
                      {"direct", true},
                      {"speaker", "Pembicara " + std::to_string(i % 150)},
                      {"start", 0},
                      {"end", 5}});
    if (i % 2 == 0)
      quotes.push_back({{"text", "jawab " + std::to_string(i)},
                        {"direct", false},
                        {"speaker", "Juru Bicara"},
                        {"speaker_entity", "E1"},
                        {"start", 6},
                        {"end", 11}});
    docs.push_back({{"id", id},
                    {"title", "Judul " + std::to_string(i)},
                    {"outlet", "Antara"},
                    {"byline", nullptr},
                    {"wires", nlohmann::json::array()},
                    {"language", "id"},
                    {"path", id + ".txt"},
                    {"published", {{"date", day}}},
                    {"quotes", quotes},
                    {"entities", nlohmann::json::array()},
                    {"quantities", nlohmann::json::array()}});
    ids.push_back(id);
    if (i < 120) values.push_back({{"value", i % 3 == 0 ? 10000 : 8000}, {"document", id}});
  }
  nlohmann::json claims = nlohmann::json::array();
  for (int c = 0; c < 250; ++c)
    claims.push_back({{"id", "C" + std::to_string(c)}, {"conflict", true}, {"values", values}});
  nlohmann::json corpus = {
      {"documents", docs},
      {"entities",
       {{{"id", "E1"}, {"name", "Juru Bicara"}, {"type", "PER"}, {"variants", nlohmann::json::array()},
         {"documents", ids}, {"mentions", 1500}}}},
      {"stories",
       {{{"id", "S1"}, {"title", "Besar"}, {"documents", ids}, {"events", nlohmann::json::array()},
         {"timeline", nlohmann::json::array()}, {"summary", nlohmann::json::array()}}}},
      {"claims", claims}};
  auto view = serve::CorpusView::from_json(corpus, 1500);
  auto s = view->story("S1");
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)["document_count"], 1500);
  ASSERT_EQ((*s)["documents"].size(), 1000u);
  EXPECT_EQ((*s)["documents"][0]["published"], "2024-01-01");  // the earliest first
  EXPECT_EQ((*s)["claim_count"], 250);
  ASSERT_EQ((*s)["claims"].size(), 200u);
  EXPECT_EQ((*s)["claims"][0]["value_count"], 120);
  EXPECT_EQ((*s)["claims"][0]["values"].size(), 100u);
  EXPECT_EQ((*s)["speaker_count"], 151);
  ASSERT_EQ((*s)["quotes"].size(), 100u);
  EXPECT_EQ((*s)["quotes"][0]["speaker"], "Juru Bicara");  // the most quoted first
  EXPECT_EQ((*s)["quotes"][0]["count"], 750);  // each speaker's full count is kept
  EXPECT_EQ((*s)["quotes"][0]["quotes"].size(), 20u);
  EXPECT_EQ((*s)["quotes"][1]["count"], 10);
  // The coverage chart still counts every document.
  int64_t covered = 0;
  for (const auto& c : (*s)["coverage"]) covered += c["count"].get<int64_t>();
  EXPECT_EQ(covered, 1500);

  // The same for an entity named in every document: its first 1,000 documents, its first 200
  // quotes (those resolved to it: every other document's), its stories from all of them.
  auto e = view->entity("E1");
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["document_count"], 1500);
  EXPECT_EQ((*e)["documents"].size(), 1000u);
  EXPECT_EQ((*e)["quote_count"], 750);
  ASSERT_EQ((*e)["quotes"].size(), 200u);
  EXPECT_EQ((*e)["quotes"][1]["document"], "d10002");
  ASSERT_EQ((*e)["stories"].size(), 1u);
  EXPECT_EQ((*e)["stories"][0]["id"], "S1");

  // A report of it keeps the caps and says so, under each cut list.
  for (auto format : {serve::ReportFormat::kMarkdown, serve::ReportFormat::kHtml}) {
    auto report = serve::render_report(*view, "S1", format);
    ASSERT_TRUE(report) << report.error().message;
    for (const char* note :
         {"The earliest 1000 of 1500 documents.", "The first 200 of 250 claims.",
          "The first 100 of 120 values.", "The first 100 of 151 speakers, the most quoted.",
          "The first 20 of 750 quotes."})
      EXPECT_NE(report->find(note), std::string::npos) << note;
  }
}

}  // namespace
}  // namespace kabar::test
