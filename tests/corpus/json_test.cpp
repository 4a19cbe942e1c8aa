#include "kabar/corpus/json.h"

#include <gtest/gtest.h>

using kabar::extract::Analysis;

TEST(CorpusJson, EmptyLayersStillCarryEveryField) {
  Analysis a;
  a.doc.id = "0123456789abcdef";
  a.doc.path = "x.txt";
  a.doc.text = "Teks.";
  a.text.language.code = "id";
  auto j = kabar::corpus::document_json(a, nullptr, -1);
  for (const char* f : {"id", "path", "language", "title", "text", "outlet", "byline", "dateline", "published",
                        "wires", "entities", "quotes", "quantities", "dates", "warnings"}) {
    EXPECT_TRUE(j.contains(f)) << f;
  }
  EXPECT_TRUE(j["title"].is_null());
  EXPECT_TRUE(j["published"]["date"].is_null());
  EXPECT_EQ(j["published"]["inferred"], false);
  EXPECT_TRUE(j["entities"].is_array());
}

TEST(CorpusJson, QuoteSpeakerIsTheClusterName) {
  Analysis a;
  a.doc.id = "d1";
  a.doc.text = "“Kami siap,” kata Lavrov.";
  kabar::extract::EntityMention m;
  m.span = {24, 30};
  m.type = kabar::extract::EntityType::kPer;
  m.text = "Lavrov";
  a.entities.push_back(m);
  kabar::extract::Quote q;
  q.span = {3, 12};
  q.speaker = "Lavrov";
  q.speaker_mention = 0;
  a.quotes.push_back(q);
  kabar::corpus::CorpusAnalysis c;
  c.entities.clusters.push_back({"E1", "Sergei Lavrov", kabar::extract::EntityType::kPer, {"Lavrov"}, {"d1"}, 1, {}, {}});
  c.entities.of_mention = {{0}};
  auto j = kabar::corpus::corpus_json({a}, c);
  EXPECT_EQ(j["documents"][0]["quotes"][0]["speaker"], "Sergei Lavrov");
  EXPECT_EQ(j["documents"][0]["quotes"][0]["speaker_entity"], "E1");
  EXPECT_EQ(j["documents"][0]["entities"][0]["entity"], "E1");
  EXPECT_EQ(j["entities"][0]["variants"][0], "Lavrov");
}

TEST(CorpusJson, WholeNumbersPrintAsIntegers) {
  Analysis a;
  a.doc.text = "sekitar 10.000 tentara";
  kabar::extract::Quantity q;
  q.span = {0, 22};
  q.value = 10000;
  q.unit = "tentara";
  q.qualifier = kabar::extract::Qualifier::kApprox;
  a.quantities.push_back(q);
  auto j = kabar::corpus::document_json(a, nullptr, -1);
  EXPECT_EQ(j["quantities"][0]["value"].dump(), "10000");
  EXPECT_EQ(j["quantities"][0]["qualifier"], "approx");
}
