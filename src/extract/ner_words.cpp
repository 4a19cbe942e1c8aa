// Word classes learnt from raw news text: how often a word is capitalised inside sentences.
#include <cstdio>
#include <fstream>
#include <map>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/extract/ner.h"

namespace kabar::extract {

namespace {

struct Counts {
  uint32_t total = 0, inner = 0, cap = 0, allcaps = 0;
};

inline bool upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

void count(std::string_view w, bool initial, std::map<std::string, Counts, std::less<>>& m) {
  if (w.empty()) return;
  bool has_letter = false, all_up = w.size() >= 2;
  for (unsigned char c : w) {
    has_letter |= upper(c) || lower(c);
    if (lower(c)) all_up = false;
  }
  if (!has_letter) return;
  std::string l(w);
  for (char& c : l) {
    if (upper(static_cast<unsigned char>(c))) c = char(c + 32);
  }
  Counts& k = m[l];
  ++k.total;
  if (!initial) {
    ++k.inner;
    if (upper(static_cast<unsigned char>(w[0]))) ++k.cap;
    if (all_up) ++k.allcaps;
  }
}

bool starts_sentence(std::string_view prev) {
  return prev.empty() || prev == "." || prev == "!" || prev == "?" || prev == "\"" || prev == ":" ||
         prev == "(" || prev == "-" || prev == "\xE2\x80\x9C";
}

// IndoSum JSON lines: "paragraphs": [[[tok, …], …], …]. A small scanner, no JSON library.
void scan_indosum(std::string_view text, std::map<std::string, Counts, std::less<>>& m) {
  size_t pos = 0;
  while ((pos = text.find("\"paragraphs\":", pos)) != std::string_view::npos) {
    pos = text.find('[', pos);
    if (pos == std::string_view::npos) return;
    int depth = 0;
    std::string prev;
    std::string tok;
    for (; pos < text.size(); ++pos) {
      const char c = text[pos];
      if (c == '[') {
        ++depth;
        if (depth == 3) prev.clear();
      } else if (c == ']') {
        if (--depth == 0) break;
      } else if (c == '"') {
        tok.clear();
        for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
          if (text[pos] == '\\' && pos + 1 < text.size()) {
            ++pos;
            if (text[pos] == 'u') {  // \uXXXX: keep a placeholder byte, not a letter
              tok += '\x7f';
              pos += 4;
              continue;
            }
          }
          tok += text[pos];
        }
        count(tok, starts_sentence(prev), m);
        prev = tok;
      }
    }
  }
}

// Detik CSV: quoted fields; counts words of every field longer than 200 bytes (the bodies).
void scan_detik(std::string_view text, std::map<std::string, Counts, std::less<>>& m) {
  std::string field;
  auto flush = [&] {
    if (field.size() > 200) {
      std::string_view f = field;
      std::string prev;
      size_t i = 0;
      bool after_stop = true;
      while (i < f.size()) {
        const unsigned char c = static_cast<unsigned char>(f[i]);
        if (upper(c) || lower(c) || (c >= '0' && c <= '9') || c >= 0x80) {
          size_t s = i;
          while (i < f.size()) {
            const unsigned char d = static_cast<unsigned char>(f[i]);
            if (upper(d) || lower(d) || (d >= '0' && d <= '9') || d >= 0x80 || d == '-') ++i;
            else break;
          }
          count(f.substr(s, i - s), after_stop, m);
          after_stop = false;
        } else {
          if (c == '.' || c == '!' || c == '?' || c == '"' || c == '\n' || c == ':' || c == '(') {
            after_stop = true;
          }
          ++i;
        }
      }
    }
    field.clear();
  };
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      flush();
    } else {
      field += c;
    }
  }
  flush();
}

uint8_t class_of(const Counts& k) {
  int capb = 5;  // seen only sentence-initially
  bool allcaps = false;
  if (k.inner > 0) {
    const double r = double(k.cap) / k.inner;
    capb = r < 0.05 ? 0 : r < 0.3 ? 1 : r < 0.7 ? 2 : r < 0.95 ? 3 : 4;
    allcaps = double(k.allcaps) / k.inner > 0.5;
  }
  const int freq = k.total < 10 ? 0 : k.total < 100 ? 1 : k.total < 1000 ? 2 : 3;
  return uint8_t(1 + (capb * 2 + (allcaps ? 1 : 0)) * 4 + freq);
}

}  // namespace

Result<std::string> build_word_classes(const std::filesystem::path& shared_dir,
                                       const std::filesystem::path& out) {
  const auto d = shared_dir / "data";
  std::map<std::string, Counts, std::less<>> m;
  size_t files = 0;
  for (int k = 1; k <= 5; ++k) {
    const auto f = d / "news-indosum-devfolds" / ("dev.0" + std::to_string(k) + ".jsonl");
    auto text = read_file(f);
    if (!text) return text.error();
    scan_indosum(*text, m);
    ++files;
  }
  {
    auto text = read_file(d / "news-detik-1000-summ" / "data_berita.csv");
    if (!text) return text.error();
    scan_detik(*text, m);
    ++files;
  }
  std::ofstream o(out, std::ios::binary | std::ios::trunc);
  if (!o) return Error{out.string() + ": cannot write word classes"};
  o << "# kabar NER word classes, learnt by build_word_classes from raw IndoSum/Detik text.\n"
       "# word<TAB>class (1 + (capitalisation bucket*2 + all-caps)*4 + frequency band)\n";
  size_t n = 0;
  for (const auto& [w, k] : m) {
    if (k.total < 3 || w.find_first_of("\t\n\r\x7f ") != std::string::npos) continue;
    o << w << '\t' << int(class_of(k)) << '\n';
    ++n;
  }
  o.flush();
  if (!o) return Error{out.string() + ": write failed"};
  char buf[256];
  std::snprintf(buf, sizeof buf, "word classes: %zu words from %zu raw-text files -> %s\n", n, files,
                out.string().c_str());
  return std::string(buf);
}

Status NerLexicon::load_word_classes(const std::filesystem::path& file) {
  auto lines = read_lines(file);
  if (!lines) return lines.error();
  word_classes_.clear();
  word_classes_.reserve(lines->size());
  for (const std::string& line : *lines) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const int c = std::atoi(line.c_str() + tab + 1);
    if (c <= 0 || c > 255) continue;
    word_classes_.assign(hash64(std::string_view(line).substr(0, tab)), uint8_t(c));
  }
  return Ok{};
}

void NerLexicon::ClassTable::reserve(size_t n) {
  size_t size = 16;
  while (size < 2 * n) size *= 2;  // load factor ≤ 1/2
  keys.assign(size, 0);
  classes.assign(size, 0);
}

void NerLexicon::ClassTable::assign(uint64_t key, uint8_t c) {
  if (key == 0) {
    zero_class = c;
    return;
  }
  const size_t mask = keys.size() - 1;  // sized by reserve() for every key
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (keys[i] == 0 || keys[i] == key) {
      keys[i] = key;
      classes[i] = c;
      return;
    }
  }
}

}  // namespace kabar::extract
