// The escaping of `dump --format xml` (core/xml_text.hpp): markup characters as entities,
// characters parsers would normalise as character references, characters XML 1.0 cannot carry
// as visible \uXXXX escapes that read back to exactly the text logged.
#include <doctest/doctest.h>

#include "core/xml_text.hpp"

using evtxdiag::core::append_xml_escaped;
using evtxdiag::core::is_xml_name;
using evtxdiag::core::unescape_xml_visible;

namespace {

std::string escaped(std::string_view text, bool attribute = false) {
  std::string out;
  append_xml_escaped(out, text, attribute);
  return out;
}

}  // namespace

TEST_CASE("markup characters become entities, quotes only in attributes") {
  CHECK(escaped("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; \"d\" 'e'");
  CHECK(escaped("a < b & \"d\"", true) == "a &lt; b &amp; &quot;d&quot;");
  CHECK(escaped("C:\\Windows\\System32 日本語") == "C:\\Windows\\System32 日本語");
}

TEST_CASE("line breaks survive a parser: CR in text, tab/LF/CR in attributes as references") {
  CHECK(escaped("one\r\ntwo\tthree") == "one&#13;\ntwo\tthree");
  CHECK(escaped("one\r\ntwo\tthree", true) == "one&#13;&#10;two&#9;three");
}

TEST_CASE("characters XML 1.0 cannot carry are written as \\uXXXX, and read back exactly") {
  const std::string control = std::string(
                                  "a\x03"
                                  "b") +
                              '\0' + "c\x1F";
  CHECK(escaped(control) == "a\\u0003b\\u0000c\\u001F");
  CHECK(escaped("\xEF\xBF\xBE\xEF\xBF\xBF") == "\\uFFFE\\uFFFF");  // U+FFFE, U+FFFF
  CHECK(escaped("\xED\xA0\x80") == "\\uD800");                     // an encoded lone surrogate
  // A literal backslash-u-hex in the text gets its backslash escaped, so nothing is ambiguous.
  CHECK(escaped("C:\\u0041dir \\user") == "C:\\u005Cu0041dir \\user");
  for (const std::string& text : {control, std::string("C:\\u0041dir \\user"), std::string("x\x01\\u005C")})
    CHECK(unescape_xml_visible(escaped(text)) == text);
}

TEST_CASE("bytes that are not UTF-8 become U+FFFD") {
  CHECK(escaped("bad \xff byte") == "bad \xEF\xBF\xBD byte");
  CHECK(escaped("cut \xE6\x97") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("XML names") {
  CHECK(is_xml_name("Event"));
  CHECK(is_xml_name("auto-ns2:Data_1.x"));
  CHECK(is_xml_name("名前"));
  CHECK_FALSE(is_xml_name(""));
  CHECK_FALSE(is_xml_name("1abc"));
  CHECK_FALSE(is_xml_name("a b"));
  CHECK_FALSE(is_xml_name("a<b"));
  CHECK_FALSE(is_xml_name("a\x01"));
}
