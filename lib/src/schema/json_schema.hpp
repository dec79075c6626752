#pragma once
// The one schema language of evtxdiag's YAML (knowledge, rules, scenarios): JSON Schema
// (draft 2020-12) written in YAML, checked here against yaml-cpp documents so that every
// problem names file:line:column. The same schema files validate the same documents with any
// standard JSON Schema tool (tests/scripts/test_schemas_jsonschema.py cross-checks them with
// python3-jsonschema).
//
// The subset implemented, and refused when a schema uses anything else so that no keyword is
// silently ignored: $ref (to "#" or "#/$defs/NAME"), type, enum, const, pattern, minimum,
// maximum, minLength, properties, required, additionalProperties, propertyNames, items,
// minItems, uniqueItems, oneOf, anyOf, allOf, if/then/else, and format "evtxdiag-code" (a
// 32-bit code in any form `evtxdiag explain` accepts). Annotations ($schema, $id, $comment,
// title, description, default, examples, and keys starting with "x-") are read and ignored.
//
// Scalars get their JSON type by the YAML 1.2 core schema, as a YAML-to-JSON converter would:
// a quoted scalar is a string; a plain one is null, a boolean, an integer (decimal, 0x hex,
// 0o octal), a number, or else a string. Private to the library: yaml-cpp types stay inside.
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace evtxdiag::schema {

/// One violation, with the 1-based position of the offending node (0 when unknown).
struct Problem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  /// "file:line:column: message"
  std::string to_string() const;
};

/// A problem located at `node`.
Problem problem_at(const std::string& file, const YAML::Node& node, std::string message);

/// The JSON type of a YAML node: "object", "array", "string", "integer", "number", "boolean"
/// or "null".
std::string json_type(const YAML::Node& node);

class JsonSchema {
 public:
  /// Parses a schema written in YAML. Throws Error(internal) when the schema is malformed or
  /// uses a keyword outside the subset (schemas ship with the program: that is a bug).
  static JsonSchema parse(const std::string& text, const std::string& file);

  /// Checks `document` against the root schema, appending every violation. `where` names the
  /// document in messages ("document.events[0].id: ...").
  void validate(const YAML::Node& document, const std::string& file, std::vector<Problem>& problems,
                const std::string& where = "document") const;
  /// The same against the definition "#/$defs/NAME".
  void validate_definition(const YAML::Node& node, const std::string& name, const std::string& file,
                           std::vector<Problem>& problems, const std::string& where) const;

  /// Whether "#/$defs/NAME" exists.
  bool has_definition(const std::string& name) const;
  /// The values of the `enum` of definition NAME, in schema order (empty if it has none).
  std::vector<std::string> enum_values(const std::string& name) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

/// The ANSI-free message for a node that is not the expected kind: "a mapping", "a list",
/// "'text'", "empty".
std::string describe(const YAML::Node& node);

}  // namespace evtxdiag::schema
