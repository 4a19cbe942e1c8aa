#include "runner.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <fmt/core.h>

namespace kabar::cli {

using Clock = std::chrono::steady_clock;

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

Runner::Runner(std::shared_ptr<const extract::Pipeline> pipeline, int threads, bool progress)
    : pipeline_(std::move(pipeline)), threads_(threads < 1 ? 1 : threads), progress_(progress) {}

namespace {

// Progress on stderr only when it is a terminal and the run is long enough to need it.
class Progress {
 public:
  explicit Progress(bool wanted) : enabled_(wanted && isatty(STDERR_FILENO)), start_(Clock::now()) {}
  void update(const RunStats& s) {
    if (!enabled_) return;
    auto now = Clock::now();
    double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < 1.0 || now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    shown_ = true;
    fmt::print(stderr, "\r\033[Kkabar: {} documents, {:.1f} MB, {:.1f} MB/s, {} failed", s.documents,
               s.bytes / 1e6, s.bytes / 1e6 / elapsed, s.failed);
    std::fflush(stderr);
  }
  ~Progress() {
    if (shown_) fmt::print(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_{};
};

}  // namespace

RunStats Runner::run(const std::vector<std::string>& paths, const ingest::ReadOptions& options,
                     size_t batch_size, const std::function<bool(const Document&)>& skip,
                     const std::function<void(std::vector<extract::Analysis>&)>& on_batch) {
  RunStats stats;
  Progress progress(progress_);
  const auto start = Clock::now();
  std::vector<Document> pending;
  std::vector<extract::Analysis> results;

  auto flush = [&] {
    if (pending.empty()) return;
    results = pipeline_->analyze_batch(std::move(pending), threads_);
    for (const auto& r : results) stats.bytes += r.doc.text.size();
    stats.documents += results.size();
    pending.clear();
    on_batch(results);
    progress.update(stats);
  };

  ingest::read_paths(paths, options, [&](ingest::ReadResult r) {
    if (!r) {
      ++stats.failed;
      fmt::print(stderr, "kabar: error: {}\n", r.error().message);
      return;
    }
    for (const auto& w : r->ingest_warnings) fmt::print(stderr, "kabar: warning: {}: {}\n", r->path, w);
    if (skip && skip(*r)) {
      ++stats.skipped;
      return;
    }
    pending.push_back(std::move(*r));
    if (pending.size() >= batch_size) flush();
  });
  flush();
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stats;
}

}  // namespace kabar::cli
