#include "kabar/serve/report.h"

#include <algorithm>
#include <map>

#include <fmt/core.h>

namespace kabar::serve {

using nlohmann::json;

namespace {

std::string s(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  if (j.is_number()) return fmt::format("{}", j.get<double>());
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  return {};
}

std::string s(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? std::string() : s(*it);
}

std::string html_escape(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 16);
  for (char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Markdown table cell / inline text: no line breaks, pipes and markup characters escaped.
std::string md_escape(std::string_view in) {
  std::string out;
  for (char c : in) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
               c == '>' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(const json& v) {
  if (v.is_number_integer()) {
    // 10000 → 10.000 (Indonesian grouping, as the articles write it).
    std::string d = std::to_string(v.get<int64_t>());
    std::string out;
    int n = 0;
    for (auto it = d.rbegin(); it != d.rend(); ++it) {
      if (n > 0 && n % 3 == 0 && *it != '-') out += '.';
      out += *it;
      ++n;
    }
    std::reverse(out.begin(), out.end());
    return out;
  }
  return s(v);
}

std::string outlet_date(const json& x) {
  std::string o = s(x, "outlet"), d = s(x, "published");
  if (o.empty()) o = "unknown outlet";
  return d.empty() ? o : o + ", " + d;
}

constexpr const char* kCss = R"css(
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #1d4e89;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin:1.5rem 0 .4rem}.meta{color:#5a6470;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.92rem}th,td{border-bottom:1px solid #dde2e8;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#f2f5f8}tr.outlier td{background:#fff1e6}.conflict{color:#b3261e;font-weight:600}
.tag{display:inline-block;background:#eef3f9;border-radius:3px;padding:0 .35rem;margin-right:.25rem;font-size:.85rem}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #9db4cf}
.src{color:#5a6470;font-size:.85rem}svg text{font-size:10px;fill:#5a6470}
)css";

// A bar per publication date: documents that day.
std::string coverage_svg(const json& coverage) {
  if (coverage.empty()) return {};
  int max = 1;
  for (const auto& c : coverage) max = std::max(max, c["count"].get<int>());
  const int bar = 28, gap = 6, h = 80, w = static_cast<int>(coverage.size()) * (bar + gap) + gap;
  std::string out = fmt::format(
      R"(<svg role="img" aria-label="Coverage over time" width="{}" height="{}" viewBox="0 0 {} {}">)",
      w, h + 30, w, h + 30);
  int x = gap;
  for (const auto& c : coverage) {
    int n = c["count"].get<int>();
    int bh = std::max(2, n * h / max);
    out += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#1d4e89"><title>{}: {} document(s)</title></rect>)",
        x, h - bh, bar, bh, html_escape(s(c, "date")), n);
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", x + bar / 2,
                       h - bh - 3, n);
    std::string date = s(c, "date");
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", x + bar / 2, h + 14,
                       html_escape(date.size() >= 10 ? date.substr(5) : date));
    x += bar + gap;
  }
  return out + "</svg>";
}

// A big story's answer lists only its earliest documents (CorpusView::story): the count and
// the dates come from its full size and its coverage (every document per date).
size_t document_count(const json& st) {
  if (auto it = st.find("document_count"); it != st.end() && it->is_number_unsigned())
    return it->get<size_t>();
  return st["documents"].size();
}

// "The first 200 of 250 claims." when an answer's list was cut (CorpusView::story answers the
// default slices of a big story's lists), else empty. `total` is the list's full size field.
std::string cut_note(size_t shown, const json& holder, const char* total, const char* what) {
  auto it = holder.find(total);
  if (it == holder.end() || !it->is_number_integer() ||
      it->get<int64_t>() <= static_cast<int64_t>(shown))
    return {};
  return fmt::format("The first {} of {} {}.", shown, it->get<int64_t>(), what);
}

std::pair<std::string, std::string> date_range(const json& st) {
  const auto& cov = st["coverage"];
  if (cov.is_array() && !cov.empty()) return {s(cov.front(), "date"), s(cov.back(), "date")};
  const auto& docs = st["documents"];
  if (docs.empty()) return {};
  return {s(docs.front(), "published"), s(docs.back(), "published")};
}

void html_story(std::string& out, const json& st) {
  out += fmt::format("<h2 id=\"{0}\">{1}</h2>\n", html_escape(s(st, "id")),
                     html_escape(s(st, "title")));
  const auto& docs = st["documents"];
  const auto [first, last] = date_range(st);
  out += fmt::format("<p class=\"meta\">Story {} · {} documents · {} events{}</p>\n",
                     html_escape(s(st, "id")), document_count(st), st["events"].size(),
                     first.empty() ? "" : " · " + html_escape(first) + " – " + html_escape(last));
  if (!st["summary"].empty()) {
    out += "<h3>Summary</h3>\n<ul>\n";
    for (const auto& x : st["summary"]) out += "<li>" + html_escape(s(x)) + "</li>\n";
    out += "</ul>\n";
  }
  if (!st["coverage"].empty()) out += "<h3>Coverage</h3>\n" + coverage_svg(st["coverage"]) + "\n";
  if (!st["timeline"].empty()) {
    out +=
        "<h3>Timeline</h3>\n<table><tr><th>Date</th><th>What happened</th><th>Source</th></tr>\n";
    for (const auto& t : st["timeline"]) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"src\">{}</td></tr>\n",
                         html_escape(s(t, "date")), html_escape(s(t, "text")),
                         html_escape(s(t, "outlet")));
    }
    out += "</table>\n";
  }
  if (!st["claims"].empty()) {
    out += "<h3>Claims</h3>\n";
    for (const auto& c : st["claims"]) {
      bool conflict = c.value("conflict", false);
      out += fmt::format(
          "<p><b>{}</b> "
          "{}</p>\n<table><tr><th>Value</th><th>Qualifier</th><th>Source</th><th>Date</"
          "th><th>Document</th><th>Text</th></tr>\n",
          html_escape(s(c, "topic")),
          conflict ? "<span class=\"conflict\">sources disagree</span>" : "");
      for (const auto& v : c["values"]) {
        out += fmt::format(
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td "
            "class=\"src\">{}</td><td>{}</td></tr>\n",
            v.value("outlier", false) ? " class=\"outlier\"" : "", html_escape(number(v["value"])),
            html_escape(s(v, "qualifier")), html_escape(s(v, "source")), html_escape(s(v, "date")),
            html_escape(outlet_date(v)), html_escape(s(v, "text")));
      }
      out += "</table>\n";
      if (auto note = cut_note(c["values"].size(), c, "value_count", "values"); !note.empty())
        out += "<p class=\"meta\">" + note + "</p>\n";
    }
    if (auto note = cut_note(st["claims"].size(), st, "claim_count", "claims"); !note.empty())
      out += "<p class=\"meta\">" + note + "</p>\n";
  }
  if (!st["quotes"].empty()) {
    out += "<h3>Quotes by speaker</h3>\n";
    for (const auto& g : st["quotes"]) {
      std::string who = g["speaker"].is_string() ? s(g, "speaker") : "Unattributed";
      out += fmt::format("<p><b>{}</b> <span class=\"meta\">({})</span></p>\n", html_escape(who),
                         g["count"].get<int>());
      for (const auto& q : g["quotes"]) {
        out += fmt::format("<blockquote>{}{}{} <span class=\"src\">— {}</span></blockquote>\n",
                           q.value("direct", false) ? "“" : "", html_escape(s(q, "text")),
                           q.value("direct", false) ? "”" : "", html_escape(outlet_date(q)));
      }
      if (auto note = cut_note(g["quotes"].size(), g, "count", "quotes"); !note.empty())
        out += "<p class=\"meta\">" + note + "</p>\n";
    }
    if (auto note = cut_note(st["quotes"].size(), st, "speaker_count", "speakers, the most quoted");
        !note.empty())
      out += "<p class=\"meta\">" + note + "</p>\n";
  }
  out +=
      "<h3>Sources</h3>\n<table><tr><th>Date</th><th>Outlet</th><th>Title</th><th>Byline</"
      "th><th>Wires</th><th>File</th></tr>\n";
  for (const auto& d : docs) {
    std::string wires;
    for (const auto& w : d["wires"])
      wires += "<span class=\"tag\">" + html_escape(s(w)) + "</span>";
    out += fmt::format(
        "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td "
        "class=\"src\">{}</td></tr>\n",
        html_escape(s(d, "published")),
        d.value("inferred", false) ? " <span class=\"meta\">(inferred)</span>" : "",
        html_escape(s(d, "outlet")), html_escape(s(d, "title")), html_escape(s(d, "byline")), wires,
        html_escape(s(d, "path")));
  }
  out += "</table>\n";
  if (document_count(st) > docs.size())
    out += fmt::format("<p class=\"meta\">The earliest {} of {} documents.</p>\n", docs.size(),
                       document_count(st));
}

void md_story(std::string& out, const json& st) {
  out += fmt::format("## {}\n\n", md_escape(s(st, "title")));
  const auto& docs = st["documents"];
  const auto [first, last] = date_range(st);
  out += fmt::format("Story {} · {} documents · {} events{}\n\n", s(st, "id"), document_count(st),
                     st["events"].size(), first.empty() ? "" : " · " + first + " – " + last);
  if (!st["summary"].empty()) {
    out += "### Summary\n\n";
    for (const auto& x : st["summary"]) out += "- " + md_escape(s(x)) + "\n";
    out += "\n";
  }
  if (!st["coverage"].empty()) {
    out += "### Coverage\n\n| Date | Documents |\n|---|---|\n";
    for (const auto& c : st["coverage"])
      out += fmt::format("| {} | {} |\n", s(c, "date"), c["count"].get<int>());
    out += "\n";
  }
  if (!st["timeline"].empty()) {
    out += "### Timeline\n\n| Date | What happened | Source |\n|---|---|---|\n";
    for (const auto& t : st["timeline"]) {
      out += fmt::format("| {} | {} | {} |\n", md_escape(s(t, "date")), md_escape(s(t, "text")),
                         md_escape(s(t, "outlet")));
    }
    out += "\n";
  }
  if (!st["claims"].empty()) {
    out += "### Claims\n\n";
    for (const auto& c : st["claims"]) {
      out += fmt::format(
          "**{}**{}\n\n| Value | Qualifier | Source | Date | Document |\n|---|---|---|---|---|\n",
          md_escape(s(c, "topic")), c.value("conflict", false) ? " — **sources disagree**" : "");
      for (const auto& v : c["values"]) {
        const bool outlier = v.value("outlier", false);
        out += fmt::format("| {}{}{} | {} | {} | {} | {} |\n", outlier ? "**" : "",
                           md_escape(number(v["value"])), outlier ? "** ⚠" : "", s(v, "qualifier"),
                           md_escape(s(v, "source")), md_escape(s(v, "date")),
                           md_escape(outlet_date(v)));
      }
      out += "\n";
      if (auto note = cut_note(c["values"].size(), c, "value_count", "values"); !note.empty())
        out += note + "\n\n";
    }
    if (auto note = cut_note(st["claims"].size(), st, "claim_count", "claims"); !note.empty())
      out += note + "\n\n";
  }
  if (!st["quotes"].empty()) {
    out += "### Quotes by speaker\n\n";
    for (const auto& g : st["quotes"]) {
      std::string who = g["speaker"].is_string() ? s(g, "speaker") : "Unattributed";
      out += fmt::format("**{}** ({})\n\n", md_escape(who), g["count"].get<int>());
      for (const auto& q : g["quotes"]) {
        out += fmt::format("> {}{}{} — {}\n\n", q.value("direct", false) ? "“" : "",
                           md_escape(s(q, "text")), q.value("direct", false) ? "”" : "",
                           md_escape(outlet_date(q)));
      }
      if (auto note = cut_note(g["quotes"].size(), g, "count", "quotes"); !note.empty())
        out += note + "\n\n";
    }
    if (auto note = cut_note(st["quotes"].size(), st, "speaker_count", "speakers, the most quoted");
        !note.empty())
      out += note + "\n\n";
  }
  out +=
      "### Sources\n\n| Date | Outlet | Title | Byline | Wires | File "
      "|\n|---|---|---|---|---|---|\n";
  for (const auto& d : docs) {
    std::string wires;
    for (const auto& w : d["wires"]) wires += (wires.empty() ? "" : ", ") + s(w);
    out += fmt::format("| {}{} | {} | {} | {} | {} | {} |\n", s(d, "published"),
                       d.value("inferred", false) ? " (inferred)" : "", md_escape(s(d, "outlet")),
                       md_escape(s(d, "title")), md_escape(s(d, "byline")), md_escape(wires),
                       md_escape(s(d, "path")));
  }
  out += "\n";
  if (document_count(st) > docs.size())
    out += fmt::format("The earliest {} of {} documents.\n\n", docs.size(), document_count(st));
}

}  // namespace

Result<std::string> render_report(const CorpusView& view, const std::string& story_id,
                                  ReportFormat format) {
  std::vector<json> stories;
  if (!story_id.empty()) {
    auto st = view.story(story_id);
    if (!st) return Error{"story " + story_id + ": not found"};
    stories.push_back(std::move(*st));
  } else {
    for (const auto& brief : view.stories()) stories.push_back(*view.story(s(brief, "id")));
  }
  const std::string title = stories.size() == 1 ? s(stories[0], "title") : "kabar report";
  const std::string generated = fmt::format("{} stories from {} documents · kabar {}",
                                            stories.size(), view.document_count(), KABAR_VERSION);
  std::string out;
  if (format == ReportFormat::kHtml) {
    out +=
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        html_escape(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
    out += "<h1>" + html_escape(title) + "</h1>\n<p class=\"meta\">" + html_escape(generated) +
           "</p>\n";
    if (stories.size() > 1) {
      out += "<ol>\n";
      for (const auto& st : stories) {
        out += fmt::format(
            "<li><a href=\"#{}\">{}</a> <span class=\"meta\">({} documents)</span></li>\n",
            html_escape(s(st, "id")), html_escape(s(st, "title")), document_count(st));
      }
      out += "</ol>\n";
    }
    for (const auto& st : stories) html_story(out, st);
    out += "</body>\n</html>\n";
  } else {
    out += "# " + md_escape(title) + "\n\n_" + generated + "_\n\n";
    for (const auto& st : stories) md_story(out, st);
  }
  return out;
}

}  // namespace kabar::serve
