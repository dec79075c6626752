// The built-in knowledge, rules and zone names are precompiled at build time
// (lib/src/knowledge/precompiled.hpp). What the library embeds must be exactly what the
// run-time YAML loaders produce from the same embedded YAML, and the start-up path must
// really use the blob (no YAML).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/timezone.hpp"
#include "knowledge/data.hpp"
#include "knowledge/precompiled.hpp"
#include "knowledge/serialization.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_serialization.hpp"
#include "timezone/windows_names.hpp"

using namespace evtxdiag;
using knowledge::precompiled_section;
using knowledge::PrecompiledSection;

namespace {

const diag::Rule* find_rule(const diag::RuleSet& rules, const std::string& id) {
  const auto found =
      std::find_if(rules.rules.begin(), rules.rules.end(), [&](const diag::Rule& rule) { return rule.id == id; });
  return found == rules.rules.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("the library embeds a precompiled blob with every section") {
  CHECK(knowledge::precompiled_blob().size() > 100'000);
  CHECK(precompiled_section(PrecompiledSection::knowledge).size() > 50'000);
  CHECK(precompiled_section(PrecompiledSection::rules).size() > 10'000);
  CHECK(precompiled_section(PrecompiledSection::zone_names).size() > 500);
}

TEST_CASE("precompiled knowledge base equals the knowledge base loaded from the YAML now") {
  const auto from_yaml = knowledge::load_builtin_yaml();
  const std::string_view embedded = precompiled_section(PrecompiledSection::knowledge);
  // Byte equality of the serialized forms compares every serialized field of every entry.
  CHECK(knowledge::serialize(*from_yaml) == embedded);
  const auto read_back = knowledge::deserialize(embedded);
  CHECK(knowledge::serialize(*read_back) == embedded);
  // The rebuilt indexes match the loader's.
  CHECK(read_back->event_index.size() == from_yaml->event_index.size());
  CHECK(read_back->code_index == from_yaml->code_index);
  CHECK(read_back->cases_by_code.size() == from_yaml->cases_by_code.size());
  CHECK(read_back->cases_by_event.size() == from_yaml->cases_by_event.size());
  for (const auto& [key, indexes] : from_yaml->event_index) {
    const auto found = read_back->event_index.find(key);
    REQUIRE(found != read_back->event_index.end());
    CHECK(found->second == indexes);
  }
}

TEST_CASE("precompiled knowledge: spot checks through KnowledgeBase::builtin()") {
  // A serializer that dropped a field on both sides would still pass the equality above.
  const KnowledgeBase kb = KnowledgeBase::builtin();
  const CodeEntry* wsb = kb.find_code(0x807800A1u);
  REQUIRE(wsb != nullptr);
  CHECK(wsb->message.en.rfind("The Volume Shadow Copy operation to create a shadow copy", 0) == 0);
  CHECK(wsb->message.ja.find("シャドウ コピー作成") != std::string::npos);
  CHECK(wsb->causes.size() >= 3);
  CHECK(!wsb->remedies.empty());
  CHECK(wsb->origin.file == "knowledge/codes/wsb.yaml");
  CHECK(wsb->origin.line > 1);
  CHECK(!wsb->origin.source.empty());

  const CodeEntry* vss = kb.find_code(0x800423F2u);
  REQUIRE(vss != nullptr);
  CHECK(vss->symbol == "VSS_E_WRITERERROR_TIMEOUT");
  CHECK(vss->stage == "snapshot");  // dropped on both sides, the serialize() comparison above would not see it

  const EventDefinition* volsnap27 = kb.find_event("VolSnap", 27);  // case-insensitive name index
  REQUIRE(volsnap27 != nullptr);
  CHECK(volsnap27->provider == "volsnap");
  CHECK(volsnap27->level == "error");
  CHECK(volsnap27->has_role("snapshot_lost"));
  REQUIRE(volsnap27->message.has_value());
  CHECK(volsnap27->message->text.en.find("volume %2") != std::string::npos);
  CHECK(volsnap27->message->insertions ==
        std::vector<std::pair<int, std::string>>{{1, "DeviceName"}, {2, "VolumeName"}});
  CHECK(volsnap27->notes.en.find("Binary offset 0x14") != std::string::npos);
  CHECK(volsnap27->related_codes == std::vector<std::uint32_t>{0xC000000Eu});
  CHECK(volsnap27->origin.certainty == "certain");

  CHECK(!kb.role_names().empty());
  CHECK(!kb.cases().empty());
  CHECK(kb.explain_code("0x807800A1")->known());
}

TEST_CASE("precompiled rules equal the rules loaded from the YAML now") {
  const diag::RuleSet from_yaml = diag::load_rules(diag::builtin_rule_files());
  const std::string_view embedded = precompiled_section(PrecompiledSection::rules);
  CHECK(diag::serialize(from_yaml) == embedded);
  const auto builtin = diag::builtin_rules();
  CHECK(diag::serialize(*builtin) == embedded);
  CHECK(builtin->rules.size() == from_yaml.rules.size());
  CHECK(builtin->lifecycle.size() == from_yaml.lifecycle.size());
  CHECK(!builtin->timeline_extra.empty());

  const diag::Rule* rule = find_rule(*builtin, "volsnap27-after-successful-backup");
  REQUIRE(rule != nullptr);
  CHECK(rule->verdict == Verdict::red_herring);
  CHECK(rule->confidence == doctest::Approx(0.9));
  CHECK(rule->results == std::set<JobResult>{JobResult::succeeded});
  REQUIRE(rule->trigger.has_value());
  CHECK(rule->trigger->pattern.providers == std::vector<std::string>{"volsnap"});
  CHECK(rule->trigger->pattern.ids == std::vector<std::uint32_t>{27});
  CHECK(rule->trigger->pattern.status == std::vector<std::uint32_t>{0xC000000Eu});
  CHECK(rule->trigger->placement == (diag::during | diag::after));
  CHECK(rule->text.at("ja").title.find("volsnap 27") != std::string::npos);
  CHECK(rule->file == "knowledge/rules/storage.yaml");
  REQUIRE(rule->examples.size() == 5);
  CHECK(rule->examples[2].fires == false);
  const Event& volsnap = rule->examples[0].events.back();
  CHECK(volsnap.provider_name == "Volsnap");
  CHECK(volsnap.event_id == 27);
  CHECK(volsnap.level == 2);
  CHECK(volsnap.time_created.valid());
  REQUIRE(volsnap.data_value("NTSTATUS") != nullptr);
  CHECK(*volsnap.data_value("NTSTATUS") == "C000000E");
  CHECK(rule->examples[1].events.back().binary_hex.size() == 56);
}

TEST_CASE("precompiled zone names equal the names loaded from the YAML now") {
  const tz::LocalizedZoneNames from_yaml = tz::load_localized_zone_names_yaml();
  CHECK(from_yaml.errors.empty());
  CHECK(tz::serialize(from_yaml) == precompiled_section(PrecompiledSection::zone_names));
  CHECK(tz::localized_zone_name_count() == from_yaml.count);
  CHECK(windows_zone_from_name("東京 (標準時)") == std::optional<std::string>("Tokyo Standard Time"));
  CHECK(windows_zone_from_name("(UTC+09:00) 大阪、札幌、東京") == std::optional<std::string>("Tokyo Standard Time"));
}

TEST_CASE("a truncated or padded blob section is an internal error, not a crash") {
  const std::string_view embedded = precompiled_section(PrecompiledSection::knowledge);
  CHECK_THROWS_AS(knowledge::deserialize(embedded.substr(0, embedded.size() / 2)), Error);
  CHECK_THROWS_AS(knowledge::deserialize(std::string(embedded) + "x"), Error);
  const std::string_view rules = precompiled_section(PrecompiledSection::rules);
  CHECK_THROWS_AS(diag::deserialize_rules(rules.substr(0, rules.size() - 3)), Error);
}

// The serialized field lists (fields() in knowledge/serialization.hpp and
// diagnose/rule_serialization.hpp) must name every member: a member added to one of these
// structs changes its size here. Then add it to its fields() list and update the size.
#if defined(__GLIBCXX__) && defined(__x86_64__) && !defined(_GLIBCXX_DEBUG)
TEST_CASE("every serialized struct still has the members its fields() list names") {
  CHECK(sizeof(LocalizedText) == 64);
  CHECK(sizeof(KnowledgeOrigin) == 104);
  CHECK(sizeof(ProviderDefinition) == 256);
  CHECK(sizeof(MessageTemplate) == 152);
  CHECK(sizeof(EventDefinition) == 568);
  CHECK(sizeof(CodeEntry) == 336);
  CHECK(sizeof(CaseEntry) == 384);
  CHECK(sizeof(KnowledgeBase::Data) == 440);
  CHECK(sizeof(Event) == 744);  // Event::shape and Event::rendered are not serialized (see fields(Event))
  CHECK(sizeof(DataField) == 104);
  CHECK(sizeof(Timestamp) == 8);
  CHECK(sizeof(diag::EventPattern) == 224);
  CHECK(sizeof(diag::Condition) == 304);
  CHECK(sizeof(diag::RuleText) == 96);
  CHECK(sizeof(diag::RuleExample) == 64);
  CHECK(sizeof(diag::Rule) == 664);
  CHECK(sizeof(diag::LifecycleEvent) == 264);
  CHECK(sizeof(diag::RuleSet) == 144);
  CHECK(sizeof(diag::Differential) == 72);
  CHECK(sizeof(diag::DifferentialStage) == 104);
  CHECK(sizeof(diag::DifferentialCheck) == 104);
  CHECK(sizeof(tz::LocalizedZoneNames) == 128);
}
#endif
