#include "timezone/windows_names.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "core/binary_archive.hpp"
#include "knowledge/precompiled.hpp"

#include "evtxdiag/timezone.hpp"
#include "timezone/windows_zone_data.hpp"

namespace evtxdiag::tz {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

// "(UTC+09:00) Osaka, Sapporo, Tokyo" -> "Osaka, Sapporo, Tokyo"; older Windows wrote "(GMT+09:00)".
std::string_view strip_display_prefix(std::string_view normalized) {
  if ((starts_with(normalized, "(utc") || starts_with(normalized, "(gmt"))) {
    const auto close = normalized.find(')');
    if (close != std::string_view::npos && close <= 12) return normalized.substr(close + 1);
  }
  return normalized;
}

struct NameTables {
  std::map<std::string, const tz_data::CldrWindowsZone*> by_id;  // normalized id -> CLDR row
  std::map<std::string, std::string> by_cldr_display;            // normalized display rest -> windows id
  LocalizedZoneNames localized;                                  // from knowledge/timezones/*.yaml
};

// The localized names of the YAML files, checked against the CLDR ids of `tables`.
LocalizedZoneNames load_yaml_names(const NameTables& tables) {
  LocalizedZoneNames names;
  for (const auto& file : tz_data::zone_name_yaml()) {
    try {
      const YAML::Node root = YAML::Load(file.text);
      for (const auto& zone : root["zones"]) {
        const auto id = zone["windows_id"].as<std::string>("");
        const auto known = tables.by_id.find(normalize_zone_name(id));
        if (known == tables.by_id.end()) {
          names.errors.push_back(std::string(file.path) + ": windows_id '" + id + "' is not in CLDR windowsZones");
          continue;
        }
        const std::string canonical_id = known->second->windows_id;
        const auto language = zone["lang"].as<std::string>("");
        if (!language.empty() && zone["names"].size() > 0)  // the first entry of a language names the zone
          names.standard_names[language].emplace(canonical_id, zone["names"][0].as<std::string>());
        for (const auto& name_node : zone["names"]) {
          const auto name = name_node.as<std::string>();
          const auto key = std::string(strip_display_prefix(normalize_zone_name(name)));
          const auto [it, inserted] = names.by_name.emplace(key, canonical_id);
          if (!inserted && it->second != canonical_id)
            names.errors.push_back(std::string(file.path) + ": name '" + name + "' listed for both '" + it->second +
                                   "' and '" + id + "'");
          else if (inserted)
            ++names.count;
        }
      }
    } catch (const YAML::Exception& e) {
      names.errors.push_back(std::string(file.path) + ": " + e.what());
    }
  }
  return names;
}

NameTables cldr_tables() {
  NameTables t;
  std::set<std::string> ambiguous_display;
  for (const auto& row : tz_data::cldr_windows_zones()) {
    t.by_id.emplace(normalize_zone_name(row.windows_id), &row);
    const auto display = normalize_zone_name(row.display_name);
    const auto rest = std::string(strip_display_prefix(display));
    if (rest.empty()) continue;
    const auto [it, inserted] = t.by_cldr_display.emplace(rest, row.windows_id);
    if (!inserted && it->second != row.windows_id) ambiguous_display.insert(rest);
  }
  for (const auto& key : ambiguous_display) t.by_cldr_display.erase(key);  // never guess between two zones
  return t;
}

const NameTables& tables() {
  static const NameTables instance = [] {
    NameTables t = cldr_tables();
    // Precompiled at build time (knowledge/precompiled.hpp); only the build tool reads the YAML.
    const std::string_view precompiled = knowledge::precompiled_section(knowledge::PrecompiledSection::zone_names);
    t.localized = precompiled.empty() ? load_yaml_names(t) : deserialize_zone_names(precompiled);
    return t;
  }();
  return instance;
}

}  // namespace

std::string normalize_zone_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const std::string_view rest = name.substr(i);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (starts_with(rest, "\xC2\xA0")) {
      ++i;
      continue;
    }  // NBSP
    if (starts_with(rest, "\xE3\x80\x80")) {
      i += 2;
      continue;
    }  // ideographic space
    if (starts_with(rest, "\xE2\x80\x8E") || starts_with(rest, "\xE2\x80\x8F")) {
      i += 2;
      continue;
    }  // LRM/RLM
    if (starts_with(rest, "\xEF\xBC\x88")) {
      out += '(';
      i += 2;
      continue;
    }  // full-width (
    if (starts_with(rest, "\xEF\xBC\x89")) {
      out += ')';
      i += 2;
      continue;
    }  // full-width )
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return out;
}

std::optional<WindowsZoneEntry> find_windows_zone(std::string_view windows_id) {
  const auto& t = tables();
  const auto it = t.by_id.find(normalize_zone_name(windows_id));
  if (it == t.by_id.end()) return std::nullopt;
  return WindowsZoneEntry{it->second->windows_id, it->second->iana, it->second->display_name};
}

std::vector<std::string> windows_zone_ids() {
  std::vector<std::string> ids;
  for (const auto& zone : tz_data::cldr_windows_zones()) ids.emplace_back(zone.windows_id);
  return ids;
}

const std::vector<std::string>& zone_name_load_errors() { return tables().localized.errors; }
std::size_t localized_zone_name_count() { return tables().localized.count; }

LocalizedZoneNames load_localized_zone_names_yaml() { return load_yaml_names(cldr_tables()); }

std::string serialize(const LocalizedZoneNames& names) {
  core::BinaryWriter writer;
  writer(names.by_name, names.standard_names, names.errors, names.count);
  return writer.take();
}

LocalizedZoneNames deserialize_zone_names(std::string_view bytes) {
  LocalizedZoneNames names;
  core::BinaryReader reader(bytes);
  reader(names.by_name, names.standard_names, names.errors, names.count);
  if (!reader.at_end()) throw Error(ErrorKind::internal, "precompiled zone names: trailing bytes");
  return names;
}

}  // namespace evtxdiag::tz

namespace evtxdiag {

std::optional<std::string> windows_zone_to_iana(std::string_view windows_id) {
  if (auto entry = tz::find_windows_zone(windows_id)) return entry->iana;
  return std::nullopt;
}

std::optional<std::string> windows_zone_localized_name(std::string_view zone, std::string_view language) {
  std::string windows_id;
  if (auto entry = tz::find_windows_zone(zone)) {
    windows_id = entry->windows_id;
  } else {  // an IANA name: the Windows zone CLDR maps to it (territory 001)
    for (const auto& row : tz_data::cldr_windows_zones())
      if (row.iana == zone) {
        windows_id = row.windows_id;
        break;
      }
  }
  const auto& names = tz::tables().localized.standard_names;
  const auto in_language = names.find(std::string(language));
  if (windows_id.empty() || in_language == names.end()) return std::nullopt;
  const auto found = in_language->second.find(windows_id);
  if (found == in_language->second.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> windows_zone_from_name(std::string_view localized_name) {
  if (auto entry = tz::find_windows_zone(localized_name)) return entry->windows_id;
  const auto key = std::string(tz::strip_display_prefix(tz::normalize_zone_name(localized_name)));
  if (key.empty()) return std::nullopt;
  const auto& t = tz::tables();
  if (auto it = t.localized.by_name.find(key); it != t.localized.by_name.end()) return it->second;
  if (auto it = t.by_cldr_display.find(key); it != t.by_cldr_display.end()) return it->second;
  return std::nullopt;
}

}  // namespace evtxdiag
