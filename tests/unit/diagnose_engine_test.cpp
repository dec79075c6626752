// The diagnosis engine with hand-built events: code extraction, NTSTATUS, job reconstruction,
// duplicate records, and diagnose_events() end to end (verdicts, zone, language).
#include <doctest/doctest.h>

#include <algorithm>

#include "diagnose/inputs.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/error.hpp"
#include "jobs/jobs.hpp"
#include "rules/event_codes.hpp"
#include "rules/rule_loader.hpp"

using namespace evtxdiag;
using namespace evtxdiag::diag;

namespace {

Event make(const std::string& time, const std::string& provider, std::uint32_t id, std::vector<DataField> data = {},
           const std::string& file = "Application.evtx", std::uint64_t record = 0) {
  static std::uint64_t next_record = 100;
  Event e;
  e.source_file = file;
  e.provider_name = provider;
  e.event_id = id;
  e.time_created = *Timestamp::parse_iso(time);
  e.event_record_id = record ? record : ++next_record;
  e.record_number = e.event_record_id;
  e.channel = file.substr(0, file.find('.'));
  e.computer = "SRV01.contoso.local";
  e.level = 4;
  e.data = std::move(data);
  return e;
}

const RuleSet& rules() {
  static const RuleSet set = load_rules(builtin_rule_files());
  return set;
}

std::vector<std::string> rule_ids(const Diagnosis& d) {
  std::vector<std::string> ids;
  for (const auto& f : d.findings) ids.push_back(f.rule + ":" + to_string(f.verdict));
  return ids;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("codes in every form a log writes them") {
  CHECK(parse_code_value("0x807800A1") == 0x807800A1u);
  CHECK(parse_code_value("2155348129") == 0x807800A1u);
  CHECK(parse_code_value("-2139619167") == 0x807800A1u);
  CHECK(parse_code_value("%%2155348254") == 0x8078011Eu);
  CHECK(parse_code_value("C000000E") == 0xC000000Eu);
  CHECK_FALSE(parse_code_value("hello"));
  // Free text counts only where a pattern says the event's code lives there (codes_in).
  Event e = make("2020-01-01T00:00:00Z", "Windows Backup", 4104, {{"1", "エラー: ... (0x800704C8)"}});
  CHECK(failure_codes(e).empty());
  auto found = failure_codes(e, {"1"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].value == 0x800704C8u);
  // Structured places: code-named fields, leading codes of unnamed (classic) values, labels.
  Event vss =
      make("2020-01-01T00:00:00Z", "VSS", 8193, {{"1", "CoCreateInstance"}, {"2", "0x80040154, Class not registered"}});
  REQUIRE(failure_codes(vss).size() == 1);
  CHECK(failure_codes(vss)[0].value == 0x80040154u);
  Event spp = make("2020-01-01T00:00:00Z", "SPP", 16387, {{"1", "System Writer"}, {"2", "hr = 0x800423f3"}});
  REQUIRE(failure_codes(spp).size() == 1);
  Event backup =
      make("2020-01-01T00:00:00Z", "Microsoft-Windows-Backup", 5,
           {{"HRESULT", "0x807800C5"}, {"DetailedHRESULT", "-2147024891"}, {"ErrorMessage", "%%2155348129"}});
  CHECK(failure_codes(backup).size() == 3);
  // A routine message quoting an old failure in its text is not a failure.
  Event cleanup = make("2020-01-01T00:00:00Z", "VSS", 8224, {{"Context", "Cleanup done. Old failure: 0x800423f4"}});
  CHECK(failure_codes(cleanup).empty());
  Event routine =
      make("2020-01-01T00:00:00Z", "VSS", 13, {{"1", "Writer state reset; last error 0x800423F4 was cleared"}});
  CHECK(failure_codes(routine).empty());
  // GUIDs, counters and small numbers are not codes.
  Event quiet =
      make("2020-01-01T00:00:00Z", "x", 1, {{"Guid", "{80780119-0000-0000-0000-000000000000}"}, {"Count", "12345"}});
  CHECK(failure_codes(quiet).empty());
}

TEST_CASE("NTSTATUS from the named field or from Binary offset 0x14") {
  Event modern = make("2020-01-01T00:00:00Z", "Volsnap", 27, {{"NTSTATUS", "C000000E"}});
  CHECK(ntstatus(modern) == 0xC000000Eu);
  Event legacy = make("2012-01-01T00:00:00Z", "volsnap", 27, {{"1", "\\Device\\HarddiskVolumeShadowCopy7"}});
  legacy.binary_hex = "0000000002003000000000001B0006C0000000000E0000C000000000";
  CHECK(ntstatus(legacy) == 0xC000000Eu);
  legacy.binary_hex = "00000000";
  CHECK_FALSE(ntstatus(legacy));
}

TEST_CASE("a driver's I/O error log entry: its insertion strings are dumped values, not codes") {
  // Disk 153 "The IO operation at logical block address 0x9b3e2a00 for Disk 2 ... was retried": the
  // LBA has the high bit set like an HRESULT, but the event's status is FinalStatus in the
  // IO_ERROR_LOG_PACKET (ErrorCode 0x80040099 at offset 0x0C = qualifiers 0x8004, id 153).
  Event retried = make(
      "2022-10-28T19:24:43Z", "disk", 153,
      {{"1", "\\Device\\Harddisk2\\DR2"}, {"2", "0x9b3e2a00"}, {"3", "2"}, {"4", "\\Device\\00000045"}}, "System.evtx");
  retried.qualifiers = 0x8004;
  retried.level = 3;
  retried.binary_hex = "0400000004003000000000009900048099010000000000000000000000000000000000000000000000000000";
  CHECK(failure_codes(retried).empty());
  // Without the packet (a hand-written classic event) the leading-code reading stays as it was.
  Event unpacked = retried;
  unpacked.binary_hex.clear();
  CHECK(failure_codes(unpacked).size() == 1);
  // A packet whose ErrorCode is another message's is no evidence of an I/O error log entry.
  Event other = retried;
  other.binary_hex = "0400000004003000000000009A00048099010000000000000000000000000000000000000000000000000000";
  CHECK(failure_codes(other).size() == 1);
  // VSS's classic hr insertion is still its code (VSS writes no IO_ERROR_LOG_PACKET).
  Event veto = make("2020-01-01T00:00:00Z", "VSS", 8229, {{"1", "0x800423f2, The writer's timeout expired"}});
  veto.binary_hex = "2D20436F64653A20";
  CHECK(failure_codes(veto).size() == 1);
}

TEST_CASE("VolumesInfo gives per-volume results with signed decimal HResults") {
  auto volumes = parse_volumes_info(
      "<VolumeInfo><VolumeInfoItem Name=\"Esp\" OriginalAccessPath=\"\" State=\"13\" HResult=\"-2139619042\" "
      "DetailedHResult=\"-2147024891\" /><VolumeInfoItem Name=\"C:\" State=\"14\" HResult=\"0\" "
      "DetailedHResult=\"0\"/></VolumeInfo>");
  REQUIRE(volumes.size() == 2);
  CHECK(volumes[0].name == "Esp");
  CHECK(volumes[0].hresult == 0x8078011Eu);
  CHECK(volumes[0].detailed_hresult == 0x80070005u);
  CHECK(volumes[1].hresult == 0u);
}

TEST_CASE("BackupTime ties Application failures to the operational job; jobs without a start still appear") {
  std::vector<Event> events{
      make("2012-01-18T07:26:31.3200000Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-18T07:47:02Z", "Microsoft-Windows-Backup", 521,
           {{"BackupTime",
             "\xE2\x80\x8E"
             "2012-01-18T07:26:31.310000000Z"},
            {"ErrorCode", "2155348129"}}),
      make("2012-01-18T07:47:03Z", "Microsoft-Windows-Backup", 14, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-19T07:47:02Z", "Microsoft-Windows-Backup", 517,
           {{"BackupTime", "2012-01-19T07:26:31.310000000Z"}, {"ErrorCode", "2155348249"}}),
      make("2012-01-20T07:26:31Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-20T07:50:00Z", "Microsoft-Windows-Backup", 4, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-20T07:50:01Z", "Microsoft-Windows-Backup", 14, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-21T07:26:31Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-21T07:27:31Z", "Microsoft-Windows-Backup", 8, {}, "Microsoft-Windows-Backup.evtx"),
  };
  auto jobs = reconstruct_jobs(events, rules().lifecycle);
  REQUIRE(jobs.size() == 4);
  CHECK(jobs[0].result() == JobResult::failed);
  CHECK(jobs[0].events.size() == 3);
  CHECK(jobs[0].start == *Timestamp::parse_iso("2012-01-18T07:26:31.3200000Z"));
  CHECK(jobs[0].end == *Timestamp::parse_iso("2012-01-18T07:47:03Z"));
  REQUIRE(jobs[0].codes.size() == 1);
  CHECK(jobs[0].codes[0].value == 0x807800A1u);
  CHECK(jobs[1].result() == JobResult::failed);
  CHECK_FALSE(jobs[1].has_start_event);
  CHECK(jobs[1].start == *Timestamp::parse_iso("2012-01-19T07:26:31.31Z"));
  CHECK(jobs[2].result() == JobResult::succeeded);
  CHECK(jobs[3].result() == JobResult::canceled);
}

TEST_CASE("Windows 7 backup jobs close on their result event") {
  std::vector<Event> events{make("2015-06-10T12:00:00Z", "Windows Backup", 4097),
                            make("2015-06-10T12:30:00Z", "Windows Backup", 4098),
                            make("2015-06-17T12:00:00Z", "Windows Backup", 4097),
                            make("2015-06-17T12:40:00Z", "Windows Backup", 4104, {{"1", "(0x800704C8)"}})};
  auto jobs = reconstruct_jobs(events, rules().lifecycle);
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].product == BackupProduct::windows7_backup);
  CHECK(jobs[0].result() == JobResult::succeeded);
  CHECK(jobs[1].result() == JobResult::failed);
}

TEST_CASE("the same record in two files is counted once") {
  std::vector<Event> events{make("2020-01-01T00:00:00Z", "volsnap", 27, {}, "System.evtx", 7),
                            make("2020-01-01T00:00:00Z", "volsnap", 27, {}, "System-copy.evtx", 7),
                            make("2020-01-01T00:00:01Z", "volsnap", 27, {}, "System-copy.evtx", 8)};
  events[1].channel = events[0].channel = events[2].channel = "System";
  std::vector<InputSummary> inputs(2);
  inputs[0].path = "System.evtx";
  inputs[1].path = "System-copy.evtx";
  deduplicate_and_sort(events, inputs);
  CHECK(events.size() == 2);
  CHECK(inputs[0].duplicates == 0);
  CHECK(inputs[1].duplicates == 1);
}

TEST_CASE("volsnap 27 C000000E after a successful job is a red herring, inside a failed job it is not") {
  auto vs27 = [](const std::string& t) {
    Event e = make(t, "Volsnap", 27,
                   {{"DeviceName", "\\Device\\HarddiskVolumeShadowCopy7"},
                    {"VolumeName", "\\\\?\\Volume{1}"},
                    {"NTSTATUS", "C000000E"}},
                   "System.evtx");
    e.level = 2;
    return e;
  };
  std::vector<Event> events{
      make("2012-01-17T07:00:00Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-17T07:20:00Z", "Microsoft-Windows-Backup", 4, {}, "Microsoft-Windows-Backup.evtx"),
      make("2012-01-17T07:20:01Z", "Microsoft-Windows-Backup", 14, {}, "Microsoft-Windows-Backup.evtx"),
      vs27("2012-01-17T07:20:30Z"),
      make("2012-01-18T07:26:31Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
      vs27("2012-01-18T07:30:00Z"),
      make("2012-01-18T07:47:02Z", "Microsoft-Windows-Backup", 521,
           {{"BackupTime", "2012-01-18T07:26:31.310000000Z"}, {"ErrorCode", "2155348129"}}),
      make("2012-01-18T09:00:00Z", "Service Control Manager", 7036, {{"param1", "Print Spooler"}}, "System.evtx"),
  };
  DiagnoseOptions options;
  options.zone = *ZoneRequest::parse("Tokyo Standard Time");
  const Diagnosis d = diagnose_events(events, options);
  REQUIRE(d.jobs.size() == 2);
  CHECK(d.jobs[0].result == JobResult::succeeded);
  CHECK(d.jobs[1].result == JobResult::failed);
  CHECK(d.jobs[1].start_local == "2012-01-18T16:26:31.0000000+09:00");
  CHECK(d.zone.source == "given by the user");
  CHECK(d.computer == "SRV01.contoso.local");
  const auto ids = rule_ids(d);
  CHECK(has(ids, "volsnap27-after-successful-backup:red-herring"));
  CHECK(has(ids, "volsnap-shadow-copies-lost-in-failed-job:contributing"));
  for (const auto& f : d.findings) {
    if (f.verdict == Verdict::red_herring) {
      CHECK(f.job == 1u);
      REQUIRE(f.evidence.size() == 1);
      CHECK(f.evidence[0].time_local == "2012-01-17T16:20:30.0000000+09:00");
      CHECK(f.explanation.find("C000000E") != std::string::npos);
    }
    for (const auto& ev : f.evidence) CHECK(ev.provider != "Service Control Manager");  // irrelevant stays out
  }
  // Japanese texts.
  options.language = Language::ja;
  const Diagnosis ja = diagnose_events(events, options);
  bool found = false;
  for (const auto& f : ja.findings)
    if (f.rule == "volsnap27-after-successful-backup") found = f.title.find("無視") != std::string::npos;
  CHECK(found);
}

TEST_CASE("521 with 2155348129: Disk 7 points at the disk, VM load without Disk 7 at the SPP timeout") {
  auto base = [] {
    return std::vector<Event>{
        make("2012-01-18T07:26:31Z", "Microsoft-Windows-Backup", 1, {}, "Microsoft-Windows-Backup.evtx"),
        make("2012-01-18T07:27:00Z", "Microsoft-Windows-Hyper-V-VMMS", 18304, {{"VmName", "VM01"}}, "VMMS.evtx"),
        make("2012-01-18T07:27:01Z", "Microsoft-Windows-Hyper-V-VMMS", 18304, {{"VmName", "VM02"}}, "VMMS.evtx"),
        make("2012-01-18T07:27:02Z", "Microsoft-Windows-Hyper-V-VMMS", 18304, {{"VmName", "VM03"}}, "VMMS.evtx"),
        make("2012-01-18T07:37:02Z", "Microsoft-Windows-Backup", 521,
             {{"BackupTime", "2012-01-18T07:26:31.310000000Z"}, {"ErrorCode", "2155348129"}})};
  };
  DiagnoseOptions options;
  options.zone = ZoneRequest(TimeZone::utc());
  auto ids = rule_ids(diagnose_events(base(), options));
  CHECK(has(ids, "wsb-snapshot-spp-timeout-vm-load:cause"));
  CHECK_FALSE(has(ids, "wsb-snapshot-bad-block:cause"));
  auto with_disk = base();
  with_disk.push_back(make("2012-01-18T07:30:00Z", "disk", 7, {{"1", "\\Device\\Harddisk1\\DR1"}}, "System.evtx"));
  ids = rule_ids(diagnose_events(with_disk, options));
  CHECK(has(ids, "wsb-snapshot-bad-block:cause"));
  CHECK_FALSE(has(ids, "wsb-snapshot-spp-timeout-vm-load:cause"));
}

TEST_CASE("no backup job, no cause") {
  std::vector<Event> events{
      make("2020-01-01T00:00:00Z", "disk", 11, {{"1", "\\Device\\Harddisk0\\DR0"}}, "System.evtx"),
      make("2020-01-01T00:01:00Z", "VSS", 8193, {{"1", "x"}, {"2", "0x80070005"}})};
  const Diagnosis d = diagnose_events(events, {});
  CHECK(d.jobs.empty());
  CHECK(d.findings.empty());
  CHECK(d.zone.source.find("UTC") != std::string::npos);
  CHECK_FALSE(ZoneRequest::parse("Mars/Olympus"));  // a zone that does not exist cannot be asked for
}
