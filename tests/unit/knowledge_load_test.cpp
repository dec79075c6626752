// Loading rules: schema violations, unknown keys, duplicates (with file and line), overrides
// from a later layer, provider aliases; and message rendering details.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

using namespace evtxdiag;

namespace {

const char* kProvider = R"(schema: events
provider:
  name: Contoso-Backup
  aliases: [contoso]
  channel: Application
  source: test
events:
)";

std::string event_entry(int id, const std::string& extra = "") {
  return "  - id: " + std::to_string(id) +
         "\n    level: error\n    roles: [job_failure]\n    meaning:\n      en: fails\n"
         "    message:\n      en: \"Job %1 failed with %2.%n%%done\"\n    insertions: {1: JobName}\n" +
         extra + "    source: test\n    certainty: certain\n    example:\n      data: {JobName: nightly}\n";
}

std::string load_error(const std::vector<KnowledgeDocument>& documents) {
  try {
    (void)KnowledgeBase::from_documents(documents, false);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an unknown key is reported with file, line and column") {
  const std::string error =
      load_error({{"events/contoso.yaml", std::string(kProvider) + event_entry(1, "    colour: red\n")}});
  CHECK(error.find("events/contoso.yaml:16:5: document.events[0]: unknown key 'colour'") != std::string::npos);
}

TEST_CASE("missing required keys, wrong types and values outside an enum are reported") {
  const std::string missing = load_error({{"codes/x.yaml",
                                           "schema: codes\ncodes:\n  - code: 0x80070005\n    source: s\n    certainty: "
                                           "certain\n    example: {input: '5'}\n"}});
  CHECK(missing.find("codes/x.yaml:3:5: document.codes[0]: missing required key 'message'") != std::string::npos);
  const std::string bad_code = load_error({{"codes/x.yaml",
                                            "schema: codes\ncodes:\n  - code: banana\n    message: {en: m}\n    "
                                            "source: s\n    certainty: certain\n    example: {input: '5'}\n"}});
  CHECK(bad_code.find("codes/x.yaml:3:11: document.codes[0].code: expected a 32-bit code") != std::string::npos);
  std::string entry = event_entry(1);
  entry.replace(entry.find("job_failure"), 11, "job_exploded");
  const std::string bad_role = load_error({{"events/contoso.yaml", std::string(kProvider) + entry}});
  CHECK(bad_role.find("'job_exploded' is not one of") != std::string::npos);
  const std::string bad_stage =
      load_error({{"codes/x.yaml",
                   "schema: codes\ncodes:\n  - code: 0x80070005\n    message: {en: m}\n    stage: during-lunch\n    "
                   "source: s\n    certainty: certain\n    example: {input: '5'}\n"}});
  CHECK(bad_stage.find("codes/x.yaml:5:12:") != std::string::npos);
  CHECK(bad_stage.find("'during-lunch' is not one of") != std::string::npos);
  // A Japanese template says how sure its wording is (Windows' own or our translation).
  std::string unsure = event_entry(1);
  unsure.replace(unsure.find("    insertions:"), 0, "      ja: \"ジョブ %1 は %2 で失敗しました。\"\n");
  const std::string no_wording = load_error({{"events/contoso.yaml", std::string(kProvider) + unsure}});
  CHECK(no_wording.find("missing required key 'ja_wording'") != std::string::npos);
  unsure.replace(unsure.find("    insertions:"), 0, "    ja_wording: guessed\n");
  CHECK(load_error({{"events/contoso.yaml", std::string(kProvider) + unsure}}).find("'guessed' is not one of") !=
        std::string::npos);
  const std::string not_yaml = load_error({{"cases/x.yaml", "schema: cases\ncases: [\n"}});
  CHECK(not_yaml.find("cases/x.yaml:") != std::string::npos);
}

TEST_CASE("duplicates inside one layer fail with both positions; a later layer overrides") {
  const std::string events =
      load_error({{"events/contoso.yaml", std::string(kProvider) + event_entry(7) + event_entry(7)}});
  CHECK(events.find(
            "events/contoso.yaml:20:5: duplicate event Contoso-Backup/7 (first defined at events/contoso.yaml:8)") !=
        std::string::npos);
  const std::string code =
      "  - code: 0x80070005\n    message: {en: m}\n    source: s\n    certainty: certain\n    example: {input: '5'}\n";
  const std::string codes = load_error(
      {{"codes/a.yaml", "schema: codes\ncodes:\n" + code}, {"codes/b.yaml", "schema: codes\ncodes:\n" + code}});
  CHECK(codes.find("codes/b.yaml:3:5: duplicate code 0x80070005 (first defined at codes/a.yaml:3)") !=
        std::string::npos);

  // Over the compiled-in base, the same code replaces the built-in entry.
  const KnowledgeBase overlaid =
      KnowledgeBase::from_documents({{"codes/mine.yaml", "schema: codes\ncodes:\n" + code}}, true);
  REQUIRE(overlaid.find_code(0x80070005));
  CHECK(overlaid.find_code(0x80070005)->message.en == "m");
  CHECK(overlaid.find_code(0x80070005)->origin.file == "codes/mine.yaml");
  CHECK(KnowledgeBase::builtin().find_code(0x80070005)->message.en == "Access is denied.");
  CHECK(overlaid.find_code(0x80070005)->stage.empty());  // overlays may leave the stage out
}

TEST_CASE("a code's stage is loaded; every built-in code says where in a backup it is met") {
  const KnowledgeBase staged = KnowledgeBase::from_documents(
      {{"codes/mine.yaml",
        "schema: codes\ncodes:\n  - code: 0x8078FFFE\n    message: {en: m}\n    stage: catalog\n"
        "    source: s\n    certainty: likely\n    example: {input: '0x8078FFFE'}\n"}},
      true);
  REQUIRE(staged.find_code(0x8078FFFEu));
  CHECK(staged.find_code(0x8078FFFEu)->stage == "catalog");
  const std::set<std::string> stages{"preparation", "snapshot",    "source-read", "target",
                                     "catalog",     "post-backup", "any"};
  for (const CodeEntry& entry : KnowledgeBase::builtin().codes()) {
    CAPTURE(entry.origin.file);
    CAPTURE(entry.origin.line);
    CHECK(stages.count(entry.stage) == 1);
  }
  CHECK(KnowledgeBase::builtin().find_code(0x807800A1u)->stage == "snapshot");
  CHECK(KnowledgeBase::builtin().find_code(0x80780119u)->stage == "snapshot");
  CHECK(KnowledgeBase::builtin().find_code(0x8007045Du)->stage == "any");
}

TEST_CASE("providers: case-insensitive names, aliases, GUID; a name cannot belong to two providers") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  for (const char* name : {"volsnap", "Volsnap", "VOLSNAP", "VolSnap", "{CB017CD2-1F37-4E65-82BC-3E91F6A37559}"}) {
    CAPTURE(name);
    const EventDefinition* definition = knowledge.find_event(name, 27);
    REQUIRE(definition);
    CHECK(definition->provider == "volsnap");
    CHECK(definition->has_role("snapshot_lost"));
  }
  CHECK(knowledge.find_event("volsnap", 99999) == nullptr);
  CHECK(knowledge.find_event("no-such-provider", 27) == nullptr);

  Event event;
  event.provider_name = "Some-Other-Name";
  event.event_source_name = "disk";
  event.event_id = 7;
  CHECK(knowledge.has_role(event, "storage_error"));

  const std::string clash = std::string(kProvider).replace(std::string(kProvider).find("[contoso]"), 9, "[volsnap]");
  const std::string error = [&] {
    try {
      (void)KnowledgeBase::from_documents({{"events/clash.yaml", clash + event_entry(1)}}, true);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  CHECK(error.find("name 'volsnap' already belongs to provider volsnap") != std::string::npos);
}

TEST_CASE("render_message: named and positional insertions, %n, %%, missing values, variants, %% references") {
  const KnowledgeBase knowledge =
      KnowledgeBase::from_documents({{"events/contoso.yaml", std::string(kProvider) + event_entry(1)}}, true);
  Event event;
  event.provider_name = "CONTOSO";
  event.event_id = 1;
  event.data = {{"JobName", "nightly"}};
  // a value the event does not carry is said to be missing, never printed as a raw "%2"
  CHECK(knowledge.render_message(event, Language::en) == "Job nightly failed with (not logged).\n%done");
  event.data = {{"1", "weekly"}, {"2", "0x5"}};
  CHECK(knowledge.render_message(event, Language::en) == "Job weekly failed with 0x5.\n%done");

  // Backup 5 carries ErrorMessage "%%2155348254": rendered as that code's text.
  Event backup;
  backup.provider_name = "Microsoft-Windows-Backup";
  backup.event_id = 5;
  backup.version = 3;
  backup.data = {
      {"HRESULT", "0x8078011e"}, {"ErrorMessage", "%%2155348254"}, {"BackupTime", "2019-10-10T00:00:15.177132000Z"}};
  const std::string text = knowledge.render_message(backup, Language::en);
  CHECK(text.find("started at '2019-10-10T00:00:15.177132000Z'") != std::string::npos);
  CHECK(text.find("'0x8078011e' (Windows Backup failed to get an exclusive lock on the EFI system partition (ESP).)") !=
        std::string::npos);
  // The Japanese template takes the referenced code's Japanese text.
  const std::string japanese = knowledge.render_message(backup, Language::ja);
  CHECK(japanese.find("'2019-10-10T00:00:15.177132000Z' に開始したバックアップ操作") != std::string::npos);
  CHECK(japanese.find("(EFI システム パーティション(ESP)で排他ロックが取得できませんでした。)") != std::string::npos);
  // An event with no Japanese template (an overlay's) stays English, the referenced code's text too.
  Event contoso = backup;
  contoso.provider_name = "CONTOSO";
  contoso.event_id = 1;
  contoso.version = 0;
  contoso.data = {{"JobName", "nightly"}, {"2", "%%2155348254"}};
  CHECK(knowledge.render_message(contoso, Language::ja) == knowledge.render_message(contoso, Language::en));
  CHECK(knowledge.render_message(contoso, Language::ja).find("exclusive lock on the EFI system partition") !=
        std::string::npos);

  // Ntfs 55: Windows 8+ named fields use the current template; unnamed data the legacy variant.
  Event ntfs;
  ntfs.provider_name = "Ntfs";
  ntfs.event_id = 55;
  ntfs.data = {{"1", ""}, {"2", "C:"}};
  CHECK(
      knowledge.render_message(ntfs, Language::en) ==
      "The file system structure on the disk is corrupt and unusable. Please run the chkdsk utility on the volume C:.");
  ntfs.data = {{"DriveName", "D:"}, {"Description", "x"}};
  CHECK(knowledge.render_message(ntfs, Language::en) ==
        "A corruption was discovered in the file system structure on volume D:.\n\nx");

  // volsnap 27 in Japanese; unknown events render as empty.
  Event volsnap;
  volsnap.provider_name = "Volsnap";
  volsnap.event_id = 27;
  volsnap.data = {
      {"DeviceName", "\\Device\\HarddiskVolumeShadowCopy9"}, {"VolumeName", "E:"}, {"NTSTATUS", "C000000E"}};
  CHECK(knowledge.render_message(volsnap, Language::ja) ==
        "重要な制御ファイルが開かなかったために、検出中にボリューム E: のシャドウ コピーが中止しました。");
  volsnap.event_id = 99999;
  CHECK(knowledge.render_message(volsnap, Language::en).empty());
}

TEST_CASE("roles: vocabulary and lookup by role") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const auto& roles = knowledge.role_names();
  CHECK(std::find(roles.begin(), roles.end(), "job_start") != roles.end());
  CHECK(std::find(roles.begin(), roles.end(), "unexpected_shutdown") != roles.end());
  bool has_521 = false;
  for (const EventDefinition* definition : knowledge.events_with_role("snapshot_failure"))
    has_521 = has_521 || (definition->provider == "Microsoft-Windows-Backup" && definition->id == 521);
  CHECK(has_521);
  CHECK(knowledge.events_with_role("no_such_role").empty());
}

TEST_CASE("a report label needs both English and Japanese: a Japanese report prints no English word of its own") {
  const std::string no_japanese = load_error({{"labels/x.yaml", "schema: labels\nlabels:\n  zone: {en: Zone}\n"}});
  CHECK(no_japanese.find("labels/x.yaml:3:9: document.labels.zone: missing required key 'ja'") != std::string::npos);
  const std::string no_english = load_error({{"labels/x.yaml", "schema: labels\nlabels:\n  zone: {ja: ゾーン}\n"}});
  CHECK(no_english.find("document.labels.zone: missing required key 'en'") != std::string::npos);
  CHECK(load_error({{"labels/x.yaml", "schema: labels\nlabels:\n  zone: {en: Zone, ja: タイム ゾーン}\n"}}).empty());
}
