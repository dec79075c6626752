#include "report/json_text.hpp"

#include "core/digits.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <string>

// The word tricks below read 8 bytes of text as one little-endian number.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#  error "report/json_text.cpp assumes a little-endian machine"
#endif

namespace evtxdiag::report {
namespace {

constexpr std::uint64_t kEveryByte(std::uint8_t byte) { return 0x0101010101010101ULL * byte; }

// Whether any of the 8 bytes of `word` is below `limit` (at most 0x80): exact as to whether
// there is one (a borrow only spreads into bytes above a byte that is below).
constexpr std::uint64_t any_below(std::uint64_t word, std::uint8_t limit) {
  return (word - kEveryByte(limit)) & ~word & kEveryByte(0x80);
}

// The bytes of `word` (8 bytes of text, little-endian) that need more than a copy: a control
// character, a quote, a backslash or a byte of a multi-byte UTF-8 sequence (which must be
// checked), each marked by its high bit. Bytes above a marked one may be marked wrongly; the
// lowest mark is always right.
constexpr std::uint64_t bytes_to_look_at(std::uint64_t word) {
  return (word & kEveryByte(0x80)) | any_below(word, 0x20) | any_below(word ^ kEveryByte('"'), 1) |
         any_below(word ^ kEveryByte('\\'), 1);
}

constexpr bool needs_a_look(std::uint64_t word) { return bytes_to_look_at(word) != 0; }

static_assert(!needs_a_look(0x4142434445464748ULL));
static_assert(needs_a_look(0x4142434445464722ULL) && needs_a_look(0x2242434445464748ULL));
static_assert(needs_a_look(0x41424344455C4748ULL) && needs_a_look(0x411F434445464748ULL));
static_assert(needs_a_look(0x4142434445464780ULL) && !needs_a_look(0x7F20212324255B5DULL));

// How many plain bytes come before the first marked one (`marks` not 0).
inline int plain_bytes_before(std::uint64_t marks) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(marks) / 8;
#else
  int bytes = 0;
  while (!(marks & 0x80)) marks >>= 8, ++bytes;
  return bytes;
#endif
}

bool plain_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

}  // namespace

void JsonText::grow(std::size_t size) {
  const std::size_t used = static_cast<std::size_t>(at_ - buffer_.get());
  const std::size_t capacity = static_cast<std::size_t>(end_ - buffer_.get());
  std::size_t wanted = capacity ? capacity * 2 : 4096;
  while (wanted - used < size) wanted *= 2;
  auto bigger = std::make_unique<char[]>(wanted);
  if (used) std::memcpy(bigger.get(), buffer_.get(), used);
  buffer_ = std::move(bigger);
  at_ = buffer_.get() + used;
  end_ = buffer_.get() + wanted;
}

void JsonText::string(std::string_view text) {
  make_room(6 * text.size() + 2);  // every byte a \u00xx at worst
  char* out = at_;
  *out++ = '"';
  const char* in = text.data();
  const char* const end = in + text.size();
  for (;;) {
    // Runs of plain ASCII 8 bytes at a time, up to the first byte that needs a look...
    bool found = false;
    while (end - in >= 8) {
      std::uint64_t word;
      std::memcpy(&word, in, 8);
      std::memcpy(out, in, 8);  // room: at least 6 bytes per byte left
      const std::uint64_t marks = bytes_to_look_at(word);
      if (marks == 0) {
        out += 8, in += 8;
        continue;
      }
      const int plain = plain_bytes_before(marks);
      out += plain, in += plain;
      found = true;
      break;
    }
    // ...or byte by byte in the last 7.
    if (!found) {
      while (in != end && plain_byte(*in)) *out++ = *in++;
      if (in == end) break;
    }
    const char c = *in;
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      char32_t code_point = 0;
      const std::size_t length = core::decode_utf8(text, static_cast<std::size_t>(in - text.data()), code_point);
      if (length == 0 || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        replaced_string(text);  // nothing of this string is kept: at_ has not moved
        return;
      }
      std::memcpy(out, in, length);
      out += length, in += length;
      continue;
    }
    ++in;
    *out++ = '\\';
    switch (c) {
      case '"': *out++ = '"'; break;
      case '\\': *out++ = '\\'; break;
      case '\b': *out++ = 'b'; break;
      case '\t': *out++ = 't'; break;
      case '\n': *out++ = 'n'; break;
      case '\f': *out++ = 'f'; break;
      case '\r': *out++ = 'r'; break;
      default: *out++ = 'u', *out++ = '0', *out++ = '0'; out = core::write_fixed_hex(out, byte, 2);
    }
  }
  *out++ = '"';
  at_ = out;
}

void JsonText::replaced_string(std::string_view text) {
  const std::string json =
      nlohmann::ordered_json(std::string(text)).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  raw(json.data(), json.size());
}

}  // namespace evtxdiag::report
