#include "kabar/eval/numerals.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "kabar/core/data_dir.h"
#include "kabar/extract/quantities.h"
#include "kabar/lang/id/numerals.h"
#include "kabar/text/analyzer.h"

namespace kabar::eval {
namespace {

/// What a Duckling row expects.
struct Expected {
  double value = 0;
  std::optional<double> max;
  std::string currency;  // ISO code, money only
  extract::Qualifier qualifier = extract::Qualifier::kExact;
};

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<double> number(std::string s) {
  s = trim(s);
  while (!s.empty() && (s.front() == '(' || s.front() == ' ')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ')' || s.back() == ' ')) s.pop_back();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::string iso(std::string_view duckling) {
  if (duckling == "Dollar" || duckling == "USD") return "USD";
  if (duckling == "Pound" || duckling == "GBP") return "GBP";
  if (duckling == "EUR" || duckling == "IDR" || duckling == "JPY") return std::string(duckling);
  return {};
}

/// Parses "NumeralValue 33", "OrdinalData 4", "simple IDR 20", "between Dollar(10, 20)",
/// "under EUR 7", "above USD 1.42".
std::optional<Expected> parse_expected(const std::string& expr) {
  Expected e;
  std::istringstream is(expr);
  std::string head;
  is >> head;
  std::string rest;
  std::getline(is, rest);
  rest = trim(rest);
  if (head == "NumeralValue" || head == "OrdinalData") {
    auto v = number(rest);
    if (!v) return std::nullopt;
    e.value = *v;
    return e;
  }
  if (head == "between") {
    size_t p = rest.find('('), c = rest.find(','), q = rest.find(')');
    if (p == std::string::npos || c == std::string::npos || q == std::string::npos) return std::nullopt;
    e.currency = iso(trim(rest.substr(0, p)));
    auto lo = number(rest.substr(p + 1, c - p - 1)), hi = number(rest.substr(c + 1, q - c - 1));
    if (!lo || !hi || e.currency.empty()) return std::nullopt;
    e.value = *lo;
    e.max = *hi;
    e.qualifier = extract::Qualifier::kRange;
    return e;
  }
  if (head == "simple" || head == "under" || head == "above") {
    size_t sp = rest.find(' ');
    if (sp == std::string::npos) return std::nullopt;
    e.currency = iso(rest.substr(0, sp));
    auto v = number(rest.substr(sp + 1));
    if (!v || e.currency.empty()) return std::nullopt;
    e.value = *v;
    e.qualifier = head == "under"   ? extract::Qualifier::kLessThan
                  : head == "above" ? extract::Qualifier::kMoreThan
                                    : extract::Qualifier::kExact;
    return e;
  }
  return std::nullopt;
}

bool same(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

Result<Report> numerals(const std::filesystem::path& duckling_dir,
                        const std::filesystem::path& kabar_data_dir) {
  auto analyzer = text::TextAnalyzer::load(kabar_data_dir);
  if (!analyzer) return analyzer.error();
  auto parser = lang::id::Numerals::load(kabar_data_dir);
  if (!parser) return parser.error();
  auto annotator = extract::QuantityAnnotator::load(kabar_data_dir);
  if (!annotator) return annotator.error();

  const char* files[] = {"id_Numeral.tsv", "id_Ordinal.tsv", "id_AmountOfMoney.tsv"};
  Report report;
  nlohmann::json by_file = nlohmann::json::object();
  nlohmann::json failures = nlohmann::json::array();
  size_t n_all = 0, ok_all = 0;
  std::string table = "file                     n    accuracy\n";
  for (const char* name : files) {
    auto path = duckling_dir / name;
    auto content = read_file(path);
    if (!content) return content.error();
    bool ordinal = std::string_view(name) == "id_Ordinal.tsv";
    bool money = std::string_view(name) == "id_AmountOfMoney.tsv";
    size_t n = 0, ok = 0, line_no = 0;
    std::istringstream is(*content);
    for (std::string line; std::getline(is, line);) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.rfind("section\t", 0) == 0) continue;
      auto f = split(line, '\t');
      if (f.size() < 3)
        return Error{path.string() + ":" + std::to_string(line_no) + ": expected section<TAB>value<TAB>text"};
      auto want = parse_expected(f[1]);
      if (!want)
        return Error{path.string() + ":" + std::to_string(line_no) + ": cannot read value '" + f[1] + "'"};
      const std::string& text = f[2];
      std::string got = "nothing";
      bool pass = false;
      if (!money) {
        auto layers = analyzer->analyze(text);
        auto m = parser->match(text, layers.tokens, 0);
        if (m) {
          got = fmt(m->value) + (m->ordinal ? " ordinal" : "");
          if (m->end_token != layers.tokens.size()) got += " (partial)";
          pass = m->end_token == layers.tokens.size() && same(m->value, want->value) &&
                 m->ordinal == ordinal && !m->max;
        }
      } else {
        extract::Analysis in;
        in.doc.text = text;
        in.text = analyzer->analyze(in.doc.text);
        std::vector<extract::Quantity> qs;
        annotator->annotate(in, qs);
        for (const auto& q : qs) {
          if (q.kind != extract::QuantityKind::kMoney) continue;
          got = fmt(q.value) + (q.value_max ? ".." + fmt(*q.value_max) : "") + " " + q.unit + " " +
                extract::to_string(q.qualifier);
          size_t last = text.find_last_not_of(" .");
          bool covers = q.span.start == text.find_first_not_of(' ') && last != std::string::npos &&
                        q.span.end >= last + 1;
          if (!covers) got += " (partial)";
          pass = covers && qs.size() == 1 && same(q.value, want->value) && q.unit == want->currency &&
                 q.qualifier == want->qualifier && (want->max.has_value() == q.value_max.has_value()) &&
                 (!want->max || same(*q.value_max, *want->max));
          break;
        }
      }
      ++n;
      ok += pass;
      if (!pass) failures.push_back({{"file", name}, {"text", text}, {"expected", f[1]}, {"got", got}});
    }
    if (n == 0) return Error{path.string() + ": no examples"};
    double acc = double(ok) / double(n);
    by_file[name] = {{"accuracy", acc}, {"n", n}};
    char row[128];
    std::snprintf(row, sizeof row, "%-24s %4zu  %6.2f%%\n", name, n, 100 * acc);
    table += row;
    n_all += n;
    ok_all += ok;
  }
  double acc = double(ok_all) / double(n_all);
  char row[128];
  std::snprintf(row, sizeof row, "%-24s %4zu  %6.2f%%\n", "all", n_all, 100 * acc);
  table += row;
  for (const auto& f : failures)
    table += "  FAIL " + f["file"].get<std::string>() + ": " + f["text"].get<std::string>() +
             "  expected " + f["expected"].get<std::string>() + ", got " + f["got"].get<std::string>() + "\n";
  report.figures = {{"accuracy", acc}, {"n", n_all}, {"by_file", by_file}, {"failures", failures}};
  report.table = table;
  return report;
}

}  // namespace kabar::eval
