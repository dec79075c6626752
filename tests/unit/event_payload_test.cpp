// every value the payload holds reaches Event::data, in order, with its type and
// its place - values in attributes (CAPI2, certificate services), <ProcessingErrorData>,
// <ComplexData>, values made only of spaces, values that are XML text - whichever decoder read
// the record (the built-in decoder's walk, or libevtx's text through the event-XML parser).
#include <doctest/doctest.h>

#include "binxml/record_decoder.hpp"
#include "binxml_test_builder.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/reader.hpp"
#include "xml/event_xml.hpp"

using binxml_test::ChunkBuilder;
using binxml_test::le;
using binxml_test::utf16_bytes;
using evtxdiag::DataField;
using evtxdiag::Event;
using evtxdiag::ValueType;

namespace {

constexpr std::uint64_t kTicks = 132'000'000'000'000'000ULL;
constexpr std::uint64_t kRecordOffset = 4096 + 512;

struct Expected {
  const char* name;
  const char* value;
  const char* path;
};

void check_fields(const Event& event, const std::vector<Expected>& expected) {
  REQUIRE(event.data.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("field " << i);
    CHECK(event.data[i].name == expected[i].name);
    CHECK(event.data[i].value == expected[i].value);
    CHECK(event.data[i].path == expected[i].path);
  }
}

Event parsed(const char* xml) {
  Event event;
  std::string error;
  REQUIRE_MESSAGE(evtxdiag::xml::parse_event_xml(xml, event, error), error);
  return event;
}

// <Event><System><Provider Name=%0/><EventID>%1</EventID><TimeCreated SystemTime=%2/></System>
// then the caller's payload elements, in a template definition.
void system_part(ChunkBuilder& b) {
  const std::size_t event = b.open("Event", false);
  b.close_start();
  const std::size_t system = b.open("System", false);
  b.close_start();
  const std::size_t provider = b.open("Provider", true);
  b.attribute("Name");
  b.substitution(0, 0x01);
  b.close_empty(provider);
  const std::size_t id = b.open("EventID", false);
  b.close_start();
  b.substitution(1, 0x06);
  b.end(id);
  const std::size_t time = b.open("TimeCreated", true);
  b.attribute("SystemTime");
  b.substitution(2, 0x11);
  b.close_empty(time);
  b.end(system);
  (void)event;
}

}  // namespace

TEST_CASE("libevtx's text: attributes are values with their place, attribute-only elements are not empty values") {
  const Event event = parsed(R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System><Provider Name="Microsoft-Windows-CAPI2"/><EventID>11</EventID></System>
  <UserData>
    <CertGetCertificateChain>
      <Certificate fileRef="3BDA.cer" subjectName="Microsoft Corporation"/>
      <ValidationTime>2016-03-03T03:57:47Z</ValidationTime>
      <AdditionalStore>
        <Certificate fileRef="375F.cer" subjectName="Microsoft Time-Stamp PCA"/>
        <Certificate fileRef="3CAF.cer" subjectName="Microsoft Code Signing PCA"/>
      </AdditionalStore>
      <IssuanceUsage/>
      <Flags value="48000001" CERT_CHAIN_CACHE_END_CERT="true"/>
    </CertGetCertificateChain>
  </UserData>
</Event>)");
  check_fields(
      event,
      {
          {"fileRef", "3BDA.cer", "UserData/CertGetCertificateChain/Certificate/@fileRef"},
          {"subjectName", "Microsoft Corporation", "UserData/CertGetCertificateChain/Certificate/@subjectName"},
          {"ValidationTime", "2016-03-03T03:57:47Z", "UserData/CertGetCertificateChain/ValidationTime"},
          {"fileRef", "375F.cer", "UserData/CertGetCertificateChain/AdditionalStore/Certificate/@fileRef"},
          {"subjectName", "Microsoft Time-Stamp PCA",
           "UserData/CertGetCertificateChain/AdditionalStore/Certificate/@subjectName"},
          {"fileRef", "3CAF.cer", "UserData/CertGetCertificateChain/AdditionalStore/Certificate[2]/@fileRef"},
          {"subjectName", "Microsoft Code Signing PCA",
           "UserData/CertGetCertificateChain/AdditionalStore/Certificate[2]/@subjectName"},
          {"IssuanceUsage", "", "UserData/CertGetCertificateChain/IssuanceUsage"},
          {"value", "48000001", "UserData/CertGetCertificateChain/Flags/@value"},
          {"CERT_CHAIN_CACHE_END_CERT", "true", "UserData/CertGetCertificateChain/Flags/@CERT_CHAIN_CACHE_END_CERT"},
      });
  for (const DataField& field : event.data) CHECK_FALSE(field.type.has_value());  // libevtx gives text only
}

TEST_CASE("libevtx's text: ProcessingErrorData, ComplexData, spaces and XML text reach data as logged") {
  const Event event = parsed(
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
      "  <System><Provider Name=\"P\"/><EventID>1</EventID></System>\n"
      "  <EventData>\n"
      "    <Data Name=\"Group\">0</Data>\n"
      "    <Data Name=\"Pad\">   </Data>\n"
      "    <ComplexData Name=\"IdleState\">01</ComplexData>\n"
      "    <Data Name=\"Soap\">&lt;S:Envelope&gt;&lt;a b=\"1\"&gt;x&lt;/a&gt;&lt;/S:Envelope&gt;</Data>\n"
      "    <Data Name=\"Lines\">one\r\ntwo</Data>\n"
      "  </EventData>\n"
      "  <ProcessingErrorData>\n"
      "    <ErrorCode>15005</ErrorCode>\n"
      "    <DataItemName>Sid</DataItemName>\n"
      "    <EventPayload>0100FF</EventPayload>\n"
      "  </ProcessingErrorData>\n"
      "</Event>");
  check_fields(event, {
                          {"Group", "0", "EventData/Data"},
                          {"Pad", "   ", "EventData/Data[2]"},
                          {"IdleState", "01", "EventData/ComplexData"},
                          {"Soap", "<S:Envelope><a b=\"1\">x</a></S:Envelope>", "EventData/Data[3]"},
                          {"Lines", "one\r\ntwo", "EventData/Data[4]"},
                          {"ErrorCode", "15005", "ProcessingErrorData/ErrorCode"},
                          {"DataItemName", "Sid", "ProcessingErrorData/DataItemName"},
                          {"EventPayload", "0100FF", "ProcessingErrorData/EventPayload"},
                      });
}

TEST_CASE("libevtx's text is written again so that it parses: `<`, control characters, quotes") {
  // What libevtx 20181227 writes for a LiveId SOAP value: the `<` raw (the parser repairs it).
  const std::string raw =
      "<Event><System><Provider Name=\"P\"/><EventID>6116</EventID></System>"
      "<EventData><Data Name=\"Value\"><S:Envelope>a \x03 b</S:Envelope></Data></EventData></Event>";
  Event event;
  std::string error;
  std::string canonical;
  REQUIRE_MESSAGE(evtxdiag::xml::parse_event_xml(raw, event, error, &canonical), error);
  REQUIRE(event.data.size() == 1);
  CHECK(event.data[0].value == "<S:Envelope>a \x03 b</S:Envelope>");
  CHECK(canonical.find("<Data Name=\"Value\">&lt;S:Envelope&gt;a \\u0003 b&lt;/S:Envelope&gt;</Data>") !=
        std::string::npos);
}

TEST_CASE("the built-in decoder: attribute values, ProcessingErrorData and spaces with their types") {
  ChunkBuilder b;
  b.begin_record(7, kTicks);
  const std::size_t slot = b.begin_inline_template();
  system_part(b);
  // <UserData><Chain><Certificate fileRef=%3 subjectName="literal"/><Usage any=%4/><Text>%5</Text></Chain></UserData>
  const std::size_t user_data = b.open("UserData", false);
  b.close_start();
  const std::size_t chain = b.open("Chain", false);
  b.close_start();
  const std::size_t certificate = b.open("Certificate", true);
  b.attribute("fileRef", true);
  b.substitution(3, 0x01);
  b.attribute("subjectName");
  b.text("literal");
  b.close_empty(certificate);
  const std::size_t usage = b.open("Usage", true);
  b.attribute("any");
  b.substitution(4, 0x0D);
  b.close_empty(usage);
  const std::size_t text = b.open("Text", false);
  b.close_start();
  b.substitution(5, 0x01);
  b.end(text);
  b.end(chain);
  b.end(user_data);
  // <ProcessingErrorData><ErrorCode>%6</ErrorCode><DataItemName>%7</DataItemName><EventPayload>%8</EventPayload>
  const std::size_t error_data = b.open("ProcessingErrorData", false);
  b.close_start();
  const std::size_t code = b.open("ErrorCode", false);
  b.close_start();
  b.substitution(6, 0x08);
  b.end(code);
  const std::size_t item = b.open("DataItemName", false);
  b.close_start();
  b.substitution(7, 0x01);
  b.end(item);
  const std::size_t payload = b.open("EventPayload", false);
  b.close_start();
  b.substitution(8, 0x0E);
  b.end(payload);
  b.end(error_data);
  b.u8(0x04);  // </Event>
  b.end_definition(slot);
  b.values({{0x01, utf16_bytes("Microsoft-Windows-CAPI2")},
            {0x06, le(11, 2)},
            {0x11, le(kTicks, 8)},
            {0x01, utf16_bytes("3BDA.cer")},
            {0x0D, le(1, 4)},
            {0x01, utf16_bytes("   ")},
            {0x08, le(15005, 4)},
            {0x01, utf16_bytes("Sid")},
            {0x0E, {0x01, 0x00, 0xFF}}});
  b.end_record();
  const auto file = b.file();
  const auto result = evtxdiag::binxml::decode_record(file.data(), file.size(), kRecordOffset, true);
  REQUIRE_MESSAGE(result.ok, result.error);
  const Event& event = result.event;
  check_fields(event, {
                          {"fileRef", "3BDA.cer", "UserData/Chain/Certificate/@fileRef"},
                          {"subjectName", "literal", "UserData/Chain/Certificate/@subjectName"},
                          {"any", "true", "UserData/Chain/Usage/@any"},
                          {"Text", "   ", "UserData/Chain/Text"},
                          {"ErrorCode", "15005", "ProcessingErrorData/ErrorCode"},
                          {"DataItemName", "Sid", "ProcessingErrorData/DataItemName"},
                          {"EventPayload", "0100FF", "ProcessingErrorData/EventPayload"},
                      });
  const std::vector<ValueType> types = {ValueType::string, ValueType::string, ValueType::boolean, ValueType::string,
                                        ValueType::uint32, ValueType::string, ValueType::binary};
  for (std::size_t i = 0; i < types.size(); ++i) {
    INFO("field " << i);
    REQUIRE(event.data[i].type.has_value());
    CHECK(*event.data[i].type == types[i]);
  }
  // The XML shows the same and parses back to the same fields (without types).
  const Event again = parsed(event.xml.c_str());
  CHECK(again.data == event.data);
  for (std::size_t i = 0; i < again.data.size(); ++i) CHECK(again.data[i].path == event.data[i].path);
}

TEST_CASE("the built-in decoder keeps XML text in a string value as text") {
  ChunkBuilder b;
  b.begin_record(185, kTicks);
  const std::size_t slot = b.begin_inline_template();
  system_part(b);
  const std::size_t event_data = b.open("EventData", false);
  b.close_start();
  const std::size_t data = b.open("Data", true);
  b.attribute("Name");
  b.text("Value");
  b.close_start();
  b.substitution(3, 0x01);
  b.end(data);
  b.end(event_data);
  b.u8(0x04);
  b.end_definition(slot);
  const std::string soap = "<S:Envelope><wsa:To S:mustUnderstand=\"1\">*</wsa:To>&amp;</S:Envelope>";
  b.values({{0x01, utf16_bytes("Microsoft-Windows-LiveId")},
            {0x06, le(6116, 2)},
            {0x11, le(kTicks, 8)},
            {0x01, utf16_bytes(soap)}});
  b.end_record();
  const auto file = b.file();
  const auto result = evtxdiag::binxml::decode_record(file.data(), file.size(), kRecordOffset, true);
  REQUIRE_MESSAGE(result.ok, result.error);
  check_fields(result.event, {{"Value", soap.c_str(), "EventData/Data"}});
  CHECK(result.event.xml.find(
            "<Data Name=\"Value\">&lt;S:Envelope&gt;&lt;wsa:To S:mustUnderstand=\"1\"&gt;*&lt;/wsa:To&gt;"
            "&amp;amp;&lt;/S:Envelope&gt;</Data>") != std::string::npos);
  CHECK(parsed(result.event.xml.c_str()).data == result.event.data);
}

TEST_CASE("a live record the built-in decoder refuses goes to libevtx, and both reasons are kept") {
  // An element name that is not an XML name: the built-in decoder refuses the record (its XML
  // could not parse); by default the reader hands it to libevtx over the record's chunk, whose
  // text does not parse either. The record is reported once, with both decoders' reasons.
  ChunkBuilder b;
  b.begin_record(9, kTicks);
  const std::size_t slot = b.begin_inline_template();
  system_part(b);
  const std::size_t event_data = b.open("EventData", false);
  b.close_start();
  const std::size_t bad = b.open("1bad", false);
  b.close_start();
  b.substitution(3, 0x01);
  b.end(bad);
  b.end(event_data);
  b.u8(0x04);
  b.end_definition(slot);
  b.values({{0x01, utf16_bytes("P")}, {0x06, le(1, 2)}, {0x11, le(kTicks, 8)}, {0x01, utf16_bytes("x")}});
  b.end_record();
  for (const auto choice : {evtxdiag::DecoderChoice::automatic, evtxdiag::DecoderChoice::builtin_only}) {
    CAPTURE(static_cast<int>(choice));
    evtxdiag::ReadOptions options;
    options.decoder = choice;
    std::size_t events = 0;
    bool payload_lost = false;
    const evtxdiag::ReadSummary summary =
        evtxdiag::EvtxReader::open_buffer(b.file(9), "bad-name.evtx").read(options, [&](Event&& e) {
          ++events;
          payload_lost = e.payload_lost;
        });
    // Its header is intact: the record is still delivered, flagged payload_lost (lose nothing).
    CHECK(events == 1);
    CHECK(payload_lost);
    CHECK(summary.undecodable == 1);
    REQUIRE(summary.diagnostics.size() == 1);
    const std::string& message = summary.diagnostics[0].message;
    INFO(message);
    CHECK(message.find("built-in decoder: name at chunk offset") != std::string::npos);
    CHECK(message.find("is not an XML name") != std::string::npos);
    CHECK((message.find("; libevtx") != std::string::npos) == (choice == evtxdiag::DecoderChoice::automatic));
    CHECK(summary.diagnostics[0].record_id == 9u);
  }
}
