// Code parsing in every form, structural decode, and explanations in both languages.
#include <doctest/doctest.h>

#include "evtxdiag/knowledge.hpp"

using namespace evtxdiag;

TEST_CASE("parse_code accepts every form a log or a person uses") {
  struct Case {
    const char* text;
    std::uint32_t value;
    const char* form;
  };
  for (const Case& c :
       {Case{"0x807800A1", 0x807800A1, "hex"}, Case{"807800a1", 0x807800A1, "hex"},
        Case{"0X807800a1", 0x807800A1, "hex"}, Case{"2155348129", 0x807800A1, "decimal"},
        Case{"-2139619167", 0x807800A1, "signed-decimal"}, Case{"1224", 0x800704C8, "win32"},
        Case{"0x4C8", 0x800704C8, "win32"}, Case{"0x800704C8", 0x800704C8, "hex"}, Case{"C000000E", 0xC000000E, "hex"},
        Case{"c000000e", 0xC000000E, "hex"}, Case{"%%2155348254", 0x8078011E, "parameter-reference"},
        Case{"%%1058", 0x80070422, "parameter-reference"}, Case{" 80070005 ", 0x80070005, "hex"},
        Case{"-2147483648", 0x80000000, "signed-decimal"}, Case{"4294967295", 0xFFFFFFFF, "decimal"}}) {
    CAPTURE(c.text);
    const auto parsed = parse_code(c.text);
    REQUIRE(parsed.has_value());
    CHECK(parsed->value == c.value);
    CHECK(parsed->form == c.form);
  }
  for (const char* bad :
       {"", "0x", "0x123456789", "4294967296", "-2147483649", "volsnap", "12g4", "%%", "%%12ab", "--1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_code(bad).has_value());
  }
}

TEST_CASE("decode_code splits HRESULT and NTSTATUS fields") {
  const CodeStructure wsb = decode_code(0x807800A1);
  CHECK(wsb.family == CodeFamily::hresult);
  CHECK(wsb.severity == "failure");
  CHECK(wsb.facility == 0x78);
  CHECK(wsb.code == 0xA1);
  CHECK_FALSE(wsb.customer);
  CHECK_FALSE(wsb.win32.has_value());

  const CodeStructure win32 = decode_code(0x800704C8);
  CHECK(win32.facility == 7);
  CHECK(win32.facility_name == "FACILITY_WIN32");
  REQUIRE(win32.win32.has_value());
  CHECK(*win32.win32 == 1224);

  const CodeStructure nt = decode_code(0xC000000E);
  CHECK(nt.family == CodeFamily::ntstatus);
  CHECK(nt.severity == "error");
  CHECK(nt.facility == 0);
  CHECK(nt.code == 0x0E);

  const CodeStructure customer = decode_code(0xE0001234);
  CHECK(customer.customer);
  CHECK(customer.severity == "error");
  CHECK(decode_code(0x40060021).severity == "informational");
}

TEST_CASE("explain_code: known codes carry causes, remedies and cases in English and Japanese") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const auto writer_timeout = knowledge.explain_code("0x800423f2");
  REQUIRE(writer_timeout);
  REQUIRE(writer_timeout->entry);
  CHECK(writer_timeout->entry->symbol == "VSS_E_WRITERERROR_TIMEOUT");
  CHECK(writer_timeout->entry->remedies.size() >= 1);
  CHECK(writer_timeout->entry->remedies[0].in(Language::ja).find("ディスク I/O") != std::string::npos);
  REQUIRE(writer_timeout->cases.size() == 1);
  CHECK(writer_timeout->cases[0]->id == "vss-writer-errors");

  // The bare Win32 number and the HRESULT form reach the same entry.
  const auto bare = knowledge.explain_code("1224");
  const auto wrapped = knowledge.explain_code("0x800704C8");
  REQUIRE(bare);
  REQUIRE(wrapped);
  CHECK(bare->entry == wrapped->entry);
  CHECK(bare->entry->symbol == "ERROR_USER_MAPPED_FILE");
  CHECK(bare->entry->message.in(Language::ja) ==
        "要求された操作はユーザー マップ セクションで開いたファイルでは実行できません。");

  // Japanese falls back to English where no Japanese text exists (an overlay entry without `ja`).
  const KnowledgeBase overlaid =
      KnowledgeBase::from_documents({{"codes/site.yaml",
                                      "schema: codes\ncodes:\n  - code: 0x8078FFF0\n    message: {en: English only}\n"
                                      "    source: s\n    certainty: likely\n    example: {input: '0x8078FFF0'}\n"}},
                                    true);
  const CodeEntry* english_only = overlaid.find_code(0x8078FFF0u);
  REQUIRE(english_only);
  CHECK(english_only->message.ja.empty());
  CHECK(english_only->message.in(Language::ja) == "English only");
}

TEST_CASE("explain_code: an unknown code is decoded but not known") {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const auto unknown = knowledge.explain_code("0x8078FFFF");
  REQUIRE(unknown);
  CHECK_FALSE(unknown->known());
  CHECK(unknown->entry == nullptr);
  CHECK(unknown->structure.facility == 0x78);
  CHECK_FALSE(knowledge.explain_code("not-a-code").has_value());
}

TEST_CASE("parse_code: a logged value is a number as its type renders it, not a person's shorthand") {
  // The same text, read by who wrote it: a person's "80780021" is the HRESULT from a KB article;
  // a UInt32 field's "80780021" is eighty million. A person's "1224" is a Win32 error; a logged
  // 1224 is just 1224 (a count or an id).
  CHECK(parse_code("80780021")->value == 0x80780021u);
  CHECK(parse_code("80780021", CodeText::logged_value)->value == 80780021u);
  CHECK(parse_code("1224")->value == 0x800704C8u);
  CHECK(parse_code("1224", CodeText::logged_value)->value == 1224u);
  CHECK(parse_code("%%1058", CodeText::logged_value)->value == 1058u);
  // Both readings agree on everything unambiguous, including a HexInt64's 16 digits.
  for (const CodeText source : {CodeText::written_by_person, CodeText::logged_value}) {
    CHECK(parse_code("0x00000000807800a1", source)->value == 0x807800A1u);
    CHECK(parse_code("0xFFFFFFFF807800A1", source)->value == 0x807800A1u);
    CHECK_FALSE(parse_code("0x00000001807800a1", source).has_value());
    CHECK(parse_code("C000000E", source)->value == 0xC000000Eu);
    CHECK(parse_code("2155348129", source)->value == 0x807800A1u);
  }
  // A short word of hex letters is never a code in a log.
  CHECK_FALSE(parse_code("add", CodeText::logged_value).has_value());
  CHECK_FALSE(parse_code("4C8", CodeText::logged_value).has_value());
}
