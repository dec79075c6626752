// The diagnosis is type-agnostic: every golden case (testdata/scenarios/*.yaml with `expect:`),
// diagnosed once as written (String values) and once with its values typed the ways Windows
// logs them - integers as HexInt32, UInt32, Int32 and HexInt64 in turn (0x807800A1 arrives as
// "0x807800a1", "2155348129", "-2139619167", "0x00000000807800a1"), GUIDs as GUID, times as
// FILETIME, a classic source's strings as one String array - gives the same jobs, codes, volumes,
// findings (rule, verdict, confidence, job, evidence) and timeline roles. Both cases go through
// the writer and the default reader, as a customer's log would.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"

using namespace evtxdiag;

namespace {

const ValueType kIntegerTypes[] = {ValueType::hex_int32, ValueType::uint32, ValueType::int32, ValueType::hex_int64};

// A 32-bit integer as logs write it: decimal, negative decimal or 0x hex.
std::optional<std::uint32_t> integer32(const std::string& text) {
  static const std::regex form("^(-?[0-9]{1,10}|0[xX][0-9a-fA-F]{1,8})$");
  if (!std::regex_match(text, form)) return std::nullopt;
  const long long value = std::stoll(text, nullptr, 0);
  if (value < -2147483648LL || value > 4294967295LL) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

PayloadValue typed(const std::string& text, std::size_t& turn) {
  static const std::regex guid("^\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}$");
  static const std::regex filetime("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z$");
  if (const auto value = integer32(text)) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "0x%08X", *value);
    return PayloadValue{kIntegerTypes[turn++ % 4], false, {hex}};
  }
  if (std::regex_match(text, guid)) return PayloadValue{ValueType::guid, false, {text}};
  if (std::regex_match(text, filetime)) return PayloadValue{ValueType::filetime, false, {text}};
  return PayloadValue{ValueType::string, false, {text}};
}

// The event with the same values, typed (named Data) or as one String array (classic Data).
Event typed_twin(const Event& event, std::size_t& turn) {
  if (event.data.empty()) return event;
  PayloadElement root{"EventData", {}, {}, {}, std::nullopt};
  bool positional = true;
  for (std::size_t i = 0; i < event.data.size(); ++i)
    positional = positional && event.data[i].name == std::to_string(i + 1);
  if (positional) {
    PayloadValue strings{ValueType::string, true, {}};
    for (const DataField& field : event.data) strings.items.push_back(field.value);
    root.children.push_back(PayloadElement{"Data", {}, {}, {}, strings});
  } else {
    for (const DataField& field : event.data)
      root.children.push_back(
          PayloadElement{"Data", {{"Name", field.name, std::nullopt}}, {}, {}, typed(field.value, turn)});
  }
  if (!event.binary_hex.empty())
    root.children.push_back(
        PayloadElement{"Binary", {}, {}, {}, PayloadValue{ValueType::binary, false, {event.binary_hex}}});
  Event twin = event;
  twin.data.clear();
  twin.binary_hex.clear();
  flatten_payload(root, twin.data, twin.binary_hex);
  auto shape = std::make_shared<EventShape>();
  shape->payload = std::move(root);
  twin.shape = shape;
  return twin;
}

Diagnosis diagnose_scenario(const Scenario& scenario, bool typed_values) {
  std::vector<EvtxBuffer> files;
  std::size_t turn = 0;
  for (const ScenarioLog& log : scenario.logs) {
    std::vector<Event> events;
    for (const Event& event : log.events) events.push_back(typed_values ? typed_twin(event, turn) : event);
    files.push_back({log.file, write_evtx(events)});
  }
  return diagnose_buffers(std::move(files));
}

std::string refs(const std::vector<EvidenceRef>& events) {
  std::string out;
  for (const EvidenceRef& ref : events) out += " " + ref.file + "#" + std::to_string(ref.record_id);
  return out;
}

// Everything a diagnosis concludes, without the texts that quote values as logged.
std::string conclusions(const Diagnosis& d) {
  std::ostringstream out;
  out << "computer " << d.computer << " zone " << d.zone.name << " (" << d.zone.source << ")\n";
  for (const BackupJob& job : d.jobs) {
    out << "job " << job.index << ' ' << to_string(job.product) << ' ' << job.start_utc.iso_utc() << ' '
        << job.end_utc.iso_utc() << ' ' << to_string(job.result) << " codes";
    for (const JobCode& code : job.codes) out << ' ' << code.hex << '@' << code.field << ':' << code.symbol;
    for (const VolumeResult& v : job.volumes)
      out << " volume " << v.name << ' ' << v.state << ' ' << v.hresult.value_or(0) << ' '
          << v.detailed_hresult.value_or(0);
    out << refs(job.events) << '\n';
  }
  for (const Finding& f : d.findings)
    out << "finding " << f.rule << ' ' << to_string(f.verdict) << ' ' << f.confidence << " job "
        << (f.job ? std::to_string(*f.job) : "-") << refs(f.evidence) << '\n';
  for (const TimelineEntry& entry : d.timeline)
    out << "timeline " << entry.ref.file << '#' << entry.ref.record_id << ' ' << entry.role << " job "
        << (entry.job ? std::to_string(*entry.job) : "-") << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("every golden case gives the same diagnosis with String and with typed values") {
  const char* source = std::getenv("EVTXDIAG_SOURCE_DIR");
  REQUIRE_MESSAGE(source != nullptr, "EVTXDIAG_SOURCE_DIR is not set (run through ctest)");
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(source) + "/testdata/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const Scenario scenario = load_scenario_file(entry.path().string());
    if (entry.path().filename().string().rfind("basic-", 0) == 0) continue;  // technical cases: no backup jobs
    INFO(entry.path().filename().string());
    const Diagnosis strings = diagnose_scenario(scenario, false);
    const Diagnosis typed = diagnose_scenario(scenario, true);
    CHECK_FALSE(strings.jobs.empty());
    CHECK(conclusions(typed) == conclusions(strings));
    ++cases;
  }
  CHECK(cases >= 9);
}

TEST_CASE("the typed twin really changes how values arrive") {
  Event event;
  event.data = {{"ErrorCode", "2155348129"},
                {"HRESULT", "0x807800A1"},
                {"Code", "-2139619167"},
                {"Other", "2155348129"},
                {"Id", "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}"},
                {"BackupTime", "2012-01-18T07:26:31.310000000Z"}};
  std::size_t turn = 0;
  const Event twin = typed_twin(event, turn);
  CHECK(twin.data == std::vector<DataField>{{"ErrorCode", "0x807800a1"},
                                            {"HRESULT", "2155348129"},
                                            {"Code", "-2139619167"},
                                            {"Other", "0x00000000807800a1"},
                                            {"Id", "{1DB28F2E-8F80-4027-8C5A-A11F7F10F62D}"},
                                            {"BackupTime", "2012-01-18T07:26:31.310000000Z"}});
}
