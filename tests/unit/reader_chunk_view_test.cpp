// libevtx over a chunk view: the view serves the header and the chosen chunks as a
// smaller file, libevtx lists exactly the walked records of those chunks over it, the reader
// picks the chunks that matter, and a narrowed read delivers what a whole-file read delivers.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "evtxdiag/reader.hpp"
#include "evtxdiag/writer.hpp"
#include "format/format.hpp"
#include "format/record_locator.hpp"
#include "reader/file_pass.hpp"
#include "reader/libevtx/chunk_view.hpp"
#include "reader/libevtx/libevtx_file.hpp"

using namespace evtxdiag;

namespace {

// 6,000 routine records with a block of 60 backup records in the middle: the wanted records
// sit in one or two chunks of many.
std::vector<std::uint8_t> clustered_log() {
  std::vector<Event> events;
  for (std::size_t i = 0; i < 6000; ++i) {
    Event e;
    e.channel = "System";
    e.computer = "SRV01";
    e.event_record_id = 1 + i;
    e.time_created = Timestamp{132'000'000'000'000'000ULL + i * 10'000'000ULL};
    if (i >= 3000 && i < 3060) {
      e.provider_name = "Microsoft-Windows-Backup";
      e.event_id = 5;
      e.level = 2;
      e.data = {{"HRESULT", "0x80780119"}, {"n", std::to_string(i)}};
    } else {
      e.provider_name = "Service Control Manager";
      e.event_id = 7036;
      e.data = {{"param1", "Windows Update #" + std::to_string(i)}, {"param2", "running"}};
    }
    events.push_back(std::move(e));
  }
  return write_evtx(events);
}

bool backup_only(std::string_view provider, std::uint32_t) { return provider == "Microsoft-Windows-Backup"; }

std::string describe(const Event& e) {
  std::ostringstream out;
  out << e.record_number << '|' << e.file_offset << '|' << to_string(e.origin) << '|' << to_string(e.decoder) << '|'
      << e.provider_name << '|' << e.event_id << '|' << e.time_created.ticks << '|' << e.xml;
  for (const DataField& field : e.data) out << '|' << field.name << '=' << field.value;
  return out.str();
}

std::string read_all(const std::vector<std::uint8_t>& bytes, bool narrow, unsigned threads) {
  ReadOptions options;
  options.want = backup_only;
  options.recovered = true;
  options.keep_xml = true;
  options.narrow_libevtx = narrow;
  options.threads = threads;
  std::ostringstream out;
  const ReadSummary summary =
      EvtxReader::open_buffer(bytes, "log.evtx").read(options, [&](Event&& e) { out << describe(e) << '\n'; });
  out << summary.live_records << ' ' << summary.live_decoded << ' ' << summary.recovered_records << ' '
      << summary.undecodable << ' ' << summary.builtin_decoded << '\n';
  for (const Diagnostic& d : summary.diagnostics) out << d.to_string() << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("a chunk view serves the header and the chosen chunks, and maps offsets back") {
  const auto bytes = clustered_log();
  const std::uint64_t chunks = evtx::whole_chunks(bytes.size());
  REQUIRE(chunks >= 6);
  const libevtx::ChunkView view(bytes.data(), bytes.size(), "", {1, 4, chunks + 3});  // past the end: dropped
  REQUIRE(view.chunks() == std::vector<std::uint64_t>{1, 4});
  CHECK(view.size() == evtx::kFileHeaderBlockSize + 2 * evtx::kChunkSize);

  std::vector<std::uint8_t> served(view.size() + 100);
  // Read in odd pieces across the header/chunk and chunk/chunk boundaries.
  std::uint64_t at = 0;
  while (at < view.size()) {
    const std::int64_t got = view.read(at, served.data() + at, 777, platform::ReadOnlyFile());
    REQUIRE(got > 0);
    at += static_cast<std::uint64_t>(got);
  }
  CHECK(view.read(view.size(), served.data(), 10, platform::ReadOnlyFile()) == 0);
  const std::uint8_t* chunk1 = bytes.data() + evtx::kFileHeaderBlockSize + 1 * evtx::kChunkSize;
  const std::uint8_t* chunk4 = bytes.data() + evtx::kFileHeaderBlockSize + 4 * evtx::kChunkSize;
  CHECK(std::equal(chunk1, chunk1 + evtx::kChunkSize, served.data() + evtx::kFileHeaderBlockSize));
  CHECK(std::equal(chunk4, chunk4 + evtx::kChunkSize, served.data() + evtx::kFileHeaderBlockSize + evtx::kChunkSize));

  // The header claims the view's chunks, with a checksum that still holds.
  namespace fh = evtx::file_header;
  const auto header = evtx::read_file_header(served.data(), view.size());
  REQUIRE(header);
  CHECK(header->header_chunk_count == 2);
  CHECK(header->checksum_ok);
  CHECK(std::equal(bytes.data(), bytes.data() + fh::chunk_count, served.data()));

  CHECK(view.file_offset(100) == 100);
  CHECK(view.file_offset(-1) == -1);
  CHECK(view.file_offset(evtx::kFileHeaderBlockSize + evtx::kChunkSize + 600) ==
        static_cast<std::int64_t>(evtx::kFileHeaderBlockSize + 4 * evtx::kChunkSize + 600));
  CHECK(view.file_offset(static_cast<std::int64_t>(view.size())) == -1);
}

TEST_CASE("libevtx over a view lists exactly the walked records of its chunks") {
  const auto bytes = clustered_log();
  const auto located = evtx::locate_records(bytes.data(), bytes.size());
  std::string error;
  auto file = libevtx::LibevtxFile::open_view(
      std::make_shared<const libevtx::ChunkView>(bytes.data(), bytes.size(), "", std::vector<std::uint64_t>{0, 2, 5}),
      error);
  REQUIRE_MESSAGE(file, error);
  std::vector<std::uint64_t> expected;
  for (const auto& r : located)
    if (r.chunk_index == 0 || r.chunk_index == 2 || r.chunk_index == 5) expected.push_back(r.record_id);
  REQUIRE(file->record_count(RecordOrigin::live) == expected.size());
  for (std::uint64_t i = 0; i < expected.size(); i += 37) {
    const libevtx::RecordFetch fetched = file->fetch(RecordOrigin::live, i);
    REQUIRE(fetched.ok);
    CHECK(fetched.record_id == expected[i]);
  }
}

TEST_CASE("the reader keeps for libevtx only chunks with wanted, damaged or unwalked records") {
  const auto bytes = clustered_log();
  const auto pass =
      reader::run_file_pass(reader::InputBytes::from_buffer(bytes), backup_only, true, 2, "clustered.evtx");
  const auto located = evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(pass.located.size() == located.size());
  REQUIRE(pass.skip.size() == located.size());
  FileInfo info;
  info.chunks_in_file = evtx::whole_chunks(bytes.size());
  info.header_chunk_count = info.chunks_in_file;
  std::vector<std::uint64_t> backup_chunks;
  for (const auto& r : located)
    if (r.record_id > 3000 && r.record_id <= 3060 && (backup_chunks.empty() || backup_chunks.back() != r.chunk_index))
      backup_chunks.push_back(r.chunk_index);
  CHECK(reader::chunks_for_libevtx(pass, info, info.chunks_in_file) == backup_chunks);

  // A chunk past the header's count of a clean file is read by libevtx as recovered: kept.
  info.header_chunk_count = info.chunks_in_file - 1;
  auto kept = reader::chunks_for_libevtx(pass, info, info.chunks_in_file);
  CHECK(kept.back() == info.chunks_in_file - 1);
  info.dirty = true;
  CHECK(reader::chunks_for_libevtx(pass, info, info.chunks_in_file) == backup_chunks);

  // Without a pre-filter every chunk is kept.
  const auto unfiltered =
      reader::run_file_pass(reader::InputBytes::from_buffer(bytes), nullptr, false, 1, "clustered.evtx");
  CHECK(unfiltered.skip.empty());
  CHECK(reader::chunks_for_libevtx(unfiltered, info, info.chunks_in_file).size() == info.chunks_in_file);
}

TEST_CASE("a narrowed read delivers what a whole-file read delivers, intact or damaged") {
  auto bytes = clustered_log();
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    const std::string whole = read_all(bytes, false, threads);
    CHECK(read_all(bytes, true, threads) == whole);
    CHECK(whole.find("Microsoft-Windows-Backup|5|") != std::string::npos);
  }
  const auto located = evtx::locate_records(bytes.data(), bytes.size());
  // Damage: a record header size of an unwanted chunk (the walk re-delimits the record: that
  // chunk goes to libevtx whole), bytes inside a wanted record (libevtx rejects it; the fallback gets the right
  // offset back from the view), and a checksum of an unwanted chunk (the scan distrusts it).
  std::uint64_t wanted_chunk = 0;
  for (const auto& r : located) {
    if (r.record_id == 3030) {
      wanted_chunk = r.chunk_index;
      bytes[r.offset + 24 + 40] ^= 0x5A;
      bytes[r.offset + 24 + 41] ^= 0xA5;
    }
  }
  for (const auto& r : located) {
    if (r.record_id == 400) bytes[r.offset + 4] ^= 0x10;
    if (r.record_id == 5500) bytes[r.offset + 30] ^= 0xFF;
  }
  REQUIRE(wanted_chunk > 0);
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    const std::string whole = read_all(bytes, false, threads);
    CHECK(read_all(bytes, true, threads) == whole);
    CHECK(whole.find("record declares size") != std::string::npos);  // record 400, re-delimited
  }
}
