#pragma once
// Validation of knowledge YAML against knowledge/schema.yaml (a small type language, see the
// comment at the top of that file). Private to the knowledge module: yaml-cpp types stay here.
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace evtxdiag::knowledge {

/// One schema violation, with the 1-based position of the offending node.
struct Problem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  /// "file:line:column: message"
  std::string to_string() const;
};

/// A position for messages about a node (1-based line/column; 0 when yaml-cpp has none).
Problem problem_at(const std::string& file, const YAML::Node& node, std::string message);

/// Parsed knowledge/schema.yaml.
class Schema {
 public:
  /// Reads the schema document. Throws evtxdiag::Error(invalid_input) when the schema itself is malformed.
  static Schema parse(const std::string& text, const std::string& file);

  /// The document type for a top-level folder ("events" -> "events_document"), or "" if none.
  std::string document_type(const std::string& folder) const;

  /// Checks `node` against the named type and appends every violation to `problems`.
  void validate(const YAML::Node& node, const std::string& type_name, const std::string& file,
                std::vector<Problem>& problems) const;

  /// The values of an enum type (e.g. "role"), in schema order.
  std::vector<std::string> enum_values(const std::string& type_name) const;

 private:
  void check(const YAML::Node& node, const YAML::Node& type, const std::string& file, const std::string& where,
             std::vector<Problem>& problems) const;
  YAML::Node resolve(const YAML::Node& type_or_name) const;

  YAML::Node types_;
  std::map<std::string, std::string> documents_;
  std::string file_;
};

/// Parses a code written as int or "0x..." hex (schema type `code`). False if it is neither.
bool parse_code_scalar(const std::string& text, unsigned long long& value);

}  // namespace evtxdiag::knowledge
