#include "kabar/search/query.h"

#include <memory>
#include <optional>
#include <vector>

#include "kabar/core/utf8.h"

namespace kabar::search {

namespace {

constexpr size_t kMaxQueryBytes = 4096;
constexpr int kMaxTerms = 64;
constexpr int kMaxDepth = 16;

enum class Tok { kWord, kPhrase, kOr, kAnd, kNot, kMinus, kOpen, kClose, kEnd };

struct Lexeme {
  Tok kind;
  std::string text;
  bool prefix = false;
};

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Control characters and invalid UTF-8 become spaces: they never reach FTS5.
std::string sanitize(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    size_t n = utf8::valid_sequence_length(in, i);
    if (n == 0) {
      out += ' ';
      ++i;
    } else {
      out.append(in.substr(i, n));
      i += n;
    }
  }
  return out;
}

kabar::Result<std::vector<Lexeme>> lex(std::string_view s) {
  std::vector<Lexeme> out;
  size_t i = 0;
  auto boundary_before = [&](size_t pos) {
    return pos == 0 || is_space(static_cast<unsigned char>(s[pos - 1])) || s[pos - 1] == '(';
  };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (is_space(c)) {
      ++i;
    } else if (c == '(') {
      out.push_back({Tok::kOpen, "("});
      ++i;
    } else if (c == ')') {
      out.push_back({Tok::kClose, ")"});
      ++i;
    } else if (c == '"') {
      size_t end = s.find('"', i + 1);
      if (end == std::string_view::npos)
        return Error{"unbalanced quote: a phrase opened with \" is not closed"};
      Lexeme l{Tok::kPhrase, std::string(s.substr(i + 1, end - i - 1))};
      i = end + 1;
      if (i < s.size() && s[i] == '*') {
        l.prefix = true;
        while (i < s.size() && s[i] == '*') ++i;
      }
      out.push_back(std::move(l));
    } else if (c == '-' && boundary_before(i) && i + 1 < s.size() &&
               !is_space(static_cast<unsigned char>(s[i + 1])) && s[i + 1] != '-' &&
               s[i + 1] != ')') {
      out.push_back({Tok::kMinus, "-"});
      ++i;
    } else {
      size_t start = i;
      while (i < s.size() && !is_space(static_cast<unsigned char>(s[i])) && s[i] != '(' &&
             s[i] != ')' && s[i] != '"')
        ++i;
      std::string w(s.substr(start, i - start));
      if (w == "OR" || w == "|") {
        out.push_back({Tok::kOr, w});
      } else if (w == "AND" || w == "&") {
        out.push_back({Tok::kAnd, w});
      } else if (w == "NOT") {
        out.push_back({Tok::kNot, w});
      } else {
        Lexeme l{Tok::kWord, std::move(w)};
        while (!l.text.empty() && l.text.back() == '*') {
          l.text.pop_back();
          l.prefix = true;
        }
        out.push_back(std::move(l));
      }
    }
  }
  out.push_back({Tok::kEnd, ""});
  return out;
}

// Parses and renders in one pass; a group renders to nullopt when it holds no searchable term.
class Translator {
 public:
  Translator(std::vector<Lexeme> lexemes, const HasTerms& has_terms)
      : lx_(std::move(lexemes)), has_terms_(has_terms) {}

  kabar::Result<std::string> run() {
    auto e = parse_or(0);
    if (!error_.empty()) return Error{error_};
    if (peek().kind == Tok::kClose) return Error{"unbalanced parentheses: ')' without '('"};
    if (peek().kind != Tok::kEnd) return Error{"unexpected '" + peek().text + "'"};
    if (!e) return Error{"no searchable words in the query"};
    return *e;
  }

 private:
  const Lexeme& peek() const { return lx_[pos_]; }
  const Lexeme& take() { return lx_[pos_ < lx_.size() - 1 ? pos_++ : pos_]; }
  bool fail(std::string msg) {
    if (error_.empty()) error_ = std::move(msg);
    return false;
  }

  std::optional<std::string> parse_or(int depth) {
    if (depth > kMaxDepth) {
      fail("query nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
      return std::nullopt;
    }
    std::vector<std::string> parts;
    for (;;) {
      if (peek().kind == Tok::kOr) {
        fail("OR needs words on both sides");
        return std::nullopt;
      }
      auto group = parse_and(depth);
      if (!error_.empty()) return std::nullopt;
      if (group) parts.push_back(std::move(*group));
      if (peek().kind != Tok::kOr) break;
      take();
      if (peek().kind == Tok::kEnd || peek().kind == Tok::kClose || peek().kind == Tok::kOr) {
        fail("OR needs words on both sides");
        return std::nullopt;
      }
    }
    if (parts.empty()) return std::nullopt;
    if (parts.size() == 1) return parts[0];
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? " OR " : "") + parts[i];
    return out + ")";
  }

  // A run of items joined by (implicit) AND; NOT x / -x items are excluded.
  std::optional<std::string> parse_and(int depth) {
    std::vector<std::string> pos, neg;
    int items = 0;
    for (;;) {
      Tok k = peek().kind;
      if (k == Tok::kEnd || k == Tok::kClose || k == Tok::kOr) break;
      if (k == Tok::kAnd) {
        take();
        Tok next = peek().kind;
        if (items == 0 || next == Tok::kEnd || next == Tok::kClose || next == Tok::kOr ||
            next == Tok::kAnd) {
          fail("AND needs words on both sides");
          return std::nullopt;
        }
        continue;
      }
      bool negated = false;
      if (k == Tok::kNot || k == Tok::kMinus) {
        take();
        negated = true;
        Tok next = peek().kind;
        if (next == Tok::kEnd || next == Tok::kClose || next == Tok::kOr || next == Tok::kAnd ||
            next == Tok::kNot || next == Tok::kMinus) {
          fail("NOT (or -) must be followed by a word, a phrase or a group");
          return std::nullopt;
        }
      }
      auto item = parse_primary(depth);
      if (!error_.empty()) return std::nullopt;
      ++items;
      if (item) (negated ? neg : pos).push_back(std::move(*item));
    }
    if (pos.empty()) {
      if (!neg.empty()) {
        fail("a query (or a group) needs at least one word that is not excluded");
      }
      return std::nullopt;
    }
    std::string out = pos.size() == 1 ? pos[0] : "(" + join(pos, " AND ") + ")";
    if (!neg.empty())
      out = "(" + out + " NOT " + (neg.size() == 1 ? neg[0] : "(" + join(neg, " OR ") + ")") + ")";
    return out;
  }

  std::optional<std::string> parse_primary(int depth) {
    const Lexeme& l = take();
    switch (l.kind) {
      case Tok::kOpen: {
        auto inner = parse_or(depth + 1);
        if (!error_.empty()) return std::nullopt;
        if (peek().kind != Tok::kClose) {
          fail("unbalanced parentheses: '(' without ')'");
          return std::nullopt;
        }
        take();
        return inner;
      }
      case Tok::kWord:
      case Tok::kPhrase: {
        if (++terms_ > kMaxTerms) {
          fail("too many words in the query (at most " + std::to_string(kMaxTerms) + ")");
          return std::nullopt;
        }
        if (!has_terms_(l.text, l.prefix)) return std::nullopt;
        std::string q = "\"";
        for (char c : l.text) {
          if (c == '"') q += '"';
          q += c;
        }
        q += '"';
        if (l.prefix) q += " *";
        return q;
      }
      default:
        fail("unexpected '" + l.text + "'");
        return std::nullopt;
    }
  }

  static std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
  }

  std::vector<Lexeme> lx_;
  const HasTerms& has_terms_;
  size_t pos_ = 0;
  int terms_ = 0;
  std::string error_;
};

}  // namespace

kabar::Result<std::string> to_fts5(std::string_view user, const HasTerms& has_terms) {
  if (user.size() > kMaxQueryBytes) {
    return Error{"query too long (" + std::to_string(user.size()) + " bytes, at most " +
                 std::to_string(kMaxQueryBytes) + ")"};
  }
  auto lexemes = lex(sanitize(user));
  if (!lexemes) return lexemes.error();
  return Translator(std::move(*lexemes), has_terms).run();
}

}  // namespace kabar::search
