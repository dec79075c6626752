// Writer with an EventShape: typed values, arrays, Null, UserData with nested elements and
// attributes, and a Provider Guid as literal text. Both decoders must read back exactly what
// flatten_payload() predicts, and the values in the forms libevtx prints.
#include <doctest/doctest.h>

#include <vector>

#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"

using namespace evtxdiag;

namespace {

PayloadValue typed(ValueType type, std::string item) { return PayloadValue{type, false, {std::move(item)}}; }

PayloadElement data(const std::string& name, PayloadValue value) {
  PayloadElement element{"Data", {}, {}, {}, std::move(value)};
  if (!name.empty()) element.attributes.push_back({"Name", name, std::nullopt});
  return element;
}

PayloadElement leaf(const std::string& name, PayloadValue value) {
  return PayloadElement{name, {}, {}, {}, std::move(value)};
}

Event base_event(std::uint64_t record_id, std::shared_ptr<EventShape> shape) {
  Event event;
  event.event_record_id = record_id;
  event.provider_name = "Microsoft-Windows-Backup";
  event.event_id = 5;
  event.channel = "Microsoft-Windows-Backup";
  event.computer = "SRV01";
  event.time_created = *Timestamp::parse_iso("2012-01-18T07:26:31.3100000Z");
  event.time_created.ticks += record_id;
  flatten_payload(*shape->payload, event.data, event.binary_hex);
  event.shape = std::move(shape);
  return event;
}

std::vector<Event> typed_events() {
  std::vector<Event> events;

  auto backup = std::make_shared<EventShape>();
  backup->payload = PayloadElement{"EventData", {}, {}, {}, std::nullopt};
  auto& fields = backup->payload->children;
  fields.push_back(data("BackupTemplateID", typed(ValueType::guid, "c2831599-1831-4b63-9892-274805de1931")));
  fields.push_back(data("HRESULT", typed(ValueType::hex_int32, "0x807800A1")));
  fields.push_back(data("DetailedHRESULT", typed(ValueType::hex_int32, "2147942405")));
  fields.push_back(data("ErrorMessage", typed(ValueType::string, "%%2155348129")));
  fields.push_back(data("BackupState", typed(ValueType::uint32, "14")));
  fields.push_back(data("BackupTime", typed(ValueType::filetime, "2016-11-13T09:00:09.7743959Z")));
  fields.push_back(data("Small", typed(ValueType::uint8, "255")));
  fields.push_back(data("Word", typed(ValueType::uint16, "0xFFFF")));
  fields.push_back(data("Big", typed(ValueType::uint64, "18446744073709551615")));
  fields.push_back(data("Mask", typed(ValueType::hex_int64, "0x80000000000000")));
  fields.push_back(data("Flag", typed(ValueType::boolean, "true")));
  fields.push_back(data("Ratio", typed(ValueType::real64, "1.5")));
  fields.push_back(data("Account", typed(ValueType::sid, "S-1-5-21-1004336348-1177238915-682003330-512")));
  fields.push_back(data("Stamp", typed(ValueType::systemtime, "2019-03-16T07:35:00.128Z")));
  fields.push_back(data("Blob", typed(ValueType::binary, "00ff10")));
  fields.push_back(data("Ansi", typed(ValueType::ansi_string, "caf\xC3\xA9")));
  fields.push_back(data("Size", typed(ValueType::size_t_, "4096")));
  fields.push_back(data("Gone", PayloadValue{ValueType::null, false, {}}));
  fields.push_back(data("Volumes", PayloadValue{ValueType::string, true, {"C:", "E:"}}));
  fields.push_back(data("Counts", PayloadValue{ValueType::uint32, true, {"1", "2", "3"}}));
  fields.push_back(PayloadElement{"Binary", {}, {}, {}, typed(ValueType::binary, "0E0000C0")});
  events.push_back(base_event(1, backup));

  auto vmms = std::make_shared<EventShape>();
  PayloadElement log{
      "VmlEventLog", {{"xmlns", "http://www.microsoft.com/Windows/Virtualization/Events", std::nullopt}}, {}, {}, {}};
  log.children.push_back(leaf("VmName", typed(ValueType::string, "VM01-DC")));
  log.children.push_back(leaf("VmId", typed(ValueType::guid, "{6A1B5C3D-0000-4A4A-8B8B-0123456789AB}")));
  log.children.push_back(leaf("ErrorCode", typed(ValueType::hex_int32, "0x80070005")));
  PayloadElement group{
      "Disks", {{"count", {}, typed(ValueType::uint32, "2")}, {"kind", "vhdx", std::nullopt}}, {}, {}, {}};
  group.children.push_back(
      leaf("Path", PayloadValue{ValueType::string, true, {"E:\\VM01\\a.vhdx", "E:\\VM01\\b.vhdx"}}));
  group.children.push_back(PayloadElement{"Empty", {}, {}, {}, std::nullopt});
  log.children.push_back(group);
  log.children.push_back(leaf("Dropped", PayloadValue{ValueType::null, false, {}}));
  vmms->payload = PayloadElement{"UserData", {}, {log}, {}, std::nullopt};
  Event vm = base_event(2, vmms);
  vm.provider_name = "Microsoft-Windows-Hyper-V-VMMS";
  vm.event_id = 18012;
  events.push_back(vm);

  auto classic = std::make_shared<EventShape>();
  classic->payload = PayloadElement{"EventData", {}, {}, {}, std::nullopt};
  classic->payload->children.push_back(
      data("", PayloadValue{ValueType::string, true, {"\\Device\\HarddiskVolumeShadowCopy7", "C:"}}));
  classic->payload->children.push_back(PayloadElement{"Binary", {}, {}, {}, PayloadValue{ValueType::null, false, {}}});
  classic->provider_guid_text = true;
  Event scm = base_event(3, classic);
  scm.provider_name = "Service Control Manager";
  scm.provider_guid = "{555908d1-a6d7-4695-8e1e-26931d2012f4}";
  scm.event_source_name = "Service Control Manager";
  scm.qualifiers = 16384;
  events.push_back(scm);
  return events;
}

std::vector<Event> read_back(const std::vector<Event>& written, DecoderChoice decoder) {
  EvtxReader reader = EvtxReader::open_buffer(write_evtx(written), "typed.evtx");
  ReadOptions options;
  options.decoder = decoder;
  options.keep_xml = true;
  std::vector<Event> read;
  const ReadSummary summary = reader.read(options, [&read](Event&& e) { read.push_back(std::move(e)); });
  CHECK(summary.diagnostics.empty());
  return read;
}

std::string value_of(const Event& event, const std::string& name) {
  const std::string* value = event.data_value(name);
  return value ? *value : "<missing>";
}

}  // namespace

TEST_CASE("typed values, arrays, Null and UserData read back as flatten_payload predicts") {
  const std::vector<Event> written = typed_events();
  for (DecoderChoice decoder : {DecoderChoice::libevtx_only, DecoderChoice::builtin_only}) {
    const std::vector<Event> read = read_back(written, decoder);
    REQUIRE(read.size() == written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      INFO("record " << written[i].event_record_id << " decoder " << static_cast<int>(decoder) << "\n" << read[i].xml);
      CHECK(read[i].data == written[i].data);
      CHECK(read[i].binary_hex == written[i].binary_hex);
      CHECK(read[i].provider_guid == written[i].provider_guid);
    }
    const Event& backup = read[0];
    CHECK(value_of(backup, "BackupTemplateID") == "{C2831599-1831-4B63-9892-274805DE1931}");
    CHECK(value_of(backup, "HRESULT") == "0x807800a1");
    CHECK(value_of(backup, "DetailedHRESULT") == "0x80070005");
    CHECK(value_of(backup, "BackupState") == "14");
    CHECK(value_of(backup, "BackupTime") == "2016-11-13T09:00:09.774395900Z");
    CHECK(value_of(backup, "Word") == "65535");
    CHECK(value_of(backup, "Mask") == "0x0080000000000000");
    CHECK(value_of(backup, "Flag") == "true");
    CHECK(value_of(backup, "Ratio") == "1.500000e+000");
    CHECK(value_of(backup, "Stamp") == "2019-03-16T07:35:00.128Z");
    CHECK(value_of(backup, "Blob") == "00FF10");
    CHECK(value_of(backup, "Ansi") == "caf\xC3\xA9");
    CHECK(value_of(backup, "Gone") == "<missing>");
    CHECK(backup.binary_hex == "0E0000C0");
    int volumes = 0;
    for (const DataField& field : backup.data) volumes += field.name == "Volumes";
    CHECK(volumes == 2);

    const Event& vm = read[1];
    CHECK(vm.xml.find("<VmlEventLog xmlns=\"http://www.microsoft.com/Windows/Virtualization/Events\">") !=
          std::string::npos);
    CHECK(vm.xml.find("<Disks count=\"2\" kind=\"vhdx\">") != std::string::npos);
    CHECK(vm.xml.find("<Empty/>") != std::string::npos);
    CHECK(vm.xml.find("Dropped") == std::string::npos);
    CHECK(value_of(vm, "VmId") == "{6A1B5C3D-0000-4A4A-8B8B-0123456789AB}");
    CHECK(value_of(vm, "ErrorCode") == "0x80070005");

    const Event& scm = read[2];
    CHECK(scm.provider_guid == "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
    CHECK(scm.data == std::vector<DataField>{{"1", "\\Device\\HarddiskVolumeShadowCopy7"}, {"2", "C:"}});
    CHECK(scm.binary_hex.empty());
  }
}

TEST_CASE("signed integers read back right with the built-in decoder") {
  // libevtx 20181227 prints negative signed integers wrongly; the built-in decoder does not.
  auto shape = std::make_shared<EventShape>();
  shape->payload = PayloadElement{"EventData", {}, {}, {}, std::nullopt};
  shape->payload->children.push_back(data("Hr", typed(ValueType::int32, "-2139619167")));
  shape->payload->children.push_back(data("Delta", typed(ValueType::int64, "-5")));
  shape->payload->children.push_back(data("Byte", typed(ValueType::int8, "0xFB")));
  const std::vector<Event> read = read_back({base_event(9, shape)}, DecoderChoice::builtin_only);
  REQUIRE(read.size() == 1);
  CHECK(read[0].data == std::vector<DataField>{{"Hr", "-2139619167"}, {"Delta", "-5"}, {"Byte", "-5"}});
}

TEST_CASE("check_value_text accepts the forms logs and people write and refuses the rest") {
  std::string why;
  for (const char* form : {"0x807800A1", "0x807800a1", "2155348129", "-2139619167"})
    CHECK(check_value_text(ValueType::hex_int32, form, why).value_or("") == "0x807800a1");
  CHECK(check_value_text(ValueType::uint32, "0x807800A1", why).value_or("") == "2155348129");
  CHECK(check_value_text(ValueType::int32, "0x807800A1", why).value_or("") == "-2139619167");
  CHECK(check_value_text(ValueType::hex_int64, "-1", why).value_or("") == "0xffffffffffffffff");
  CHECK(check_value_text(ValueType::guid, "c2831599-1831-4b63-9892-274805de1931", why).value_or("") ==
        "{C2831599-1831-4B63-9892-274805DE1931}");
  CHECK(check_value_text(ValueType::filetime, "2012-01-18T16:26:31+09:00", why).value_or("") ==
        "2012-01-18T07:26:31.000000000Z");
  CHECK(check_value_text(ValueType::filetime, "0", why).value_or("") == "1601-01-01T00:00:00.000000000Z");
  CHECK(check_value_text(ValueType::systemtime, "2019-03-16T07:35:00.1Z", why).value_or("") ==
        "2019-03-16T07:35:00.100Z");
  CHECK(check_value_text(ValueType::boolean, "FALSE", why).value_or("") == "false");

  CHECK_FALSE(check_value_text(ValueType::uint32, "4294967296", why));
  CHECK(why == "'4294967296' is not a 32-bit unsigned integer (decimal or 0x hex)");
  CHECK_FALSE(check_value_text(ValueType::uint32, "-1", why));
  CHECK_FALSE(check_value_text(ValueType::int32, "2155348129", why));
  CHECK_FALSE(check_value_text(ValueType::hex_int32, "-2147483649", why));
  CHECK_FALSE(check_value_text(ValueType::uint8, "0x100", why));
  CHECK_FALSE(check_value_text(ValueType::guid, "{nope}", why));
  CHECK_FALSE(check_value_text(ValueType::binary, "abc", why));
  CHECK_FALSE(check_value_text(ValueType::boolean, "yes", why));
  CHECK_FALSE(check_value_text(ValueType::systemtime, "2019-03-16 07:35:00Z", why));
  CHECK_FALSE(check_value_text(ValueType::ansi_string, "\xE6\x9D\xB1", why));  // 東: not in Windows-1252
  CHECK_FALSE(check_value_text(ValueType::null, "", why));
  CHECK(parse_value_type("hexint32") == ValueType::hex_int32);
  CHECK(std::string(to_string(ValueType::filetime)) == "FILETIME");
  CHECK_FALSE(parse_value_type("Int128"));
}

TEST_CASE("a value that cannot be written is refused with its place") {
  auto shape = std::make_shared<EventShape>();
  shape->payload = PayloadElement{"UserData", {}, {PayloadElement{"Log", {}, {}, {}, std::nullopt}}, {}, std::nullopt};
  shape->payload->children[0].children.push_back(leaf("Code", PayloadValue{ValueType::uint32, false, {"x"}}));
  Event event = base_event(1, shape);
  EvtxWriter writer;
  CHECK_THROWS_WITH(writer.add(event),
                    "cannot write event: UserData/Log/Code: 'x' is not a 32-bit unsigned integer (decimal or 0x hex)");
  CHECK(writer.size() == 0);
}
