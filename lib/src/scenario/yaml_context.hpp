#pragma once
// What every part of the scenario loader needs to read YAML nodes and refuse bad ones with
// "NAME:LINE:COLUMN: KEY PATH: problem" (the whole scenario is refused on the first error).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace evtxdiag::scenario {

class YamlContext {
 public:
  explicit YamlContext(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& why) const;
  /// "NAME:LINE:COLUMN: " of a mark ("NAME: " when the mark is unknown).
  std::string where(const YAML::Mark& mark) const;
  /// "path.key" (just "key" at the top).
  static std::string join(const std::string& path, std::string_view key);

  /// Refuses keys of `map` outside `allowed` (listing them) and keys given twice.
  template <std::size_t N>
  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::array<std::string_view, N>& allowed) const {
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const YAML::Node& key = entry.first;
      if (!key.IsScalar()) fail(key, path.empty() ? "scenario" : path, "keys must be plain names");
      const std::string name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(key, join(path, name), "unknown key (allowed here: " + list + ")");
      }
      if (!seen.insert(name).second) fail(key, join(path, name), "duplicate key");
    }
  }

  YAML::Node require(const YAML::Node& map, const char* key, const std::string& path) const;
  /// A scalar's text.
  std::string text_of(const YAML::Node& node, const std::string& path) const;
  /// A scalar's text that must be valid UTF-8 (the writer stores UTF-16).
  std::string checked_text(const YAML::Node& node, const std::string& path) const;
  /// A decimal or 0x hex integer within [min, max].
  std::uint64_t integer_of(const YAML::Node& node, const std::string& path, std::uint64_t min, std::uint64_t max) const;

 private:
  std::string name_;
};

}  // namespace evtxdiag::scenario
