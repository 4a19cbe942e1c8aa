// JSON records (JSON lines, .json files, IndoSum) to Documents.
#include "kabar/ingest/json.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "internal.h"
#include "json_internal.h"

namespace kabar::ingest {
namespace {

using nlohmann::json;

bool no_space_before(std::string_view t) {
  static constexpr std::string_view kClose[] = {",", ".", ";",   ":", ")", "]", "}",  "!",
                                                "?", "%", "...", "…", "”", "’", "'s", "n't"};
  for (auto c : kClose) {
    if (t == c) return true;
  }
  return false;
}

bool no_space_after(std::string_view t) {
  return t == "(" || t == "[" || t == "{" || t == "“" || t == "‘";
}

bool is_digits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Depth of nested arrays in `v` (0 for a string).
int array_depth(const json& v, int guard = 0) {
  if (!v.is_array() || guard > 16) return 0;
  int d = 0;
  for (const auto& e : v) d = std::max(d, array_depth(e, guard + 1));
  return d + 1;
}

void collect_tokens(const json& v, std::vector<std::string_view>& out) {
  if (v.is_string()) {
    out.emplace_back(v.get_ref<const std::string&>());
  } else if (v.is_array()) {
    for (const auto& e : v) collect_tokens(e, out);
  }
}

// depth 1: paragraphs; depth 2: paragraphs of tokens; depth >= 3: paragraphs of sentences of
// tokens.
std::string render_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) return {};
  int depth = array_depth(v);
  std::string out;
  for (const auto& para : v) {
    std::string p;
    if (para.is_string()) {
      p = para.get<std::string>();
    } else if (depth >= 2 && para.is_array()) {
      std::vector<std::string_view> tokens;
      collect_tokens(para, tokens);
      p = detokenize(tokens);
    }
    if (p.empty()) continue;
    if (!out.empty()) out += '\n';
    out += p;
  }
  return out;
}

std::optional<std::string> string_field(const json& obj, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = obj.find(k);
    if (it == obj.end()) continue;
    if (it->is_string() && !it->get_ref<const std::string&>().empty())
      return it->get<std::string>();
    if (it->is_array()) {
      std::string joined;
      for (const auto& e : *it) {
        std::string s = e.is_string() ? e.get<std::string>()
                        : e.is_object() && e.contains("name") && e["name"].is_string()
                            ? e["name"].get<std::string>()
                            : std::string();
        if (s.empty()) continue;
        if (!joined.empty()) joined += ", ";
        joined += s;
      }
      if (!joined.empty()) return joined;
    }
    if (it->is_object()) {
      auto n = it->find("name");
      if (n != it->end() && n->is_string()) return n->get<std::string>();
    }
  }
  return std::nullopt;
}

std::string iso_from_epoch(int64_t secs) {
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (H. Hinnant)
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
                (long long)m, (long long)d, (long long)(rem / 3600), (long long)(rem / 60 % 60),
                (long long)(rem % 60));
  return buf;
}

std::optional<std::string> published_field(const json& obj) {
  for (const char* k : {"published", "date", "datetime", "published_at", "publish_date",
                        "date_published", "datePublished", "pubdate", "time"}) {
    auto it = obj.find(k);
    if (it == obj.end()) continue;
    if (it->is_string() && !it->get_ref<const std::string&>().empty())
      return it->get<std::string>();
    if (it->is_number_integer() || it->is_number_unsigned()) {
      int64_t v = it->get<int64_t>();
      if (v > 100000000000LL) v /= 1000;  // milliseconds
      if (v > 0) return iso_from_epoch(v);
    }
  }
  // IndoSum ids start with the publication time as a Unix timestamp: "1490674536-judul-berita".
  auto id = obj.find("id");
  if (id != obj.end() && id->is_string()) {
    const std::string& s = id->get_ref<const std::string&>();
    size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 10 && n < s.size() && (s[n] == '-' || s[n] == '_')) {
      return iso_from_epoch(std::stoll(s.substr(0, n)));
    }
  }
  return std::nullopt;
}

std::string parse_error_text(const char* what, bool single_line) {
  std::string m = what;
  size_t p = m.find("parse error at ");
  if (p != std::string::npos) m = m.substr(p + 15);
  if (single_line && m.rfind("line 1, ", 0) == 0) m = m.substr(8);
  size_t lr = m.find("; last read: '");
  if (lr != std::string::npos) {
    size_t ex = m.find("; expected", lr);
    m = m.substr(0, lr) + (ex == std::string::npos ? std::string() : m.substr(ex));
  }
  std::string fixed;
  detail::repair_utf8(m, fixed);
  return fixed;
}

}  // namespace

std::string detokenize(const std::vector<std::string_view>& tokens) {
  std::string out;
  bool glue_next = true;  // no space before the first token
  bool quote_open = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view t = tokens[i];
    // tokens may carry stray white space (IndoSum has "\u00a0" tokens)
    std::string trimmed;
    bool plain = !t.empty();
    for (char c : t) {
      auto u = static_cast<unsigned char>(c);
      if (u <= ' ' || u == 0xC2 || u == 0xE2 || u == 0xE3 || u == 0xEF || u == 0xE1) {
        plain = false;
        break;
      }
    }
    if (!plain) {
      trimmed = detail::clean_inline(t);
      if (trimmed.empty()) continue;
      t = trimmed;
    }
    bool glue = glue_next;
    glue_next = false;
    if (t == "\"") {
      if (quote_open) {
        glue = true;  // closing quote
      } else {
        glue_next = true;  // opening quote
      }
      quote_open = !quote_open;
    } else if (no_space_before(t)) {
      glue = true;
    } else if (no_space_after(t)) {
      glue_next = true;
    } else if (t == "/" || t == "-") {
      // dates and ranges: 27 / 3 -> 27/3 ; keep spaced dashes between words
      if (!out.empty() && (out.back() >= '0' && out.back() <= '9') && i + 1 < tokens.size() &&
          is_digits(tokens[i + 1])) {
        glue = true;
        glue_next = true;
      }
    }
    if (!glue && !out.empty()) out += ' ';
    out += t;
  }
  return out;
}

namespace detail {

Result<Document> document_from_value(std::string name, const nlohmann::json& v,
                                     std::vector<std::string> warnings) {
  if (v.is_string()) {
    return document_from_utf8(std::move(name), v.get_ref<const std::string&>(), {},
                              std::move(warnings));
  }
  if (!v.is_object()) return Error{name + ": no text field (not a JSON object)"};
  std::string text;
  bool found = false;
  for (const char* k :
       {"text", "body", "content", "paragraphs", "article", "articleBody", "full_text", "isi"}) {
    auto it = v.find(k);
    if (it == v.end() || !(it->is_string() || it->is_array())) continue;
    found = true;
    text = render_text(*it);
    if (!text.empty()) break;
  }
  if (!found) return Error{name + ": no text field"};
  DocumentMeta meta;
  meta.title = string_field(v, {"title", "headline", "judul"});
  meta.url = string_field(v, {"url", "source_url", "link", "canonical_url"});
  meta.published = published_field(v);
  meta.outlet = string_field(v, {"source", "outlet", "site", "site_name", "publisher", "media"});
  meta.author = string_field(v, {"author", "authors", "byline", "penulis"});
  if (meta.url && meta.url->rfind("http", 0) != 0 && meta.url->find('.') == std::string::npos) {
    meta.url.reset();
  }
  return document_from_utf8(std::move(name), text, std::move(meta), std::move(warnings));
}

Result<nlohmann::json> parse_json(std::string_view name, std::string_view text, bool single_line,
                                  std::vector<std::string>& warnings) {
  std::string repaired;
  size_t bad = repair_utf8(text, repaired);
  if (bad > 0) {
    warnings.push_back("invalid UTF-8 repaired (" + std::to_string(bad) +
                       (bad == 1 ? " byte)" : " bytes)"));
  }
  try {
    return json::parse(repaired);
  } catch (const json::exception& e) {
    return Error{std::string(name) + ": malformed JSON (" +
                 parse_error_text(e.what(), single_line) + ")"};
  }
}

}  // namespace detail

Result<Document> document_from_json(std::string name, std::string_view text,
                                    const ReadOptions& options) {
  if (text.size() > options.max_bytes)
    return detail::size_error(name, text.size(), options.max_bytes);
  std::vector<std::string> warnings;
  bool single_line = text.find('\n') == std::string_view::npos;
  auto v = detail::parse_json(name, text, single_line, warnings);
  if (!v) return v.error();
  return detail::document_from_value(std::move(name), *v, std::move(warnings));
}

}  // namespace kabar::ingest
