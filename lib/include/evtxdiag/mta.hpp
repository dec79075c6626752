#pragma once
// Reading `LocaleMetaData/*.MTA`: the display information Windows saves beside an exported log
// (Event Viewer "Save with display information", `wevtutil archive-log`).
//
// An MTA file holds, for every event of the exported log that the source machine could
// format, the fully rendered message in the machine's language, keyed by the event's
// System/EventRecordID; plus, per provider, the localized names of levels, tasks, opcodes and
// keywords. It holds no templates: it can only explain the log it was saved with.
// Layout: lib/src/mta/mta_layout.hpp (measured on Event Viewer exports).
//
//   std::vector<evtxdiag::MtaLocation> found = evtxdiag::find_mta_files("Backup.evtx");
//   if (auto chosen = evtxdiag::choose_mta_file(found, "ja")) {
//     evtxdiag::MtaCatalog mta = evtxdiag::MtaCatalog::open_file(chosen->path);
//     for (const auto& d : mta.diagnostics()) std::cerr << d.to_string() << '\n';
//     mta.annotate(events);   // fills Event::message, level_name, task_name, ...
//   }
//
// Damaged input never throws and never hangs: every problem (truncation, offsets out of range,
// loops in page links, dangling string ids) becomes a Diagnostic and reading keeps whatever
// could be read. Only open_file throws, when the file cannot be read at all.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// The localized display names of one provider (one PUB entry). Strings are UTF-8.
struct MtaProviderNames {
  std::string provider;                         ///< provider name, e.g. "Microsoft-Windows-Backup"
  std::map<std::uint32_t, std::string> levels;  ///< level value -> name
  std::map<std::uint32_t, std::string> tasks;   ///< task value -> name
  /// opcode names keyed by `opcode << 16 | task`; task 0 = opcode defined for every task.
  std::map<std::uint32_t, std::string> opcodes;
  std::map<std::uint32_t, std::string> keywords;  ///< keyword BIT NUMBER (0..63) -> name
  friend bool operator==(const MtaProviderNames& a, const MtaProviderNames& b) {
    return a.provider == b.provider && a.levels == b.levels && a.tasks == b.tasks && a.opcodes == b.opcodes &&
           a.keywords == b.keywords;
  }
};

/// The name of the provider entry that carries the standard (winmeta) names.
inline constexpr std::string_view kMtaDefaultPublisher = "DEFAULT_PUBLISHER";

/// What an MTA file says, independent of its byte layout (what the parser returns and what
/// the writer takes).
struct MtaContent {
  std::map<std::uint64_t, std::string> messages;  ///< System/EventRecordID -> rendered message (UTF-8, verbatim)
  std::vector<MtaProviderNames> providers;        ///< in file order; normally [0] is DEFAULT_PUBLISHER
  friend bool operator==(const MtaContent& a, const MtaContent& b) {
    return a.messages == b.messages && a.providers == b.providers;
  }
};

/// Counts of one annotate() call.
struct MtaAnnotateSummary {
  std::uint64_t events = 0;           ///< events looked at
  std::uint64_t with_message = 0;     ///< events that got their message from the MTA
  std::uint64_t without_message = 0;  ///< events the MTA has no message for (left unchanged)
};

/// A parsed MTA file. Copyable; immutable after parsing.
class MtaCatalog {
 public:
  /// Parses an MTA image. Never throws for bad content: problems are in diagnostics(), and
  /// ok() is false when not even the header could be read. `name` is used in diagnostics;
  /// `lcid` is the locale the caller knows the file is in (0 = unknown).
  [[nodiscard]] static MtaCatalog parse(const std::uint8_t* data, std::size_t size, std::string name,
                                        std::uint32_t lcid = 0);
  [[nodiscard]] static MtaCatalog parse(const std::vector<std::uint8_t>& bytes, std::string name,
                                        std::uint32_t lcid = 0) {
    return parse(bytes.data(), bytes.size(), std::move(name), lcid);
  }
  /// Reads and parses a file; the LCID is taken from a `<name>_<LCID>.MTA` file name.
  /// Throws Error(io) when the file cannot be opened or read.
  [[nodiscard]] static MtaCatalog open_file(const std::string& path);

  MtaCatalog() = default;

  const std::string& source() const noexcept { return source_; }  ///< path or buffer name
  std::uint32_t lcid() const noexcept { return lcid_; }           ///< 0 when unknown
  /// True when the header and section table were read (the content may still be partial).
  bool ok() const noexcept { return ok_; }
  const MtaContent& content() const noexcept { return content_; }
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

  /// The rendered message of the event with this System/EventRecordID, or nullptr.
  const std::string* message_for(std::uint64_t event_record_id) const;
  /// The names of a provider (ASCII case-insensitive, as Windows compares provider names;
  /// the first entry in file order when several match), or nullptr.
  const MtaProviderNames* provider(std::string_view name) const;

  /// Fills the display fields of `event` from this catalog, as Event Viewer shows them:
  /// - message (verbatim) and message_source = mta, when the MTA has the event's
  ///   event_record_id; otherwise message and message_source are left as they were;
  /// - level_name: provider table, then DEFAULT_PUBLISHER; level 0 shows the name of level 4
  ///   ("Information"), as Event Viewer does; empty when no table names the level;
  /// - task_name: provider table; task 0 = DEFAULT_PUBLISHER's "None"; otherwise "(N)";
  /// - opcode_name: provider `opcode<<16|task`, then `opcode<<16`, then DEFAULT_PUBLISHER;
  /// - keyword_names: the names of the set keyword bits in ascending bit order (unnamed bits
  ///   are skipped).
  /// Returns true when the message came from the MTA.
  bool annotate(Event& event) const;
  /// annotate() for every event; returns the counts.
  MtaAnnotateSummary annotate(std::vector<Event>& events) const;

 private:
  std::string source_;
  std::uint32_t lcid_ = 0;
  bool ok_ = false;
  MtaContent content_;
  std::vector<Diagnostic> diagnostics_;
  std::unordered_map<std::string, std::size_t> provider_index_;  ///< lower-case name -> providers index
};

/// An MTA file found for a log.
struct MtaLocation {
  std::string path;
  std::uint32_t lcid = 0;  ///< from the file name, decimal (1033 English, 1041 Japanese)
  friend bool operator==(const MtaLocation& a, const MtaLocation& b) { return a.path == b.path && a.lcid == b.lcid; }
};

/// The MTA files of the log at `evtx_path`: `<dir>/LocaleMetaData/<stem>_<LCID>.MTA` and
/// `<dir>/<stem>_<LCID>.MTA` (stem = file name without ".evtx"; names compared ASCII
/// case-insensitively). Sorted by LCID; for an LCID present in both places only the
/// LocaleMetaData one is returned. Missing folders give an empty list; never throws.
[[nodiscard]] std::vector<MtaLocation> find_mta_files(const std::string& evtx_path);

/// The same rule over names instead of a folder: the entries of `names` (e.g. archive members
/// "case.zip!/logs/LocaleMetaData/System_1041.MTA") that are MTA files of the log named
/// `evtx_name` ("case.zip!/logs/System.evtx"). Same order and preference as find_mta_files().
[[nodiscard]] std::vector<MtaLocation> find_mta_among(const std::string& evtx_name,
                                                      const std::vector<std::string>& names);

/// The LCID of a language: "ja", "ja-JP", "jpn" -> 1041; "en", "en-US" -> 1033; a decimal
/// number -> itself. 0 when unknown.
[[nodiscard]] std::uint32_t lcid_for_language(std::string_view language);

/// The order in which MTA locales are tried for `language`: its LCID, then 1033 (English),
/// then 1041 (Japanese), without duplicates. Other LCIDs come after these, ascending.
[[nodiscard]] std::vector<std::uint32_t> mta_language_preference(std::string_view language);

/// The best file of `found` for `language` by mta_language_preference(); nullopt when empty.
[[nodiscard]] std::optional<MtaLocation> choose_mta_file(const std::vector<MtaLocation>& found,
                                                         std::string_view language);

/// The LCID encoded in an MTA file name ("System_1041.MTA" -> 1041), 0 when none.
[[nodiscard]] std::uint32_t mta_lcid_from_file_name(std::string_view file_name);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
