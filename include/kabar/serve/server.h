#pragma once
// `kabar serve`: the JSON API over a kabar database and the web page, on cpp-httplib.
//
//   GET  /api/search?q=&from=&to=&outlet=&language=&entity=&story=&limit=&offset=&facets=0
//   GET  /api/documents/{id}     GET /api/stories      GET /api/stories/{id}
//   GET  /api/entities/{id}      GET /api/claims?story=  GET /api/quotes?speaker=&story=
//   GET  /api/status             POST /api/analyze (text, or JSON {text,title,published,outlet})
//   GET  /  and the page's files (compiled in from web/)
//
// Recent /api/search answers are cached (header X-Kabar-Cache: hit) until the database changes.
// Errors are JSON {"error": "..."} with 400 (bad parameter or body), 404 (unknown id or path),
// 405 (wrong method), 413 (body over the limit) or 500. Requests are served by a thread pool;
// each worker borrows its own search connection.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "kabar/core/result.h"
#include "kabar/corpus/corpus.h"
#include "kabar/extract/analysis.h"

namespace kabar::serve {

struct ServerOptions {
  std::filesystem::path db = "kabar.db";
  std::filesystem::path data_dir;   ///< kabar's data folder (empty: found next to the binary)
  std::string host = "127.0.0.1";   ///< loopback unless asked otherwise
  int port = 8080;                  ///< 0: any free port (see Server::bind)
  size_t max_body_bytes = 1 << 20;  ///< request bodies beyond this get 413
  int threads = 0;             ///< HTTP worker threads; 0: 8 per core, at least 32 (a keep-alive
                               ///< connection holds a worker while it is open)
  int max_searchers = 0;       ///< search connections open at once; 0: 2 per core, at least 2
  int analysis_threads = 1;    ///< threads used to re-analyse when the store changes
  double refresh_seconds = 2;  ///< how often a watcher thread checks whether the store changed
  size_t search_cache = 1024;  ///< /api/search answers kept (least recently used dropped; 0: off);
                               ///< emptied whenever the watcher sees the database change
};

class Server {
 public:
  /// Opens the database, builds the corpus view and prepares the routes. Fails with a message
  /// naming the database when it cannot be opened or searched.
  static Result<std::unique_ptr<Server>> create(
      const ServerOptions& options, std::shared_ptr<const extract::Pipeline> pipeline,
      std::shared_ptr<const corpus::CorpusAnalyzer> analyzer);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds host:port and returns the bound port (the chosen one when port is 0).
  Result<int> bind();
  /// Serves requests until stop(); call after bind(). Returns an Error if the socket fails.
  Status listen();
  /// Stops listen() from another thread (or a signal handler's thread).
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kabar::serve
