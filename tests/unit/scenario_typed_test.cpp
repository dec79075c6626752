// Scenario keys for typed values, arrays, Null, UserData/EventData trees, a literal Provider
// Guid and a per-event channel: what the loader builds, what the written file reads back as,
// and each refusal with file, line, column and key.
#include <doctest/doctest.h>

#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"

using namespace evtxdiag;

namespace {

const char* const kHead = "logs:\n  - file: Application.evtx\n    channel: Application\n    events:\n";

Scenario load(const std::string& events) { return parse_scenario(std::string(kHead) + events, "t.yaml"); }

std::string error_for(const std::string& events) {
  try {
    load(events);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::vector<Event> written_and_read(const std::vector<Event>& events, DecoderChoice decoder) {
  EvtxReader reader = EvtxReader::open_buffer(write_evtx(events), "t.evtx");
  ReadOptions options;
  options.decoder = decoder;
  options.keep_xml = true;
  std::vector<Event> read;
  const ReadSummary summary = reader.read(options, [&read](Event&& e) { read.push_back(std::move(e)); });
  CHECK(summary.diagnostics.empty());
  return read;
}

const char* const kTypedEvents =
    "      - time: 2016-11-13T09:23:21.2081269Z\n"  // line 5
    "        provider: Microsoft-Windows-Backup\n"
    "        guid: \"{1DB28F2E-8F80-4027-8C5A-A11F7F10F62D}\"\n"
    "        event_id: 5\n"
    "        channel: Microsoft-Windows-Backup\n"
    "        data:\n"
    "          HRESULT: {type: HexInt32, value: 2155348129}\n"
    "          DetailedHRESULT: {type: HexInt32, value: 0x80070005}\n"
    "          ErrorMessage: \"%%2155348129\"\n"
    "          BackupState: {type: UInt32, value: 14}\n"
    "          BackupTime: {type: FILETIME, value: 2016-11-13T09:00:09.7743959Z}\n"
    "          Volumes: {type: String, values: [\"C:\", \"E:\"]}\n"
    "          Missing: {type: Null}\n"
    "        binary: 0E0000C0\n"
    "      - time: 2016-11-13T09:23:22Z\n"
    "        provider: Microsoft-Windows-Hyper-V-VMMS\n"
    "        event_id: 18012\n"
    "        user_data:\n"
    "          VmlEventLog:\n"
    "            \"@xmlns\": http://www.microsoft.com/Windows/Virtualization/Events\n"
    "            VmName: VM01-DC\n"
    "            VmId: {type: GUID, value: 6a1b5c3d-0000-4a4a-8b8b-0123456789ab}\n"
    "            Disk:\n"
    "              - {\"@index\": {type: UInt32, value: 0}, \"#value\": \"E:\\\\a.vhdx\"}\n"
    "              - {\"@index\": {type: UInt32, value: 1}, \"#value\": \"E:\\\\b.vhdx\"}\n"
    "            Group: {Inner: {type: UInt64, value: 0x10}, Note: {\"#text\": literal}}\n"
    "            Nothing: {}\n"
    "      - time: 2016-11-13T09:23:23Z\n"
    "        provider: Service Control Manager\n"
    "        guid: {type: String, value: \"{555908d1-a6d7-4695-8e1e-26931d2012f4}\"}\n"
    "        event_id: 7036\n"
    "        data: [{type: String, values: [\"Windows Backup\", running]}]\n";

}  // namespace

TEST_CASE("typed data, UserData and a literal Guid: loaded values are what the written file reads back") {
  const Scenario scenario = load(kTypedEvents);
  const std::vector<Event>& events = scenario.logs[0].events;
  REQUIRE(events.size() == 3);

  const Event& backup = events[0];
  REQUIRE(backup.shape.get() != nullptr);
  REQUIRE(backup.shape->payload.has_value());
  CHECK(backup.channel == "Microsoft-Windows-Backup");
  CHECK(backup.data == std::vector<DataField>{{"HRESULT", "0x807800a1"},
                                              {"DetailedHRESULT", "0x80070005"},
                                              {"ErrorMessage", "%%2155348129"},
                                              {"BackupState", "14"},
                                              {"BackupTime", "2016-11-13T09:00:09.774395900Z"},
                                              {"Volumes", "C:"},
                                              {"Volumes", "E:"}});
  CHECK(backup.binary_hex == "0E0000C0");
  const PayloadElement& hresult = backup.shape->payload->children[0];
  CHECK(hresult.value->type == ValueType::hex_int32);
  CHECK(hresult.value->items == std::vector<std::string>{"2155348129"});

  const Event& vm = events[1];
  CHECK(vm.channel == "Application");
  // Attributes are values too, before their element's text; xmlns is not a value.
  CHECK(vm.data == std::vector<DataField>{{"VmName", "VM01-DC"},
                                          {"VmId", "{6A1B5C3D-0000-4A4A-8B8B-0123456789AB}"},
                                          {"index", "0"},
                                          {"Disk", "E:\\a.vhdx"},
                                          {"index", "1"},
                                          {"Disk", "E:\\b.vhdx"},
                                          {"Inner", "16"},
                                          {"Note", "literal"},
                                          {"Nothing", ""}});
  const Event& scm = events[2];
  CHECK(scm.provider_guid == "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
  CHECK(scm.shape->provider_guid_text);
  CHECK(scm.data == std::vector<DataField>{{"1", "Windows Backup"}, {"2", "running"}});

  for (DecoderChoice decoder : {DecoderChoice::libevtx_only, DecoderChoice::builtin_only}) {
    const std::vector<Event> read = written_and_read(events, decoder);
    REQUIRE(read.size() == events.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
      INFO("event " << i << " decoder " << static_cast<int>(decoder) << "\n" << read[i].xml);
      CHECK(read[i].data == events[i].data);
      CHECK(read[i].binary_hex == events[i].binary_hex);
      CHECK(read[i].provider_guid == events[i].provider_guid);
      CHECK(read[i].channel == events[i].channel);
    }
    CHECK(read[1].xml.find("<Disk index=\"1\">E:\\b.vhdx</Disk>") != std::string::npos);
    CHECK(read[1].xml.find("<VmlEventLog xmlns=\"http://www.microsoft.com/Windows/Virtualization/Events\">") !=
          std::string::npos);
  }
}

TEST_CASE("String-only data stays the plain EventData it always was") {
  const Scenario scenario = load(
      "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {A: x}, binary: 00}\n"
      "      - {time: 2020-01-01T00:00:01Z, provider: a, event_id: 1, guid: "
      "\"{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}\"}\n");
  CHECK(scenario.logs[0].events[0].shape.get() == nullptr);
  CHECK(scenario.logs[0].events[1].shape.get() == nullptr);
  CHECK(scenario.logs[0].events[0].data == std::vector<DataField>{{"A", "x"}});
}

TEST_CASE("typed values and payload trees are refused with file, line, column and key") {
  CHECK(
      error_for(
          "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: HexInt33, value: 1}}}\n") ==
      "t.yaml:5:81: logs[0].events[0].data.X.type: 'HexInt33' is not one of: Null, String, AnsiString, Int8, "
      "UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Real32, Real64, Boolean, Binary, GUID, SizeT, FILETIME, "
      "SYSTEMTIME, SID, HexInt32, HexInt64");
  CHECK(error_for(
            "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: UInt32, value: -1}}}\n") ==
        "t.yaml:5:96: logs[0].events[0].data.X.value: '-1' is not a 32-bit unsigned integer (decimal or 0x hex)");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: UInt32, value: 1, "
                  "values: [1]}}}\n") ==
        "t.yaml:5:74: logs[0].events[0].data.X: expected exactly one of 'value' (a scalar) or 'values' (an array)");
  CHECK(error_for(
            "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: Null, value: 1}}}\n") ==
        "t.yaml:5:94: logs[0].events[0].data.X: a Null value has no value");
  CHECK(error_for(
            "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: UInt32, valeu: 1}}}\n") ==
        "t.yaml:5:89: logs[0].events[0].data.X: unknown key 'valeu' (allowed here: type, value, values)");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: {type: Binary, values: "
                  "[00]}}}\n") == "t.yaml:5:97: logs[0].events[0].data.X.values: a Binary value cannot be an array");
  CHECK(error_for(
            "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, data: {X: x}, user_data: {A: {B: c}}}\n") ==
        "t.yaml:5:89: logs[0].events[0].user_data: cannot be combined with 'data' (one payload per event)");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, user_data: {A: {B: }}}\n") ==
        "t.yaml:5:83: logs[0].events[0].user_data.A.B: expected content: {} for an empty element, \"\" for an empty "
        "value, "
        "text, or a mapping of children, found nothing");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, user_data: {A: {\"@k\": {type: "
                  "UInt32, values: [1]}}}}\n") ==
        "t.yaml:5:86: logs[0].events[0].user_data.A.@k: an attribute cannot hold an array");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, user_data: {A: {\"#data\": x}}}\n") ==
        "t.yaml:5:80: logs[0].events[0].user_data.A: unknown key '#data' (allowed here: #children, #text, #value, keys "
        "matching ^@, "
        "keys matching ^[^@#])");
  CHECK(
      error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, user_data: [a]}\n") ==
      "t.yaml:5:75: logs[0].events[0].user_data: expected a mapping of child elements (and @attributes), found a list");
  CHECK(error_for("      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, guid: {type: UInt32, value: 1}}\n") ==
        "t.yaml:5:70: logs[0].events[0].guid: a Provider Guid is a GUID value or literal text: {type: GUID or String, "
        "value: \"{...}\"}");
  CHECK(error_for(
            "      - {time: 2020-01-01T00:00:00Z, provider: a, event_id: 1, guid: {type: String, value: nope}}\n") ==
        "t.yaml:5:70: logs[0].events[0].guid: 'nope' is not a GUID like {01234567-89ab-cdef-0123-456789abcdef}");
}
