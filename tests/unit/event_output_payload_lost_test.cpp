// A record delivered without its payload (issue 21: header intact, payload unreadable), and one
// read whole from damaged bytes, are shown by every output format, with why, and without
// breaking the format: JSONL carries "payload_lost" / "record_damage", CSV keeps one cell per
// header column (the reasons in the last two), XML gives a comment naming the record.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/event_output.hpp"

using namespace evtxdiag;

namespace {

Event whole_event() {
  Event e;
  e.source_file = "System.evtx";
  e.record_number = e.event_record_id = 41;
  e.file_offset = 4096 + 512;
  e.provider_name = "Service Control Manager";
  e.event_id = 7036;
  e.time_created = e.written_time = Timestamp{132'000'000'000'000'000ULL};
  e.data = {{"param1", "running"}};
  e.xml = "<Event/>";
  return e;
}

Event lost_event() {
  Event e;
  e.source_file = "System.evtx";
  e.decoder = DecoderKind::builtin;
  e.record_number = e.event_record_id = 42;
  e.file_offset = 4096 + 1024;
  e.time_created = e.written_time = Timestamp{132'000'000'000'000'001ULL};
  e.payload_lost = true;
  e.payload_loss = "payload not decodable, only the record header is kept: built-in decoder: token 0xff --x";
  return e;
}

Event repaired_event() {
  Event e = whole_event();
  e.record_number = e.event_record_id = 43;
  e.file_offset = 4096 + 2048;
  e.record_damage = "the size copy at the record's end reads 0x101a8; its size field and the next record give 424";
  return e;
}

// The cells of one CSV line (RFC 4180 quoting, no line breaks inside cells here).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string written(EventFormat format) {
  std::ostringstream out;
  EventWriter writer(out, format);
  writer.write(whole_event());
  writer.write(lost_event());
  writer.write(repaired_event());
  writer.finish();
  return out.str();
}

}  // namespace

TEST_CASE("JSONL: a payload-lost record says so and why; a whole one has no such field") {
  const std::vector<std::string> json = lines(written(EventFormat::jsonl));
  REQUIRE(json.size() == 3);
  CHECK(json[0].find("payload_lost") == std::string::npos);
  CHECK(json[0].find("record_damage") == std::string::npos);
  CHECK(json[1].find("\"payload_lost\":\"payload not decodable, only the record header is kept: ") !=
        std::string::npos);
  CHECK(json[1].find("\"record_number\":42") != std::string::npos);
  CHECK(json[2].find("\"decoder\":\"libevtx\",\"record_damage\":\"the size copy at the record's end reads "
                     "0x101a8; its size field and the next record give 424\",\"record_number\":43") !=
        std::string::npos);
  CHECK(json[2].find("payload_lost") == std::string::npos);
}

TEST_CASE("CSV: every row has the header's columns, the last two say why a payload was lost or damaged") {
  const std::vector<std::string> csv = lines(written(EventFormat::csv));
  REQUIRE(csv.size() == 4);
  const std::vector<std::string> header = cells(csv[0]);
  REQUIRE(header.size() == event_field_names().size() + 2);
  CHECK(header[header.size() - 2] == "payload_lost");
  CHECK(header.back() == "record_damage");
  const std::vector<std::string> whole = cells(csv[1]), lost = cells(csv[2]), repaired = cells(csv[3]);
  CHECK(whole.size() == header.size());
  CHECK(lost.size() == header.size());
  CHECK(repaired.size() == header.size());
  CHECK(whole[whole.size() - 2].empty());
  CHECK(whole.back().empty());
  CHECK(lost[lost.size() - 2] == lost_event().payload_loss);
  CHECK(lost.back().empty());
  CHECK(repaired[repaired.size() - 2].empty());
  CHECK(repaired.back() == repaired_event().record_damage);
  CHECK(lost[3] == "42");  // record_number stays in its column
}

TEST_CASE("XML: a payload-lost record is a well-formed comment naming the record") {
  const std::vector<std::string> xml = lines(written(EventFormat::xml));
  // One document (<?xml ...?>, <Events>, the events, </Events>), the lost record a comment in
  // it, the damaged one a comment before its event.
  REQUIRE(xml.size() == 7);
  CHECK(xml[1] == "<Events>");
  CHECK(xml[2] == "<Event/>");
  CHECK(xml[3].rfind("<!-- record 42 (offset 5120, written ", 0) == 0);
  CHECK(xml[3].find("payload not decodable") != std::string::npos);
  CHECK(xml[4].rfind("<!-- record 43 (offset 6144) is read from damaged bytes: the size copy", 0) == 0);
  CHECK(xml[5] == "<Event/>");
  CHECK(xml[6] == "</Events>");
  const std::string inside = xml[3].substr(4, xml[3].size() - 7);
  CHECK(inside.find("--") == std::string::npos);
}
