#pragma once
// The loaded knowledge base and its lookup indexes (private to the knowledge module).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evtxdiag/knowledge.hpp"

namespace evtxdiag {

struct KnowledgeBase::Data {
  std::vector<ProviderDefinition> providers;
  std::vector<EventDefinition> events;
  std::vector<CodeEntry> codes;
  std::vector<CaseEntry> cases;
  std::vector<std::string> role_names;
  /// The fixed words and sentences of the reports (knowledge/labels/*.yaml), by key.
  std::map<std::string, LocalizedText> labels;
  /// Japanese terms Microsoft writes with a half-width space ("ボリューム シャドウ コピー").
  std::vector<std::string> japanese_spaced_terms;

  // --- indexes, built once by knowledge::build_indexes()
  /// (lower-case name, alias or GUID, provider index), sorted for binary search without allocation.
  std::vector<std::pair<std::string, std::size_t>> provider_names;
  /// (provider index << 32 | event id) -> indexes into `events`, unversioned/lowest version first.
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> event_index;
  std::unordered_map<std::uint32_t, std::size_t> code_index;
  std::unordered_multimap<std::uint32_t, std::size_t> cases_by_code;
  std::unordered_multimap<std::uint64_t, std::size_t> cases_by_event;

  /// Index of the provider with this name/alias/GUID (case-insensitive), or npos.
  std::size_t provider_index(std::string_view name) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

namespace knowledge {

/// One YAML text to load. Documents of a higher layer override entries of lower layers;
/// duplicates inside one layer are errors.
struct SourceDocument {
  std::string path;          ///< relative to the knowledge root: "events/volsnap.yaml"
  std::string display_path;  ///< what messages show (the overlay file's real path)
  std::string content;
  int layer = 0;
};

/// Validates and loads every document (the schema, knowledge/schema/knowledge.schema.yaml, comes from the embedded
/// files). Throws evtxdiag::Error(invalid_input) listing every problem with file:line:column.
std::shared_ptr<const KnowledgeBase::Data> build(const std::vector<SourceDocument>& documents);

/// Fills the lookup indexes (event_index, code_index, cases_by_*) from the entries and
/// provider_names.
void build_indexes(KnowledgeBase::Data& data);

/// Splits "provider/id" (the id after the last '/'); false if malformed.
bool split_event_reference(std::string_view text, std::string& provider, std::uint32_t& id);

/// ASCII lower-case copy.
std::string to_lower(std::string_view text);

}  // namespace knowledge
}  // namespace evtxdiag
