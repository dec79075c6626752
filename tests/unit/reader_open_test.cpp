#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "format/format.hpp"
#include "format/record_locator.hpp"
#include "reader/libevtx/libevtx_file.hpp"

using namespace evtxdiag;

namespace {

// A file header block with a valid signature, version 3.1, the given chunk count and flags,
// and a correct checksum; followed by `chunks` chunks of zeros (no chunk signature).
std::vector<std::uint8_t> header_only_file(std::size_t chunks, std::uint32_t flags = 0) {
  std::vector<std::uint8_t> bytes(evtx::kFileHeaderBlockSize + chunks * evtx::kChunkSize, 0);
  std::copy(evtx::kFileSignature.begin(), evtx::kFileSignature.end(), bytes.begin());
  bytes[evtx::file_header::header_size] = 128;
  bytes[evtx::file_header::minor_version] = 1;
  bytes[evtx::file_header::major_version] = 3;
  bytes[evtx::file_header::header_block_size + 1] = 0x10;  // 4096
  bytes[evtx::file_header::chunk_count] = static_cast<std::uint8_t>(chunks);
  for (int i = 0; i < 4; ++i) bytes[evtx::file_header::flags + i] = static_cast<std::uint8_t>(flags >> (8 * i));
  const std::uint32_t crc = evtx::crc32(bytes.data(), evtx::file_header::flags);
  for (int i = 0; i < 4; ++i) bytes[evtx::file_header::checksum + i] = static_cast<std::uint8_t>(crc >> (8 * i));
  return bytes;
}

ErrorKind open_error(std::vector<std::uint8_t> bytes, std::string& message) {
  try {
    (void)EvtxReader::open_buffer(std::move(bytes), "input.evtx");
  } catch (const Error& e) {
    message = e.what();
    return e.kind();
  }
  FAIL("open_buffer accepted the input");
  return ErrorKind::internal;
}

}  // namespace

TEST_CASE("inputs with nothing readable are refused with one line naming the input") {
  std::string message;
  CHECK(open_error({}, message) == ErrorKind::not_evtx);
  CHECK(message == "input.evtx: empty file, not an EVTX event log");

  CHECK(open_error(std::vector<std::uint8_t>(5000, 'x'), message) == ErrorKind::not_evtx);
  CHECK(message.find("input.evtx: not an EVTX event log") == 0);

  std::vector<std::uint8_t> truncated = header_only_file(1);
  truncated.resize(evtx::kFileHeaderBlockSize + 600);  // the first chunk is cut short
  CHECK(open_error(truncated, message) == ErrorKind::not_evtx);
  CHECK(message.find("input.evtx: truncated before the first chunk") == 0);

  std::vector<std::uint8_t> short_header(header_only_file(0));
  short_header.resize(100);
  CHECK(open_error(short_header, message) == ErrorKind::not_evtx);
}

TEST_CASE("a missing file or a directory is an io error naming the path") {
  try {
    (void)EvtxReader::open_file("/nonexistent/dir/System.evtx");
    FAIL("opened a missing file");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(std::string(e.what()).find("/nonexistent/dir/System.evtx: cannot open") == 0);
  }
  CHECK_THROWS_AS(EvtxReader::open_file("/"), Error);
}

TEST_CASE("header facts come from the header; an empty chunk yields no records and no crash") {
  EvtxReader reader = EvtxReader::open_buffer(header_only_file(1, evtx::file_header::flag_dirty), "h.evtx");
  CHECK(reader.info().major_version == 3);
  CHECK(reader.info().minor_version == 1);
  CHECK(reader.info().header_chunk_count == 1);
  CHECK(reader.info().chunks_in_file == 1);
  CHECK(reader.info().dirty);
  CHECK_FALSE(reader.info().full);
  CHECK(reader.info().header_checksum_ok);
  for (const DecoderChoice choice :
       {DecoderChoice::automatic, DecoderChoice::libevtx_only, DecoderChoice::builtin_only}) {
    ReadOptions options;
    options.decoder = choice;
    options.recovered = true;
    std::size_t events = 0;
    const ReadSummary summary = reader.read(options, [&events](Event&&) { ++events; });
    CHECK(events == 0);
    CHECK(summary.live_records == 0);
    CHECK(summary.undecodable == 0);
  }
}

TEST_CASE("a damaged header checksum and a partial last chunk are warnings, not errors") {
  std::vector<std::uint8_t> bytes = header_only_file(1);
  bytes[evtx::file_header::checksum] ^= 0xFF;
  bytes.resize(bytes.size() + 1000);
  EvtxReader reader = EvtxReader::open_buffer(std::move(bytes), "w.evtx");
  CHECK_FALSE(reader.info().header_checksum_ok);
  const ReadSummary summary = reader.read({}, [](Event&&) {});
  REQUIRE(summary.diagnostics.size() == 2);
  CHECK(summary.diagnostics[0].severity == Severity::warning);
  CHECK(summary.diagnostics[0].to_string() == "w.evtx: file header checksum mismatch");
  // The cut chunk is read as far as it goes, and the missing bytes are named (issue 21).
  CHECK(summary.diagnostics[1].message.find(
            "the file ends 1000 bytes into chunk 1 (a copy cut short): 64536 bytes missing") == 0);
  CHECK(summary.diagnostics[1].chunk_index == 1u);
  CHECK(summary.diagnostics[1].length == 64536u);
  CHECK(reader.info().missing_bytes == 64536u);
}

TEST_CASE("libevtx backtraces are shortened to their root cause and their record offset") {
  const std::string backtrace =
      "libfwevt_xml_document_read_attribute: invalid binary XML token - unsupported type: 0x05.\n"
      "libfwevt_xml_document_read_element: unable to read attribute.\n"
      "libfdata_list_get_element_value: unable to read element data at offset: 0x00001200.\n"
      "libevtx_file_get_record_by_index: unable to retrieve record values: 0.";
  CHECK(libevtx::root_cause(backtrace) ==
        "libfwevt_xml_document_read_attribute: invalid binary XML token - unsupported type: 0x05");
  CHECK(libevtx::offset_in_backtrace(backtrace) == 0x1200);
  CHECK(libevtx::offset_in_backtrace("no offset here") == -1);
}

TEST_CASE("the record walk follows records and stops at the first implausible one") {
  std::vector<std::uint8_t> bytes = header_only_file(1);
  const std::size_t chunk = evtx::kFileHeaderBlockSize;
  std::copy(evtx::kChunkSignature.begin(), evtx::kChunkSignature.end(), bytes.begin() + chunk);
  const auto put32 = [&bytes](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  std::size_t at = chunk + evtx::chunk_header::size;
  for (std::uint32_t id = 7; id < 10; ++id) {  // three 64-byte records
    put32(at, evtx::kRecordSignature);
    put32(at + 4, 64);
    put32(at + 8, id);
    put32(at + 60, 64);
    at += 64;
  }
  put32(at, evtx::kRecordSignature);  // a fourth whose trailer does not match its size
  put32(at + 4, 64);
  put32(chunk + evtx::chunk_header::free_space_offset, static_cast<std::uint32_t>(at + 64 - chunk));
  const auto records = evtx::locate_records(bytes.data(), bytes.size());
  REQUIRE(records.size() == 3);
  CHECK(records[0].offset == chunk + 512);
  CHECK(records[2].record_id == 9);
  CHECK(records[2].chunk_index == 0);
  CHECK_FALSE(evtx::record_at(bytes.data(), bytes.size(), at));
  CHECK_FALSE(evtx::record_at(bytes.data(), bytes.size(), bytes.size() - 8));  // runs past the end
}
