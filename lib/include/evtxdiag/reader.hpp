#pragma once
// Reading .evtx files: open from a path or a byte buffer, stream events to a callback.
//
//   evtxdiag::EvtxReader reader = evtxdiag::EvtxReader::open_file("System.evtx");
//   evtxdiag::ReadSummary summary = reader.read({}, [](evtxdiag::Event&& event) {
//     std::cout << event.event_id << ' ' << event.time_created.iso_utc() << '\n';
//   });
//   for (const auto& d : summary.diagnostics) std::cerr << d.to_string() << '\n';
//
// Opening throws evtxdiag::Error when nothing can be read at all (missing file, empty file,
// no EVTX signature, truncated before the first chunk). Anything wrong after that becomes a
// Diagnostic in the summary and reading goes on with the next record.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/timestamp.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// Which binary-XML decoder(s) to use.
enum class DecoderChoice {
  automatic,     ///< the built-in decoder; libevtx for the records it cannot read (the default)
  libevtx_only,  ///< libevtx only; rejected records become diagnostics
  builtin_only,  ///< evtxdiag's own decoder only
};

/// Parses a decoder name as the CLI and the bindings take it: "auto", "libevtx", "builtin".
[[nodiscard]] std::optional<DecoderChoice> parse_decoder_choice(std::string_view name);

/// What to read and how.
struct ReadOptions {
  bool live = true;        ///< read the live records
  bool recovered = false;  ///< also read records recovered from slack space
  bool keep_xml = false;   ///< fill Event::xml with the event XML
  /// Fill Event::shape (value types and payload structure, event_shape.hpp) of the records the
  /// built-in decoder decodes; with DecoderChoice::builtin_only that is every record.
  bool keep_shape = false;
  DecoderChoice decoder = DecoderChoice::automatic;
  /// Decode every record with both decoders (the built-in one and libevtx) and report each
  /// difference as a warning Diagnostic (kind decoder_difference: file, record, field, both
  /// values), including records only one of them can read. The events delivered are those of
  /// `decoder`. Recovered records are compared with the automatic choice only. Slower: libevtx
  /// reads the whole file.
  bool cross_check = false;
  /// Optional pre-filter on (provider name, event id). When set, the reader may skip the full
  /// decode of records for which it returns false (it is only a hint: it may still deliver
  /// them). Provider names are passed as stored in the record.
  std::function<bool(std::string_view provider, std::uint32_t event_id)> want;
  /// With `want`: libevtx reads only the chunks that hold records the fast scan could not rule
  /// out (a view of the file: same records, far less to read). false makes libevtx read the
  /// whole file, as without `want`; the events delivered are the same either way.
  bool narrow_libevtx = true;
  /// Decoding threads for one read: 0 = automatic (the number of cores, at most 4), 1 = no
  /// threads at all. Whatever the number, `want` and the sink are called on the calling thread
  /// and events arrive in the same order with the same content. Extra threads open their own
  /// libevtx handle and are used only when many records must be decoded.
  unsigned threads = 0;
  /// Optional work on each event before it reaches the sink, done on the decoding thread that
  /// decoded it, so that it runs in parallel like the decoding (`dump` renders each event's
  /// message and output line here, into Event::rendered). Called once per delivered event,
  /// possibly on several threads at once, and also for events that are then not delivered
  /// (a duplicate, refused by `want`): it must be thread-safe and depend on the event alone.
  /// Events decoded on the calling thread (libevtx's, repaired chunks, recovered records) get
  /// it there, just before the sink.
  std::function<void(Event&)> prepare;
};

/// Facts about a file, from its header and from a read.
struct FileInfo {
  std::string path;
  std::uint64_t file_size = 0;
  std::uint16_t major_version = 0;       ///< file header major format version (3)
  std::uint16_t minor_version = 0;       ///< file header minor format version (1 or 2)
  std::uint64_t header_chunk_count = 0;  ///< chunk count claimed by the file header
  std::uint64_t chunks_in_file = 0;      ///< complete 64 KiB chunks present after the header
  /// Bytes missing from the file's last chunk when the file ends inside one (a copy cut short):
  /// the complete records of that partial chunk are read, the rest is reported. 0 otherwise.
  std::uint64_t missing_bytes = 0;
  bool dirty = false;  ///< header flag 0x1: the log was open when copied
  bool full = false;   ///< header flag 0x2: the log reached its maximum size
  bool header_checksum_ok = true;
};

/// What the file's headers promise and what its bytes hold, from the structural walk (the same
/// in FileSurvey and ReadSummary). The counts add up: records_promised = live records found +
/// records_missing. "Promised" is every record id from the oldest record the chunks hold to
/// the newest one (or to the file header's next record id - 1 when chunks the file header
/// lists are missing from the file): record ids are consecutive in a log, so a gap is records
/// that were there. Every missing range is a DiagnosticKind::records_missing error naming the
/// ids, the chunk and the byte range where they were.
struct RecordAccounting {
  std::uint64_t records_promised = 0;  ///< live records the headers promise
  std::uint64_t records_missing = 0;   ///< promised records whose bytes are not in the file
  /// Records stored twice (a chunk copied over or beside another): returned once; each copy
  /// is a DiagnosticKind::duplicate_records warning.
  std::uint64_t duplicate_records = 0;
  /// Chunks with damage: a damaged record or byte range, cut by the end of the file, or
  /// unreadable (all zero or without a chunk signature) among the log's used chunks.
  std::uint64_t damaged_chunks = 0;
};

/// Counts and problems of one read.
struct ReadSummary {
  FileInfo info;
  RecordAccounting accounting;  ///< promised, missing and duplicate records (structure)
  /// Live records in the file (decoded or not): those of libevtx's live list plus those only
  /// evtxdiag's structural walk finds (after a damaged record, in a chunk whose signature is
  /// damaged or past the file header's chunk count); duplicates counted once.
  std::uint64_t live_records = 0;
  std::uint64_t live_decoded = 0;  ///< live records delivered as events, payload whole
  /// Whole records recovered from slack space (after a chunk's live records, left over from
  /// older log contents): libevtx's recovery scan plus the records only evtxdiag's carver
  /// finds (with DecoderChoice::libevtx_only: libevtx's list alone).
  std::uint64_t recovered_records = 0;
  std::uint64_t recovered_decoded = 0;     ///< recovered records delivered (duplicates excluded)
  std::uint64_t recovered_duplicates = 0;  ///< recovered records identical to a live record, dropped
  /// Whole records neither decoder could read (live + recovered). Each has a diagnostic; those
  /// whose record header is intact are still delivered, with Event::payload_lost set.
  std::uint64_t undecodable = 0;
  /// The recovered part of `undecodable`: whole slack records whose bytes are damaged (e.g. a
  /// template they use was overwritten by newer records). Each has a warning diagnostic.
  std::uint64_t recovered_undecodable = 0;
  /// Record fragments in slack space: a record signature whose record is not whole (size copy
  /// overwritten, size past the chunk end, implausible id or time). Not counted in
  /// recovered_records nor in undecodable; each has a warning diagnostic saying why. Not read
  /// with DecoderChoice::libevtx_only.
  std::uint64_t recovered_fragments = 0;
  std::uint64_t filtered_out = 0;            ///< decoded records not delivered because ReadOptions::want refused them
  std::uint64_t builtin_decoded = 0;         ///< records decoded by the built-in decoder
  std::uint64_t live_payload_lost = 0;       ///< live records delivered with their payload lost (part of undecodable)
  std::uint64_t recovered_payload_lost = 0;  ///< recovered records delivered with their payload lost
  /// Live records lost: undecodable live records (delivered with their payload lost or not at
  /// all) plus promised records missing from the file. Not 0 = exit code 1.
  std::uint64_t live_lost() const { return undecodable - recovered_undecodable + accounting.records_missing; }
  Timestamp first_event;  ///< earliest TimeCreated of the delivered events
  Timestamp last_event;   ///< latest TimeCreated of the delivered events
  std::vector<Diagnostic> diagnostics;
};

/// What a file holds, learnt from its structure without decoding a record: fast enough to
/// count a 270 MB log in well under a second (EvtxReader::survey()).
struct FileSurvey {
  FileInfo info;
  RecordAccounting accounting;     ///< promised, missing and duplicate records
  std::uint64_t live_records = 0;  ///< live records found by the structural walk (duplicates once)
  /// Live records whose header is intact but whose bytes are not (their size copy is wrong, or
  /// the file ends inside them): they will be delivered with their payload lost. A payload that
  /// is damaged inside intact record bytes is only found by decoding (EvtxReader::read).
  std::uint64_t live_payload_damaged = 0;
  std::uint64_t recovered_records = 0;    ///< whole deleted records found in slack space
  std::uint64_t recovered_fragments = 0;  ///< pieces of deleted records in slack space
  Timestamp first_event;                  ///< earliest TimeCreated of the live records
  Timestamp last_event;                   ///< latest TimeCreated of the live records
  /// Live records whose time came from their record header (written time) because the fast
  /// scan did not understand their chunk; 0 in healthy files.
  std::uint64_t times_from_headers = 0;
  std::vector<Diagnostic> diagnostics;  ///< file-level problems (checksums, truncation, damage)
};

/// An open .evtx file. Move-only; not shareable between threads (open one per thread; a read
/// may use worker threads of its own, see ReadOptions::threads).
class EvtxReader {
 public:
  /// Opens a file. Throws Error(io|not_evtx) when nothing can be read.
  [[nodiscard]] static EvtxReader open_file(const std::string& path);
  /// Opens an in-memory copy of a file; `name` is used in diagnostics.
  [[nodiscard]] static EvtxReader open_buffer(std::vector<std::uint8_t> bytes, std::string name);

  EvtxReader(EvtxReader&&) noexcept;
  EvtxReader& operator=(EvtxReader&&) noexcept;
  ~EvtxReader();

  /// Header facts, available without reading records.
  const FileInfo& info() const;

  /// Reads the records selected by `options` in file order (live records first, then
  /// recovered ones) and hands each event to `sink`. Never throws for bad records: a record
  /// that cannot be decoded becomes a Diagnostic (severity error for live records, warning
  /// for recovered ones) and reading goes on. A recovered record with the same record number
  /// and the same decoded content as a live record is dropped (counted in
  /// recovered_duplicates); this needs the live records to be read in the same call.
  /// File-level oddities (header checksum mismatch, truncated last chunk) are warnings.
  ReadSummary read(const ReadOptions& options, const std::function<void(Event&&)>& sink);

  /// Counts and time span from the file's structure, without decoding (`threads` as in
  /// ReadOptions). Never throws for bad bytes.
  FileSurvey survey(unsigned threads = 0);

 private:
  struct Impl;
  explicit EvtxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Convenience: opens `path` and returns every selected event. Throws like open_file.
[[nodiscard]] std::vector<Event> read_events(const std::string& path, const ReadOptions& options = {},
                                             ReadSummary* summary = nullptr);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
