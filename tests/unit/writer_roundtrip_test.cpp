// Writer -> evtxdiag's reader (libevtx and the built-in decoder): every field the writer takes
// from an Event comes back unchanged, including unnamed Data, Binary and non-ASCII text.
#include <doctest/doctest.h>

#include <vector>

#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"

using namespace evtxdiag;

namespace {

std::vector<Event> sample_events() {
  std::vector<Event> events(3);
  Event& classic = events[0];
  classic.event_record_id = 7;
  classic.provider_name = "volsnap";
  classic.event_id = 27;
  classic.qualifiers = 49158;
  classic.level = 2;
  classic.keywords = 0x80000000000000ULL;
  classic.data = {{"1", "\\Device\\HarddiskVolumeShadowCopy7"}, {"2", ""}, {"3", "a < b & c"}};
  classic.binary_hex = "0000000001000000FF";
  Event& manifest = events[1];
  manifest.event_record_id = 8;
  manifest.provider_name = "Microsoft-Windows-Backup";
  manifest.provider_guid = "{1DB28F2E-8F80-4027-8C5A-A11F7F10F62D}";
  manifest.event_id = 5;
  manifest.version = 1, manifest.level = 2, manifest.task = 3, manifest.opcode = 4;
  manifest.keywords = 0x4000000000000000ULL;
  manifest.process_id = 3120, manifest.thread_id = 4416;
  manifest.user_sid = "S-1-5-21-1004336348-1177238915-682003330-512";
  manifest.activity_id = "{4A8C1F7E-0B1D-4C3E-9F2A-6D5E4C3B2A19}";
  manifest.data = {{"BackupTime", "2012-01-18T07:00:00Z"}, {"Message", "バックアップに失敗しました"}};
  Event& source = events[2];
  source.event_record_id = 9;  // consecutive, as in a log: a gap would be records missing
  source.provider_name = "Service Control Manager";
  source.event_source_name = "Service Control Manager";
  source.event_id = 7036;
  source.qualifiers = 16384;
  source.computer = "経理部-PC";
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].channel = "System";
    if (events[i].computer.empty()) events[i].computer = "SRV01.contoso.local";
    events[i].time_created = *Timestamp::parse_iso("2012-01-18T07:26:31.3100001Z");
    events[i].time_created.ticks += i * 12345;
  }
  return events;
}

}  // namespace

TEST_CASE("written events read back unchanged with both decoders") {
  const std::vector<Event> written = sample_events();
  for (DecoderChoice decoder : {DecoderChoice::libevtx_only, DecoderChoice::builtin_only}) {
    EvtxReader reader = EvtxReader::open_buffer(write_evtx(written), "roundtrip.evtx");
    ReadOptions options;
    options.decoder = decoder;
    std::vector<Event> read;
    const ReadSummary summary = reader.read(options, [&read](Event&& e) { read.push_back(std::move(e)); });
    CHECK(summary.diagnostics.empty());
    CHECK(reader.info().dirty == false);
    CHECK(reader.info().header_checksum_ok);
    REQUIRE(read.size() == written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      const Event& w = written[i];
      const Event& r = read[i];
      INFO("record " << w.event_record_id << " decoder " << static_cast<int>(decoder));
      CHECK(r.record_number == w.event_record_id);
      CHECK(r.event_record_id == w.event_record_id);
      CHECK(r.provider_name == w.provider_name);
      CHECK(r.provider_guid == w.provider_guid);
      CHECK(r.event_source_name == w.event_source_name);
      CHECK(r.event_id == w.event_id);
      CHECK(r.qualifiers == w.qualifiers);
      CHECK(r.version == w.version);
      CHECK(r.level == w.level);
      CHECK(r.task == w.task);
      CHECK(r.opcode == w.opcode);
      CHECK(r.keywords == w.keywords);
      CHECK(r.time_created == w.time_created);
      CHECK(r.written_time == w.time_created);
      CHECK(r.activity_id == w.activity_id);
      CHECK(r.process_id == w.process_id);
      CHECK(r.thread_id == w.thread_id);
      CHECK(r.channel == w.channel);
      CHECK(r.computer == w.computer);
      CHECK(r.user_sid == w.user_sid);
      CHECK(r.data == w.data);
      CHECK(r.binary_hex == w.binary_hex);
    }
  }
}
