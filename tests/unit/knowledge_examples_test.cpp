// Every knowledge entry carries an example; this runs each one through the explainer/renderer,
// so an entry whose example does not produce its documented explanation fails the suite with
// the entry's file and line.
#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>

#include "evtxdiag/knowledge.hpp"
#include "knowledge/embedded.hpp"

using namespace evtxdiag;

namespace {

std::string where(const std::string& path, const YAML::Node& node) {
  return "knowledge/" + path + ":" + std::to_string(node.Mark().line + 1);
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

TEST_CASE("the compiled-in knowledge base loads (schema violations would be listed with file:line)") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  CHECK(knowledge.events().size() > 200);
  CHECK(knowledge.codes().size() > 100);
  CHECK(knowledge.cases().size() == 6);
  CHECK(knowledge.role_names().size() > 20);
}

TEST_CASE("every event example renders the documented message and is found by provider and id") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  int checked = 0;
  for (const auto& file : knowledge::embedded_files()) {
    if (!starts_with(file.path, "events/")) continue;
    const YAML::Node doc = YAML::Load(std::string(file.content));
    const std::string provider = doc["provider"]["name"].as<std::string>();
    for (const auto& entry : doc["events"]) {
      const std::string at = where(std::string(file.path), entry);
      CAPTURE(at);
      Event event;
      event.provider_name = provider;
      event.event_id = entry["id"].as<std::uint32_t>();
      const YAML::Node example = entry["example"];
      if (example["version"])
        event.version = static_cast<std::uint8_t>(example["version"].as<int>());
      else if (entry["version"])
        event.version = static_cast<std::uint8_t>(entry["version"].as<int>());
      for (const auto& field : example["data"])
        event.data.push_back({field.first.as<std::string>(), field.second.as<std::string>()});
      const EventDefinition* definition = knowledge.find_event(event);
      REQUIRE(definition != nullptr);
      CHECK(definition->origin.line == entry.Mark().line + 1);
      for (const auto& role : definition->roles) {
        const auto& names = knowledge.role_names();
        CHECK(std::find(names.begin(), names.end(), role) != names.end());
      }
      if (example["message"])
        CHECK(knowledge.render_message(event, Language::en) == example["message"].as<std::string>());
      if (example["message_ja"])
        CHECK(knowledge.render_message(event, Language::ja) == example["message_ja"].as<std::string>());
      ++checked;
    }
  }
  CHECK(checked == static_cast<int>(knowledge.events().size()));
}

TEST_CASE("every code example, in whatever form it is written, explains to its entry") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  std::set<std::string> forms;
  int checked = 0;
  for (const auto& file : knowledge::embedded_files()) {
    if (!starts_with(file.path, "codes/")) continue;
    const YAML::Node doc = YAML::Load(std::string(file.content));
    for (const auto& entry : doc["codes"]) {
      const std::string at = where(std::string(file.path), entry);
      CAPTURE(at);
      const std::string input = entry["example"]["input"].as<std::string>();
      CAPTURE(input);
      const std::optional<CodeExplanation> explanation = knowledge.explain_code(input);
      REQUIRE(explanation.has_value());
      REQUIRE(explanation->entry != nullptr);
      CHECK(explanation->entry->origin.line == entry.Mark().line + 1);
      const std::string symbol = entry["example"]["symbol"] ? entry["example"]["symbol"].as<std::string>()
                                 : entry["symbol"]          ? entry["symbol"].as<std::string>()
                                                            : std::string();
      CHECK(explanation->entry->symbol == symbol);
      CHECK(!explanation->entry->message.en.empty());
      forms.insert(explanation->parsed.form);
      ++checked;
    }
  }
  CHECK(checked == static_cast<int>(knowledge.codes().size()));
  // The examples exercise every input form a log or a person uses.
  for (const char* form : {"hex", "decimal", "signed-decimal", "win32", "parameter-reference"}) {
    CAPTURE(form);
    CHECK(forms.count(form) == 1);
  }
}

TEST_CASE("every field-report case is cited when its example is explained") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  for (const auto& file : knowledge::embedded_files()) {
    if (!starts_with(file.path, "cases/")) continue;
    const YAML::Node doc = YAML::Load(std::string(file.content));
    for (const auto& entry : doc["cases"]) {
      const std::string id = entry["id"].as<std::string>();
      const std::string input = entry["example"]["input"].as<std::string>();
      CAPTURE(id);
      CAPTURE(input);
      std::vector<const CaseEntry*> cited;
      if (const auto slash = input.rfind('/'); slash != std::string::npos) {
        cited = knowledge.cases_for_event(input.substr(0, slash),
                                          static_cast<std::uint32_t>(std::stoul(input.substr(slash + 1))));
      } else {
        const auto explanation = knowledge.explain_code(input);
        REQUIRE(explanation.has_value());
        cited = explanation->cases;
      }
      bool found = false;
      for (const CaseEntry* entry_found : cited) found = found || entry_found->id == id;
      CHECK(found);
    }
  }
}

TEST_CASE("events.md sections 2-7 and codes of section 8 are covered") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const std::vector<std::pair<const char*, std::vector<std::uint32_t>>> required = {
      {"Microsoft-Windows-Backup",
       {1,   4,   5,   7,   8,   9,   11,  13,  14,  17,  18,  19,  20,  23,  24,  25,  50,  51, 52,
        146, 514, 517, 518, 519, 521, 522, 524, 525, 544, 545, 546, 547, 561, 564, 565, 753, 754}},
      {"Windows Backup", {4097, 4098, 4099, 4100, 4101, 4103, 4104}},
      {"volsnap", {1, 8, 14, 16, 23, 24, 25, 27, 33, 35, 36, 58, 95}},
      {"disk", {7, 9, 11, 51, 129, 153, 154, 157}},
      {"VSS", {8193, 8194, 8224, 8229, 12289, 12292, 12293, 12297, 12298, 12310, 12340, 12341}},
      {"SPP", {16385, 16386, 16387, 16388, 16389, 12293}},
      {"Ntfs", {55, 130, 131, 136, 137, 140}},
      {"Microsoft-Windows-Ntfs", {98}},
      {"Microsoft-Windows-Hyper-V-VMMS", {10103, 19100}},
      {"Microsoft-Windows-VHDMP", {1, 2}},
      {"CloudBackup", {1, 11, 14, 16, 18}},
      {"EventLog", {6005, 6006, 6008, 6009, 6011, 6013}},
      {"Microsoft-Windows-Kernel-General", {1, 12, 13, 20, 22, 24}},
  };
  for (const auto& provider_ids : required)
    for (std::uint32_t id : provider_ids.second) {
      const auto& provider = provider_ids.first;  // (clang 14 cannot capture a structured binding)
      CAPTURE(provider);
      CAPTURE(id);
      CHECK(knowledge.find_event(provider, id) != nullptr);
    }
  for (std::uint32_t code : {0x80780021u, 0x807800A1u, 0x807800C5u, 0x80780119u, 0x8078011Eu, 0x81000019u, 0x81000101u,
                             0x800423F1u, 0x800423F2u, 0x800423F3u, 0x800423F4u, 0x80042306u, 0xC000000Eu, 0xC0000185u,
                             0x800704C8u, 0x8007045Du, 0x80070005u, 0x80070070u}) {
    CAPTURE(code);
    CHECK(knowledge.find_code(code) != nullptr);
  }
}
