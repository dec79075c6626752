#include <doctest/doctest.h>

#include "xml/event_xml.hpp"

using evtxdiag::DataField;
using evtxdiag::Event;
using evtxdiag::xml::parse_event_xml;

namespace {

// Shapes as libevtx 20181227 renders them (cf. `evtxexport -f xml`).
constexpr const char* kServiceControlManager = R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Service Control Manager" Guid="{555908d1-a6d7-4695-8e1e-26931d2012f4}" EventSourceName="Service Control Manager"/>
    <EventID Qualifiers="16384">7036</EventID>
    <Version>1</Version>
    <Level>4</Level>
    <Task>7</Task>
    <Opcode>2</Opcode>
    <Keywords>0x8080000000000000</Keywords>
    <TimeCreated SystemTime="2018-06-04T07:21:09.971865400Z"/>
    <EventRecordID>1914</EventRecordID>
    <Correlation ActivityID="{11111111-2222-3333-4444-555555555555}" RelatedActivityID="{66666666-2222-3333-4444-555555555555}"/>
    <Execution ProcessID="472" ThreadID="2316"/>
    <Channel>System</Channel>
    <Computer>WIN-E8C6J8CN50O</Computer>
    <Security UserID="S-1-5-18"/>
  </System>
  <EventData>
    <Data Name="param1">Virtual Disk</Data>
    <Data Name="param2">running &amp; &lt;ok&gt;</Data>
    <Binary>7600640073002f0034000000</Binary>
  </EventData>
</Event>)";

}  // namespace

TEST_CASE("every System field of the event XML lands in the Event") {
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(kServiceControlManager, event, error));
  CHECK(event.provider_name == "Service Control Manager");
  CHECK(event.provider_guid == "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
  CHECK(event.event_source_name == "Service Control Manager");
  CHECK(event.event_id == 7036);
  REQUIRE(event.qualifiers.has_value());
  CHECK(*event.qualifiers == 16384);
  CHECK(event.version == 1);
  CHECK(event.level == 4);
  CHECK(event.task == 7);
  CHECK(event.opcode == 2);
  CHECK(event.keywords == 0x8080000000000000ULL);
  CHECK(event.time_created.iso_utc() == "2018-06-04T07:21:09.9718654Z");
  CHECK(event.event_record_id == 1914);
  CHECK(event.activity_id == "{11111111-2222-3333-4444-555555555555}");
  CHECK(event.related_activity_id == "{66666666-2222-3333-4444-555555555555}");
  CHECK(event.process_id == std::optional<std::uint32_t>(472));
  CHECK(event.thread_id == std::optional<std::uint32_t>(2316));
  CHECK(event.channel == "System");
  CHECK(event.computer == "WIN-E8C6J8CN50O");
  CHECK(event.user_sid == "S-1-5-18");
}

TEST_CASE("named Data keep their names, entities are decoded, Binary becomes upper-case hex") {
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(kServiceControlManager, event, error));
  CHECK(event.data == std::vector<DataField>{{"param1", "Virtual Disk"}, {"param2", "running & <ok>"}});
  CHECK(event.binary_hex == "7600640073002F0034000000");
}

TEST_CASE("origin fields are left to the caller") {
  Event event;
  event.record_number = 77;
  event.file_offset = 4096 + 512;
  event.source_file = "x.evtx";
  std::string error;
  REQUIRE(parse_event_xml(kServiceControlManager, event, error));
  CHECK(event.record_number == 77);
  CHECK(event.file_offset == 4096 + 512);
  CHECK(event.source_file == "x.evtx");
}

TEST_CASE("unnamed Data get positional names and absent optional values stay absent") {
  constexpr const char* xml = R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Virtual Disk Service"/>
    <EventID>3</EventID>
    <Level>4</Level>
    <TimeCreated SystemTime="2018-06-04T07:21:09.000000000Z"/>
    <EventRecordID>1913</EventRecordID>
    <Security/>
  </System>
  <EventData>
    <Data>@2010005</Data>
    <Data/>
    <Data><![CDATA[a<b]]> tail</Data>
  </EventData>
</Event>)";
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(xml, event, error));
  CHECK(event.data == std::vector<DataField>{{"1", "@2010005"}, {"2", ""}, {"3", "a<b tail"}});
  CHECK_FALSE(event.qualifiers.has_value());
  CHECK_FALSE(event.process_id.has_value());
  CHECK(event.provider_guid.empty());
  CHECK(event.user_sid.empty());
  CHECK(event.binary_hex.empty());
}

TEST_CASE("UserData leaf elements are flattened in document order") {
  constexpr const char* xml = R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System><Provider Name="Microsoft-Windows-Eventlog"/><EventID>104</EventID></System>
  <UserData>
    <LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog">
      <SubjectUserName>a</SubjectUserName>
      <Group><Inner>1</Inner><Other>2</Other></Group>
      <Channel>System</Channel>
      <BackupPath/>
    </LogFileCleared>
  </UserData>
</Event>)";
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(xml, event, error));
  CHECK(event.event_id == 104);
  CHECK(event.data ==
        std::vector<DataField>{
            {"SubjectUserName", "a"}, {"Inner", "1"}, {"Other", "2"}, {"Channel", "System"}, {"BackupPath", ""}});
  REQUIRE(event.data_value("Channel") != nullptr);
  CHECK(*event.data_value("Channel") == "System");
}

TEST_CASE("malformed System values are skipped without losing the rest") {
  constexpr const char* xml = R"(<Event><System><Provider Name="P"/><EventID Qualifiers="99999999">x</EventID>
    <Level>300</Level><Keywords>0xZZ</Keywords><TimeCreated SystemTime="yesterday"/>
    <Execution ProcessID="-1" ThreadID="12"/><Computer>HOST</Computer></System></Event>)";
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(xml, event, error));
  CHECK(event.provider_name == "P");
  CHECK(event.event_id == 0);
  CHECK_FALSE(event.qualifiers.has_value());  // does not fit 16 bits
  CHECK(event.level == 0);                    // does not fit 8 bits
  CHECK(event.keywords == 0);
  CHECK_FALSE(event.time_created.valid());
  CHECK_FALSE(event.process_id.has_value());
  CHECK(event.thread_id == std::optional<std::uint32_t>(12));
  CHECK(event.computer == "HOST");
}

TEST_CASE("text that is not event XML is refused with a reason") {
  Event event;
  std::string error;
  CHECK_FALSE(parse_event_xml("", event, error));
  CHECK_FALSE(error.empty());
  error.clear();
  CHECK_FALSE(parse_event_xml("<Event><System>", event, error));
  CHECK(error.find("not well-formed") != std::string::npos);
  error.clear();
  CHECK_FALSE(parse_event_xml("<Other><System/></Other>", event, error));
  CHECK(error.find("<Event><System>") != std::string::npos);
  CHECK_FALSE(parse_event_xml("<Event><EventData/></Event>", event, error));
}

TEST_CASE("raw '<' and '>' in Data values (as libevtx writes them) are read as text") {
  constexpr const char* xml =
      R"(<Event><System><Provider Name="Microsoft-Windows-Install-Agent"/><EventID>2006</EventID></System>
  <EventData>
    <Data Name="Function">AppReadinessAwaiter::{ctor}::<lambda_c52f41ca>::operator ()</Data>
    <Data Name="Empty"/>
    <Data Name="Amp">a & b &amp; c</Data>
  </EventData>
</Event>)";
  Event event;
  std::string error;
  REQUIRE(parse_event_xml(xml, event, error));
  CHECK(event.data ==
        std::vector<DataField>{{"Function", "AppReadinessAwaiter::{ctor}::<lambda_c52f41ca>::operator ()"},
                               {"Empty", ""},
                               {"Amp", "a & b & c"}});
}
