#pragma once
// What the benchmarks measure with: this thread's CPU time, the wall clock, the process's
// resident set and written bytes from /proc. Header-only; Linux.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace kabar::bench {

/// CPU seconds of the calling thread: the cost on one core whatever else the machine is doing.
inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Seconds on a steady clock.
inline double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// A byte figure of /proc/self/status by its key ("VmRSS:" resident, "VmHWM:" peak resident
/// since start or the last reset_peak()); 0 when absent.
inline size_t status_bytes(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0)
      return std::strtoull(line.c_str() + n + 1, nullptr, 10) * 1024;
  }
  return 0;
}

/// Starts VmHWM afresh from the current resident set.
inline void reset_peak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

/// Bytes this process has written (write/pwrite, before the page cache), from /proc/self/io;
/// -1 where it is unavailable.
inline double written_bytes() {
  FILE* f = std::fopen("/proc/self/io", "r");
  if (!f) return -1;
  char line[128];
  double v = -1;
  while (std::fgets(line, sizeof(line), f))
    if (std::strncmp(line, "wchar: ", 7) == 0) v = std::strtod(line + 7, nullptr);
  std::fclose(f);
  return v;
}

}  // namespace kabar::bench
