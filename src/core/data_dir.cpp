#include "kabar/core/data_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kabar {

namespace fs = std::filesystem;

fs::path data_dir() {
  if (const char* env = std::getenv("KABAR_DATA_DIR"); env && *env) return fs::path(env);
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n > 0) {
    buf[n] = '\0';
    fs::path exe_dir = fs::path(buf).parent_path();
    for (const fs::path& cand : {exe_dir / "../share/kabar/data", exe_dir / "../data"}) {
      std::error_code ec;
      if (fs::is_directory(cand / "text", ec)) return fs::weakly_canonical(cand, ec);
    }
  }
  return fs::path(KABAR_SOURCE_DATA_DIR);
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot open (" + std::strerror(errno) + ")"};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{path.string() + ": read error"};
  return ss.str();
}

static std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Result<std::vector<std::string>> read_lines(const fs::path& path) {
  auto content = read_file(path);
  if (!content) return content.error();
  std::vector<std::string> out;
  std::string_view rest = *content;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

std::vector<std::string> split(std::string_view line, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = line.find(sep, start);
    out.emplace_back(line.substr(start, p == std::string_view::npos ? p : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace kabar
