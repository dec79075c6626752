#pragma once
// The knowledge base: Windows event definitions (providers, ids, message templates, roles in a
// backup timeline) and error codes (HRESULT, Win32, NTSTATUS, Windows Server Backup, VSS) with
// causes and remedies in English and Japanese, plus the field reports' cases.
//
// The data is YAML under knowledge/ in the source tree (schema: knowledge/README.md); the
// default set is compiled into the library, and directories given at load time add or
// override entries. A KnowledgeBase is immutable and cheap to copy (shared data); pointers it
// returns stay valid as long as any copy of it lives. Lookups are indexed (no allocation on
// the find_event path), so they can be called for every event of a log.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evtxdiag/event.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/language.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

/// A text in English (always present) and Japanese (may be empty).
struct LocalizedText {
  std::string en;
  std::string ja;
  /// The text in `language`, falling back to English when there is no Japanese text.
  const std::string& in(Language language) const { return language == Language::ja && !ja.empty() ? ja : en; }
  bool empty() const { return en.empty(); }
};

/// Where an entry came from: the YAML position and the research source it cites.
struct KnowledgeOrigin {
  std::string file;       ///< path relative to the knowledge root ("events/volsnap.yaml") or overlay path
  int line = 0;           ///< 1-based line of the entry
  std::string source;     ///< the cited source (events.md source keys, field report, ...)
  std::string certainty;  ///< "certain", "likely" or "field-report"
};

/// An event provider (Provider/@Name), matched case-insensitively by name or alias.
struct ProviderDefinition {
  std::string name;                  ///< canonical name, e.g. "volsnap"
  std::vector<std::string> aliases;  ///< other spellings, e.g. "Volsnap", "VolSnap"
  std::string guid;                  ///< "{...}" or empty
  std::string channel;               ///< default channel of its events
  std::string message_file;
  KnowledgeOrigin origin;
};

/// A message template: "%N" insertions mapped to EventData names.
struct MessageTemplate {
  LocalizedText text;                                   ///< may contain %1..%99, %n (newline), %t, %%
  std::vector<std::pair<int, std::string>> insertions;  ///< N -> EventData name, sorted by N
  std::string when;                                     ///< for variants: which builds use it
  /// How sure text.ja is: "windows" (Japanese Windows' own wording, quoted from a real log or a
  /// Microsoft page) or "translation" (our rendering of the English template); empty without text.ja.
  std::string ja_wording;
};

/// One event of one provider.
struct EventDefinition {
  std::string provider;  ///< canonical provider name
  std::string channel;   ///< channel the event is logged to
  std::uint32_t id = 0;
  std::optional<std::uint8_t> version;     ///< set only when versions differ
  std::string level;                       ///< "critical", "error", "warning", "information", "verbose"
  std::vector<std::string> roles;          ///< roles in a backup timeline (KnowledgeBase::role_names())
  LocalizedText meaning;                   ///< what the event means for a backup
  LocalizedText notes;                     ///< triage notes; may be empty
  std::optional<MessageTemplate> message;  ///< current template, if known
  std::vector<MessageTemplate> variants;   ///< older wordings / field sets
  std::vector<std::uint32_t> related_codes;
  KnowledgeOrigin origin;

  bool has_role(std::string_view role) const;
};

/// A known error code.
struct CodeEntry {
  std::uint32_t code = 0;  ///< 32-bit value (Win32 errors in HRESULT form 0x8007xxxx)
  std::string symbol;      ///< e.g. "VSS_E_WRITERERROR_TIMEOUT"; may be empty
  LocalizedText message;
  std::vector<LocalizedText> causes;
  std::vector<LocalizedText> remedies;
  std::vector<std::string> references;
  std::vector<std::string> related_events;  ///< "provider/id"
  /// Where in a backup the code is met: "preparation", "snapshot", "source-read", "target",
  /// "catalog", "post-backup" or "any" (the `stage` enum of knowledge/schema/knowledge.schema.yaml); empty
  /// when the entry does not say (overlays may omit it).
  std::string stage;
  KnowledgeOrigin origin;
};

/// A field report's case: symptoms (codes, events), causes and remedies.
struct CaseEntry {
  std::string id;
  LocalizedText title;
  LocalizedText summary;
  std::vector<std::uint32_t> codes;
  std::vector<std::string> events;  ///< "provider/id"
  std::vector<LocalizedText> causes;
  std::vector<LocalizedText> remedies;
  std::vector<std::string> references;
  KnowledgeOrigin origin;
};

/// How a code's 32 bits are laid out.
enum class CodeFamily {
  hresult,   ///< S R C N X facility(11) code(16); includes Win32 errors as 0x8007xxxx
  ntstatus,  ///< Sev(2) C R facility(12) code(16)
};

/// Structural decode of a 32-bit code (works for unknown codes too).
struct CodeStructure {
  std::uint32_t value = 0;
  CodeFamily family = CodeFamily::hresult;
  std::string severity;        ///< HRESULT: "success"/"failure"; NTSTATUS: "success"/"informational"/"warning"/"error"
  bool customer = false;       ///< bit 29: customer-defined (not Microsoft)
  std::uint32_t facility = 0;  ///< 11 bits (HRESULT) or 12 bits (NTSTATUS)
  std::string facility_name;   ///< e.g. "FACILITY_WIN32"; empty if unknown
  std::uint32_t code = 0;      ///< low 16 bits
  std::optional<std::uint32_t> win32;  ///< the Win32 error when facility is WIN32
};

/// A code as typed by a person or found in a log, normalised to 32 bits.
struct ParsedCode {
  std::uint32_t value = 0;
  std::string form;  ///< "hex", "decimal", "signed-decimal", "win32", "parameter-reference"
};

/// Who wrote a code's text: the one thing that changes how a bare number is read.
enum class CodeText {
  written_by_person,  ///< `explain`, knowledge and rule files: codes as documentation prints them
  logged_value,       ///< a value in an event: numbers as their type renders them
};

/// The one code parser of evtxdiag. Accepts "0x807800A1", "0x4C8", "0x00000000807800a1"
/// (HexInt64, zero- or sign-extended), "2155348129", "-2139619167", "%%2155348254",
/// "C000000E" and "807800a1" (8 hex digits without 0x). Written by a person, an all-digit string
/// of exactly 8 digits is hex (an HRESULT without 0x) and a value up to 0xFFFF is a Win32 error
/// ("1224" -> 0x800704C8, "%%1058" -> 0x80070422); in a logged value both are plain numbers
/// (decimal, unchanged) and bare hex needs exactly 8 digits. nullopt if the text is none of these.
[[nodiscard]] std::optional<ParsedCode> parse_code(std::string_view text,
                                                   CodeText source = CodeText::written_by_person);

/// Splits a 32-bit code into its fields. Values 0xC..., 0x4... are read as NTSTATUS,
/// others as HRESULT.
[[nodiscard]] CodeStructure decode_code(std::uint32_t value);

/// The answer to "what is this code?".
struct CodeExplanation {
  std::string input;
  ParsedCode parsed;
  CodeStructure structure;
  const CodeEntry* entry = nullptr;     ///< nullptr when the code is unknown
  std::vector<const CaseEntry*> cases;  ///< field-report cases citing the code
  bool known() const { return entry != nullptr || !cases.empty(); }
};

/// A knowledge file given as text (tests, embedding applications).
struct KnowledgeDocument {
  std::string path;  ///< relative path whose first folder selects the type: "events/x.yaml", "codes/...", "cases/..."
  std::string content;  ///< YAML
};

class KnowledgeBase {
 public:
  /// The compiled-in knowledge base (parsed once per process, then shared).
  /// Throws evtxdiag::Error(internal) if the embedded data is invalid (a build bug).
  [[nodiscard]] static KnowledgeBase builtin();

  /// The compiled-in base plus every *.yaml under events/, codes/, cases/ of each directory,
  /// in order; a later entry with the same (provider, id, version), code or case id replaces
  /// the earlier one. Throws evtxdiag::Error(io) for an unreadable directory and
  /// Error(invalid_input) listing every "file:line:column: problem" of invalid files.
  [[nodiscard]] static KnowledgeBase load(const std::vector<std::string>& overlay_dirs);

  /// Like load(), from in-memory documents; `with_builtin` = start from the compiled-in base.
  [[nodiscard]] static KnowledgeBase from_documents(const std::vector<KnowledgeDocument>& documents, bool with_builtin);

  /// Explains a code in any form parse_code() accepts; nullopt if the text is not a code.
  std::optional<CodeExplanation> explain_code(std::string_view text) const;
  /// The entry for a 32-bit code, or nullptr.
  const CodeEntry* find_code(std::uint32_t value) const;

  /// The provider known by this name or alias (case-insensitive), or nullptr.
  const ProviderDefinition* find_provider(std::string_view name) const;
  /// The event definition for (provider name or alias, id); with `version`, the entry of that
  /// version if one exists, else the unversioned/highest one. nullptr when unknown.
  const EventDefinition* find_event(std::string_view provider, std::uint32_t id,
                                    std::optional<std::uint8_t> version = std::nullopt) const;
  /// The definition for an event: by Provider/@Name, then EventSourceName, then GUID.
  const EventDefinition* find_event(const Event& event) const;

  /// The event's message rendered from the template in `language` (falls back to English),
  /// with %N replaced by the mapped EventData value (or the N-th unnamed value). A variant is
  /// used when the event carries its field names and not the current template's. A value
  /// "%%<decimal>" is replaced as resolve_parameter() says; a value the event does not carry
  /// by the label "value_not_logged" ("(not logged)"), never by a raw "%N". Empty when the
  /// event is unknown.
  std::string render_message(const Event& event, Language language) const;
  std::string render_message(const EventDefinition& definition, const Event& event, Language language) const;

  /// A value as Windows would show it: a parameter-message reference ("%%2155348249", the
  /// ErrorMessage of Backup 5) becomes that code's message in `language`, or the code in hex
  /// ("0x80780119") when the code is unknown; any other value is returned unchanged.
  std::string resolve_parameter(const std::string& value, Language language) const;

  /// True if the event's definition carries `role`.
  bool has_role(const Event& event, std::string_view role) const;
  /// The documented role vocabulary (knowledge/README.md "Roles"), in schema order.
  const std::vector<std::string>& role_names() const;
  /// Every event definition carrying `role`.
  std::vector<const EventDefinition*> events_with_role(std::string_view role) const;

  /// Field-report cases citing (provider, id).
  std::vector<const CaseEntry*> cases_for_event(std::string_view provider, std::uint32_t id) const;

  /// A fixed word or sentence of the reports (knowledge/labels/*.yaml: headings, labels,
  /// sentence patterns with "{name}" placeholders), or nullptr when the key is unknown.
  const LocalizedText* find_label(std::string_view key) const;
  /// Japanese terms that Microsoft's Japanese style writes with a half-width space
  /// ("ボリューム シャドウ コピー"); any other space between two Japanese characters is a defect.
  const std::vector<std::string>& japanese_spaced_terms() const;

  const std::vector<ProviderDefinition>& providers() const;
  const std::vector<EventDefinition>& events() const;
  const std::vector<CodeEntry>& codes() const;
  const std::vector<CaseEntry>& cases() const;

  struct Data;  ///< implementation detail

 private:
  explicit KnowledgeBase(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
