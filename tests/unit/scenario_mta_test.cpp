// Scenario `mta:` / `display_names:` / `message:` -> MTA bytes -> MtaCatalog: the parsed content
// is exactly what the scenario says (explicit messages, knowledge-base templates only in their
// own language, no message otherwise), and bad values are refused with file:line:column.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/mta.hpp"
#include "evtxdiag/scenario.hpp"

using namespace evtxdiag;

namespace {

const char* const kScenario = R"(
logs:
  - file: Application.evtx
    channel: Application
    mta: [ja, en]
    display_names:
      Microsoft-Windows-Backup:
        ja: {levels: {2: エラー}, tasks: {1: バックアップ}, opcodes: {1: 開始}, keywords: {62: 操作}}
        en: {tasks: {1: Backup}}
    events:
      - {time: 2019-11-01T12:00:00Z, provider: Microsoft-Windows-Backup, event_id: 517, level: 2, task: 1,
         record_id: 100, message: {ja: "バックアップ操作は失敗しました。", en: "The backup operation has failed."}}
      - {time: 2019-11-01T12:00:01Z, provider: Microsoft-Windows-Backup, event_id: 753, message: "same text",
         repeat: {count: 2}}
      - {time: 2019-11-01T12:00:03Z, provider: Microsoft-Windows-Backup, event_id: 754, message: {en: "English only"}}
      - {time: 2019-11-01T12:00:04Z, provider: EventLog, event_id: 6005, qualifiers: 32768}
      - {time: 2019-11-01T12:00:05Z, provider: Microsoft-Windows-Backup, event_id: 1}
      - {time: 2019-11-01T12:00:06Z, provider: NoSuchProvider, event_id: 1}
  - file: System.evtx
    channel: System
    events:
      - {time: 2019-11-01T12:00:00Z, provider: EventLog, event_id: 6005}
)";

MtaCatalog parse_file(const ScenarioFile& file) {
  return MtaCatalog::parse(file.bytes, file.relative_path, mta_lcid_from_file_name(file.relative_path));
}

std::string load_error(const std::string& yaml) {
  try {
    (void)parse_scenario(yaml, "case.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("scenario mta: synth -> MTA -> parse gives what the scenario says") {
  const Scenario scenario = parse_scenario(kScenario, "inline");
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const ScenarioLog& log = scenario.logs[0];
  CHECK(log.mta_lcids == std::vector<std::uint32_t>{1041, 1033});
  CHECK(scenario_mta_files(scenario.logs[1], knowledge).empty());  // no `mta:`, no file

  const std::vector<ScenarioFile> files = scenario_mta_files(log, knowledge);
  REQUIRE(files.size() == 2);
  CHECK(files[0].relative_path == "LocaleMetaData/Application_1041.MTA");
  CHECK(files[1].relative_path == "LocaleMetaData/Application_1033.MTA");
  CHECK(files == scenario_mta_files(log, knowledge));  // reproducible bytes

  const MtaCatalog ja = parse_file(files[0]);
  const MtaCatalog en = parse_file(files[1]);
  CHECK(ja.diagnostics().empty());
  CHECK(en.diagnostics().empty());
  CHECK(ja.lcid() == 1041);

  const std::string ja_6005 = knowledge.render_message(log.events[4], Language::ja);
  const std::string en_6005 = knowledge.render_message(log.events[4], Language::en);
  const std::string en_backup_1 = knowledge.render_message(log.events[5], Language::en);
  REQUIRE(!ja_6005.empty());
  REQUIRE(ja_6005 != en_6005);
  REQUIRE(!en_backup_1.empty());
  const std::map<std::uint64_t, std::string> want_ja{
      {100, "バックアップ操作は失敗しました。"}, {101, "same text"}, {102, "same text"}, {104, ja_6005}};
  const std::map<std::uint64_t, std::string> want_en{{100, "The backup operation has failed."},
                                                     {101, "same text"},
                                                     {102, "same text"},
                                                     {103, "English only"},
                                                     {104, en_6005},
                                                     {105, en_backup_1}};
  // 103: English only; 105: the knowledge base has no Japanese wording of Backup 1; 106: unknown.
  CHECK(ja.content().messages == want_ja);
  CHECK(en.content().messages == want_en);

  REQUIRE(ja.content().providers.size() == 3);  // DEFAULT_PUBLISHER, then in first-seen order
  CHECK(ja.content().providers[0].provider == "DEFAULT_PUBLISHER");
  const MtaProviderNames* backup = ja.provider("microsoft-windows-backup");
  REQUIRE(backup != nullptr);
  CHECK(backup->levels == std::map<std::uint32_t, std::string>{{2, "エラー"}});
  CHECK(backup->tasks == std::map<std::uint32_t, std::string>{{1, "バックアップ"}});
  CHECK(backup->opcodes == std::map<std::uint32_t, std::string>{{1u << 16, "開始"}});
  CHECK(backup->keywords == std::map<std::uint32_t, std::string>{{62, "操作"}});
  CHECK(ja.provider("EventLog") != nullptr);
  CHECK(ja.provider("NoSuchProvider") == nullptr);  // no message, no names: no entry (as Windows)
  CHECK(en.provider("Microsoft-Windows-Backup")->tasks.at(1) == "Backup");

  Event event = log.events[0];
  CHECK(ja.annotate(event));
  CHECK(event.message == "バックアップ操作は失敗しました。");
  CHECK(event.level_name == "エラー");
  CHECK(event.task_name == "バックアップ");
}

TEST_CASE("scenario mta: the Japanese domain scenario's files hold its messages") {
  const char* dir = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE(dir != nullptr);
  const Scenario scenario =
      load_scenario_file(std::string(dir) + "/testdata/scenarios/seed-001-ja-mta-source-volume-space.yaml");
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  std::size_t explicit_messages = 0, from_knowledge = 0;
  for (const ScenarioLog& log : scenario.logs) {
    REQUIRE(log.mta_lcids == std::vector<std::uint32_t>{1041});
    const std::vector<ScenarioFile> files = scenario_mta_files(log, knowledge);
    REQUIRE(files.size() == 1);
    const MtaCatalog catalog = parse_file(files[0]);
    CHECK(catalog.diagnostics().empty());
    for (const Event& event : log.events) {
      const std::string* got = catalog.message_for(event.event_record_id);
      REQUIRE_MESSAGE(got != nullptr, log.file << " #" << event.event_record_id);
      const auto given = log.messages.find(event.event_record_id);
      if (given != log.messages.end()) {
        CHECK(*got == given->second.at(0));
        ++explicit_messages;
      } else {
        CHECK(*got == knowledge.render_message(event, Language::ja));
        ++from_knowledge;
      }
    }
  }
  CHECK(explicit_messages > 50);
  CHECK(from_knowledge == 2);  // EventLog 6005 and 6006
}

TEST_CASE("scenario mta: bad values name file, line, column and key") {
  const std::string head = "logs:\n  - file: A.evtx\n    channel: A\n";
  CHECK(load_error(head + "    mta: [fr]\n    events: []\n") ==
        "case.yaml:4:11: logs[0].mta[0]: 'fr' is not one of: en, ja");
  CHECK(load_error(head + "    mta: [ja, ja]\n    events: []\n") == "case.yaml:4:15: logs[0].mta: duplicate item 'ja'");
  CHECK(load_error(head + "    mta: ja\n    events: []\n") ==
        "case.yaml:4:10: logs[0].mta: expected a non-empty list of languages, e.g. [ja, en], found 'ja'");
  CHECK(
      load_error(head + "    events:\n      - {time: 2019-11-01T12:00:00Z, provider: P, event_id: 1, message: x}\n") ==
      "case.yaml:5:73: logs[0].events[0].message: needs 'mta:' on its log (messages are written to MTA files)");
  CHECK(load_error(head + "    mta: [ja]\n    events:\n      - {time: 2019-11-01T12:00:00Z, provider: P, event_id: 1, "
                          "message: {de: x}}\n") ==
        "case.yaml:6:74: logs[0].events[0].message: unknown key 'de' (allowed here: en, ja)");
  CHECK(load_error(head + "    mta: [ja]\n    display_names: {P: {en: {tasks: {1: T}}}}\n    events: []\n") ==
        "case.yaml:5:25: logs[0].display_names.P.en: the log writes no MTA in this language (add it to 'mta:')");
  CHECK(load_error(head + "    mta: [ja]\n    display_names: {P: {ja: {keywords: {64: K}}}}\n    events: []\n") ==
        "case.yaml:5:41: logs[0].display_names.P.ja.keywords: expected an integer 0..63, got '64'");
  CHECK(load_error(head + "    mta: [ja]\n    display_names: {P: {ja: {colours: {1: K}}}}\n    events: []\n") ==
        "case.yaml:5:30: logs[0].display_names.P.ja: unknown key 'colours' (allowed here: keywords, levels, opcodes, "
        "tasks)");
  CHECK(load_error(head + "    display_names: {P: {ja: {}}}\n    events: []\n") ==
        "case.yaml:4:20: logs[0].display_names: needs 'mta:' on the same log (no MTA file is written without it)");
}
