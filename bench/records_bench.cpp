// Per-document records of the batch cross-document steps: the size of the compact encodings of
// entity mentions (corpus::encode_mentions) and claim candidates (corpus::encode_candidates),
// and the time of entity resolution and claim grouping rebuilt from them at scale.
//
//   build/bench/records_bench [--input FILE]... [--articles N] [--scale N] [--group-max N]
//                             [--threads T]
//
// Analyses N articles (default 1,000 of the IndoSum dev folds) with the full pipeline, encodes
// each article's mentions and candidates and prints bytes per article (mean, median, max). It then
// decodes every record and checks that resolve() and group() over the decoded records equal
// resolve() and build() over the analyses (it fails otherwise). Scale: the decoded records are
// repeated under fresh ids up to `--scale` documents (default 100,000) and timed, on one thread:
// decoding every record, EntityResolver::resolve over all of them, and ClaimBuilder::group over
// the first `--group-max` (default 20,000; grouping compares every pair of candidates with the
// same counted noun) with no stories known, then with each copy in the story of its article. Times are the thread's CPU time and the wall clock;
// memory is the process's peak resident set during the step.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "kabar/corpus/claims.h"
#include "kabar/corpus/entities.h"
#include "kabar/extract/analysis.h"
#include "kabar/ingest/reader.h"
#include "bench_util.h"

namespace {

using namespace kabar;
using bench::cpu_seconds, bench::reset_peak, bench::status_bytes, bench::wall_seconds;

const std::filesystem::path kData = KABAR_SOURCE_DATA_DIR;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "records_bench: %s\n", what.c_str());
  std::exit(2);
}

template <class F>
void timed(const std::string& name, size_t docs, F&& f) {
  reset_peak();
  const double c0 = cpu_seconds(), w0 = wall_seconds();
  const std::string checked = f();
  const double cpu = cpu_seconds() - c0, wall = wall_seconds() - w0;
  std::printf("%-44s %8zu docs  cpu %8.3f s  wall %8.3f s  peak RSS %6.0f MB  (%s)\n", name.c_str(), docs, cpu,
              wall, status_bytes("VmHWM:") / 1e6, checked.c_str());
  std::fflush(stdout);
}

void sizes(const char* what, std::vector<size_t> v) {
  if (v.empty()) return;
  size_t total = 0;
  for (size_t x : v) total += x;
  std::sort(v.begin(), v.end());
  std::printf("%-22s mean %7.1f  median %6zu  p95 %6zu  max %6zu bytes/article\n", what, double(total) / v.size(),
              v[v.size() / 2], v[v.size() * 95 / 100], v.back());
}

bool same_index(const corpus::EntityIndex& a, const corpus::EntityIndex& b) {
  if (a.of_mention != b.of_mention || a.clusters.size() != b.clusters.size()) return false;
  for (size_t i = 0; i < a.clusters.size(); ++i) {
    const auto &x = a.clusters[i], &y = b.clusters[i];
    if (x.id != y.id || x.name != y.name || x.type != y.type || x.variants != y.variants ||
        x.documents != y.documents || x.mentions != y.mentions || x.role != y.role || x.country != y.country ||
        x.kind != y.kind)
      return false;
  }
  return true;
}

bool same_claims(const std::vector<corpus::Claim>& a, const std::vector<corpus::Claim>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto &x = a[i], &y = b[i];
    if (x.id != y.id || x.topic != y.topic || x.unit != y.unit || x.conflict != y.conflict ||
        x.evolution != y.evolution || x.values.size() != y.values.size())
      return false;
    for (size_t k = 0; k < x.values.size(); ++k) {
      const auto &v = x.values[k], &w = y.values[k];
      if (v.value != w.value || v.value_max != w.value_max || v.qualifier != w.qualifier ||
          v.document != w.document || v.quantity != w.quantity || v.source != w.source || v.date != w.date ||
          v.text != w.text || v.phrase != w.phrase || v.part_of != w.part_of)
        return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = KABAR_SHARED_DIR;
  std::vector<std::string> inputs;
  size_t limit = 1000, scale = 100000, group_max = 20000;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--input")
      inputs.push_back(value());
    else if (a == "--articles")
      limit = std::stoul(value());
    else if (a == "--scale")
      scale = std::stoul(value());
    else if (a == "--group-max")
      group_max = std::stoul(value());
    else if (a == "--threads")
      threads = std::max(1, std::stoi(value()));
    else
      die("unknown option '" + a + "' (--input FILE, --articles N, --scale N, --group-max N, --threads T)");
  }
  if (inputs.empty()) {
    for (int f = 1; f <= 5; ++f) inputs.push_back(shared + "/data/news-indosum-devfolds/dev.0" + std::to_string(f) + ".jsonl");
  }

  std::vector<Document> docs;
  ingest::read_paths(inputs, {}, [&](ingest::ReadResult r) {
    if (r && docs.size() < limit) docs.push_back(std::move(*r));
  });
  if (docs.empty()) die("no articles read");
  size_t text_bytes = 0;
  for (const auto& d : docs) text_bytes += d.text.size();
  const size_t n = docs.size();

  auto pipeline = extract::Pipeline::load(kData);
  if (!pipeline) die(pipeline.error().message);
  std::vector<extract::Analysis> analyses = (*pipeline)->analyze_batch(std::move(docs), threads);
  auto resolver = corpus::EntityResolver::load(kData);
  if (!resolver) die(resolver.error().message);
  auto builder = corpus::ClaimBuilder::load(kData);
  if (!builder) die(builder.error().message);

  // Encode.
  std::vector<std::string> mention_rec(n), candidate_rec(n);
  std::vector<size_t> mention_bytes(n), candidate_bytes(n), mentions_per(n), candidates_per(n);
  for (size_t d = 0; d < n; ++d) {
    const auto c = builder->candidates(analyses[d]);
    corpus::encode_mentions(analyses[d].entities, mention_rec[d]);
    corpus::encode_candidates(c, candidate_rec[d]);
    mention_bytes[d] = mention_rec[d].size();
    candidate_bytes[d] = candidate_rec[d].size();
    mentions_per[d] = analyses[d].entities.size();
    candidates_per[d] = c.size();
  }
  std::printf("%zu articles, %.0f text bytes/article\n", n, double(text_bytes) / n);
  sizes("entity mentions", mention_bytes);
  sizes("claim candidates", candidate_bytes);
  std::vector<size_t> both(n);
  for (size_t d = 0; d < n; ++d) both[d] = mention_bytes[d] + candidate_bytes[d];
  sizes("both", both);
  size_t nm = 0, nc = 0;
  for (size_t d = 0; d < n; ++d) nm += mentions_per[d], nc += candidates_per[d];
  std::printf("%.1f mentions and %.2f candidates per article\n", double(nm) / n, double(nc) / n);

  // Decode and check.
  std::vector<std::vector<extract::EntityMention>> mentions(n);
  std::vector<std::vector<corpus::ClaimCandidate>> cands(n);
  for (size_t d = 0; d < n; ++d) {
    std::string_view m = mention_rec[d], c = candidate_rec[d];
    if (!corpus::decode_mentions(m, mentions[d]) || !m.empty()) die("mentions of article " + std::to_string(d) + " do not decode");
    if (!corpus::decode_candidates(c, cands[d]) || !c.empty()) die("candidates of article " + std::to_string(d) + " do not decode");
  }
  std::vector<corpus::DocMentions> dm(n);
  for (size_t d = 0; d < n; ++d) dm[d] = {analyses[d].doc.id, &mentions[d]};
  const corpus::EntityIndex whole = resolver->resolve(analyses);
  const corpus::EntityIndex from_records = resolver->resolve(dm);
  if (!same_index(whole, from_records)) die("resolve() over decoded records differs from resolve() over analyses");
  std::vector<const std::vector<corpus::ClaimCandidate>*> pd(n);
  for (size_t d = 0; d < n; ++d) pd[d] = &cands[d];
  const auto claims = builder->build(analyses, whole);
  if (!same_claims(claims, builder->group(pd, from_records))) die("group() over decoded records differs from build()");
  std::printf("check: %zu entities and %zu claims, identical from records\n\n", whole.clusters.size(), claims.size());
  analyses.clear();
  analyses.shrink_to_fit();

  // Scale: records repeated under fresh ids.
  std::vector<std::vector<extract::EntityMention>> big_mentions(scale);
  std::vector<std::vector<corpus::ClaimCandidate>> big_cands(scale);
  timed("decode mentions + candidates", scale, [&] {
    size_t bytes = 0;
    for (size_t d = 0; d < scale; ++d) {
      std::string_view m = mention_rec[d % n], c = candidate_rec[d % n];
      bytes += m.size() + c.size();
      if (!corpus::decode_mentions(m, big_mentions[d]) || !corpus::decode_candidates(c, big_cands[d]))
        die("decode failed");
    }
    return std::to_string(bytes / 1000000) + " MB of records";
  });
  std::vector<corpus::DocMentions> big(scale);
  for (size_t d = 0; d < scale; ++d) big[d] = {dm[d % n].id + "#" + std::to_string(d / n), &big_mentions[d]};
  for (size_t s : {scale / 10, scale}) {
    if (s == 0) continue;
    std::vector<corpus::DocMentions> part(big.begin(), big.begin() + s);
    corpus::EntityIndex ix;
    timed("EntityResolver::resolve", s, [&] {
      ix = resolver->resolve(part);
      size_t mentions = 0;
      for (const auto& c : ix.clusters) mentions += c.mentions;
      return std::to_string(ix.clusters.size()) + " entities, " + std::to_string(mentions) + " mentions";
    });
    if (s != scale) continue;
    for (size_t g : {group_max / 10, group_max}) {
      g = std::min(g, scale);
      if (g == 0) continue;
      std::vector<const std::vector<corpus::ClaimCandidate>*> gp(g);
      for (size_t d = 0; d < g; ++d) gp[d] = &big_cands[d];
      timed("ClaimBuilder::group (no stories)", g, [&] {
        return std::to_string(builder->group(gp, ix).size()) + " claims";
      });
      // Stories known: every copy of an article in the story of that article.
      std::vector<int> story_of(g);
      for (size_t d = 0; d < g; ++d) story_of[d] = int(d % n);
      timed("ClaimBuilder::group (stories known)", g, [&] {
        return std::to_string(builder->group(gp, ix, story_of).size()) + " claims";
      });
    }
  }
  return 0;
}
