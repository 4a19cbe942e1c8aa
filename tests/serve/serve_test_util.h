#pragma once
// A kabar database of examples/corpus in a temporary folder, and the loaded models, shared by
// the serve tests.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "kabar/corpus/corpus.h"
#include "kabar/corpus/state.h"
#include "kabar/extract/analysis.h"
#include "kabar/ingest/reader.h"
#include "kabar/serve/server.h"
#include "kabar/store/store.h"

namespace kabar::test {

struct Models {
  std::shared_ptr<const extract::Pipeline> pipeline;
  std::shared_ptr<const corpus::CorpusAnalyzer> analyzer;
};

inline const Models& models() {
  static const Models m = [] {
    Models out;
    auto p = extract::Pipeline::load(KABAR_SOURCE_DATA_DIR);
    if (!p) throw std::runtime_error(p.error().message);
    out.pipeline = *p;
    auto a = corpus::CorpusAnalyzer::load(KABAR_SOURCE_DATA_DIR);
    if (!a) throw std::runtime_error(a.error().message);
    out.analyzer = std::make_shared<const corpus::CorpusAnalyzer>(std::move(*a));
    return out;
  }();
  return m;
}

/// A fresh directory under the system temp folder (mkdtemp), removed by the caller.
inline std::filesystem::path temp_dir(const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  return pattern;
}

/// Reads, analyses and stores `paths` in `db`, as `kabar ingest` does (each document with its
/// corpus record unless `with_records` is false, as a kabar before schema 5 stored them).
/// Returns documents added.
inline int ingest(const std::filesystem::path& db, const std::vector<std::string>& paths,
                  bool with_records = true) {
  std::vector<Document> docs;
  ingest::read_paths(paths, {}, [&](ingest::ReadResult r) {
    if (r) docs.push_back(std::move(*r));
  });
  auto analyses = models().pipeline->analyze_batch(std::move(docs), 2);
  auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
  if (!store) throw std::runtime_error(store.error().message);
  std::vector<const extract::Analysis*> ptrs;
  std::vector<std::string> records;
  const corpus::CorpusState recorder(models().analyzer);
  for (const auto& a : analyses) {
    ptrs.push_back(&a);
    if (with_records) records.push_back(corpus::encode(recorder.record(a)));
  }
  auto added = (*store)->add(ptrs, records);
  if (!added) throw std::runtime_error(added.error().message);
  return *added;
}

/// `kabar serve` with `o` on a free loopback port (o.port is set to 0), listening on a thread of
/// its own and answering /api/status when start() returns; stopped and joined when destroyed.
class LoopbackServer {
 public:
  /// The server, or nullptr with the reason in `error`.
  static std::unique_ptr<LoopbackServer> start(serve::ServerOptions o, std::string& error) {
    o.port = 0;
    auto server = serve::Server::create(o, models().pipeline, models().analyzer);
    if (!server) {
      error = server.error().message;
      return nullptr;
    }
    std::unique_ptr<LoopbackServer> out(new LoopbackServer(std::move(*server)));
    auto port = out->server_->bind();
    if (!port) {
      error = port.error().message;
      return nullptr;
    }
    out->port_ = *port;
    out->thread_ = std::thread([s = out->server_.get()] { EXPECT_TRUE(s->listen()); });
    httplib::Client c("127.0.0.1", out->port_);
    for (int i = 0; i < 100 && !c.Get("/api/status"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return out;
  }
  ~LoopbackServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }

 private:
  explicit LoopbackServer(std::unique_ptr<serve::Server> s) : server_(std::move(s)) {}
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace kabar::test
