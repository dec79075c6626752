#include "knowledge/yaml_schema.hpp"

#include <cctype>
#include <set>

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::knowledge {

std::string Problem::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

Problem problem_at(const std::string& file, const YAML::Node& node, std::string message) {
  Problem problem{file, 0, 0, std::move(message)};
  const YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    problem.line = mark.line + 1;
    problem.column = mark.column + 1;
  }
  return problem;
}

namespace {

bool is_int(const std::string& text) {
  if (text.empty()) return false;
  std::size_t start = text[0] == '-' ? 1 : 0;
  if (start == text.size() || text.size() - start > 18) return false;
  for (std::size_t i = start; i < text.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

const char* describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "empty";
    case YAML::NodeType::Undefined: break;
  }
  return "undefined";
}

}  // namespace

bool parse_code_scalar(const std::string& text, unsigned long long& value) {
  const std::optional<ParsedCode> parsed = parse_code(text, CodeText::written_by_person);
  if (parsed) value = parsed->value;
  return parsed.has_value();
}

Schema Schema::parse(const std::string& text, const std::string& file) {
  Schema schema;
  schema.file_ = file;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::invalid_input, file + ": " + e.what());
  }
  schema.types_.reset(root["types"]);
  if (!schema.types_.IsMap() || !root["documents"].IsMap())
    throw Error(ErrorKind::invalid_input, file + ": needs 'types' and 'documents' mappings");
  for (const auto& entry : root["documents"]) {
    const std::string type = entry.second.as<std::string>();
    if (!schema.types_[type]) throw Error(ErrorKind::invalid_input, file + ": unknown document type " + type);
    schema.documents_[entry.first.as<std::string>()] = type;
  }
  return schema;
}

std::string Schema::document_type(const std::string& folder) const {
  const auto found = documents_.find(folder);
  return found == documents_.end() ? std::string() : found->second;
}

YAML::Node Schema::resolve(const YAML::Node& type_or_name) const {
  // YAML::Node assignment would overwrite the referenced schema node: rebind with reset().
  YAML::Node type;
  type.reset(type_or_name);
  // A key spec {type: NAME, required: ...} names a type; {kind: ...} is an inline type.
  for (int depth = 0; depth < 16; ++depth) {
    if (type.IsScalar()) {
      const std::string name = type.as<std::string>();
      if (name == "string" || name == "int" || name == "code" || name == "bool") return type;
      const YAML::Node named = types_[name];
      if (!named) throw Error(ErrorKind::internal, file_ + ": unknown type '" + name + "'");
      type.reset(named);
    } else if (type.IsMap() && type["type"]) {
      const YAML::Node inner = type["type"];
      type.reset(inner);
    } else {
      return type;
    }
  }
  throw Error(ErrorKind::internal, file_ + ": type references nest too deeply");
}

void Schema::validate(const YAML::Node& node, const std::string& type_name, const std::string& file,
                      std::vector<Problem>& problems) const {
  check(node, resolve(YAML::Node(type_name)), file, "document", problems);
}

std::vector<std::string> Schema::enum_values(const std::string& type_name) const {
  std::vector<std::string> values;
  const YAML::Node type = resolve(YAML::Node(type_name));
  if (type.IsMap() && type["values"])
    for (const auto& value : type["values"]) values.push_back(value.as<std::string>());
  return values;
}

void Schema::check(const YAML::Node& node, const YAML::Node& type, const std::string& file,
                   const std::string& where, std::vector<Problem>& problems) const {
  auto fail = [&](const std::string& message) { problems.push_back(problem_at(file, node, where + ": " + message)); };
  if (type.IsScalar()) {
    const std::string scalar = type.as<std::string>();
    if (!node.IsScalar()) return fail("expected " + scalar + ", found " + describe(node));
    const std::string text = node.Scalar();
    unsigned long long code = 0;
    if (scalar == "int" && !is_int(text)) fail("expected an integer, found '" + text + "'");
    if (scalar == "code" && !parse_code_scalar(text, code))
      fail("expected a 32-bit code (0x hex, decimal, or any form `explain` accepts), found '" + text + "'");
    if (scalar == "bool" && text != "true" && text != "false") fail("expected true or false, found '" + text + "'");
    return;
  }
  const std::string kind = type["kind"].as<std::string>();
  if (kind == "enum") {
    if (!node.IsScalar()) return fail(std::string("expected one of the allowed values, found ") + describe(node));
    for (const auto& value : type["values"])
      if (value.as<std::string>() == node.Scalar()) return;
    std::string allowed;
    for (const auto& value : type["values"]) allowed += (allowed.empty() ? "" : ", ") + value.as<std::string>();
    return fail("'" + node.Scalar() + "' is not one of: " + allowed);
  }
  if (kind == "list") {
    if (!node.IsSequence()) return fail(std::string("expected a list, found ") + describe(node));
    const YAML::Node items = resolve(type["items"]);
    for (std::size_t i = 0; i < node.size(); ++i)
      check(node[i], items, file, where + "[" + std::to_string(i) + "]", problems);
    return;
  }
  if (kind == "dict") {
    if (!node.IsMap()) return fail(std::string("expected a mapping, found ") + describe(node));
    const YAML::Node values = resolve(type["values"]);
    const bool int_keys = type["key"] && type["key"].as<std::string>() == "int";
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (int_keys && !is_int(key))
        problems.push_back(problem_at(file, entry.first, where + ": key '" + key + "' must be an integer"));
      if (!seen.insert(key).second)
        problems.push_back(problem_at(file, entry.first, where + ": duplicate key '" + key + "'"));
      check(entry.second, values, file, where + "." + key, problems);
    }
    return;
  }
  if (kind == "map") {
    if (!node.IsMap()) return fail(std::string("expected a mapping, found ") + describe(node));
    const YAML::Node keys = type["keys"];
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (!seen.insert(key).second) {
        problems.push_back(problem_at(file, entry.first, where + ": duplicate key '" + key + "'"));
        continue;
      }
      const YAML::Node spec = keys[key];
      if (!spec) {
        problems.push_back(problem_at(file, entry.first, where + ": unknown key '" + key + "'"));
        continue;
      }
      check(entry.second, resolve(spec), file, where + "." + key, problems);
    }
    for (const auto& spec : keys) {
      const std::string key = spec.first.as<std::string>();
      if (spec.second["required"] && spec.second["required"].as<bool>() && !seen.count(key))
        fail("missing required key '" + key + "'");
    }
    return;
  }
  throw Error(ErrorKind::internal, file_ + ": unknown kind '" + kind + "'");
}

}  // namespace evtxdiag::knowledge
