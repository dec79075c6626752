// KnowledgeBase: loading entry points and lookups.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "evtxdiag/error.hpp"
#include "knowledge/data.hpp"
#include "knowledge/embedded.hpp"
#include "knowledge/precompiled.hpp"
#include "knowledge/serialization.hpp"

namespace evtxdiag {
namespace {

// ASCII letters only, as std::tolower folds them in the "C" locale (evtxdiag never sets
// another), without a call into the C library per byte (every dumped event looks up its
// provider here).
int ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

int compare_ci(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int ca = ascii_lower(static_cast<unsigned char>(a[i]));
    const int cb = ascii_lower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

std::vector<knowledge::SourceDocument> embedded_documents() {
  std::vector<knowledge::SourceDocument> documents;
  for (const knowledge::EmbeddedFile& file : knowledge::embedded_files())
    documents.push_back({std::string(file.path), "knowledge/" + std::string(file.path), std::string(file.content), 0});
  return documents;
}

/// Every *.yaml below `dir`, sorted, as documents of `layer`.
void read_overlay(const std::string& dir, int layer, std::vector<knowledge::SourceDocument>& documents) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path root = fs::u8path(dir);
  if (!fs::is_directory(root, error)) throw Error(ErrorKind::io, "knowledge directory not found: " + dir);
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end; it.increment(error))
    if (it->is_regular_file(error) && it->path().extension() == ".yaml") files.push_back(it->path());
  if (error) throw Error(ErrorKind::io, "cannot read knowledge directory " + dir + ": " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) throw Error(ErrorKind::io, "cannot read " + file.u8string());
    // The generic form (forward slashes): a report names an overlay file the same way on Windows.
    documents.push_back({fs::relative(file, root).generic_u8string(), file.generic_u8string(), content.str(), layer});
  }
}

}  // namespace

std::size_t KnowledgeBase::Data::provider_index(std::string_view name) const {
  const auto found =
      std::lower_bound(provider_names.begin(), provider_names.end(), name,
                       [](const auto& entry, std::string_view key) { return compare_ci(entry.first, key) < 0; });
  if (found == provider_names.end() || compare_ci(found->first, name) != 0) return npos;
  return found->second;
}

bool EventDefinition::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

namespace knowledge {

std::shared_ptr<const KnowledgeBase::Data> load_builtin_yaml() {
  try {
    return build(embedded_documents());
  } catch (const Error& e) {
    throw Error(ErrorKind::internal, std::string("compiled-in ") + e.what());
  }
}

}  // namespace knowledge

KnowledgeBase KnowledgeBase::builtin() {
  // The build precompiled the embedded YAML (knowledge/precompiled.hpp): no YAML at start-up.
  // Only the build tool that produces that blob has none and loads the YAML itself.
  static const std::shared_ptr<const Data> data = [] {
    const std::string_view precompiled = knowledge::precompiled_section(knowledge::PrecompiledSection::knowledge);
    return precompiled.empty() ? knowledge::load_builtin_yaml() : knowledge::deserialize(precompiled);
  }();
  return KnowledgeBase(data);
}

KnowledgeBase KnowledgeBase::load(const std::vector<std::string>& overlay_dirs) {
  if (overlay_dirs.empty()) return builtin();
  std::vector<knowledge::SourceDocument> documents = embedded_documents();
  int layer = 0;
  for (const std::string& dir : overlay_dirs) read_overlay(dir, ++layer, documents);
  return KnowledgeBase(knowledge::build(documents));
}

KnowledgeBase KnowledgeBase::from_documents(const std::vector<KnowledgeDocument>& documents, bool with_builtin) {
  std::vector<knowledge::SourceDocument> sources;
  if (with_builtin) sources = embedded_documents();
  for (const KnowledgeDocument& document : documents)
    sources.push_back({document.path, document.path, document.content, 1});
  return KnowledgeBase(knowledge::build(sources));
}

std::optional<CodeExplanation> KnowledgeBase::explain_code(std::string_view text) const {
  const std::optional<ParsedCode> parsed = parse_code(text);
  if (!parsed) return std::nullopt;
  CodeExplanation explanation;
  explanation.input = std::string(text);
  explanation.parsed = *parsed;
  explanation.structure = decode_code(parsed->value);
  explanation.entry = find_code(parsed->value);
  const auto range = data_->cases_by_code.equal_range(parsed->value);
  for (auto it = range.first; it != range.second; ++it) explanation.cases.push_back(&data_->cases[it->second]);
  std::sort(explanation.cases.begin(), explanation.cases.end(),
            [](const CaseEntry* a, const CaseEntry* b) { return a->id < b->id; });
  return explanation;
}

const CodeEntry* KnowledgeBase::find_code(std::uint32_t value) const {
  const auto found = data_->code_index.find(value);
  return found == data_->code_index.end() ? nullptr : &data_->codes[found->second];
}

const ProviderDefinition* KnowledgeBase::find_provider(std::string_view name) const {
  const std::size_t index = data_->provider_index(name);
  return index == Data::npos ? nullptr : &data_->providers[index];
}

const EventDefinition* KnowledgeBase::find_event(std::string_view provider, std::uint32_t id,
                                                 std::optional<std::uint8_t> version) const {
  const std::size_t index = data_->provider_index(provider);
  if (index == Data::npos) return nullptr;
  const auto found = data_->event_index.find((std::uint64_t{index} << 32) | id);
  if (found == data_->event_index.end()) return nullptr;
  const std::vector<std::size_t>& candidates = found->second;
  if (version)
    for (std::size_t candidate : candidates)
      if (data_->events[candidate].version == version) return &data_->events[candidate];
  return &data_->events[candidates.back()];  // sorted by version: the newest known
}

const EventDefinition* KnowledgeBase::find_event(const Event& event) const {
  for (const std::string* name : {&event.provider_name, &event.event_source_name, &event.provider_guid})
    if (!name->empty())
      if (const EventDefinition* definition = find_event(*name, event.event_id, event.version)) return definition;
  return nullptr;
}

bool KnowledgeBase::has_role(const Event& event, std::string_view role) const {
  const EventDefinition* definition = find_event(event);
  return definition != nullptr && definition->has_role(role);
}

const std::vector<std::string>& KnowledgeBase::role_names() const { return data_->role_names; }

std::vector<const EventDefinition*> KnowledgeBase::events_with_role(std::string_view role) const {
  std::vector<const EventDefinition*> events;
  for (const EventDefinition& event : data_->events)
    if (event.has_role(role)) events.push_back(&event);
  return events;
}

std::vector<const CaseEntry*> KnowledgeBase::cases_for_event(std::string_view provider, std::uint32_t id) const {
  std::vector<const CaseEntry*> cases;
  const std::size_t index = data_->provider_index(provider);
  if (index == Data::npos) return cases;
  const auto range = data_->cases_by_event.equal_range((std::uint64_t{index} << 32) | id);
  for (auto it = range.first; it != range.second; ++it) cases.push_back(&data_->cases[it->second]);
  std::sort(cases.begin(), cases.end(), [](const CaseEntry* a, const CaseEntry* b) { return a->id < b->id; });
  return cases;
}

const LocalizedText* KnowledgeBase::find_label(std::string_view key) const {
  const auto found = data_->labels.find(std::string(key));
  return found == data_->labels.end() ? nullptr : &found->second;
}

const std::vector<std::string>& KnowledgeBase::japanese_spaced_terms() const { return data_->japanese_spaced_terms; }

const std::vector<ProviderDefinition>& KnowledgeBase::providers() const { return data_->providers; }
const std::vector<EventDefinition>& KnowledgeBase::events() const { return data_->events; }
const std::vector<CodeEntry>& KnowledgeBase::codes() const { return data_->codes; }
const std::vector<CaseEntry>& KnowledgeBase::cases() const { return data_->cases; }

}  // namespace evtxdiag
