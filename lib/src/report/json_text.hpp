#pragma once
// A JSON text written straight into one raw buffer: the hot path of `dump --format jsonl`
// (one std::string append per piece cost ~17,000 instructions per event). Keys are literals of
// known length; strings are escaped exactly as nlohmann's serialiser escapes them with
// ensure_ascii off and error_handler_t::replace (the JSON of to_json(...).dump() in
// event_output.cpp, which the direct writer must match byte for byte).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

namespace evtxdiag::report {

class JsonText {
 public:
  /// Empties the text, keeping the buffer (one buffer serves every event of a thread).
  void clear() { at_ = buffer_.get(); }
  [[nodiscard]] std::string_view view() const { return {buffer_.get(), static_cast<std::size_t>(at_ - buffer_.get())}; }

  /// Text copied as it is (keys, punctuation, names of enums).
  void raw(const char* text, std::size_t size) {
    make_room(size);
    std::memcpy(at_, text, size);
    at_ += size;
  }
  template <std::size_t N>
  void literal(const char (&text)[N]) {
    raw(text, N - 1);
  }
  void raw(char c) {
    make_room(1);
    *at_++ = c;
  }

  /// Text that needs no escaping (digits, times), quoted.
  void quoted(const char* text, std::size_t size) {
    make_room(size + 2);
    *at_++ = '"';
    std::memcpy(at_, text, size);
    at_ += size;
    *at_++ = '"';
  }

  /// `text` as a quoted JSON string: quote, backslash, \b \t \n \f \r by name, other control
  /// characters as \u00xx (lower case), well-formed UTF-8 as it is. Text that is not
  /// well-formed UTF-8 (RFC 3629, no encoded surrogates) goes through nlohmann itself, for its
  /// U+FFFD replacement.
  void string(std::string_view text);

  template <typename Integer>
  void number(Integer value) {
    make_room(24);  // any 64-bit integer
    at_ = std::to_chars(at_, at_ + 24, value).ptr;
  }

  /// The number, or null when there is none.
  template <typename Integer>
  void number_or_null(const std::optional<Integer>& value) {
    if (value)
      number(*value);
    else
      literal("null");
  }

 private:
  void make_room(std::size_t size) {
    if (static_cast<std::size_t>(end_ - at_) < size) grow(size);
  }
  void grow(std::size_t size);
  // The nlohmann path of string() for text that is not well-formed UTF-8.
  void replaced_string(std::string_view text);

  std::unique_ptr<char[]> buffer_;
  char* at_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace evtxdiag::report
