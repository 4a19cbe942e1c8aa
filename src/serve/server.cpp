#include "kabar/serve/server.h"

#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "kabar/corpus/json.h"
#include "kabar/ingest/reader.h"
#include "kabar/search/search.h"
#include "kabar/serve/corpus_view.h"
#include "kabar/store/store.h"
#include "web_assets.h"

namespace kabar::serve {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void send_json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

// Items of a list answer (claims, speakers) when the request names no `limit`.
constexpr int kDefaultPage = 500;
// Most duplicate pairs one /api/duplicates page gives (each carries its passages and two briefs).
constexpr int kMaxDuplicatePage = 5000;

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, json{{"error", message}}, status);
}

// Integer query parameter within [lo, hi]; `fallback` when absent; nullopt (and a 400 sent)
// when present but not such an integer.
std::optional<int> int_param(const httplib::Request& req, httplib::Response& res, const char* name,
                             int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || out < lo || out > hi) {
    send_error(res, 400,
               fmt::format("parameter {}: expected an integer from {} to {}, got \"{}\"", name, lo,
                           hi, v));
    return std::nullopt;
  }
  return out;
}

// One page of a JSON array by the `offset` and `limit` parameters (`default_limit` items when
// no limit is given); the whole length in the X-Total-Count header. False (400 sent) on a bad
// parameter.
bool send_page(const httplib::Request& req, httplib::Response& res, json items,
               int default_limit) {
  auto limit = int_param(req, res, "limit", default_limit, 1, 100000);
  if (!limit) return false;
  auto offset = int_param(req, res, "offset", 0, 0, 100000000);
  if (!offset) return false;
  const size_t total = items.size();
  const size_t from = std::min(total, static_cast<size_t>(*offset));
  const size_t to = std::min(total, from + static_cast<size_t>(*limit));
  json page = json::array();
  for (size_t i = from; i < to; ++i) page.push_back(std::move(items[i]));
  res.set_header("X-Total-Count", std::to_string(total));
  send_json(res, page);
  return true;
}

// Most items one slice of a story's or entity's long list may ask for (documents, claims,
// speakers, values of each claim, quotes of each speaker or of the entity), and most values or
// quotes one answer may hold in all (claims_limit × values_limit, speakers_limit ×
// quotes_limit): one request cannot ask for a 100 MB answer.
constexpr int kMaxSliceDocuments = 5000;
constexpr int kMaxSliceGroups = 500;  // claims or speakers (× the default values: 50,000)
constexpr int kMaxSliceEach = 5000;   // values per claim, quotes per speaker or entity
constexpr int64_t kMaxSliceNested = 50000;
constexpr int kMaxOffset = 100000000;

// `{name}_offset` and `{name}_limit` into `slice` (its limit is the default); false (400 sent)
// on a bad value.
bool slice_param(const httplib::Request& req, httplib::Response& res, const std::string& name,
                 int max_limit, Slice& slice) {
  auto offset = int_param(req, res, (name + "_offset").c_str(), 0, 0, kMaxOffset);
  if (!offset) return false;
  auto limit =
      int_param(req, res, (name + "_limit").c_str(), static_cast<int>(slice.limit), 1, max_limit);
  if (!limit) return false;
  slice = {static_cast<size_t>(*offset), static_cast<size_t>(*limit)};
  return true;
}

// At most kMaxSliceNested values (or quotes) in one answer; false (400 sent) when more.
bool nested_within(httplib::Response& res, const char* outer, const Slice& a, const char* inner,
                   const Slice& b) {
  if (static_cast<int64_t>(a.limit) * static_cast<int64_t>(b.limit) <= kMaxSliceNested) return true;
  send_error(res, 400,
             fmt::format("parameters {}_limit and {}_limit: {} × {} is over {} {} in one answer",
                         outer, inner, a.limit, b.limit, kMaxSliceNested, inner));
  return false;
}

// The `only` parameter: the value of one of `allowed` (by name), `out` untouched when absent;
// false (400 sent) for another name.
template <typename T>
bool only_param(const httplib::Request& req, httplib::Response& res,
                std::initializer_list<std::pair<const char*, T>> allowed, T& out) {
  if (!req.has_param("only")) return true;
  const std::string v = req.get_param_value("only");
  std::string names;
  for (const auto& [name, value] : allowed) {
    if (v == name) {
      out = value;
      return true;
    }
    names += names.empty() ? name : std::string(", ") + name;
  }
  send_error(res, 400, fmt::format("parameter only: expected one of {}, got \"{}\"", names, v));
  return false;
}

// The slices a story answer holds, from its parameters; nullopt (400 sent) on a bad one.
std::optional<StoryPage> story_page(const httplib::Request& req, httplib::Response& res) {
  StoryPage p;
  if (!slice_param(req, res, "documents", kMaxSliceDocuments, p.documents) ||
      !slice_param(req, res, "claims", kMaxSliceGroups, p.claims) ||
      !slice_param(req, res, "values", kMaxSliceEach, p.values) ||
      !slice_param(req, res, "speakers", kMaxSliceGroups, p.speakers) ||
      !slice_param(req, res, "quotes", kMaxSliceEach, p.quotes) ||
      !nested_within(res, "claims", p.claims, "values", p.values) ||
      !nested_within(res, "speakers", p.speakers, "quotes", p.quotes) ||
      !only_param<StoryPage::Only>(req, res,
                                   {{"documents", StoryPage::Only::kDocuments},
                                    {"claims", StoryPage::Only::kClaims},
                                    {"speakers", StoryPage::Only::kSpeakers}},
                                   p.only)) {
    return std::nullopt;
  }
  return p;
}

std::optional<EntityPage> entity_page(const httplib::Request& req, httplib::Response& res) {
  EntityPage p;
  if (!slice_param(req, res, "documents", kMaxSliceDocuments, p.documents) ||
      !slice_param(req, res, "quotes", kMaxSliceEach, p.quotes) ||
      !only_param<EntityPage::Only>(
          req, res,
          {{"documents", EntityPage::Only::kDocuments}, {"quotes", EntityPage::Only::kQuotes}},
          p.only)) {
    return std::nullopt;
  }
  return p;
}

// An ISO date parameter (YYYY, YYYY-MM or YYYY-MM-DD); nullopt when absent or empty.
bool date_param(const httplib::Request& req, httplib::Response& res, const char* name,
                std::optional<std::string>& out) {
  if (!req.has_param(name) || req.get_param_value(name).empty()) return true;
  const std::string v = req.get_param_value(name);
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (i >= v.size() || v[i] < '0' || v[i] > '9') return false;
    }
    return true;
  };
  bool ok = (v.size() == 4 && digits(0, 4)) ||
            (v.size() == 7 && digits(0, 4) && v[4] == '-' && digits(5, 2)) ||
            (v.size() == 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' &&
             digits(8, 2));
  if (!ok) {
    send_error(res, 400,
               fmt::format("parameter {}: expected a date YYYY-MM-DD, got \"{}\"", name, v));
    return false;
  }
  out = v;
  return true;
}

std::optional<std::string> text_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  std::string v = req.get_param_value(name);
  if (v.empty()) return std::nullopt;
  return v;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<const extract::Pipeline> pipeline;
  std::shared_ptr<const corpus::CorpusAnalyzer> analyzer;
  httplib::Server http;
  int port = -1;

  // The store is used only to notice changes and refresh the view, under refresh_mutex.
  std::mutex refresh_mutex;
  std::unique_ptr<store::Store> store;

  // A second connection reads whole documents for the view, which keeps only their compact
  // part in memory (GET /api/documents/{id}).
  std::mutex reader_mutex;
  std::unique_ptr<store::Store> reader_store;
  StoredDocumentReader reader() {
    return [this](const std::string& id) {
      std::lock_guard lock(reader_mutex);
      return reader_store->document(id);
    };
  }
  // Duplicate pairs are read from the store when asked for (millions at 100,000 articles).
  CorpusView::DuplicateReader pair_reader() {
    return [this](const std::string& document, int64_t offset, int64_t limit) {
      std::lock_guard lock(reader_mutex);
      return reader_store->duplicates(document, offset, limit);
    };
  }
  // Brings the stored view up to date (incrementally) and loads it in its compact form.
  Result<std::shared_ptr<const CorpusView>> refreshed() {
    auto report = refresh_corpus_view(*store, *pipeline, *analyzer, options.analysis_threads);
    if (!report) return report.error();
    for (const auto& w : report->warnings) fmt::print(stderr, "kabar: serve: {}\n", w);
    auto compact = load_corpus_view(*store, reader(), pair_reader());
    if (!compact) return compact.error();
    if (!*compact) return Error{"the corpus view changed while it was being loaded"};
    return **compact;
  }

  std::mutex view_mutex;
  std::shared_ptr<const CorpusView> view_;

  // Search connections, one borrowed per request (SQLite connections are not shared).
  std::mutex searchers_mutex;
  std::vector<std::unique_ptr<search::Searcher>> searchers;
  std::condition_variable searchers_cv;
  int searchers_open = 0;
  int max_searchers = 4;

  // Recent /api/search answers by their normalised query, least recently used first out.
  struct SearchCache {
    std::mutex mutex;
    size_t capacity = 0;
    std::list<std::pair<std::string, std::shared_ptr<const std::string>>> order;  // newest first
    std::unordered_map<std::string, decltype(order)::iterator> by_key;
    uint64_t generation = 0;  // bumped by clear(); answers computed before it are not kept

    std::shared_ptr<const std::string> find(const std::string& key) {
      std::lock_guard lock(mutex);
      auto it = by_key.find(key);
      if (it == by_key.end()) return nullptr;
      order.splice(order.begin(), order, it->second);
      return it->second->second;
    }
    uint64_t current() {
      std::lock_guard lock(mutex);
      return generation;
    }
    void put(const std::string& key, std::string body, uint64_t computed_in) {
      std::lock_guard lock(mutex);
      if (capacity == 0 || computed_in != generation) return;
      if (auto it = by_key.find(key); it != by_key.end()) {
        order.erase(it->second);
        by_key.erase(it);
      }
      order.emplace_front(key, std::make_shared<const std::string>(std::move(body)));
      by_key[key] = order.begin();
      while (order.size() > capacity) {
        by_key.erase(order.back().first);
        order.pop_back();
      }
    }
    void clear() {
      std::lock_guard lock(mutex);
      order.clear();
      by_key.clear();
      ++generation;
    }
  } search_cache;
  int64_t data_version = -1;  // of `store`'s connection, under refresh_mutex

  std::shared_ptr<const CorpusView> view() {
    std::lock_guard lock(view_mutex);
    return view_;
  }

  // A watcher thread re-computes the view when the number of stored documents changed (another
  // process ingested), every refresh_seconds; requests keep the current view meanwhile.
  std::mutex watch_mutex;
  std::condition_variable watch_cv;
  bool stopping = false;
  std::thread watcher;

  void refresh_if_changed() {
    std::lock_guard lock(refresh_mutex);
    // Any commit by another process (documents, the corpus view) empties the answer cache.
    if (const int64_t v = store->data_version(); v != data_version) {
      data_version = v;
      search_cache.clear();
    }
    const int64_t count = store->count();
    if (count == view()->document_count()) return;
    const auto t0 = std::chrono::steady_clock::now();
    // Another process stored documents: its own refresh may have stored the view already.
    auto loaded = load_corpus_view(*store, reader(), pair_reader());
    auto fresh = loaded && *loaded ? Result<std::shared_ptr<const CorpusView>>(**loaded) : refreshed();
    if (!fresh) {
      fmt::print(stderr, "kabar: serve: cannot refresh the corpus view: {}\n",
                 fresh.error().message);
      return;
    }
    auto view = *fresh;
    {
      std::lock_guard vlock(view_mutex);
      view_ = view;
    }
    search_cache.clear();  // answers name the stories of their hits
    data_version = store->data_version();
    fmt::print(stderr, "kabar: serve: corpus view refreshed for {} documents ({:.2f} s)\n",
               view->document_count(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }

  void start_watcher() {
    const auto period = std::chrono::milliseconds(
        std::max<int64_t>(20, static_cast<int64_t>(options.refresh_seconds * 1000)));
    watcher = std::thread([this, period] {
      std::unique_lock lock(watch_mutex);
      while (!watch_cv.wait_for(lock, period, [this] { return stopping; })) {
        lock.unlock();
        refresh_if_changed();
        lock.lock();
      }
    });
  }

  void stop_watcher() {
    {
      std::lock_guard lock(watch_mutex);
      stopping = true;
    }
    watch_cv.notify_all();
    if (watcher.joinable()) watcher.join();
  }

  // At most max_searchers connections are opened (each holds its own tokeniser models and page
  // cache); more concurrent searches than cores only add memory, so requests wait for one.
  // A searcher that keeps what facets read in memory, read before it serves (the server's
  // searchers live as long as it does; at 100,000 articles this is ~1 s and ~15 MB each).
  Result<std::unique_ptr<search::Searcher>> open_searcher() {
    auto s = search::Searcher::open(options.db, options.data_dir, {.resident_facets = true});
    if (!s) return s.error();
    if (auto w = (*s)->warm(); !w) return w.error();
    return s;
  }

  Result<std::unique_ptr<search::Searcher>> borrow_searcher() {
    std::unique_lock lock(searchers_mutex);
    for (;;) {
      if (!searchers.empty()) {
        auto s = std::move(searchers.back());
        searchers.pop_back();
        return s;
      }
      if (searchers_open < max_searchers) break;
      searchers_cv.wait(lock);
    }
    ++searchers_open;
    lock.unlock();
    auto s = open_searcher();
    if (!s) {
      lock.lock();
      --searchers_open;
      searchers_cv.notify_one();
    }
    return s;
  }
  void give_back(std::unique_ptr<search::Searcher> s) {
    {
      std::lock_guard lock(searchers_mutex);
      searchers.push_back(std::move(s));
    }
    searchers_cv.notify_one();
  }

  void routes();
  void handle_search(const httplib::Request& req, httplib::Response& res);
  void handle_analyze(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::handle_search(const httplib::Request& req, httplib::Response& res) {
  search::Query q;
  q.text = req.has_param("q") ? req.get_param_value("q") : "";
  auto limit = int_param(req, res, "limit", 20, 1, 200);
  if (!limit) return;
  auto offset = int_param(req, res, "offset", 0, 0, 1000000);
  if (!offset) return;
  q.limit = *limit;
  q.offset = *offset;
  if (!date_param(req, res, "from", q.from) || !date_param(req, res, "to", q.to)) return;
  q.outlet = text_param(req, "outlet");
  q.language = text_param(req, "language");
  q.entity = text_param(req, "entity");
  q.story = text_param(req, "story");
  q.facets = !(req.has_param("facets") && req.get_param_value("facets") == "0");

  // The cache key: every field of the query, each ended by a byte no parameter holds.
  std::string key = q.text;
  for (const auto* f : {&q.from, &q.to, &q.outlet, &q.language, &q.entity, &q.story}) {
    key += '\x1f';
    if (*f) key += **f;
  }
  key += fmt::format("\x1f{}\x1f{}\x1f{}", q.limit, q.offset, q.facets ? 1 : 0);
  if (auto body = search_cache.find(key)) {
    res.status = 200;
    res.set_content(*body, kJson);
    res.set_header("X-Kabar-Cache", "hit");
    return;
  }
  const uint64_t generation = search_cache.current();

  auto searcher = borrow_searcher();
  if (!searcher) {
    send_error(res, 500, searcher.error().message);
    return;
  }
  auto r = (*searcher)->run(q);
  give_back(std::move(*searcher));
  if (!r) {
    send_error(res, 400, "query: " + r.error().message);
    return;
  }
  auto v = view();
  json hits = json::array();
  for (const auto& h : r->hits) {
    hits.push_back({{"id", h.id},
                    {"path", h.path},
                    {"title", !h.title.empty() ? json(h.title) : v->title_of(h.id)},
                    {"outlet", h.outlet.empty() ? json(nullptr) : json(h.outlet)},
                    {"published", h.published.empty() ? json(nullptr) : json(h.published)},
                    {"score", h.score},
                    {"snippet", h.snippet},
                    {"stories", v->stories_of(h.id)}});
  }
  auto facet = [](const std::vector<search::FacetCount>& f) {
    json out = json::array();
    for (const auto& x : f) out.push_back({{"value", x.value}, {"count", x.count}});
    return out;
  };
  json query = {{"q", q.text}, {"limit", q.limit}, {"offset", q.offset}};
  for (auto [k, val] : {std::pair{"from", &q.from},
                        {"to", &q.to},
                        {"outlet", &q.outlet},
                        {"language", &q.language},
                        {"entity", &q.entity},
                        {"story", &q.story}}) {
    if (*val) query[k] = **val;
  }
  json facets = json::object();
  if (q.facets) {
    facets = {{"outlets", facet(r->outlets)},
              {"months", facet(r->months)},
              {"entities", facet(r->entities)},
              {"entities_counted", r->entities_counted}};
  } else {
    facets = {{"outlets", json::array()}, {"months", json::array()}, {"entities", json::array()}};
  }
  send_json(res, {{"query", query},
                  {"total", r->total},
                  {"hits", hits},
                  {"facets", std::move(facets)},
                  {"elapsed_ms", r->elapsed_ms}});
  search_cache.put(key, res.body, generation);
}

void Server::Impl::handle_analyze(const httplib::Request& req, httplib::Response& res) {
  std::string text;
  DocumentMeta meta;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) == 0) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      send_error(res, 400, "request body: malformed JSON (expected an object {\"text\": ...})");
      return;
    }
    auto field = [&](const char* key, std::optional<std::string>& out) {
      auto it = body.find(key);
      if (it == body.end() || it->is_null()) return true;
      if (!it->is_string()) {
        send_error(res, 400, fmt::format("request body: field \"{}\" must be a string", key));
        return false;
      }
      out = it->get<std::string>();
      return true;
    };
    std::optional<std::string> t;
    if (!field("text", t) || !field("title", meta.title) || !field("published", meta.published) ||
        !field("outlet", meta.outlet) || !field("url", meta.url) || !field("author", meta.author)) {
      return;
    }
    if (!t) {
      send_error(res, 400, "request body: no \"text\" field");
      return;
    }
    text = std::move(*t);
  } else if (type.empty() || type.rfind("text/", 0) == 0 ||
             type.rfind("application/octet-stream", 0) == 0 ||
             type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    text = req.body;
  } else {
    send_error(res, 415,
               "request body: unsupported Content-Type \"" + type +
                   "\" (send text/plain or application/json)");
    return;
  }
  ingest::ReadOptions ro;
  ro.max_bytes = options.max_body_bytes;
  auto doc = ingest::make_document("request", text, std::move(meta), ro);
  if (!doc) {
    send_error(res, 400, doc.error().message);
    return;
  }
  extract::Analysis a = pipeline->analyze(std::move(*doc));
  send_json(res, corpus::document_json(a, nullptr, -1));
}

void Server::Impl::routes() {
  http.set_payload_max_length(options.max_body_bytes);
  http.set_keep_alive_max_count(1000);
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second `kabar serve` share
  // the port silently instead of failing with "address in use".
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<void*>(&yes), sizeof(yes));
  });  // small JSON replies: without it Nagle + delayed ACK add ~40 ms
  http.set_read_timeout(std::chrono::seconds(10));
  const int threads =
      options.threads > 0
          ? options.threads
          : std::max(32, 8 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        fmt::print(stderr, "kabar: serve: {} {}: {}\n", req.method, req.path, what);
        send_error(res, 500, req.method + " " + req.path + ": internal error (" + what + ")");
      });
  // Statuses set by httplib itself (404 no route, 413, 400 bad request line) get a JSON body.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message;
    switch (res.status) {
      case 404:
        message = req.path + ": not found";
        break;
      case 413:
        message = "request body over the size limit";
        break;
      case 400:
        message = "bad request";
        break;
      default:
        message = "HTTP status " + std::to_string(res.status);
        break;
    }
    send_error(res, res.status, message);
  });
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
  });

  http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
    handle_search(req, res);
  });
  http.Get("/api/status", [this](const httplib::Request&, httplib::Response& res) {
    auto v = view();
    send_json(res, {{"documents", v->document_count()},
                    {"stories", v->corpus()["stories"].size()},
                    {"entities", v->corpus()["entities"].size()},
                    {"claims", v->corpus()["claims"].size()},
                    {"version", KABAR_VERSION}});
  });
  http.Get(
      R"(/api/documents/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
        auto d = view()->document(req.matches[1]);
        if (!d)
          return send_error(res, 404, "document " + std::string(req.matches[1]) + ": not found");
        send_json(res, *d);
      });
  http.Get("/api/stories", [this](const httplib::Request&, httplib::Response& res) {
    send_json(res, view()->stories());
  });
  http.Get(R"(/api/stories/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    auto page = story_page(req, res);
    if (!page) return;
    auto s = view()->story(req.matches[1], *page);
    if (!s) return send_error(res, 404, "story " + std::string(req.matches[1]) + ": not found");
    send_json(res, *s);
  });
  http.Get(R"(/api/entities/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    auto page = entity_page(req, res);
    if (!page) return;
    auto e = view()->entity(req.matches[1], *page);
    if (!e) return send_error(res, 404, "entity " + std::string(req.matches[1]) + ": not found");
    send_json(res, *e);
  });
  http.Get("/api/claims", [this](const httplib::Request& req, httplib::Response& res) {
    auto v = view();
    std::string story = text_param(req, "story").value_or("");
    if (!story.empty() && !v->has_story(story))
      return send_error(res, 404, "story " + story + ": not found");
    json claims = v->claims(story);
    if (req.has_param("conflict") && req.get_param_value("conflict") != "0") {
      json kept = json::array();
      for (auto& c : claims) {
        if (c.value("conflict", false)) kept.push_back(std::move(c));
      }
      claims = std::move(kept);
    }
    send_page(req, res, std::move(claims), kDefaultPage);
  });
  http.Get("/api/quotes", [this](const httplib::Request& req, httplib::Response& res) {
    auto v = view();
    std::string story = text_param(req, "story").value_or("");
    if (!story.empty() && !v->has_story(story))
      return send_error(res, 404, "story " + story + ": not found");
    send_page(req, res, v->quotes(text_param(req, "speaker").value_or(""), story), kDefaultPage);
  });
  http.Get("/api/duplicates", [this](const httplib::Request& req, httplib::Response& res) {
    auto v = view();
    auto limit = int_param(req, res, "limit", kDefaultPage, 1, kMaxDuplicatePage);
    if (!limit) return;
    auto offset = int_param(req, res, "offset", 0, 0, 1000000000);
    if (!offset) return;
    std::string document = text_param(req, "document").value_or("");
    if (!document.empty() && !v->has_document(document))
      return send_error(res, 404, "document " + document + ": not found");
    int64_t total = 0;
    auto page = v->duplicates(document, *offset, *limit, total);
    if (!page) return send_error(res, 500, page.error().message);
    res.set_header("X-Total-Count", std::to_string(total));
    send_json(res, *page);
  });
  http.Post("/api/analyze", [this](const httplib::Request& req, httplib::Response& res) {
    handle_analyze(req, res);
  });

  // Known paths with the wrong method: 405 with Allow.
  auto not_allowed = [](const char* allow) {
    return [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_error(res, 405,
                 req.method + " " + req.path + ": method not allowed (use " + allow + ")");
    };
  };
  const std::string get_only =
      R"(/api/(search|status|stories|claims|quotes|duplicates|(documents|stories|entities)/[^/]+))";
  http.Post(get_only, not_allowed("GET"));
  http.Put(get_only, not_allowed("GET"));
  http.Delete(get_only, not_allowed("GET"));
  http.Patch(get_only, not_allowed("GET"));
  http.Get("/api/analyze", not_allowed("POST"));
  http.Put("/api/analyze", not_allowed("POST"));
  http.Delete("/api/analyze", not_allowed("POST"));
  http.Patch("/api/analyze", not_allowed("POST"));

  // The web page.
  for (const auto& asset : web_assets()) {
    auto serve_asset = [&asset](const httplib::Request&, httplib::Response& res) {
      res.set_content(asset.body.data(), asset.body.size(),
                      std::string(asset.content_type).c_str());
      res.set_header("Cache-Control", "no-cache");
    };
    http.Get(std::string(asset.path), serve_asset);
    if (asset.path == "/index.html") http.Get("/", serve_asset);
  }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  if (!impl_) return;
  impl_->http.stop();
  impl_->stop_watcher();
}

Result<std::unique_ptr<Server>> Server::create(
    const ServerOptions& options, std::shared_ptr<const extract::Pipeline> pipeline,
    std::shared_ptr<const corpus::CorpusAnalyzer> analyzer) {
  // SQLite's memory statistics take one process-wide mutex on every allocation; with many
  // workers searching at once it became the bottleneck (a quarter of the time in futex waits).
  // Only possible before SQLite is first used; otherwise a harmless SQLITE_MISUSE.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->pipeline = std::move(pipeline);
  impl->analyzer = std::move(analyzer);
  std::error_code ec;
  if (!std::filesystem::exists(options.db, ec)) {
    return Error{options.db.string() +
                 ": no such database (create it with `kabar ingest PATH --db " +
                 options.db.string() + "`)"};
  }
  auto store = store::Store::open(options.db, options.data_dir);
  if (!store) return store.error();
  impl->store = std::move(*store);
  auto reader_store = store::Store::open(options.db, options.data_dir);
  if (!reader_store) return reader_store.error();
  impl->reader_store = std::move(*reader_store);
  // The persisted view when the store has not changed since; else re-analyse (and persist).
  auto stored = load_corpus_view(*impl->store, impl->reader(), impl->pair_reader());
  if (stored && *stored) {
    impl->view_ = **stored;
  } else {
    if (!stored)
      fmt::print(stderr, "kabar: serve: stored corpus view unreadable ({}); recomputing\n",
                 stored.error().message);
    auto view = impl->refreshed();
    if (!view) return Error{options.db.string() + ": " + view.error().message};
    impl->view_ = *view;
  }
  impl->max_searchers =
      options.max_searchers > 0
          ? options.max_searchers
          : std::max(2, 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  // Every search connection opened and warmed now, side by side, so no request waits for one
  // (at 100,000 articles a warmed searcher takes ~1-2 s; wrk saw that as timeouts).
  {
    std::vector<std::optional<Result<std::unique_ptr<search::Searcher>>>> opened(
        static_cast<size_t>(impl->max_searchers));
    std::vector<std::thread> openers;
    for (size_t i = 0; i < opened.size(); ++i)
      openers.emplace_back([&, i] { opened[i].emplace(impl->open_searcher()); });
    for (auto& t : openers) t.join();
    for (auto& s : opened) {
      if (!*s) return s->error();
      impl->searchers.push_back(std::move(**s));
    }
    impl->searchers_open = impl->max_searchers;
  }
  impl->search_cache.capacity = options.search_cache;
  impl->data_version = impl->store->data_version();
  impl->routes();
  impl->start_watcher();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::bind() {
  auto& o = impl_->options;
  int port = o.port;
  if (o.port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
    if (port < 0) return Error{fmt::format("{}: cannot bind any port", o.host)};
  } else if (!impl_->http.bind_to_port(o.host, o.port)) {
    return Error{
        fmt::format("{}:{}: cannot bind (address in use, or not a local address)", o.host, o.port)};
  }
  impl_->port = port;
  return port;
}

Status Server::listen() {
  if (impl_->port < 0) return Error{"serve: listen() before bind()"};
  if (!impl_->http.listen_after_bind())
    return Error{fmt::format("{}:{}: server socket failed", impl_->options.host, impl_->port)};
  return Ok{};
}

void Server::stop() { impl_->http.stop(); }

}  // namespace kabar::serve
