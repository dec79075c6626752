#pragma once
// The event model: everything evtxdiag knows about one event record, independent of the
// decoder that produced it (libevtx or evtxdiag's own binary-XML decoder).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "evtxdiag/export.hpp"
#include "evtxdiag/timestamp.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

struct EventShape;  // event_shape.hpp

/// The value types of binary-XML substitutions (MS-EVEN6; libyal's EVTX
/// format document), numbered as stored.
enum class ValueType : std::uint8_t {
  null = 0x00,
  string = 0x01,
  ansi_string = 0x02,
  int8 = 0x03,
  uint8 = 0x04,
  int16 = 0x05,
  uint16 = 0x06,
  int32 = 0x07,
  uint32 = 0x08,
  int64 = 0x09,
  uint64 = 0x0A,
  real32 = 0x0B,
  real64 = 0x0C,
  boolean = 0x0D,
  binary = 0x0E,
  guid = 0x0F,
  size_t_ = 0x10,
  filetime = 0x11,
  systemtime = 0x12,
  sid = 0x13,
  hex_int32 = 0x14,
  hex_int64 = 0x15,
};

/// The manifest name of a type, as scenarios and `dump` write it: "String", "AnsiString",
/// "Int8", "UInt8", ..., "UInt64", "Real32", "Real64", "Boolean", "Binary", "GUID", "SizeT",
/// "FILETIME", "SYSTEMTIME", "SID", "HexInt32", "HexInt64", "Null".
[[nodiscard]] const char* to_string(ValueType type) noexcept;

/// One value of the event's payload: every element text and every attribute below <Event>
/// except <System> (EventData, UserData, ProcessingErrorData, ...), in document order.
///
/// Names: EventData's <Data Name="x"> (and <ComplexData Name="x">) is "x"; an unnamed <Data>
/// is named after its position among the Data elements ("1", "2", ... as classic sources'
/// insertion strings %1, %2); any other element's text is named after the element (local
/// name), an attribute's value after the attribute. Namespace declarations (xmlns) are not
/// values. An element that holds only attributes gives one field per attribute and none for
/// its (empty) text; an empty element without attributes gives an empty value. EventData's
/// <Binary> goes to Event::binary_hex instead.
struct DataField {
  DataField() = default;
  DataField(std::string name_, std::string value_, std::optional<ValueType> type_ = std::nullopt,
            std::string path_ = {})
      : name(std::move(name_)), value(std::move(value_)), type(type_), path(std::move(path_)) {}

  std::string name;
  std::string value;  ///< the text exactly as logged: white space, line breaks and markup kept
  /// The binary-XML type of the value (a literal text of the template is a String; an
  /// element with several pieces of text is a String); nullopt when the decoder gives text
  /// only (libevtx).
  std::optional<ValueType> type;
  /// Where the value sits, from the element under <Event>: element names joined by "/", the
  /// k-th of same-named siblings marked "[k]" from the second on, an attribute as "@name":
  /// "EventData/Data[2]", "UserData/CertGetCertificateChain/AdditionalStore/Certificate[3]/@subjectName".
  std::string path;

  /// The text view: name and value. Type and path are compared apart (they depend on what the
  /// decoder knows: libevtx gives no types).
  friend bool operator==(const DataField& a, const DataField& b) { return a.name == b.name && a.value == b.value; }
};

/// Where a record came from in the file.
enum class RecordOrigin {
  live,       ///< a record of the file's live record list
  recovered,  ///< carved from chunk slack space (deleted or overwritten data)
};

/// Which decoder turned the record's binary XML into this event.
enum class DecoderKind {
  libevtx,  ///< libyal libevtx (the second decoder: records the built-in one cannot read, and the cross-check)
  builtin,  ///< evtxdiag's own binary-XML decoder (the default)
};

/// Where the event's human-readable message came from.
enum class MessageSource {
  none,       ///< no message available
  mta,        ///< LocaleMetaData/*.MTA beside the log: exactly what the customer's Event Viewer showed
  knowledge,  ///< a message template of evtxdiag's knowledge base, filled with the event's values
};

/// One decoded event record.
struct Event {
  // --- where it came from
  std::string source_file;  ///< path of the .evtx (or buffer name)
  RecordOrigin origin = RecordOrigin::live;
  DecoderKind decoder = DecoderKind::libevtx;
  std::uint64_t record_number = 0;  ///< record id from the record header
  std::int64_t file_offset = -1;    ///< byte offset of the record in the file, -1 if unknown
  /// The record's header (record id, written time) is intact but no decoder could read its
  /// payload (a template or name it uses was overwritten, the file ends inside it, its bytes
  /// are damaged): the event carries what could be recovered, at least record_number,
  /// written_time and time_created (= written_time when TimeCreated itself is lost).
  bool payload_lost = false;
  std::string payload_loss;  ///< when payload_lost: what was lost and why
  /// The record was read whole although its bytes are damaged (its size field or the size copy
  /// at its end is wrong; the other one and the next record gave its size): what was wrong.
  /// Empty for an undamaged record.
  std::string record_damage;

  // --- System element
  std::string provider_name;                ///< Provider/@Name
  std::string provider_guid;                ///< Provider/@Guid, braces and upper case as in the XML; may be empty
  std::string event_source_name;            ///< Provider/@EventSourceName; may be empty
  std::uint32_t event_id = 0;               ///< EventID (without qualifiers)
  std::optional<std::uint16_t> qualifiers;  ///< EventID/@Qualifiers (classic sources)
  std::uint8_t version = 0;
  std::uint8_t level = 0;  ///< 1 critical, 2 error, 3 warning, 4 information, 5 verbose
  std::uint16_t task = 0;
  std::uint8_t opcode = 0;
  std::uint64_t keywords = 0;
  Timestamp time_created;                   ///< TimeCreated/@SystemTime (UTC)
  Timestamp written_time;                   ///< record header written time (UTC)
  std::uint64_t event_record_id = 0;        ///< System/EventRecordID
  std::string activity_id;                  ///< Correlation/@ActivityID; may be empty
  std::string related_activity_id;          ///< Correlation/@RelatedActivityID; may be empty
  std::optional<std::uint32_t> process_id;  ///< Execution/@ProcessID
  std::optional<std::uint32_t> thread_id;   ///< Execution/@ThreadID
  std::string channel;
  std::string computer;
  std::string user_sid;  ///< Security/@UserID; may be empty

  // --- payload
  std::vector<DataField> data;  ///< every payload value and attribute, in document order (DataField)
  std::string binary_hex;       ///< EventData/Binary as upper-case hex; may be empty
  std::string xml;              ///< the event XML, only when ReadOptions::keep_xml
  /// Value types and payload structure (event_shape.hpp): set by scenario files and, with
  /// ReadOptions::keep_shape, by the built-in decoder; null when unknown. The writer uses it.
  std::shared_ptr<const EventShape> shape;

  // --- display information (filled by the MTA reader or the knowledge base)
  std::string message;
  MessageSource message_source = MessageSource::none;
  std::string level_name;
  std::string task_name;
  std::string opcode_name;
  std::vector<std::string> keyword_names;

  /// Text a ReadOptions::prepare hook made of this event on its decoding thread (`dump`: the
  /// output line); empty otherwise. Not part of what the log says.
  std::string rendered;

  /// The value of the first data field called `name`, or nullptr.
  const std::string* data_value(const std::string& name) const;
};

/// "live" / "recovered".
[[nodiscard]] const char* to_string(RecordOrigin origin) noexcept;
/// "libevtx" / "builtin".
[[nodiscard]] const char* to_string(DecoderKind decoder) noexcept;
/// "none" / "mta" / "knowledge".
[[nodiscard]] const char* to_string(MessageSource source) noexcept;

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
