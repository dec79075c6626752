// The one schema checker (lib/src/schema/): each keyword of the subset changes the outcome,
// scalars are typed as YAML 1.2 reads them, problems carry line and column, and a schema using
// a keyword outside the subset is refused instead of silently ignored.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "evtxdiag/error.hpp"
#include "schema/json_schema.hpp"

using namespace evtxdiag;
using schema::JsonSchema;

namespace {

std::vector<std::string> problems(const JsonSchema& s, const std::string& yaml) {
  std::vector<schema::Problem> found;
  s.validate(YAML::Load(yaml), "doc.yaml", found);
  std::vector<std::string> out;
  for (const auto& p : found) out.push_back(p.to_string());
  return out;
}

const char* const kSchema = R"(
type: object
additionalProperties: false
required: [id, kind]
properties:
  id: {type: integer, minimum: 0, maximum: 65535}
  kind: {$ref: "#/$defs/kind"}
  code: {type: [integer, string], format: evtxdiag-code}
  name: {type: string, pattern: "^[A-Z]", minLength: 2}
  tags: {type: array, minItems: 1, uniqueItems: true, items: {type: string}}
  data: {type: object, propertyNames: {pattern: "^[0-9]+$"}, additionalProperties: {type: string}}
  value: {oneOf: [{type: integer}, {type: object, required: [type], properties: {type: {const: GUID}}}]}
if: {required: [kind], properties: {kind: {const: service}}}
then: {required: [name]}
$defs:
  kind: {enum: [service, disk]}
)";

}  // namespace

TEST_CASE("json_type reads scalars as YAML 1.2 does") {
  auto type = [](const std::string& yaml) { return schema::json_type(YAML::Load("v: " + yaml)["v"]); };
  CHECK(type("7") == "integer");
  CHECK(type("-7") == "integer");
  CHECK(type("0x807800A1") == "integer");
  CHECK(type("1.5") == "number");
  CHECK(type("true") == "boolean");
  CHECK(type("~") == "null");
  CHECK(type("") == "null");
  CHECK(type("'7'") == "string");
  CHECK(type("\"true\"") == "string");
  CHECK(type("yes") == "string");  // YAML 1.1's boolean, a plain word in 1.2
  CHECK(type("!!str 7") == "string");
  CHECK(type("[1]") == "array");
  CHECK(type("{a: 1}") == "object");
}

TEST_CASE("every keyword of the subset is enforced, with file:line:column") {
  const JsonSchema s = JsonSchema::parse(kSchema, "test.schema.yaml");
  CHECK(problems(s, "id: 7\nkind: disk\n").empty());
  CHECK(problems(s, "id: 7\nkind: disk\ncolour: red\n") ==
        std::vector<std::string>{
            "doc.yaml:3:1: document: unknown key 'colour' (allowed here: code, data, id, kind, name, tags, value)"});
  CHECK(problems(s, "kind: disk\n") == std::vector<std::string>{"doc.yaml:1:1: document: missing required key 'id'"});
  CHECK(problems(s, "id: '7'\nkind: disk\n") ==
        std::vector<std::string>{"doc.yaml:1:5: document.id: expected an integer, found '7'"});
  CHECK(problems(s, "id: 70000\nkind: disk\n") ==
        std::vector<std::string>{"doc.yaml:1:5: document.id: 70000 is above the maximum 65535"});
  CHECK(problems(s, "id: 1\nkind: tape\n") ==
        std::vector<std::string>{"doc.yaml:2:7: document.kind: 'tape' is not one of: service, disk"});
  CHECK(problems(s, "id: 1\nkind: disk\ncode: 0x807800A1\n").empty());
  CHECK(problems(s, "id: 1\nkind: disk\ncode: '80780021'\n").empty());
  CHECK(problems(s, "id: 1\nkind: disk\ncode: banana\n").at(0).find("document.code: expected a 32-bit code") !=
        std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\nname: vss\n").at(0).find("does not match ^[A-Z]") != std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\nname: V\n").at(0).find("at least 2 characters") != std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\ntags: []\n").at(0).find("at least 1 items") != std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\ntags: [a, a]\n").at(0).find("duplicate item 'a'") != std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\ntags: [a, 3]\n") ==
        std::vector<std::string>{"doc.yaml:3:11: document.tags[1]: expected a string, found '3'"});
  CHECK(problems(s, "id: 1\nkind: disk\ndata: {1: x, name: y}\n").at(0).find("key 'name' is not allowed") !=
        std::string::npos);
  CHECK(problems(s, "id: 1\nkind: disk\nid: 2\n").at(0).find("duplicate key 'id'") != std::string::npos);
}

TEST_CASE("oneOf reports the closest form; if/then applies only when the condition holds") {
  const JsonSchema s = JsonSchema::parse(kSchema, "test.schema.yaml");
  CHECK(problems(s, "id: 1\nkind: disk\nvalue: 5\n").empty());
  CHECK(problems(s, "id: 1\nkind: disk\nvalue: {type: GUID}\n").empty());
  CHECK(problems(s, "id: 1\nkind: disk\nvalue: {type: SID}\n") ==
        std::vector<std::string>{"doc.yaml:3:15: document.value.type: expected 'GUID', found 'SID'"});
  CHECK(problems(s, "id: 1\nkind: service\n") ==
        std::vector<std::string>{"doc.yaml:1:1: document: missing required key 'name'"});
  CHECK(problems(s, "id: 1\nkind: service\nname: VSS\n").empty());
}

TEST_CASE("a schema outside the subset, or with a dangling reference, is refused") {
  CHECK_THROWS_AS(JsonSchema::parse("type: object\ndependentRequired: {a: [b]}\n", "s"), Error);
  CHECK_THROWS_AS(JsonSchema::parse("not: {type: string}\n", "s"), Error);
  CHECK_THROWS_AS(JsonSchema::parse("type: object\npatternProperties: {'[': {type: string}}\n", "s"), Error);
  CHECK_THROWS_AS(JsonSchema::parse("$ref: '#/$defs/missing'\n", "s"), Error);
  CHECK_THROWS_AS(JsonSchema::parse("type: text\n", "s"), Error);
  CHECK_THROWS_AS(JsonSchema::parse("type: string\nformat: date-time\n", "s"), Error);
  CHECK_NOTHROW(JsonSchema::parse("type: string\ndescription: d\nx-note: annotations pass\n", "s"));
}

TEST_CASE("additionalProperties applies to every key of a mapping without properties, flow style too") {
  const JsonSchema s = JsonSchema::parse("type: object\nadditionalProperties: {type: string}\n", "s");
  CHECK(problems(s, "{1: DriveName, 3: Volume}").empty());
  CHECK(problems(s, "{1: DriveName, 3: 3}") ==
        std::vector<std::string>{"doc.yaml:1:19: document.3: expected a string, found '3'"});
}

TEST_CASE("patternProperties, minProperties and maxProperties: keys by pattern, mappings by size") {
  const JsonSchema s = JsonSchema::parse(R"(
type: object
properties: {"#text": {type: string}}
patternProperties:
  "^@": {type: string}
  "^[^@#]": {type: integer}
additionalProperties: false
minProperties: 1
maxProperties: 3
)",
                                         "s");
  CHECK(problems(s, "{'@a': x, b: 1, '#text': t}").empty());
  CHECK(problems(s, "{'@a': 1}") ==
        std::vector<std::string>{"doc.yaml:1:8: document.@a: expected a string, found '1'"});
  CHECK(problems(s, "{b: x}") == std::vector<std::string>{"doc.yaml:1:5: document.b: expected an integer, found 'x'"});
  CHECK(problems(s, "{'#other': x}") ==
        std::vector<std::string>{"doc.yaml:1:2: document: unknown key '#other' (allowed here: #text, keys matching ^@, "
                                 "keys matching ^[^@#])"});
  CHECK(problems(s, "{}") == std::vector<std::string>{"doc.yaml:1:1: document: expected at least 1 keys, found 0"});
  CHECK(problems(s, "{a: 1, b: 2, c: 3, d: 4}") ==
        std::vector<std::string>{"doc.yaml:1:1: document: expected at most 3 keys, found 4"});
}

TEST_CASE("maxItems and contains bound a list and ask for one item of a kind") {
  const JsonSchema s = JsonSchema::parse(R"(
type: object
properties:
  range: {type: array, minItems: 2, maxItems: 2, items: {type: number}}
  roles: {type: array, contains: {const: end}}
  stages: {type: array, contains: {type: object, required: [id], properties: {id: {const: any}}}}
)",
                                         "s");
  CHECK(problems(s, "{range: [1, 2], roles: [warning, end], stages: [{id: a}, {id: any}]}").empty());
  CHECK(problems(s, "{range: [1, 2, 3]}") ==
        std::vector<std::string>{"doc.yaml:1:9: document.range: expected at most 2 items, found 3"});
  CHECK(problems(s, "{roles: [warning, failure]}") ==
        std::vector<std::string>{"doc.yaml:1:9: document.roles: no item is 'end'"});
  CHECK(problems(s, "{stages: [{id: a}]}") ==
        std::vector<std::string>{"doc.yaml:1:10: document.stages: no item is {id: 'any'}"});
}

TEST_CASE("enum and const compare null and booleans as values, not spellings") {
  const JsonSchema s = JsonSchema::parse("enum: [null, 'Null', true]\n", "s");
  CHECK(problems(s, "~").empty());
  CHECK(problems(s, "Null").empty());  // plain: YAML's null
  CHECK(problems(s, "'Null'").empty());
  CHECK(problems(s, "True").empty());
  CHECK(problems(s, "false").size() == 1);
  CHECK(problems(s, "'true'").size() == 1);  // quoted: a string
}

TEST_CASE("x-expected says in words what belongs there; a problem carries its key path") {
  const JsonSchema s = JsonSchema::parse(R"(
type: object
properties:
  time: {type: string, pattern: "^\\d{4}-", x-expected: "an ISO time"}
  name: {type: string, pattern: "^[A-Z]"}
  value:
    x-expected: "text or {type: T}"
    oneOf: [{type: string}, {type: object, required: [type]}]
)",
                                         "s");
  CHECK(problems(s, "time: noon") ==
        std::vector<std::string>{"doc.yaml:1:7: document.time: expected an ISO time, found 'noon'"});
  CHECK(problems(s, "time: [1]") ==
        std::vector<std::string>{"doc.yaml:1:7: document.time: expected an ISO time, found a list"});
  CHECK(problems(s, "value: [1]") ==
        std::vector<std::string>{"doc.yaml:1:8: document.value: expected text or {type: T}, found a list"});
  // A value of a type one form has: that form's own problem.
  CHECK(problems(s, "value: {}") ==
        std::vector<std::string>{"doc.yaml:1:8: document.value: missing required key 'type'"});
  CHECK(problems(s, "name: vss") ==
        std::vector<std::string>{"doc.yaml:1:7: document.name: 'vss' does not match ^[A-Z]"});
  std::vector<schema::Problem> found;
  s.validate(YAML::Load("{name: vss}"), "doc.yaml", found, "rules[3]");
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == "rules[3].name");
}

TEST_CASE("oneOf prefers the alternative whose type fits, through references and nested oneOf") {
  const JsonSchema s = JsonSchema::parse(R"(
$defs:
  scalar_or_list: {oneOf: [{type: string}, {type: array, items: {type: string}}]}
additionalProperties:
  oneOf:
    - {$ref: "#/$defs/scalar_or_list"}
    - {type: object, additionalProperties: false, required: [contains], properties: {contains: {type: string}}}
)",
                                         "s");
  CHECK(problems(s, "{a: x, b: [x], c: {contains: x}}").empty());
  // The mapping was meant as {contains: ...}: its problems, not "expected a string".
  CHECK(problems(s, "{c: {has: x}}") ==
        std::vector<std::string>{"doc.yaml:1:6: document.c: unknown key 'has' (allowed here: contains)",
                                 "doc.yaml:1:5: document.c: missing required key 'contains'"});
}
