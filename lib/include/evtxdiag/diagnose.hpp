#pragma once
// Diagnosis: put every backup job found in a set of exported logs on one timeline, attach the
// related storage / snapshot / boot / clock events, and apply the correlation rules of the
// knowledge base (knowledge/rules/*.yaml) to say what caused each failure and which alarming
// events can be ignored.
//
//   evtxdiag::DiagnoseOptions options;
//   options.zone = "Asia/Tokyo";                 // or "auto" (inferred from the logs), "UTC", "+09:00"
//   evtxdiag::Diagnosis d = evtxdiag::diagnose({"C:/case/logs"}, options);
//   for (const auto& job : d.jobs) std::cout << job.start_utc.iso_utc() << ' ' << to_string(job.result) << '\n';
//   for (const auto& f : d.findings) std::cout << to_string(f.verdict) << ": " << f.title << '\n';
//
// All instants are UTC (Timestamp). Every `*_local` string is the same instant rendered in the
// diagnosis zone with its offset ("2012-01-19T01:26:31.3100000+09:00"); the analyst machine's
// zone is never used. Results are deterministic: same inputs and options, same Diagnosis.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/language.hpp"
#include "evtxdiag/timestamp.hpp"
#include "evtxdiag/timezone.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// What a finding says about its evidence.
enum class Verdict {
  cause,         ///< the reason the job failed
  contributing,  ///< made the failure likelier or worse, but is not the cause on its own
  red_herring,   ///< looks alarming, is harmless here; the explanation says why
  context,       ///< worth knowing while reading the timeline (clock change, reboot, ...)
  /// no rule proved a cause for a failed job: the failing stage, its codes decoded, and the
  /// candidate causes ranked with what to check for each (a differential diagnosis)
  undetermined,
};

/// How a backup job ended.
enum class JobResult { succeeded, failed, canceled, completed_with_warnings, unknown };

/// Which backup product logged the job.
enum class BackupProduct {
  windows_server_backup,  ///< Microsoft-Windows-Backup (wbengine / wbadmin), operational + Application
  windows7_backup,        ///< "Windows Backup" (Backup and Restore, Windows 7), 4097-4104
  mars_agent,             ///< Microsoft Azure Recovery Services agent (CloudBackup)
};

/// How to diagnose.
struct DiagnoseOptions {
  /// Zone for local times: the one the logs state (UTC when they state none), or a given one
  /// (ZoneRequest::parse("Asia/Tokyo"), ZoneRequest(TimeZone::utc())).
  ZoneRequest zone;
  /// Correlation margin in minutes added before a job's start and after its end.
  int margin_minutes = 30;
  /// Language of titles, explanations and remedies (English where Japanese is missing).
  Language language = Language::en;
  /// Directories whose knowledge/rule YAML files add to or override the built-in ones.
  std::vector<std::string> knowledge_dirs;
  /// Also read records recovered from slack space (duplicates of live records are dropped).
  bool recovered = true;
  /// Keep every event on the timeline, not only the ones correlation uses (timeline --all).
  /// Slower: disables the reader's (provider, id) pre-filter.
  bool all_events = false;
  /// Read LocaleMetaData messages: each input file's `<log>_<LCID>.MTA` (find_mta_files(),
  /// chosen by mta_lang), so evidence and timeline show each event's message exactly as the
  /// customer's Event Viewer showed it. false: never read MTA files.
  bool mta = true;
  /// An MTA file used instead of looking beside each log (empty: look). It applies to the log
  /// its name belongs to ("System_1041.MTA" -> System.evtx), or to the only input; inputs given
  /// as buffers (diagnose_buffers) only get messages from this file.
  std::string mta_file;
  /// Preferred MTA language ("en", "ja" or a decimal LCID); empty: the same as `language`.
  std::string mta_lang;
  /// Threads for reading: 0 = automatic (the number of cores, at most 4), 1 = no threads at
  /// all. Several files are read in parallel, one large file by several decoders; the result
  /// does not depend on the number.
  unsigned threads = 0;
  /// Limits for the archives among the inputs (sizes, ratio, entries).
  ArchiveLimits archive_limits;
  /// When the logs come from several machines: the one to diagnose (any name it logged,
  /// case-insensitive, with or without its DNS suffix). Empty: see diagnose_machines().
  std::string computer;
};

/// A name a machine logged under (Event/System/Computer).
struct MachineName {
  std::string name;
  Timestamp first_seen;      ///< its first event
  Timestamp last_seen;       ///< its last event
  std::uint64_t events = 0;  ///< events the diagnosis read with this name
};

/// The zone used for local times and where it came from.
struct ZoneChoice {
  std::string name;                ///< "Asia/Tokyo", "UTC", "+09:00", ...
  std::string source;              ///< "given by the user", "inferred from record 12 of System.evtx", "fallback to UTC"
  std::vector<std::string> notes;  ///< zone changes inside the logs, disagreeing evidence (sentences)
  std::vector<std::string> warnings;  ///< the notes a command also prints on stderr (ZoneResolution::warnings)
  // The same facts in structured form, for reports that say them in their own language:
  ZoneOrigin origin = ZoneOrigin::fallback_utc;
  TimeZone zone;                         ///< the zone itself (Windows id and IANA name when known)
  std::optional<ZoneEvidence> evidence;  ///< the record the zone was inferred from
  bool bias_only = false;                ///< only a bias was known: a fixed offset without DST
  /// Every period of the logs' zone(s): local time of any instant (format_readable()), and the
  /// changes and disagreements (ZoneResolution::note_details) behind `notes`.
  ZoneResolution resolution = ZoneResolution::fallback_utc("no diagnosis");
};

/// One input file. The counts answer "what did this file hold, and what did the diagnosis
/// use": `live_records` is every live record of the file; `records` only the events the
/// diagnosis reads (the pre-filter skips events no rule, job or timeline can use, so a System
/// log of 80 live records may give "19 relevant of 80"; with all_events every event).
struct InputSummary {
  std::string path;
  std::uint64_t live_records = 0;  ///< live records in the file (decoded or not)
  std::uint64_t records = 0;       ///< events the diagnosis used from this file (live + recovered)
  std::uint64_t live_lost = 0;     ///< live records no decoder could read: data lost (exit code 1)
  std::uint64_t recovered = 0;     ///< deleted records recovered from slack space and used
  /// Deleted records found in slack space that could not be recovered (usually overwritten by
  /// newer records). Normal: recovery is a bonus, this never makes the diagnosis incomplete.
  std::uint64_t recovered_lost = 0;
  std::uint64_t recovered_fragments = 0;  ///< pieces of deleted records, never whole
  std::uint64_t duplicates = 0;           ///< events already seen in an earlier input (counted once)
  bool readable = true;                   ///< false when the file could not be opened at all
  std::string error;                      ///< why it could not be opened (when !readable)
  std::string mta;                        ///< the LocaleMetaData .MTA file whose messages were used; empty when none
  std::uint32_t mta_lcid = 0;             ///< its LCID (1041 Japanese, 1033 English); 0 when none or unknown
  std::uint64_t size = 0;                 ///< the file's size in bytes (provenance of a report)
  std::string sha256;                     ///< its SHA-256, 64 lower-case hex digits; empty when unreadable
};

/// A log the diagnosis needs that the case does not have, and what its absence hides.
struct MissingLog {
  std::string channel;  ///< "System", "Application", "Microsoft-Windows-Backup"
  std::string hides;    ///< in the diagnosis language: what cannot be seen without it
};

/// A pointer to one event record used as evidence.
struct EvidenceRef {
  std::string file;             ///< input path the record came from
  std::uint64_t record_id = 0;  ///< EventRecordID
  std::string provider;
  std::uint32_t event_id = 0;
  Timestamp time_utc;
  std::string time_local;  ///< time_utc in the diagnosis zone, with offset
  std::string summary;     ///< `message` on one line (at most ~200 bytes), or the event's first data values
  std::string message;     ///< the full message: MTA text verbatim, or the knowledge template filled; may be empty
  MessageSource message_source = MessageSource::none;  ///< where `message` came from
};

/// An error code reported by a job, decoded when the knowledge base knows it.
struct JobCode {
  std::uint32_t value = 0;  ///< normalised unsigned 32-bit value
  std::string hex;          ///< "0x807800A1"
  std::string field;        ///< where it was found: "HRESULT", "DetailedHRESULT", "ErrorCode", ...
  std::string symbol;       ///< e.g. "VSS_E_WRITERERROR_TIMEOUT"; empty when unknown
  std::string message;      ///< knowledge base text in the requested language; empty when unknown
};

/// One volume of a Windows Server Backup job (from VolumesInfo).
struct VolumeResult {
  std::string name;
  std::string state;
  std::optional<std::uint32_t> hresult;
  std::optional<std::uint32_t> detailed_hresult;
};

/// A reconstructed backup job.
struct BackupJob {
  std::size_t index = 0;  ///< 1-based, in start order
  BackupProduct product = BackupProduct::windows_server_backup;
  Timestamp start_utc;  ///< job start (start event, or the BackupTime quoted by failure events)
  std::string start_local;
  Timestamp end_utc;  ///< last lifecycle event of the job; == start_utc when only one event is known
  std::string end_local;
  JobResult result = JobResult::unknown;
  std::vector<JobCode> codes;  ///< distinct codes in first-seen order
  std::vector<VolumeResult> volumes;
  std::vector<EvidenceRef> events;  ///< the job's own lifecycle events, in time order
};

/// The texts of a finding.
struct FindingTexts {
  std::string title;
  std::string explanation;
  std::string remedy;
};

/// One conclusion of a rule.
struct Finding {
  std::string rule;  ///< rule id, e.g. "wsb-521-spp-bad-block"
  Verdict verdict = Verdict::context;
  double confidence = 0;  ///< 0..1, from the rule
  std::string title;
  std::string explanation;
  std::string remedy;              ///< may be empty (red herrings, context)
  std::optional<std::size_t> job;  ///< BackupJob::index the finding is about
  std::vector<EvidenceRef> evidence;
  /// title, explanation and remedy with "{job}" where they name the job: findings of several
  /// jobs that read the same apart from the job are reported once, naming every job.
  FindingTexts any_job;
};

/// One event on the merged timeline.
struct TimelineEntry {
  EvidenceRef ref;
  std::string channel;
  std::string computer;
  std::uint8_t level = 0;
  std::optional<std::size_t> job;  ///< job whose correlation window holds the event
  std::string role;                ///< "job-start", "job-failure", "evidence", ... ; empty when unrelated
  std::vector<DataField> data;
};

/// The result of a diagnosis.
struct Diagnosis {
  /// The machine: its name at its last event (a renamed server shows its current name);
  /// empty when no event names one.
  std::string computer;
  std::vector<MachineName> computer_names;  ///< every name it logged, oldest first (renames, FQDN)
  ZoneChoice zone;
  int margin_minutes = 0;
  Language language = Language::en;      ///< of the findings' texts (JSON "lang")
  std::vector<InputSummary> inputs;      ///< in the order given (directories expanded, sorted)
  std::vector<MissingLog> missing_logs;  ///< logs the case lacks and what that hides
  std::vector<BackupJob> jobs;           ///< in start order
  std::vector<Finding> findings;         ///< by job, then verdict (cause first), then rule id
  std::vector<TimelineEntry> timeline;   ///< deduplicated, in time order (correlated events, or all)
  std::vector<Diagnostic> diagnostics;   ///< reader problems, per record

  /// True when some input could not be opened or some live record could not be decoded
  /// (records lost in slack space do not count: see InputSummary::recovered_lost).
  bool incomplete() const;
  /// True when no input could be read at all.
  bool nothing_readable() const;
};

/// Diagnoses files, folders and archives (collect_inputs(): folders searched recursively for
/// .evtx files and archives; archives read in memory, .MTA members found beside their logs),
/// one Diagnosis per machine the logs come from, ordered by name. A log file belongs to one
/// machine (renames inside it are the same machine), files sharing a Computer name are the
/// same machine, a ForwardedEvents log is split by Computer. Events of different machines are
/// never correlated. Throws Error(invalid_input) for a bad zone or rule file or a `computer`
/// that names no machine, Error(io) when a path does not exist. Unreadable files and refused
/// archives are reported in `inputs` (of every machine), not thrown.
[[nodiscard]] std::vector<Diagnosis> diagnose_machines(const std::vector<std::string>& paths,
                                                       const DiagnoseOptions& options = {});

/// Like diagnose_machines(), over inputs already collected (e.g. one archive's contents).
[[nodiscard]] std::vector<Diagnosis> diagnose_machines(CaseInputs inputs, const DiagnoseOptions& options = {});

/// diagnose_machines() when the logs are of one machine, or options.computer names one.
/// Throws Error(invalid_input) naming the machines when there are several.
[[nodiscard]] Diagnosis diagnose(const std::vector<std::string>& paths, const DiagnoseOptions& options = {});

/// Throws what the command line reports with exit code 2 when a diagnosis had nothing to work
/// on: Error(io) "no .evtx file found ..." when the paths held no log, Error(not_evtx) naming
/// every input when none could be read. For bindings, which raise instead of returning an
/// empty result.
void require_readable_input(const std::vector<Diagnosis>& machines);

/// diagnose() over inputs already collected.
[[nodiscard]] Diagnosis diagnose_inputs(CaseInputs inputs, const DiagnoseOptions& options = {});

/// An .evtx file already in memory (an archive member, a download); `name` stands for its path
/// in inputs, evidence and diagnostics (e.g. "case.zip!/logs/System.evtx").
struct EvtxBuffer {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

/// Like diagnose(), over in-memory files read in the order given (nothing touches the disk).
/// Unreadable buffers are reported in `inputs`; throws only for bad options, like diagnose().
[[nodiscard]] Diagnosis diagnose_buffers(std::vector<EvtxBuffer> files, const DiagnoseOptions& options = {});

/// Diagnoses events already in memory (each Event::source_file names its input). Same rules
/// and ordering as diagnose(); `inputs` is derived from the events' source files.
[[nodiscard]] Diagnosis diagnose_events(std::vector<Event> events, const DiagnoseOptions& options = {});

/// "cause", "contributing", "red-herring", "context", "undetermined".
[[nodiscard]] const char* to_string(Verdict verdict) noexcept;
/// "succeeded", "failed", "canceled", "completed-with-warnings", "unknown".
[[nodiscard]] const char* to_string(JobResult result) noexcept;
/// "windows-server-backup", "windows7-backup", "mars-agent".
[[nodiscard]] const char* to_string(BackupProduct product) noexcept;
/// Parses to_string(Verdict) output; nullopt when unknown.
[[nodiscard]] std::optional<Verdict> parse_verdict(const std::string& text) noexcept;

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
