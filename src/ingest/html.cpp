// HTML reader: main-text extraction and page metadata with gumbo.
#include "kabar/ingest/html.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "internal.h"

namespace kabar::ingest {
namespace {

using detail::ascii_lower;
using detail::clean_inline;

constexpr int kMaxDepth = 1500;  // deeper markup is ignored (hostile input)

const char* attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool is_element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

// Elements that never hold article text.
bool is_boilerplate_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool is_block_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
      return true;
    default:
      return false;
  }
}

// class/id words that mark non-article blocks (split on - _ space).
bool has_negative_word(std::string_view v) {
  static constexpr std::array<std::string_view, 36> kWords = {
      "comment",    "comments",       "komentar",      "sidebar",  "related",    "terkait",
      "share",      "sharing",        "social",        "sosmed",   "widget",     "ads",
      "ad",         "advert",         "advertisement", "iklan",    "promo",      "banner",
      "breadcrumb", "breadcrumbs",    "tags",          "tag",      "newsletter", "popular",
      "populer",    "terpopuler",     "footer",        "nav",      "navbar",     "navigation",
      "menu",       "recommendation", "rekomendasi",   "bacajuga", "baca",       "subscribe"};
  std::string low = ascii_lower(v);
  size_t i = 0;
  while (i < low.size()) {
    while (i < low.size() && (low[i] == '-' || low[i] == '_' || low[i] == ' ')) ++i;
    size_t s = i;
    while (i < low.size() && low[i] != '-' && low[i] != '_' && low[i] != ' ') ++i;
    std::string_view w(low.data() + s, i - s);
    if (w.empty()) continue;
    for (auto k : kWords) {
      if (w == k) return true;
    }
  }
  return false;
}

bool is_negative(const GumboNode* n) {
  const char* c = attr(n, "class");
  const char* id = attr(n, "id");
  if ((c && has_negative_word(c)) || (id && has_negative_word(id))) return true;
  if (attr(n, "hidden")) return true;
  const char* style = attr(n, "style");
  if (style) {
    std::string s = ascii_lower(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos) return true;
  }
  return false;
}

bool has_content_word(const GumboNode* n) {
  static constexpr std::array<std::string_view, 9> kWords = {
      "article", "content", "story", "post-body", "entry-content",
      "detail",  "artikel", "isi",   "berita"};
  for (const char* name : {"class", "id"}) {
    const char* v = attr(n, name);
    if (!v) continue;
    std::string low = ascii_lower(v);
    for (auto w : kWords) {
      if (w == "isi" || w == "berita") {
        // whole words only: "isi" is too short to match inside other words
        size_t i = 0;
        while ((i = low.find(w, i)) != std::string::npos) {
          auto sep = [&](size_t k) {
            return k >= low.size() || low[k] == '-' || low[k] == '_' || low[k] == ' ';
          };
          if ((i == 0 || sep(i - 1)) && sep(i + w.size())) return true;
          i += w.size();
        }
      } else if (low.find(w) != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

struct Counts {
  uint32_t text = 0;  // non-space bytes of visible text
  uint32_t link = 0;  // of which inside <a>
};

struct Candidate {
  const GumboNode* node;
  int group;  // 0 <article>, 1 itemprop=articleBody, 2 class/id word
  uint32_t text;
};

struct PageMeta {
  std::unordered_map<std::string, std::string> meta;  // lower-cased name/property -> content
  std::string title_tag, first_h1, canonical, time_published;
  std::string ld_headline, ld_published, ld_author, ld_publisher, ld_url;
};

void append_text(const GumboNode* n, std::string& out, int depth = 0) {
  if (depth > kMaxDepth) return;
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    out += ' ';
  } else if (is_element(n)) {
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) return;
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = 0; i < ch.length; ++i)
      append_text(static_cast<GumboNode*>(ch.data[i]), out, depth + 1);
  }
}

std::string json_name(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string s = json_name(e);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return {};
}

void read_json_ld(const nlohmann::json& j, PageMeta& pm, int depth = 0) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& e : j) read_json_ld(e, pm, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  if (auto g = j.find("@graph"); g != j.end()) read_json_ld(*g, pm, depth + 1);
  auto str = [&](const char* key) -> std::string {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  bool articleish =
      j.contains("datePublished") || j.contains("articleBody") || j.contains("headline");
  if (!articleish) return;
  if (pm.ld_headline.empty()) pm.ld_headline = str("headline");
  if (pm.ld_published.empty()) pm.ld_published = str("datePublished");
  if (pm.ld_url.empty()) pm.ld_url = str("url");
  if (auto a = j.find("author"); a != j.end() && pm.ld_author.empty()) pm.ld_author = json_name(*a);
  if (auto p = j.find("publisher"); p != j.end() && pm.ld_publisher.empty()) {
    pm.ld_publisher = json_name(*p);
  }
}

class Extractor {
 public:
  explicit Extractor(const GumboNode* root) : root_(root) {}

  HtmlArticle run() {
    const GumboNode* body = nullptr;
    collect(root_, 0, false, body);
    HtmlArticle out;
    fill_meta(out.meta);
    const GumboNode* main = choose_root(body ? body : root_);
    if (auto it = counts_.find(main); it != counts_.end())
      root_text_ = it->second.text - it->second.link;
    title_ = out.meta.title ? ascii_lower(clean_inline(*out.meta.title)) : std::string();
    render(main, 0, true);
    flush();
    for (const auto& p : paragraphs_) {
      if (!out.text.empty()) out.text += '\n';
      out.text += p;
    }
    return out;
  }

 private:
  // One pass: per-node text counts, candidates, metadata.
  Counts collect(const GumboNode* n, int depth, bool in_link, const GumboNode*& body,
                 bool visible = true) {
    Counts c;
    if (depth > kMaxDepth) return c;
    if (visible && (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA)) {
      for (const char* p = n->v.text.text; *p; ++p) {
        unsigned char ch = static_cast<unsigned char>(*p);
        if (ch > ' ') ++c.text;
      }
      if (in_link) c.link = c.text;
      return c;
    }
    if (n->type == GUMBO_NODE_DOCUMENT) {
      const GumboVector& ch = n->v.document.children;
      for (unsigned i = 0; i < ch.length; ++i) {
        collect(static_cast<GumboNode*>(ch.data[i]), depth + 1, in_link, body);
      }
      return c;
    }
    if (!is_element(n)) return c;
    GumboTag t = n->v.element.tag;
    switch (t) {
      case GUMBO_TAG_BODY:
        if (!body) body = n;
        break;
      case GUMBO_TAG_TITLE:
        if (pm_.title_tag.empty() && n->parent && tag_of(n->parent) != GUMBO_TAG_SVG) {
          append_text(n, pm_.title_tag);
        }
        break;
      case GUMBO_TAG_H1:
        if (pm_.first_h1.empty()) append_text(n, pm_.first_h1);
        break;
      case GUMBO_TAG_META: {
        const char* content = attr(n, "content");
        if (!content) break;
        for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
          if (const char* k = attr(n, key)) pm_.meta.emplace(ascii_lower(k), content);
        }
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = attr(n, "rel");
        const char* href = attr(n, "href");
        if (rel && href && ascii_lower(rel) == "canonical" && pm_.canonical.empty())
          pm_.canonical = href;
        break;
      }
      case GUMBO_TAG_TIME: {
        const char* dt = attr(n, "datetime");
        const char* ip = attr(n, "itemprop");
        if (dt && pm_.time_published.empty() &&
            (attr(n, "pubdate") || (ip && std::string_view(ip) == "datePublished"))) {
          pm_.time_published = dt;
        }
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = attr(n, "type");
        if (type && ascii_lower(type) == "application/ld+json") {
          std::string src;
          const GumboVector& ch = n->v.element.children;
          for (unsigned i = 0; i < ch.length; ++i) {
            auto* k = static_cast<GumboNode*>(ch.data[i]);
            if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE)
              src += k->v.text.text;
          }
          auto j = nlohmann::json::parse(src, nullptr, false);
          if (!j.is_discarded()) read_json_ld(j, pm_);
        }
        return c;
      }
      default:
        break;
    }
    if (!visible || is_boilerplate_tag(t)) {
      // invisible parts still hold <title>, <meta>, <link>, JSON-LD and the headline <h1>
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = 0; i < ch.length; ++i) {
        collect(static_cast<GumboNode*>(ch.data[i]), depth + 1, in_link, body, false);
      }
      return c;
    }
    bool link = in_link || t == GUMBO_TAG_A;
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = 0; i < ch.length; ++i) {
      Counts k = collect(static_cast<GumboNode*>(ch.data[i]), depth + 1, link, body);
      c.text += k.text;
      c.link += k.link;
    }
    counts_[n] = c;
    if (!is_negative(n)) {
      const char* ip = attr(n, "itemprop");
      if (t == GUMBO_TAG_ARTICLE) {
        candidates_.push_back({n, 0, c.text - c.link});
      } else if (ip && std::string_view(ip) == "articleBody") {
        candidates_.push_back({n, 1, c.text - c.link});
      } else if (t != GUMBO_TAG_BODY && t != GUMBO_TAG_HTML && has_content_word(n)) {
        candidates_.push_back({n, 2, c.text - c.link});
      }
    }
    return c;
  }

  static bool is_inside(const GumboNode* n, const GumboNode* ancestor) {
    for (const GumboNode* p = n->parent; p; p = p->parent) {
      if (p == ancestor) return true;
    }
    return false;
  }

  const GumboNode* choose_root(const GumboNode* body) {
    Counts bc = counts_.count(body) ? counts_[body] : Counts{};
    uint32_t body_text = bc.text - bc.link;
    uint32_t need = std::min<uint32_t>(500, body_text * 3 / 10);
    if (need == 0) need = 1;
    const Candidate* best = nullptr;
    for (int g = 0; g < 3 && !best; ++g) {
      for (const auto& c : candidates_) {
        if (c.group == g && c.text >= need && (!best || c.text > best->text)) best = &c;
      }
    }
    if (!best) return body;
    // Tighten: a descendant candidate holding nearly all of the text is a better root.
    const Candidate* cur = best;
    for (bool moved = true; moved;) {
      moved = false;
      const Candidate* pick = nullptr;
      for (const auto& c : candidates_) {
        // nearly all of the text, or all but a title/byline/date (short blocks)
        bool holds =
            c.text * 100 >= cur->text * 85 || (c.text * 2 >= cur->text && cur->text - c.text < 150);
        if (&c != cur && c.text > 0 && holds && is_inside(c.node, cur->node) &&
            (!pick || c.text < pick->text)) {
          pick = &c;
        }
      }
      if (pick) {
        cur = pick;
        moved = true;
      }
    }
    return cur->node;
  }

  void fill_meta(DocumentMeta& m) {
    auto get = [&](std::initializer_list<const char*> keys) -> std::optional<std::string> {
      for (const char* k : keys) {
        auto it = pm_.meta.find(k);
        if (it != pm_.meta.end() && !clean_inline(it->second).empty()) return it->second;
      }
      return std::nullopt;
    };
    auto first =
        [](std::initializer_list<std::optional<std::string>> vs) -> std::optional<std::string> {
      for (const auto& v : vs) {
        if (v && !clean_inline(*v).empty()) return clean_inline(*v);
      }
      return std::nullopt;
    };
    auto opt = [](const std::string& s) {
      return s.empty() ? std::nullopt : std::optional<std::string>(s);
    };
    m.outlet = first({get({"og:site_name", "application-name"}), opt(pm_.ld_publisher)});
    m.title = first({get({"og:title", "twitter:title"}), opt(pm_.ld_headline), opt(pm_.title_tag),
                     opt(pm_.first_h1)});
    m.published =
        first({get({"article:published_time", "og:published_time", "datepublished", "pubdate",
                    "publishdate", "publish-date", "publish_date", "dtk:publishdate",
                    "content_publisheddate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
                    "dc.date", "dcterms.created", "date", "article.published"}),
               opt(pm_.ld_published), opt(pm_.time_published)});
    std::optional<std::string> author =
        get({"author", "article:author", "dtk:author", "content_author", "parsely-author", "byl",
             "dc.creator"});
    if (author && author->rfind("http", 0) == 0) author.reset();  // Facebook profile URLs
    m.author = first({author, opt(pm_.ld_author)});
    m.url = first({get({"og:url", "twitter:url"}), opt(pm_.canonical), opt(pm_.ld_url)});
    if (m.title) {
      // "Judul berita - Outlet" / "Judul | Outlet" -> "Judul berita"
      std::string low = ascii_lower(*m.title), outlet = m.outlet ? ascii_lower(*m.outlet) : "";
      for (std::string_view sep : {" - ", " | ", " – ", " — "}) {
        size_t p = low.rfind(sep);
        if (p != std::string::npos && p > 0) {
          std::string tail = low.substr(p + sep.size());
          bool domain = tail.find('.') != std::string::npos && tail.find(' ') == std::string::npos;
          if (domain || (!outlet.empty() && (tail.find(outlet) != std::string::npos ||
                                             outlet.find(tail) != std::string::npos))) {
            m.title = m.title->substr(0, p);
            break;
          }
        }
      }
    }
  }

  void add_inline(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (!space && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        space = true;
        ++i;
      }
      if (space) {
        pending_space_ = !cur_.empty();
        continue;
      }
      if (pending_space_) cur_ += ' ';
      pending_space_ = false;
      cur_ += char(c);
      ++cur_chars_;
      if (link_depth_ > 0) ++cur_link_;
    }
  }

  static bool is_read_also(std::string_view p) {
    static constexpr std::array<std::string_view, 12> kPrefixes = {
        "baca juga",          "baca pula",         "lihat juga",      "simak juga",
        "tonton juga",        "berita terkait",    "artikel terkait", "advertisement",
        "scroll to continue", "baca selengkapnya", "lanjut baca",     "simak video"};
    std::string low = ascii_lower(p.substr(0, 24));
    for (auto k : kPrefixes) {
      if (low.rfind(k, 0) == 0) return true;
    }
    return false;
  }

  void flush() {
    pending_space_ = false;
    if (cur_.empty()) return;
    bool link_dense = cur_link_ * 2 > cur_chars_;
    bool drop = link_dense || is_read_also(cur_);
    if (!drop && !title_.empty() && !title_dropped_ && paragraphs_.size() < 3 &&
        ascii_lower(cur_) == title_) {
      drop = true;  // the headline repeated at the top of the body
      title_dropped_ = true;
    }
    if (!drop) paragraphs_.push_back(std::move(cur_));
    cur_.clear();
    cur_chars_ = cur_link_ = 0;
  }

  void render(const GumboNode* n, int depth, bool is_root) {
    if (depth > kMaxDepth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      add_inline(n->v.text.text);
      return;
    }
    if (!is_element(n)) return;
    GumboTag t = n->v.element.tag;
    if (!is_root && t != GUMBO_TAG_BODY) {
      if (is_boilerplate_tag(t)) return;
      if (is_negative(n)) {
        // a misleading class ("share-enabled") on a wrapper of most of the article is ignored
        auto it = counts_.find(n);
        uint32_t own = it == counts_.end() ? 0 : it->second.text - it->second.link;
        if (uint64_t(own) * 10 < uint64_t(root_text_) * 3) return;
      }
      bool block = is_block_tag(t);
      if (block && t != GUMBO_TAG_BR) {
        auto it = counts_.find(n);
        if (it != counts_.end() && it->second.text > 0 && it->second.link * 2 > it->second.text) {
          flush();
          return;  // link-dense block: menus, "Baca juga" lists, tag clouds
        }
      }
    }
    bool block = is_block_tag(t);
    if (block) flush();
    if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) pending_space_ = !cur_.empty();
    if (t == GUMBO_TAG_A) ++link_depth_;
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = 0; i < ch.length; ++i)
      render(static_cast<GumboNode*>(ch.data[i]), depth + 1, false);
    if (t == GUMBO_TAG_A) --link_depth_;
    if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) pending_space_ = !cur_.empty();
    if (block) flush();
  }

  const GumboNode* root_;
  PageMeta pm_;
  std::unordered_map<const GumboNode*, Counts> counts_;
  std::vector<Candidate> candidates_;
  std::string title_;
  bool title_dropped_ = false;
  uint32_t root_text_ = 0;
  std::vector<std::string> paragraphs_;
  std::string cur_;
  size_t cur_chars_ = 0, cur_link_ = 0;
  int link_depth_ = 0;
  bool pending_space_ = false;
};

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_void_or_auto_closed(std::string_view tag) {
  static constexpr std::array<std::string_view, 23> kTags = {
      "br",  "img",   "meta",  "link",   "input", "hr",  "area", "base",
      "col", "embed", "param", "source", "track", "wbr", "p",    "li",
      "td",  "th",    "tr",    "option", "dt",    "dd",  "html"};
  for (auto t : kTags) {
    if (tag == t) return true;
  }
  return false;
}

// Upper bound on element nesting, from a cheap scan of the tags (no parsing).
size_t estimate_depth(std::string_view h, size_t stop_at) {
  size_t depth = 0, max_depth = 0;
  size_t i = 0;
  while ((i = h.find('<', i)) != std::string_view::npos) {
    if (h.compare(i, 4, "<!--") == 0) {
      size_t e = h.find("-->", i + 4);
      if (e == std::string_view::npos) break;
      i = e + 3;
      continue;
    }
    bool closing = i + 1 < h.size() && h[i + 1] == '/';
    size_t s = i + (closing ? 2 : 1), e = s;
    while (e < h.size() && (ascii_alpha(h[e]) || (e > s && h[e] >= '0' && h[e] <= '9'))) ++e;
    if (e == s) {
      ++i;
      continue;
    }
    std::string tag = ascii_lower(h.substr(s, e - s));
    size_t gt = h.find('>', e);
    if (gt == std::string_view::npos) break;
    if (closing) {
      if (!is_void_or_auto_closed(tag) && depth > 0) --depth;
    } else if (!is_void_or_auto_closed(tag) && h[gt - 1] != '/') {
      if (tag == "script" || tag == "style" || tag == "textarea" || tag == "title") {
        size_t end = h.find("</", gt);
        while (end != std::string_view::npos && ascii_lower(h.substr(end + 2, tag.size())) != tag) {
          end = h.find("</", end + 2);
        }
        if (end == std::string_view::npos) break;
        i = end;
        continue;
      }
      max_depth = std::max(max_depth, ++depth);
      if (max_depth >= stop_at) return max_depth;
    }
    i = gt + 1;
  }
  return max_depth;
}

// Fallback for hostile markup: drop tags, comments, scripts and styles; blocks become lines.
std::string strip_tags(std::string_view h) {
  std::string out;
  out.reserve(h.size() / 2);
  size_t i = 0;
  while (i < h.size()) {
    if (h[i] != '<') {
      if (h[i] == '&') {
        static constexpr std::pair<std::string_view, std::string_view> kEnt[] = {
            {"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
            {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
        bool done = false;
        for (const auto& [ent, rep] : kEnt) {
          if (h.compare(i, ent.size(), ent) == 0) {
            out += rep;
            i += ent.size();
            done = true;
            break;
          }
        }
        if (done) continue;
      }
      out += h[i++];
      continue;
    }
    if (h.compare(i, 4, "<!--") == 0) {
      size_t e = h.find("-->", i + 4);
      i = e == std::string_view::npos ? h.size() : e + 3;
      continue;
    }
    size_t gt = h.find('>', i);
    if (gt == std::string_view::npos) break;
    std::string tag;
    for (size_t k = i + 1; k < gt && (ascii_alpha(h[k]) || h[k] == '/'); ++k) {
      if (h[k] != '/') tag += char(h[k] | 0x20);
    }
    if (h[i + 1] != '/' && (tag == "script" || tag == "style")) {
      size_t e = h.find("</", gt);
      while (e != std::string_view::npos && ascii_lower(h.substr(e + 2, tag.size())) != tag) {
        e = h.find("</", e + 2);
      }
      i = e == std::string_view::npos ? h.size() : h.find('>', e);
      i = i == std::string_view::npos ? h.size() : i + 1;
      continue;
    }
    bool block = tag == "p" || tag == "div" || tag == "br" || tag == "li" || tag == "tr" ||
                 tag == "blockquote" ||
                 (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6');
    out += block ? '\n' : ' ';
    i = gt + 1;
  }
  // collapse white space within lines, drop empty lines
  std::string text;
  size_t pos = 0;
  while (pos <= out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    std::string line = clean_inline(std::string_view(out).substr(pos, nl - pos));
    if (!line.empty()) {
      if (!text.empty()) text += '\n';
      text += line;
    }
    pos = nl + 1;
  }
  return text;
}

constexpr size_t kMaxParseDepth = 2000;

}  // namespace

HtmlArticle extract_html(std::string_view html) {
  if (estimate_depth(html, kMaxParseDepth) >= kMaxParseDepth) {
    HtmlArticle a;
    a.text = strip_tags(html);
    a.warnings.push_back("HTML nested too deeply: tags stripped without parsing");
    return a;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!out) return {};
  HtmlArticle a = Extractor(out->document).run();
  gumbo_destroy_output(&options, out);
  return a;
}

}  // namespace kabar::ingest
