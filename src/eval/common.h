#pragma once
// Private to the eval module: shared helpers of the eval commands.
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>

namespace kabar::eval {

/// Precision, recall and F1 as fractions.
struct Prf {
  double precision = 0, recall = 0, f1 = 0;
};

inline Prf prf(double tp, double fp, double fn) {
  Prf r;
  r.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  r.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
  return r;
}

/// B-cubed precision/recall/F1 of a clustering against the gold: both map item → cluster label.
/// Items missing from `system` count as singletons.
inline Prf bcubed(const std::map<std::string, std::string>& gold, const std::map<std::string, std::string>& system) {
  std::map<std::string, std::vector<std::string>> gold_members, sys_members;
  for (const auto& [item, c] : gold) gold_members[c].push_back(item);
  auto sys_label = [&](const std::string& item) {
    auto it = system.find(item);
    return it == system.end() ? "__singleton__" + item : it->second;
  };
  for (const auto& [item, c] : gold) sys_members[sys_label(item)].push_back(item);
  double p = 0, r = 0;
  for (const auto& [item, g] : gold) {
    const auto& same_sys = sys_members[sys_label(item)];
    const auto& same_gold = gold_members[g];
    double both = 0;
    for (const auto& other : same_sys) both += gold.at(other) == g;
    p += both / same_sys.size();
    r += both / same_gold.size();
  }
  Prf out;
  if (gold.empty()) return out;
  out.precision = p / gold.size();
  out.recall = r / gold.size();
  out.f1 = out.precision + out.recall > 0 ? 2 * out.precision * out.recall / (out.precision + out.recall) : 0;
  return out;
}

inline std::string pct(double x) { return fmt::format("{:6.2f}", 100 * x); }

}  // namespace kabar::eval
