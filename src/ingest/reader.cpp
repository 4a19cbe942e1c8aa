// File-system side of ingest: paths, directories, stdin, formats by extension, JSON lines.
#include "kabar/ingest/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

#include "internal.h"
#include "json_internal.h"
#include "kabar/ingest/html.h"
#include "kabar/ingest/json.h"

namespace kabar::ingest {
namespace {

namespace fs = std::filesystem;
using Sink = std::function<void(ReadResult)>;

std::string os_reason(int err) {
  std::string r = std::strerror(err);
  if (!r.empty() && r[0] >= 'A' && r[0] <= 'Z' && !(r.size() > 1 && r[1] >= 'A' && r[1] <= 'Z')) {
    r[0] = char(r[0] + 32);
  }
  return r;
}

Error os_error(std::string_view name, int err) {
  return Error{std::string(name) + ": " + os_reason(err)};
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > 2) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// read() until `limit`+1 bytes or EOF; returns bytes read or -errno.
ssize_t read_some(int fd, char* buf, size_t n) {
  for (;;) {
    ssize_t r = ::read(fd, buf, n);
    if (r >= 0 || errno != EINTR) return r < 0 ? -errno : r;
  }
}

// Reads a whole file descriptor, refusing more than max_bytes (checked up front for regular files).
Result<std::string> read_all(std::string_view name, int fd, size_t max_bytes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return os_error(name, errno);
  if (S_ISDIR(st.st_mode)) return os_error(name, EISDIR);
  std::string data;
  if (S_ISREG(st.st_mode)) {
    if (size_t(st.st_size) > max_bytes)
      return detail::size_error(name, size_t(st.st_size), max_bytes);
    data.reserve(size_t(st.st_size));
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t r = read_some(fd, buf, sizeof buf);
    if (r < 0) return os_error(name, int(-r));
    if (r == 0) break;
    data.append(buf, size_t(r));
    if (data.size() > max_bytes) {
      // keep counting so the message shows the real size when it is cheap to know
      size_t total = data.size();
      while ((r = read_some(fd, buf, sizeof buf)) > 0 && total < max_bytes * 4) total += size_t(r);
      return detail::size_error(name, total, max_bytes);
    }
  }
  return data;
}

Result<std::string> read_path(const std::string& name, size_t max_bytes) {
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(name, errno);
  Fd guard(fd);
  return read_all(name, fd, max_bytes);
}

enum class Format { kText, kHtml, kJsonLines, kJson, kUnknown };

Format format_for(const std::string& path) {
  fs::path p(path);
  std::string ext = detail::ascii_lower(p.extension().string());
  if (ext.empty()) return Format::kText;
  if (ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown") return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonLines;
  if (ext == ".json") return Format::kJson;
  return Format::kUnknown;
}

bool looks_like_html(std::string_view s) {
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  std::string head = detail::ascii_lower(s.substr(i, 15));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

void emit_text(const std::string& name, std::string_view bytes, const ReadOptions& o,
               const Sink& sink);

void emit_html(const std::string& name, std::string_view bytes, const ReadOptions& o,
               const Sink& sink) {
  auto d = detail::decode(name, bytes);
  if (!d) return sink(d.error());
  HtmlArticle a = extract_html(d->text);
  for (auto& w : a.warnings) d->warnings.push_back(std::move(w));
  sink(detail::document_from_utf8(name, a.text, std::move(a.meta), std::move(d->warnings)));
}

// A plain-text article's headline, as newsroom exports and copy-paste give it: the first line,
// standing alone (a blank line follows, and text after that), short (at most 200 bytes, 2 to 25
// words), starting with a capital, a digit or a quote mark and not ending like a sentence or a
// lead-in (. ! ? : ; ,). It stays in the text, so offsets do not move; it becomes the title, as
// an HTML headline or a JSON "title" would. Structural, not linguistic: no word lists involved.
std::optional<std::string> plain_text_headline(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  std::string_view line = text.substr(0, nl);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  if (line.size() < 8 || line.size() > 200) return std::nullopt;
  size_t next = nl + 1, blank_end = next;
  while (blank_end < text.size() &&
         (text[blank_end] == ' ' || text[blank_end] == '\t' || text[blank_end] == '\r'))
    ++blank_end;
  if (blank_end >= text.size() || text[blank_end] != '\n') return std::nullopt;  // no blank line
  if (text.find_first_not_of(" \t\r\n", blank_end) == std::string_view::npos) return std::nullopt;
  unsigned char first = static_cast<unsigned char>(line.front());
  bool opens = (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9') || first == '"' ||
               first == '\'' || line.rfind("\u201C", 0) == 0 || line.rfind("\u2018", 0) == 0;
  if (!opens) return std::nullopt;
  if (std::string_view(".!?:;,").find(line.back()) != std::string_view::npos) return std::nullopt;
  if (line.size() >= 3 && (line.substr(line.size() - 3) == "\u2026")) return std::nullopt;  // …
  size_t words = 0;
  for (size_t i = 0; i < line.size(); ++i)
    if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ')) ++words;
  if (words < 2 || words > 25) return std::nullopt;
  return std::string(line);
}

void emit_text(const std::string& name, std::string_view bytes, const ReadOptions& o,
               const Sink& sink) {
  if (looks_like_html(bytes)) return emit_html(name, bytes, o, sink);
  auto doc = make_document(name, bytes, {}, o);
  if (doc && !doc->meta.title) doc->meta.title = plain_text_headline(doc->text);
  sink(std::move(doc));
}

void emit_json_line(const std::string& path, size_t line_no, std::string_view line,
                    const ReadOptions& o, const Sink& sink) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
  if (i == line.size()) return;  // blank lines are allowed
  std::string name = path + ":" + std::to_string(line_no);
  if (line.size() > o.max_bytes) return sink(detail::size_error(name, line.size(), o.max_bytes));
  std::vector<std::string> warnings;
  auto v = detail::parse_json(name, line, true, warnings);
  if (!v) return sink(v.error());
  sink(detail::document_from_value(std::move(name), *v, std::move(warnings)));
}

// JSON lines already in memory (decoded UTF-16 files, .json fallback).
void emit_json_lines(const std::string& path, std::string_view text, const ReadOptions& o,
                     const Sink& sink) {
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    emit_json_line(path, ++line_no, text.substr(pos, nl - pos), o, sink);
    pos = nl + 1;
  }
}

void read_json_lines_file(const std::string& path, const ReadOptions& o, const Sink& sink) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sink(os_error(path, errno));
  Fd guard(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sink(os_error(path, errno));
  if (S_ISDIR(st.st_mode)) return sink(os_error(path, EISDIR));
  std::string buf(1 << 20, '\0');
  std::string line;
  size_t line_no = 0, overflow = 0;  // overflow: bytes of a too-long line being skipped
  bool first = true;
  for (;;) {
    ssize_t r = read_some(fd, buf.data(), buf.size());
    if (r < 0) return sink(os_error(path, int(-r)));
    std::string_view chunk(buf.data(), size_t(r));
    if (first) {
      first = false;
      if (chunk.substr(0, 2) == "\xFF\xFE" || chunk.substr(0, 2) == "\xFE\xFF") {
        // UTF-16 JSON lines: decode the whole file (bounded by max_bytes) and split in memory.
        if (::lseek(fd, 0, SEEK_SET) != 0) return sink(os_error(path, errno));
        auto all = read_all(path, fd, o.max_bytes);
        if (!all) return sink(all.error());
        auto d = detail::decode(path, *all);
        if (!d) return sink(d.error());
        return emit_json_lines(path, d->text, o, sink);
      }
      if (chunk.substr(0, 3) == "\xEF\xBB\xBF") chunk.remove_prefix(3);
      if (auto why = detail::binary_reason(chunk.substr(0, 4096)); why && chunk.size() > 0) {
        return sink(Error{path + ": binary file (" + *why + "), not a text document"});
      }
    }
    if (r == 0) break;
    while (!chunk.empty()) {
      size_t nl = chunk.find('\n');
      std::string_view part = chunk.substr(0, nl == std::string_view::npos ? chunk.size() : nl);
      if (overflow > 0 || line.size() + part.size() > o.max_bytes) {
        overflow += line.size() + part.size();
        line.clear();
      } else {
        line.append(part);
      }
      if (nl == std::string_view::npos) break;
      ++line_no;
      if (overflow > 0) {
        sink(detail::size_error(path + ":" + std::to_string(line_no), overflow, o.max_bytes));
        overflow = 0;
      } else {
        emit_json_line(path, line_no, line, o, sink);
      }
      line.clear();
      chunk.remove_prefix(nl + 1);
    }
  }
  if (overflow > 0) {
    sink(detail::size_error(path + ":" + std::to_string(line_no + 1), overflow, o.max_bytes));
  } else if (!line.empty()) {
    emit_json_line(path, line_no + 1, line, o, sink);
  }
}

void emit_json_file(const std::string& path, std::string_view bytes, const ReadOptions& o,
                    const Sink& sink) {
  auto d = detail::decode(path, bytes);
  if (!d) return sink(d.error());
  std::vector<std::string> warnings = d->warnings;
  auto v = detail::parse_json(path, d->text, false, warnings);
  if (!v) {
    // not one JSON value: maybe JSON lines under a .json name
    size_t lines = 0;
    for (size_t p = 0; (p = d->text.find('\n', p)) != std::string::npos; ++p) {
      if (p + 1 < d->text.size()) ++lines;
    }
    if (lines >= 1) return emit_json_lines(path, d->text, o, sink);
    return sink(v.error());
  }
  if (v->is_array()) {
    if (v->empty()) return sink(Error{path + ": empty document (empty JSON array)"});
    size_t n = 0;
    for (const auto& e : *v) {
      sink(detail::document_from_value(path + "#" + std::to_string(++n), e, warnings));
    }
    return;
  }
  sink(detail::document_from_value(path, *v, std::move(warnings)));
}

void read_file(const std::string& path, Format f, const ReadOptions& o, const Sink& sink) {
  if (f == Format::kJsonLines) return read_json_lines_file(path, o, sink);
  auto bytes = read_path(path, o.max_bytes);
  if (!bytes) return sink(bytes.error());
  switch (f) {
    case Format::kHtml:
      return emit_html(path, *bytes, o, sink);
    case Format::kJson:
      return emit_json_file(path, *bytes, o, sink);
    default:
      return emit_text(path, *bytes, o, sink);
  }
}

struct Entry {
  std::string path;
  std::optional<Error> error;
};

void walk(const fs::path& dir, std::set<std::pair<dev_t, ino_t>>& seen, std::vector<Entry>& out,
          int depth) {
  if (depth > 256) {
    out.push_back({dir.string(), Error{dir.string() + ": directories nested too deeply"}});
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) {
    out.push_back({dir.string(), Error{dir.string() + ": " + os_reason(ec.value())}});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.push_back({dir.string(), Error{dir.string() + ": " + os_reason(ec.value())}});
      return;
    }
    const fs::path& p = it->path();
    std::string fname = p.filename().string();
    if (fname.empty() || fname[0] == '.') continue;
    std::string ps = p.string();
    struct stat st {};
    if (::stat(ps.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // broken symbolic link
      out.push_back({ps, os_error(ps, errno)});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (seen.insert({st.st_dev, st.st_ino}).second) walk(p, seen, out, depth + 1);
    } else if (S_ISREG(st.st_mode) && format_for(ps) != Format::kUnknown) {
      out.push_back({ps, std::nullopt});
    }
  }
}

// Carries an exception thrown by the caller's sink past our own catch blocks.
struct SinkFailed {
  std::exception_ptr e;
};

void read_one(const std::string& path, const ReadOptions& o, const Sink& sink) {
  if (path == "-") {
    auto bytes = read_all("-", STDIN_FILENO, o.max_bytes);
    if (!bytes) return sink(bytes.error());
    return emit_text("-", *bytes, o, sink);
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return sink(os_error(path, errno));
  if (!S_ISDIR(st.st_mode)) {
    Format f = format_for(path);
    return read_file(path, f == Format::kUnknown ? Format::kText : f, o, sink);
  }
  std::set<std::pair<dev_t, ino_t>> seen{{st.st_dev, st.st_ino}};
  std::vector<Entry> entries;
  walk(fs::path(path), seen, entries, 0);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.path < b.path; });
  for (const auto& e : entries) {
    if (e.error) {
      sink(*e.error);
    } else {
      read_file(e.path, format_for(e.path), o, sink);
    }
  }
}

}  // namespace

void read_paths(const std::vector<std::string>& paths, const ReadOptions& options,
                const std::function<void(ReadResult)>& sink) {
  Sink guarded = [&](ReadResult r) {
    try {
      sink(std::move(r));
    } catch (...) {
      throw SinkFailed{std::current_exception()};
    }
  };
  for (const auto& path : paths) {
    try {
      read_one(path, options, guarded);
    } catch (const SinkFailed& f) {
      std::rethrow_exception(f.e);
    } catch (const std::exception& e) {
      sink(Error{path + ": cannot read (" + e.what() + ")"});
    } catch (...) {
      sink(Error{path + ": cannot read (unknown failure)"});
    }
  }
}

}  // namespace kabar::ingest
