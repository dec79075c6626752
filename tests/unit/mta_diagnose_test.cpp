// diagnose() with LocaleMetaData beside the logs: the Japanese domain scenario written to a
// temporary folder (logs + LocaleMetaData/*_1041.MTA, as `evtxdiag synth` writes them) shows the
// MTA's messages in evidence and timeline; damaged MTA files (truncated at many points, wrong
// section offsets, page links that loop) give diagnostics and the same diagnosis, never a crash.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/mta.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"
#include "format/format.hpp"
#include "mta/mta_layout.hpp"
#include "mta/mta_writer.hpp"

using namespace evtxdiag;
namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::size_t kEvtDescriptor = 0x18;  // writer-made files: EVT, MSG, PUB descriptors
constexpr std::size_t kMsgDescriptor = 0x32;

struct Case {
  fs::path dir;
  Scenario scenario;
  Case() {
    const char* source = std::getenv("EVTXDIAG_SOURCE_DIR");
    REQUIRE(source != nullptr);
    scenario = load_scenario_file(std::string(source) + "/testdata/scenarios/seed-001-ja-mta-source-volume-space.yaml");
    std::string pattern = (fs::temp_directory_path() / "evtxdiag-mta-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    fs::create_directories(dir / "LocaleMetaData");
    const KnowledgeBase knowledge = KnowledgeBase::builtin();
    for (const ScenarioLog& log : scenario.logs) {
      write_file_atomically((dir / log.file).string(), write_evtx(log.events));
      for (const ScenarioFile& file : scenario_mta_files(log, knowledge))
        write_file_atomically((dir / file.relative_path).string(), file.bytes);
    }
  }
  ~Case() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Case(const Case&) = delete;
  Case& operator=(const Case&) = delete;

  fs::path backup_mta() const { return dir / "LocaleMetaData" / "Microsoft-Windows-Backup_1041.MTA"; }
  Diagnosis run(bool mta = true, const std::string& lang = "ja", const std::string& mta_file = "") const {
    DiagnoseOptions options;
    options.mta_file = mta_file;
    options.zone = *ZoneRequest::parse("Asia/Tokyo");
    options.language = *parse_language(lang);
    options.mta = mta;
    return diagnose({dir.string()}, options);
  }
};

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void store_u64(Bytes& bytes, std::size_t at, std::uint64_t value) {
  for (int k = 0; k < 8; ++k) bytes[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(value >> (8 * k));
}

/// Jobs and findings, as one comparable text.
std::string outcome(const Diagnosis& d) {
  std::string text;
  for (const auto& job : d.jobs) text += job.start_utc.iso_utc() + " " + to_string(job.result) + "\n";
  for (const auto& f : d.findings) {
    text += f.rule + " " + to_string(f.verdict);
    for (const auto& ref : f.evidence) text += " " + std::to_string(ref.record_id);
    text += "\n";
  }
  return text;
}

bool has_mta_diagnostic(const Diagnosis& d) {
  for (const auto& diagnostic : d.diagnostics)
    if (diagnostic.file.find("Microsoft-Windows-Backup_1041.MTA") != std::string::npos) return true;
  return false;
}

const EvidenceRef* cause_evidence(const Diagnosis& d, std::uint64_t record_id) {
  for (const auto& f : d.findings)
    if (f.verdict == Verdict::cause)
      for (const auto& ref : f.evidence)
        if (ref.record_id == record_id) return &ref;
  return nullptr;
}

}  // namespace

TEST_CASE("diagnose with MTA: evidence and timeline carry the customer's Japanese messages") {
  const Case c;
  const Diagnosis d = c.run();
  REQUIRE(d.inputs.size() == 3);
  for (const auto& input : d.inputs) {
    CHECK(input.mta.find("LocaleMetaData") != std::string::npos);
    CHECK(input.mta_lcid == 1041);
  }
  CHECK(d.diagnostics.empty());
  const EvidenceRef* cause = cause_evidence(d, 3135);  // Microsoft-Windows-Backup 5 of job 3
  REQUIRE(cause != nullptr);
  CHECK(cause->message_source == MessageSource::mta);
  CHECK(cause->message == c.scenario.logs[2].messages.at(3135).at(0));
  CHECK(cause->summary.rfind("'2019-11-01T12:00:04.517000000Z' に開始されたバックアップ操作", 0) == 0);
  std::size_t from_mta = 0;
  for (const auto& entry : d.timeline) from_mta += entry.ref.message_source == MessageSource::mta;
  CHECK(from_mta == d.timeline.size());

  // The English report of the same export still shows the only MTA there is (the fallback).
  const Diagnosis english = c.run(true, "en");
  CHECK(cause_evidence(english, 3135)->message == cause->message);
  CHECK(outcome(english) == outcome(d));

  // Without MTA: the knowledge base's template (Japanese where it has one), or none.
  const Diagnosis plain = c.run(false);
  CHECK(plain.inputs[0].mta.empty());
  const EvidenceRef* plain_cause = cause_evidence(plain, 3135);
  REQUIRE(plain_cause != nullptr);
  CHECK(plain_cause->message_source != MessageSource::mta);
  CHECK(outcome(plain) == outcome(d));

  // An explicit MTA belongs to the log its name says, not to every input (record ids repeat).
  const Diagnosis given = c.run(true, "ja", c.backup_mta().string());
  REQUIRE(given.inputs.size() == 3);
  CHECK(given.inputs[0].mta.empty());  // Application.evtx
  CHECK(given.inputs[1].mta == c.backup_mta().string());
  CHECK(given.inputs[2].mta.empty());  // System.evtx
  CHECK(cause_evidence(given, 3135)->message == cause->message);
}

TEST_CASE("diagnose with MTA: damaged MTA files cost messages, not the diagnosis") {
  const Case c;
  const std::string baseline = outcome(c.run());
  const Bytes clean = read_bytes(c.backup_mta());
  REQUIRE(clean.size() > 1000);

  auto check_damaged = [&](const Bytes& damaged, const std::string& what) {
    CAPTURE(what);
    write_bytes(c.backup_mta(), damaged);
    const Diagnosis d = c.run();
    CHECK(outcome(d) == baseline);
    CHECK(has_mta_diagnostic(d));
    CHECK(!d.incomplete());  // the logs themselves were read completely
  };

  // Truncated at 16 points spread over the file (header, EVT, MSG, PUB).
  for (std::size_t k = 0; k < 16; ++k) {
    const std::size_t size = k * (clean.size() - 1) / 16;
    check_damaged(Bytes(clean.begin(), clean.begin() + static_cast<std::ptrdiff_t>(size)),
                  "truncated to " + std::to_string(size));
  }
  // Wrong offsets: EVT beyond the end, MSG size beyond the end, MSG starting inside EVT.
  Bytes bad = clean;
  store_u64(bad, kEvtDescriptor, clean.size() + 100);
  check_damaged(bad, "EVT offset beyond the file");
  bad = clean;
  store_u64(bad, kMsgDescriptor + 8, 0xFFFFFFFFFFull);
  check_damaged(bad, "MSG size beyond the file");
  bad = clean;
  store_u64(bad, kMsgDescriptor, evtx::load_u64(&clean[kEvtDescriptor]) + 8);
  check_damaged(bad, "MSG offset inside EVT");
}

TEST_CASE("diagnose with MTA: page links that loop stop with a diagnostic") {
  const Case c;
  const std::string baseline = outcome(c.run());
  // The log's messages plus 250 unused ones, so that EVT and MSG span three pages each.
  mta::MtaBuilder builder(1041);
  const ScenarioLog& log = c.scenario.logs[2];
  for (const auto& [record_id, text] : log.messages)
    builder.add_event(record_id, "Microsoft-Windows-Backup", text.at(0));
  for (std::uint64_t k = 0; k < 250; ++k) builder.add_event(10 + k, "Microsoft-Windows-Backup", "unused");
  const Bytes clean = builder.bytes();
  const std::size_t evt = static_cast<std::size_t>(evtx::load_u64(&clean[kEvtDescriptor]));
  const std::size_t msg = static_cast<std::size_t>(evtx::load_u64(&clean[kMsgDescriptor]));
  const std::uint64_t evt_page1 = evtx::load_u64(&clean[evt + mta::kPageNextOffset]);
  const std::uint64_t msg_page1 = evtx::load_u64(&clean[msg + mta::kPageNextOffset]);
  REQUIRE(evt_page1 != 0);
  REQUIRE(msg_page1 != 0);
  for (const auto& [section, page1, section_name] :
       {std::tuple{evt, evt_page1, "EVT"}, std::tuple{msg, msg_page1, "MSG"}}) {
    const char* name = section_name;  // (clang 14 cannot capture a structured binding)
    CAPTURE(name);
    Bytes looped = clean;
    store_u64(looped, section + static_cast<std::size_t>(page1) + mta::kPageNextOffset, 0);  // page 1 -> page 0
    write_bytes(c.backup_mta(), looped);
    const Diagnosis d = c.run();
    CHECK(outcome(d) == baseline);
    CHECK(has_mta_diagnostic(d));
  }
}
