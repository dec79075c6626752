// Parallel reading: 1, 2 and 3 threads deliver byte-identical events in the same
// order and the same ReadSummary, on intact and damaged files and in every decoder mode; the
// ordered-batch runner keeps batch order and passes worker exceptions to the caller.
#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ordered_batches.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"
#include "format/record_locator.hpp"

using namespace evtxdiag;

namespace {

// Enough records for several batches and for extra libevtx handles (> 1 MiB of records to decode).
std::vector<std::uint8_t> synthetic_log(std::size_t count) {
  std::vector<Event> events;
  events.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Event e;
    e.channel = "System";
    e.computer = "SRV01.contoso.local";
    e.event_record_id = 1000 + i;
    e.time_created = Timestamp{132'000'000'000'000'000ULL + i * 10'000'000ULL};
    switch (i % 3) {
      case 0:
        e.provider_name = "Service Control Manager";
        e.event_source_name = "Service Control Manager";
        e.event_id = 7036;
        e.qualifiers = 16384;
        e.data = {{"param1", "Volume Shadow Copy #" + std::to_string(i)}, {"param2", i % 2 ? "running" : "stopped"}};
        break;
      case 1:
        e.provider_name = "Microsoft-Windows-Backup";
        e.provider_guid = "{1DB28F2E-8F80-4027-8C5A-A11F7F10F62D}";
        e.event_id = static_cast<std::uint32_t>(i % 2 ? 4 : 5);
        e.level = 2;
        e.process_id = 3120, e.thread_id = static_cast<std::uint32_t>(i);
        e.data = {{"HRESULT", "0x80780119"}, {"Message", "バックアップに失敗しました " + std::to_string(i)}};
        break;
      default:
        e.provider_name = "volsnap";
        e.event_id = 33;
        e.qualifiers = 16390;
        e.data = {{"Volume", "C:"}, {"Device", "\\Device\\HarddiskVolumeShadowCopy" + std::to_string(i)}};
        e.binary_hex = "0000000003003000";
        break;
    }
    events.push_back(std::move(e));
  }
  return write_evtx(events);
}

// Every field of an event, so that "identical" means identical.
std::string describe(const Event& e) {
  std::ostringstream out;
  out << e.source_file << '|' << to_string(e.origin) << '|' << to_string(e.decoder) << '|' << e.record_number << '|'
      << e.file_offset << '|' << e.provider_name << '|' << e.provider_guid << '|' << e.event_source_name << '|'
      << e.event_id << '|' << (e.qualifiers ? std::to_string(*e.qualifiers) : "-") << '|' << int{e.version} << '|'
      << int{e.level} << '|' << e.task << '|' << int{e.opcode} << '|' << e.keywords << '|' << e.time_created.ticks
      << '|' << e.written_time.ticks << '|' << e.event_record_id << '|' << e.activity_id << '|' << e.related_activity_id
      << '|' << (e.process_id ? std::to_string(*e.process_id) : "-") << '|'
      << (e.thread_id ? std::to_string(*e.thread_id) : "-") << '|' << e.channel << '|' << e.computer << '|'
      << e.user_sid << '|' << e.binary_hex << '|' << e.xml;
  for (const DataField& field : e.data) out << '|' << field.name << '=' << field.value;
  return out.str();
}

std::string describe(const ReadSummary& s) {
  std::ostringstream out;
  out << s.live_records << ' ' << s.live_decoded << ' ' << s.recovered_records << ' ' << s.recovered_decoded << ' '
      << s.recovered_duplicates << ' ' << s.undecodable << ' ' << s.recovered_undecodable << ' ' << s.filtered_out
      << ' ' << s.builtin_decoded << ' ' << s.first_event.ticks << ' ' << s.last_event.ticks << '\n';
  for (const Diagnostic& d : s.diagnostics) out << d.to_string() << '\n';
  return out.str();
}

struct ReadResult {
  std::vector<std::string> events;
  std::string summary;
  ReadSummary raw;
};

ReadResult read_with(const std::vector<std::uint8_t>& bytes, ReadOptions options, unsigned threads) {
  options.threads = threads;
  ReadResult result;
  result.raw = EvtxReader::open_buffer(bytes, "log.evtx").read(options, [&](Event&& e) {
    result.events.push_back(describe(e));
  });
  result.summary = describe(result.raw);
  return result;
}

// Reads with 1, 2 and 3 threads and checks that all agree; returns the one-thread result.
ReadResult check_thread_counts_agree(const std::vector<std::uint8_t>& bytes, const ReadOptions& options) {
  ReadResult one = read_with(bytes, options, 1);
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    const ReadResult many = read_with(bytes, options, threads);
    CHECK(many.summary == one.summary);
    REQUIRE(many.events.size() == one.events.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < one.events.size(); ++i) differing += many.events[i] != one.events[i];
    CHECK(differing == 0);
  }
  return one;
}

}  // namespace

TEST_CASE("1, 2 and 3 threads read an intact log identically in every decoder mode") {
  const auto bytes = synthetic_log(5000);
  std::uint64_t record_bytes = 0;
  for (const auto& record : evtx::locate_records(bytes.data(), bytes.size())) record_bytes += record.size;
  REQUIRE(record_bytes > (1u << 20));  // the reader opens an extra libevtx handle
  ReadOptions options;
  options.keep_xml = true;
  options.recovered = true;
  const ReadResult automatic = check_thread_counts_agree(bytes, options);
  CHECK(automatic.events.size() == 5000);
  CHECK(automatic.raw.diagnostics.empty());

  options.keep_xml = false;
  options.decoder = DecoderChoice::builtin_only;
  CHECK(check_thread_counts_agree(bytes, options).raw.builtin_decoded == 5000);

  options.decoder = DecoderChoice::automatic;
  options.want = [](std::string_view provider, std::uint32_t id) {
    return provider == "Microsoft-Windows-Backup" && id == 5;
  };
  const ReadResult filtered = check_thread_counts_agree(bytes, options);
  CHECK(filtered.events.size() == 833);  // i % 3 == 1 and i even, i < 5000
}

TEST_CASE("1, 2 and 3 threads read a log of few large records identically") {
  // 400 records of ~12 KB: batches end by bytes (128 KiB), not by count, and there is enough
  // to decode for a second libevtx handle.
  std::vector<Event> events;
  for (std::size_t i = 0; i < 400; ++i) {
    Event e;
    e.channel = "Microsoft-Windows-PowerShell/Operational";
    e.provider_name = "Microsoft-Windows-PowerShell";
    e.event_id = 4104;
    e.event_record_id = 1 + i;
    e.time_created = Timestamp{132'000'000'000'000'000ULL + i * 10'000'000ULL};
    e.data = {{"MessageNumber", "1"}, {"ScriptBlockText", std::string(6000, static_cast<char>('a' + i % 26))}};
    events.push_back(std::move(e));
  }
  const auto bytes = write_evtx(events);
  ReadOptions options;
  options.keep_xml = true;
  const ReadResult result = check_thread_counts_agree(bytes, options);
  REQUIRE(result.events.size() == 400);
  CHECK(result.events[399].find(std::string(6000, 'j')) != std::string::npos);  // 399 % 26 == 9
}

TEST_CASE("1, 2 and 3 threads read a damaged log identically") {
  auto bytes = synthetic_log(5000);
  const auto located = evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(located.size() == 5000);
  // Bytes inside the binary XML of every 97th record (libevtx and the built-in decoder fail or
  // fall back), a record header size of one record (the walk stops in that chunk), and one
  // chunk checksum (libevtx and the scan distrust that chunk).
  for (std::size_t i = 5; i < located.size(); i += 97) {
    bytes[located[i].offset + 24 + 40] ^= 0x5A;
    bytes[located[i].offset + 24 + 41] ^= 0xA5;
  }
  bytes[located[2500].offset + 4] ^= 0x10;
  bytes[located[4000].offset - 200] ^= 0xFF;  // inside the previous record, in its chunk's CRC range
  ReadOptions options;
  options.recovered = true;
  const ReadResult automatic = check_thread_counts_agree(bytes, options);
  CHECK(automatic.raw.diagnostics.size() > 3);
  CHECK(automatic.raw.live_decoded < 5000);

  options.decoder = DecoderChoice::libevtx_only;
  CHECK(check_thread_counts_agree(bytes, options).raw.undecodable > 0);

  options.decoder = DecoderChoice::automatic;
  options.want = [](std::string_view provider, std::uint32_t) { return provider != "volsnap"; };
  check_thread_counts_agree(bytes, options);
}

TEST_CASE("run_ordered_batches consumes in batch order with a bounded window") {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    CAPTURE(threads);
    std::vector<std::size_t> consumed;
    std::atomic<int> prepared{0};
    core::run_ordered_batches<std::vector<int>>(
        100, threads, 2,
        [&](unsigned) {
          ++prepared;
          return true;
        },
        [](unsigned, std::size_t batch) { return std::vector<int>(batch % 7, static_cast<int>(batch)); },
        [&](std::size_t batch, std::vector<int>&& values) {
          CHECK(values.size() == batch % 7);
          consumed.push_back(batch);
        });
    REQUIRE(consumed.size() == 100);
    for (std::size_t i = 0; i < consumed.size(); ++i) CHECK(consumed[i] == i);
    CHECK(prepared.load() == static_cast<int>(threads) - 1);  // helpers only; none without threads
  }
}

TEST_CASE("run_ordered_batches rethrows a worker's exception and stops on a consumer's") {
  const auto throwing_produce = [](unsigned, std::size_t batch) -> int {
    if (batch == 37) throw std::runtime_error("batch 37 failed");
    return static_cast<int>(batch);
  };
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    std::size_t consumed = 0;
    CHECK_THROWS_WITH(
        core::run_ordered_batches<int>(
            100, threads, 4, [](unsigned) { return true; }, throwing_produce, [&](std::size_t, int&&) { ++consumed; }),
        "batch 37 failed");
    CHECK(consumed <= 37);
    CHECK_THROWS_AS(core::run_ordered_batches<int>(
                        100, threads, 4, [](unsigned) { return true; },
                        [](unsigned, std::size_t batch) { return static_cast<int>(batch); },
                        [](std::size_t batch, int&&) {
                          if (batch == 10) throw std::logic_error("consumer");
                        }),
                    std::logic_error);
  }
  // Helpers whose preparation fails leave the work to the calling thread.
  int sum = 0;
  core::run_ordered_batches<int>(
      10, 3, 4, [](unsigned) { return false; }, [](unsigned, std::size_t batch) { return static_cast<int>(batch); },
      [&](std::size_t, int&& value) { sum += value; });
  CHECK(sum == 45);
}
