#pragma once
// `evtxdiag info` as a library call: the header facts, record counts and time span of each log
// of a case, and their text or JSON rendering. The CLI, the C API (evtxdiag_info) and Python
// (evtxdiag.info) all print format_info(), so their outputs are the same bytes.
//
//   evtxdiag::CaseInputs inputs = evtxdiag::collect_inputs({"case.zip"});
//   evtxdiag::ZoneResolution zones = evtxdiag::resolve_case_zone(evtxdiag::ZoneRequest::automatic(), inputs);
//   evtxdiag::CaseFacts facts = evtxdiag::read_case_info(std::move(inputs), std::move(zones), {});
//   std::cout << evtxdiag::format_info(facts, evtxdiag::InfoFormat::text);
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/export.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct InfoOptions {
  /// Also decode every record and count what the decoders made of them (slower). Without it
  /// only the structural record walk runs (a 270 MB log took minutes when every record was
  /// decoded).
  bool decode = false;
  DecoderChoice decoder = DecoderChoice::automatic;  ///< with `decode`
  unsigned threads = 0;                              ///< as ReadOptions::threads
};

/// What one log of the case is made of.
struct LogFacts {
  std::string name;     ///< CaseFile::name
  bool opened = false;  ///< false: nothing could be read (`error` says why)
  std::string error;
  std::optional<FileSurvey> survey;    ///< without InfoOptions::decode
  std::optional<ReadSummary> decoded;  ///< with InfoOptions::decode
  /// Live records were lost: promised records missing from the file, live records whose bytes
  /// are damaged, or (decoded) live records no decoder could read.
  bool live_records_lost = false;
  const std::vector<Diagnostic>& diagnostics() const;
};

struct CaseFacts {
  ZoneResolution zones;  ///< the zone of the *_local times
  std::vector<LogFacts> logs;
  bool any_opened() const;
  /// A log could not be opened or lost live records: `evtxdiag info` exits 1.
  bool incomplete() const;
};

/// Reads the facts of every log of `inputs`. Never throws for a bad log (LogFacts::error).
[[nodiscard]] CaseFacts read_case_info(CaseInputs inputs, ZoneResolution zones, const InfoOptions& options);

enum class InfoFormat { text, json };
/// Parses "text" / "json"; nullopt for anything else.
[[nodiscard]] std::optional<InfoFormat> parse_info_format(const std::string& text);

/// The facts of the opened logs: text (one block per log) or JSON Lines (one object per log),
/// each ending in a newline. Logs that could not be opened are not printed (their error is in
/// LogFacts::error). Deterministic.
[[nodiscard]] std::string format_info(const CaseFacts& info, InfoFormat format);

/// What each count of format_info() means, for --help and the README.
[[nodiscard]] const char* info_count_meanings();

/// The zone resolution as the JSON object every output states its zone with:
/// {"origin", "periods": [{"origin", "zone", "kind", "iana", "windows_id", "bias_only", "begin",
/// "end", "explanation", "evidence"?}], "notes", "summary"} (one line, no newline).
[[nodiscard]] std::string zone_resolution_json(const ZoneResolution& zones);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
