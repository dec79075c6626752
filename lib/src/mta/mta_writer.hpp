#pragma once
// Writing LocaleMetaData/*.MTA files, so that synthetic scenarios carry rendered messages in
// Japanese and English exactly as a customer's export would (`evtxdiag synth`).
//
//   mta::MtaBuilder ja(1041);
//   ja.add_event(1001, "Microsoft-Windows-Backup", "バックアップ操作は失敗しました。...");
//   ja.set_provider_names({"Microsoft-Windows-Backup", {}, {{1, "バックアップ"}}, {}, {}});
//   std::vector<std::uint8_t> bytes = ja.bytes();   // write to LocaleMetaData/<log>_1041.MTA
//
// The layout is the one MtaCatalog::parse reads (mta-format.md sections 2-3). String ids are
// assigned in a fixed order (providers' tables in provider order, then messages by
// EventRecordID), so equal content gives identical bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evtxdiag/mta.hpp"

namespace evtxdiag::mta {

/// Serializes `content` (providers in the given order; messages by EventRecordID).
/// Empty messages are written as they are (an event with an empty description).
std::vector<std::uint8_t> write_mta(const MtaContent& content);

/// Where Windows puts the MTA of a log, relative to the log's folder:
/// ("Backup.evtx", 1041) -> "LocaleMetaData/Backup_1041.MTA" (the ".evtx" extension, in any
/// case, is dropped; other names are kept whole).
std::string mta_relative_path(std::string_view evtx_file_name, std::uint32_t lcid);

/// The DEFAULT_PUBLISHER entry Windows writes, in English (1033) or Japanese (1041); other
/// LCIDs get the English names. The English names are those of the real sample files; the
/// Japanese ones follow the Japanese Event Viewer's wording.
MtaProviderNames default_publisher_names(std::uint32_t lcid);

/// Collects the content of one MTA file (one log, one language).
class MtaBuilder {
 public:
  /// Starts with the DEFAULT_PUBLISHER names of `lcid`.
  explicit MtaBuilder(std::uint32_t lcid);

  /// Adds a provider's names, or merges them into the names already set (new values win).
  void set_provider_names(const MtaProviderNames& names);
  /// Records the rendered message of the event with this System/EventRecordID and makes sure
  /// its provider has an entry (Windows writes one even for providers without tables).
  /// A second message for the same record replaces the first.
  void add_event(std::uint64_t event_record_id, std::string_view provider, std::string message);

  std::uint32_t lcid() const noexcept { return lcid_; }
  const MtaContent& content() const noexcept { return content_; }
  /// The file image (write_mta(content())).
  std::vector<std::uint8_t> bytes() const { return write_mta(content_); }

 private:
  MtaProviderNames& provider_entry(std::string_view provider);

  std::uint32_t lcid_;
  MtaContent content_;
};

}  // namespace evtxdiag::mta
