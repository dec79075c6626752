// timeline_entry_to_json: the line `evtxdiag timeline --format jsonl` prints, keys in order.
#include <doctest/doctest.h>

#include "evtxdiag/diagnosis_json.hpp"

using namespace evtxdiag;

TEST_CASE("a timeline entry is one JSON line with the evidence keys first") {
  TimelineEntry entry;
  entry.ref.file = "System.evtx";
  entry.ref.record_id = 42;
  entry.ref.provider = "Microsoft-Windows-Backup";
  entry.ref.event_id = 521;
  entry.ref.time_utc = Timestamp{132'000'000'000'000'000ULL};
  entry.ref.time_local = "2019-04-18T09:00:00.0000000+09:00";
  entry.ref.summary = "failed";
  entry.ref.message = "line 1\r\nline \"2\"";
  entry.ref.message_source = MessageSource::mta;
  entry.channel = "Microsoft-Windows-Backup";
  entry.computer = "PC";
  entry.level = 2;
  entry.role = "job-failure";
  entry.data = {{"HRESULT", "2155348129"}, {"bad", std::string("x\xff")}};

  SUBCASE("without a job") {
    CHECK(timeline_entry_to_json(entry) ==
          "{\"file\":\"System.evtx\",\"record_id\":42,\"provider\":\"Microsoft-Windows-Backup\",\"event_id\":521,"
          "\"time_utc\":\"" +
              entry.ref.time_utc.iso_utc() +
              "\",\"time_local\":\"2019-04-18T09:00:00.0000000+09:00\","
              "\"summary\":\"failed\",\"message\":\"line 1\\r\\nline \\\"2\\\"\",\"message_source\":\"mta\","
              "\"channel\":\"Microsoft-Windows-Backup\",\"computer\":\"PC\",\"level\":2,\"job\":null,"
              "\"role\":\"job-failure\",\"data\":{\"HRESULT\":\"2155348129\",\"bad\":\"x\xEF\xBF\xBD\"}}");
  }
  SUBCASE("with a job") {
    entry.job = 3;
    CHECK(timeline_entry_to_json(entry).find("\"level\":2,\"job\":3,\"role\"") != std::string::npos);
  }
}
