// Event Viewer's display rules on a catalog made by the writer: message by EventRecordID
// (not the record header number), level 0 shown as Information, "(N)" for unnamed tasks,
// opcode and keyword lookups with DEFAULT_PUBLISHER fallback, in English and Japanese.
#include <doctest/doctest.h>

#include "evtxdiag/mta.hpp"
#include "mta/mta_writer.hpp"

using evtxdiag::Event;
using evtxdiag::MessageSource;
using evtxdiag::MtaCatalog;

namespace {

MtaCatalog catalog(std::uint32_t lcid) {
  evtxdiag::mta::MtaBuilder builder(lcid);
  builder.set_provider_names({"Microsoft-Windows-Backup",
                              {{3, lcid == 1041 ? "バックアップ警告" : "Backup warning"}},
                              {{2, lcid == 1041 ? "バックアップ" : "Backup"}},
                              {{1u << 16 | 2, "JobStart"}, {5u << 16, "ProviderExtension"}},
                              {{0, "BackupKeyword"}}});
  builder.add_event(50, "Microsoft-Windows-Backup",
                    lcid == 1041 ? "バックアップ操作は失敗しました。" : "The backup failed.");
  builder.add_event(51, "ESENT", "Classic source message");
  return MtaCatalog::parse(builder.bytes(), "annotate.MTA", lcid);
}

Event event(std::uint64_t record_number, std::uint64_t event_record_id, const char* provider) {
  Event e;
  e.record_number = record_number;
  e.event_record_id = event_record_id;
  e.provider_name = provider;
  return e;
}

}  // namespace

TEST_CASE("mta annotate: message keyed by EventRecordID, not the record header number") {
  const MtaCatalog en = catalog(1033);
  Event renumbered = event(1, 50, "Microsoft-Windows-Backup");
  CHECK(en.annotate(renumbered));
  CHECK(renumbered.message == "The backup failed.");
  CHECK(renumbered.message_source == MessageSource::mta);

  Event header_match = event(50, 7, "Microsoft-Windows-Backup");
  header_match.message = "from the knowledge base";
  header_match.message_source = MessageSource::knowledge;
  CHECK_FALSE(en.annotate(header_match));
  CHECK(header_match.message == "from the knowledge base");
  CHECK(header_match.message_source == MessageSource::knowledge);
}

TEST_CASE("mta annotate: level, task, opcode and keyword names (English)") {
  const MtaCatalog en = catalog(1033);
  Event e = event(1, 50, "microsoft-windows-backup");  // provider names compare case-insensitively
  e.level = 0;
  e.task = 2;
  e.opcode = 1;
  e.keywords = 0x8080000000000001ull;  // bit 0 (provider), bit 55 Classic, bit 63 (unnamed)
  en.annotate(e);
  CHECK(e.level_name == "Information");  // level 0 is shown as Information
  CHECK(e.task_name == "Backup");
  CHECK(e.opcode_name == "JobStart");  // task-specific opcode
  CHECK(e.keyword_names == std::vector<std::string>{"BackupKeyword", "Classic"});

  e.level = 3;
  e.task = 9;
  e.opcode = 5;
  e.keywords = 0;
  e.keyword_names.clear();
  en.annotate(e);
  CHECK(e.level_name == "Backup warning");      // the provider's own name wins
  CHECK(e.task_name == "(9)");                  // unnamed task
  CHECK(e.opcode_name == "ProviderExtension");  // provider's global opcode
  CHECK(e.keyword_names.empty());

  e.level = 2;
  e.task = 0;
  e.opcode = 240;
  en.annotate(e);
  CHECK(e.level_name == "Error");  // DEFAULT_PUBLISHER
  CHECK(e.task_name == "None");
  CHECK(e.opcode_name == "Receive");
}

TEST_CASE("mta annotate: unknown provider uses DEFAULT_PUBLISHER; unnamed level stays empty") {
  const MtaCatalog en = catalog(1033);
  Event e = event(2, 51, "SomeOtherProvider");
  e.level = 4;
  e.task = 3;
  e.opcode = 0;
  CHECK(en.annotate(e));
  CHECK(e.message == "Classic source message");
  CHECK(e.level_name == "Information");
  CHECK(e.task_name == "(3)");
  CHECK(e.opcode_name == "Info");
  e.level = 17;
  e.level_name.clear();
  en.annotate(e);
  CHECK(e.level_name.empty());
}

TEST_CASE("mta annotate: Japanese names") {
  const MtaCatalog ja = catalog(1041);
  Event e = event(1, 50, "Microsoft-Windows-Backup");
  e.level = 2;
  e.task = 0;
  std::vector<Event> events{e, event(2, 999, "Microsoft-Windows-Backup")};
  const auto summary = ja.annotate(events);
  CHECK(summary.events == 2);
  CHECK(summary.with_message == 1);
  CHECK(summary.without_message == 1);
  CHECK(events[0].message == "バックアップ操作は失敗しました。");
  CHECK(events[0].level_name == "エラー");
  CHECK(events[0].task_name == "なし");
  CHECK(events[1].message_source == MessageSource::none);
  CHECK(events[1].level_name == "情報");  // level 0 -> the name of level 4
}
