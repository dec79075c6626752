#include "report/json_text.hpp"

#include "core/digits.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace evtxdiag::report {
namespace {

constexpr std::uint64_t kEveryByte(std::uint8_t byte) { return 0x0101010101010101ULL * byte; }

// Whether any of the 8 bytes of `word` is below `limit` (at most 0x80): exact as to whether
// there is one (a borrow only spreads into bytes above a byte that is below).
constexpr std::uint64_t any_below(std::uint64_t word, std::uint8_t limit) {
  return (word - kEveryByte(limit)) & ~word & kEveryByte(0x80);
}

// Whether any of 8 bytes needs more than a copy: a control character, a quote, a backslash or
// a byte of a multi-byte UTF-8 sequence (which must be checked).
constexpr bool needs_a_look(std::uint64_t word) {
  return ((word & kEveryByte(0x80)) | any_below(word, 0x20) | any_below(word ^ kEveryByte('"'), 1) |
          any_below(word ^ kEveryByte('\\'), 1)) != 0;
}

static_assert(!needs_a_look(0x4142434445464748ULL));
static_assert(needs_a_look(0x4142434445464722ULL) && needs_a_look(0x2242434445464748ULL));
static_assert(needs_a_look(0x41424344455C4748ULL) && needs_a_look(0x411F434445464748ULL));
static_assert(needs_a_look(0x4142434445464780ULL) && !needs_a_look(0x7F20212324255B5DULL));

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
  while (in != end) {
    if (end - in >= 8) {  // runs of plain ASCII: 8 bytes at a time
      std::uint64_t word;
      std::memcpy(&word, in, 8);
      if (!needs_a_look(word)) {
        std::memcpy(out, in, 8);
        out += 8, in += 8;
        continue;
      }
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
    if (byte >= 0x20 && c != '"' && c != '\\') {
      *out++ = c;
      continue;
    }
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
