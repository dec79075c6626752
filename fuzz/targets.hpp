#pragma once
// Entry functions of the libFuzzer targets, shared by fuzz/fuzz_*.cpp and by the
// ordinary replay test (tests/unit/replay_crashes_test.cpp), which feeds every input kept in
// testdata/crashes/<target>/ through the same function. Each returns normally for any input:
// evtxdiag::Error is the documented answer to bad input and is swallowed; anything else (a
// crash, a sanitizer report, a hang, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binxml/record_decoder.hpp"
#include "carve/slack_carver.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/writer.hpp"
#include "format/record_locator.hpp"
#include "scan/scan.hpp"
#include "xml/event_xml.hpp"

namespace evtxdiag::fuzz {

/// .evtx bytes -> the structural survey (walk, record accounting, duplicates) -> reader with
/// every decoder choice -> diagnosis of what was read. Inputs that end inside a chunk take the
/// padded cut-copy path (issue 21).
inline void run_evtx(const std::uint8_t* data, std::size_t size) {
  try {
    EvtxReader::open_buffer(std::vector<std::uint8_t>(data, data + size), "fuzz.evtx").survey(1);
  } catch (const Error&) {
  }
  std::vector<Event> events;
  const DecoderChoice choices[] = {DecoderChoice::automatic, DecoderChoice::builtin_only, DecoderChoice::libevtx_only};
  for (DecoderChoice choice : choices) {
    try {
      EvtxReader reader = EvtxReader::open_buffer(std::vector<std::uint8_t>(data, data + size), "fuzz.evtx");
      ReadOptions options;
      options.recovered = choice == DecoderChoice::automatic;
      options.keep_xml = true;
      options.decoder = choice;
      reader.read(options, [&](Event&& event) {
        if (choice == DecoderChoice::automatic) events.push_back(std::move(event));
      });
    } catch (const Error&) {
      return;  // nothing readable: the same for every decoder
    }
  }
  for (Event& event : events) event.source_file = "fuzz.evtx";
  (void)diagnose_events(std::move(events));
}

/// Bytes -> the record walk of every chunk (resynchronising past damage; the second half of
/// the input taken as a cut copy's zero padding) -> fast scan -> the built-in decoder on every
/// record the scan found; the slack carver
/// -> the built-in decoder in slack mode on every intact candidate; and the decoder on every
/// record signature in the buffer (it must cope with any starting offset).
inline void run_scan(const std::uint8_t* data, std::size_t size) {
  std::vector<evtx::LocatedRecord> located;
  for (std::uint64_t chunk = 0; chunk < evtx::whole_chunks(size); ++chunk)
    evtx::walk_chunk(data, size, chunk, located, size / 2 + 1);
  evtx::anything_readable(data, size);
  scan::ScanResult result = scan::scan_file(data, size);
  for (const scan::ScannedChunk& chunk : result.chunks) {
    for (const scan::ScannedRecord& record : chunk.records) {
      binxml::decode_record(data, size, record.file_offset, true);
    }
  }
  for (const carve::Candidate& candidate : carve::carve_file(data, size)) {
    if (candidate.intact) binxml::decode_record(data, size, candidate.file_offset, true, true);
  }
  std::size_t tried = 0;
  for (std::size_t offset = 4096; offset + 4 <= size && tried < 256; offset += 8) {
    if (data[offset] == '*' && data[offset + 1] == '*' && data[offset + 2] == 0 && data[offset + 3] == 0) {
      binxml::decode_record(data, size, offset, true);
      ++tried;
    }
  }
}

/// Scenario YAML -> loader -> writer -> reader (what the writer makes must read back).
inline void run_scenario(const std::uint8_t* data, std::size_t size) {
  Scenario scenario;
  try {
    scenario = parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  } catch (const Error&) {
    return;
  }
  for (const ScenarioLog& log : scenario.logs) {
    std::vector<std::uint8_t> bytes;
    try {
      bytes = write_evtx(log.events);
    } catch (const Error&) {
      continue;  // a record too large for a chunk is refused, not written
    }
    EvtxReader reader = EvtxReader::open_buffer(std::move(bytes), log.file);
    reader.read({}, [](Event&&) {});
  }
}

/// Knowledge YAML -> loader, as an events/, codes/ or cases/ file (chosen by the first byte).
inline void run_knowledge(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  static const char* const kPaths[] = {"events/fuzz.yaml", "codes/fuzz.yaml", "cases/fuzz.yaml"};
  KnowledgeDocument document{kPaths[data[0] % 3], std::string(reinterpret_cast<const char*>(data) + 1, size - 1)};
  try {
    KnowledgeBase base = KnowledgeBase::from_documents({document}, false);
    base.explain_code("0x80070005");
  } catch (const Error&) {
  }
}

/// Event XML -> Event model.
inline void run_event_xml(const std::uint8_t* data, std::size_t size) {
  Event event;
  std::string error;
  xml::parse_event_xml(std::string_view(reinterpret_cast<const char*>(data), size), event, error);
}

}  // namespace evtxdiag::fuzz
