#pragma once
// Private to the cli module: reading + parallel per-document analysis with progress.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kabar/extract/analysis.h"
#include "kabar/ingest/reader.h"

namespace kabar::cli {

/// Counts of one run.
struct RunStats {
  size_t documents = 0;  ///< analysed
  size_t skipped = 0;    ///< skipped by the caller's filter (e.g. already stored)
  size_t failed = 0;     ///< inputs that could not be read
  size_t bytes = 0;      ///< text bytes analysed
  double seconds = 0;
};

/// Reads `paths`, analyses documents on `threads` threads in batches, and hands each batch to
/// `on_batch` in input order. Read errors go to stderr as one line each. Memory is bounded by
/// the batch size, so a 100,000-document ingest streams.
class Runner {
 public:
  Runner(std::shared_ptr<const extract::Pipeline> pipeline, int threads, bool progress);

  RunStats run(const std::vector<std::string>& paths, const ingest::ReadOptions& options,
               size_t batch_size, const std::function<bool(const Document&)>& skip,
               const std::function<void(std::vector<extract::Analysis>&)>& on_batch);

 private:
  std::shared_ptr<const extract::Pipeline> pipeline_;
  int threads_;
  bool progress_;
};

/// Number of hardware threads (at least 1).
int default_threads();

}  // namespace kabar::cli
