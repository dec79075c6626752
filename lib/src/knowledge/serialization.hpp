#pragma once
// The loaded knowledge base in the binary form of core/binary_archive.hpp: the build writes it
// once from the YAML (tools/precompile/), KnowledgeBase::builtin() reads it back.
#include <memory>
#include <string>
#include <string_view>

#include "core/binary_archive.hpp"
#include "knowledge/data.hpp"

namespace evtxdiag {

// Every loaded field of the public structs, in one place for writing and reading.
template <typename A>
void fields(A& a, LocalizedText& t) {
  a(t.en, t.ja);
}
template <typename A>
void fields(A& a, KnowledgeOrigin& t) {
  a(t.file, t.line, t.source, t.certainty);
}
template <typename A>
void fields(A& a, ProviderDefinition& t) {
  a(t.name, t.aliases, t.guid, t.channel, t.message_file, t.origin);
}
template <typename A>
void fields(A& a, MessageTemplate& t) {
  a(t.text, t.insertions, t.when, t.ja_wording);
}
template <typename A>
void fields(A& a, EventDefinition& t) {
  a(t.provider, t.channel, t.id, t.version, t.level, t.roles, t.meaning, t.notes, t.message, t.variants,
    t.related_codes, t.origin);
}
template <typename A>
void fields(A& a, CodeEntry& t) {
  a(t.code, t.symbol, t.message, t.causes, t.remedies, t.references, t.related_events, t.stage, t.origin);
}
template <typename A>
void fields(A& a, CaseEntry& t) {
  a(t.id, t.title, t.summary, t.codes, t.events, t.causes, t.remedies, t.references, t.origin);
}

namespace knowledge {

/// The entries, role names and provider name table of `data` (the other indexes are rebuilt
/// on reading: cheaper than storing hash tables).
std::string serialize(const KnowledgeBase::Data& data);

/// Reads what serialize() wrote and rebuilds the lookup indexes. Throws Error(internal) on
/// malformed bytes.
std::shared_ptr<const KnowledgeBase::Data> deserialize(std::string_view bytes);

/// The built-in knowledge loaded from the embedded YAML (the slow path: schema validation,
/// YAML parsing). Throws Error(internal) if the compiled-in YAML is invalid.
std::shared_ptr<const KnowledgeBase::Data> load_builtin_yaml();

}  // namespace knowledge
}  // namespace evtxdiag
