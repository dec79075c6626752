#pragma once
// RuleSet in the binary form of core/binary_archive.hpp: the build writes the built-in rules
// once from knowledge/rules/*.yaml (tools/precompile/), builtin_rules() reads them back.
#include <memory>
#include <string>
#include <string_view>

#include "core/binary_archive.hpp"
#include "rules/rule_model.hpp"

namespace evtxdiag {

// Rule examples carry whole events: every field of the event model.
template <typename A>
void fields(A& a, Timestamp& t) {
  a(t.ticks);
}
template <typename A>
void fields(A& a, DataField& t) {
  a(t.name, t.value, t.type, t.path);
}
// Event::shape is left out: rule examples hold typed values as the text a reader shows.
template <typename A>
void fields(A& a, Event& t) {
  a(t.source_file, t.origin, t.decoder, t.record_number, t.file_offset, t.payload_lost, t.payload_loss, t.record_damage,
    t.provider_name, t.provider_guid, t.event_source_name, t.event_id, t.qualifiers, t.version, t.level, t.task,
    t.opcode, t.keywords, t.time_created, t.written_time, t.event_record_id, t.activity_id, t.related_activity_id,
    t.process_id, t.thread_id, t.channel, t.computer, t.user_sid, t.data, t.binary_hex, t.xml, t.message,
    t.message_source, t.level_name, t.task_name, t.opcode_name, t.keyword_names);
}

namespace diag {

template <typename A>
void fields(A& a, EventPattern& t) {
  a(t.providers, t.ids, t.fields, t.fields_containing, t.status, t.codes, t.code_text_fields, t.max_level);
}
template <typename A>
void fields(A& a, Condition& t) {
  a(t.pattern, t.placement, t.min_count, t.distinct, t.min_distinct, t.evidence, t.minutes_after_start);
}
template <typename A>
void fields(A& a, RuleText& t) {
  a(t.title, t.explanation, t.remedy);
}
template <typename A>
void fields(A& a, RuleExample& t) {
  a(t.name, t.events, t.fires);
}
template <typename A>
void fields(A& a, Rule& t) {
  a(t.id, t.file, t.verdict, t.confidence, t.results, t.products, t.job_codes, t.has_cause, t.trigger, t.require,
    t.absent, t.text, t.sources, t.examples);
}
template <typename A>
void fields(A& a, LifecycleEvent& t) {
  a(t.product, t.pattern, t.role, t.also_ends, t.backup_time_fields);
}
template <typename A>
void fields(A& a, DifferentialCheck& t) {
  a(t.id, t.text, t.minutes_after_start);
}
template <typename A>
void fields(A& a, DifferentialStage& t) {
  a(t.id, t.name, t.checks);
}
template <typename A>
void fields(A& a, Differential& t) {
  a(t.texts, t.stages);
}
template <typename A>
void fields(A& a, RuleSet& t) {
  a(t.lifecycle, t.rules, t.timeline_extra, t.differential);
}

/// Every field of `rules`, examples included.
std::string serialize(const RuleSet& rules);

/// Reads what serialize() wrote. Throws Error(internal) on malformed bytes.
RuleSet deserialize_rules(std::string_view bytes);

/// The built-in rules: precompiled at build time (no YAML read), or loaded from the embedded
/// YAML by the build tool that has no precompiled blob yet. Shared, loaded once.
std::shared_ptr<const RuleSet> builtin_rules();

}  // namespace diag
}  // namespace evtxdiag
