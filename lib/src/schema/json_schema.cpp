#include "schema/json_schema.hpp"

#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::schema {
namespace {

const std::set<std::string>& annotation_keywords() {
  static const std::set<std::string> words{"$schema", "$id", "$comment", "title", "description", "default", "examples"};
  return words;
}

const std::set<std::string>& assertion_keywords() {
  static const std::set<std::string> words{"$ref",
                                           "$defs",
                                           "type",
                                           "enum",
                                           "const",
                                           "pattern",
                                           "minimum",
                                           "maximum",
                                           "minLength",
                                           "properties",
                                           "required",
                                           "patternProperties",
                                           "additionalProperties",
                                           "propertyNames",
                                           "minProperties",
                                           "maxProperties",
                                           "items",
                                           "minItems",
                                           "maxItems",
                                           "uniqueItems",
                                           "contains",
                                           "oneOf",
                                           "anyOf",
                                           "allOf",
                                           "if",
                                           "then",
                                           "else",
                                           "format"};
  return words;
}

const std::set<std::string>& type_names() {
  static const std::set<std::string> names{"object", "array", "string", "integer", "number", "boolean", "null"};
  return names;
}

bool matches(const std::string& text, const std::regex& pattern) { return std::regex_search(text, pattern); }

const std::regex& integer_syntax() {
  static const std::regex re("^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^0o[0-7]+$");
  return re;
}
const std::regex& float_syntax() {
  static const std::regex re(
      R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$)");
  return re;
}

bool plain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

// The numeric value of an integer or number scalar (json_type already said which).
long double numeric_value(const std::string& text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
    return static_cast<long double>(std::strtoull(text.c_str() + 2, nullptr, text[1] == 'x' ? 16 : 8));
  return std::strtold(text.c_str(), nullptr);
}

std::string type_words(const std::vector<std::string>& types) {
  static const std::map<std::string, std::string> words{
      {"object", "a mapping"}, {"array", "a list"},          {"string", "a string"}, {"integer", "an integer"},
      {"number", "a number"},  {"boolean", "true or false"}, {"null", "nothing"}};
  std::string out;
  for (const std::string& type : types) out += (out.empty() ? "" : " or ") + words.at(type);
  return out;
}

// Equality of a document node and an enum/const value from the schema, as JSON values.
bool same_value(const YAML::Node& node, const YAML::Node& value) {
  const std::string a = json_type(node), b = json_type(value);
  if (a == "null" || b == "null") return a == b;  // "~", "null", "Null" and nothing are one value
  if (!node.IsScalar() || !value.IsScalar()) return false;
  const bool numbers = (a == "integer" || a == "number") && (b == "integer" || b == "number");
  if (numbers) return numeric_value(node.Scalar()) == numeric_value(value.Scalar());
  if (a != b) return false;
  if (a == "boolean")
    return (node.Scalar()[0] == 't' || node.Scalar()[0] == 'T') ==
           (value.Scalar()[0] == 't' || value.Scalar()[0] == 'T');
  return node.Scalar() == value.Scalar();
}

// "unknown key 'colour' (allowed here: a, b)" when the allowed names are an enum.
std::string unknown_key(const std::string& key, const YAML::Node& names) {
  const YAML::Node allowed = names.IsMap() ? names["enum"] : YAML::Node();
  if (!allowed) return "key '" + key + "' is not allowed";
  std::string list;
  for (const auto& name : allowed) list += (list.empty() ? "" : ", ") + name.Scalar();
  return "unknown key '" + key + "' (allowed here: " + list + ")";
}

// The keys an object schema names: "a, b, c" (sorted), then its key patterns.
std::string known_keys(const YAML::Node& properties, const YAML::Node& pattern_properties) {
  std::set<std::string> names;
  if (properties)
    for (const auto& property : properties) names.insert(property.first.Scalar());
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  if (pattern_properties)
    for (const auto& pattern : pattern_properties)
      list += (list.empty() ? "keys matching " : ", keys matching ") + pattern.first.Scalar();
  return list.empty() ? "none" : list;
}

// What a `contains` schema asks for, in words: "'end'", "id: 'any'", else its form.
std::string describe_contains(const YAML::Node& s) {
  if (!s.IsMap()) return "allowed";
  if (const YAML::Node value = s["const"]) return "'" + value.Scalar() + "'";
  std::string wanted;
  if (const YAML::Node properties = s["properties"])
    for (const auto& property : properties)
      if (property.second.IsMap() && property.second["const"])
        wanted +=
            (wanted.empty() ? "" : ", ") + property.first.Scalar() + ": '" + property.second["const"].Scalar() + "'";
  return wanted.empty() ? "of the required form" : "{" + wanted + "}";
}

}  // namespace

std::string Problem::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

Problem problem_at(const std::string& file, const YAML::Node& node, std::string message) {
  Problem problem{file, 0, 0, std::move(message), ""};
  const YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    problem.line = mark.line + 1;
    problem.column = mark.column + 1;
  }
  return problem;
}

Problem problem_at(const std::string& file, const YAML::Node& node, const std::string& path,
                   const std::string& reason) {
  Problem problem = problem_at(file, node, path + ": " + reason);
  problem.path = path;
  return problem;
}

std::string json_type(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "object";
    case YAML::NodeType::Sequence: return "array";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return "null";
    case YAML::NodeType::Scalar: break;
  }
  if (!plain(node)) return "string";  // quoted, or tagged !!str
  const std::string& text = node.Scalar();
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return "null";
  if (text == "true" || text == "True" || text == "TRUE" || text == "false" || text == "False" || text == "FALSE")
    return "boolean";
  if (matches(text, integer_syntax())) return "integer";
  if (matches(text, float_syntax())) return "number";
  return "string";
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

namespace {

// "expected <x-expected>, found <node>": the schema's own words for what belongs here.
std::string expected(const YAML::Node& s, const YAML::Node& node) {
  return "expected " + s["x-expected"].Scalar() + ", found " + describe(node);
}

}  // namespace

struct JsonSchema::Impl {
  std::string file;
  YAML::Node root;
  std::map<std::string, std::regex> patterns;  // compiled once at parse time

  [[noreturn]] void bad(const std::string& where, const std::string& why) const {
    throw Error(ErrorKind::internal, file + ": schema " + where + ": " + why);
  }

  YAML::Node resolve(const std::string& ref) const {
    YAML::Node target;
    if (ref == "#") {
      target.reset(root);
      return target;
    }
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) bad(ref, "only references to \"#\" and \"#/$defs/NAME\" are supported");
    const YAML::Node defs = root["$defs"];
    if (!defs || !defs.IsMap() || !defs[ref.substr(prefix.size())]) bad(ref, "no such definition");
    const YAML::Node found = defs[ref.substr(prefix.size())];
    target.reset(found);
    return target;
  }

  void compile(const std::string& pattern, const std::string& where) {
    try {
      patterns.emplace(pattern, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error& e) {
      bad(where, std::string("bad pattern '") + pattern + "': " + e.what());
    }
  }

  // Refuses keywords outside the subset and compiles patterns, so validation never meets a
  // schema it does not understand.
  void check_schema(const YAML::Node& s, const std::string& where) {
    if (s.IsScalar() && (s.Scalar() == "true" || s.Scalar() == "false")) return;
    if (!s.IsMap()) bad(where, "a schema must be a mapping or true/false");
    for (const auto& entry : s) {
      const std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      const std::string at = where + "/" + key;
      if (annotation_keywords().count(key) || key.rfind("x-", 0) == 0) continue;
      if (!assertion_keywords().count(key)) bad(at, "keyword outside the supported subset");
      if (key == "$ref") resolve(value.Scalar());
      if (key == "type") {
        std::vector<std::string> types;
        if (value.IsSequence())
          for (const auto& type : value) types.push_back(type.Scalar());
        else
          types.push_back(value.Scalar());
        for (const std::string& type : types)
          if (!type_names().count(type)) bad(at, "unknown type '" + type + "'");
      }
      if (key == "pattern") compile(value.Scalar(), at);
      if (key == "format" && value.Scalar() != "evtxdiag-code") bad(at, "unknown format '" + value.Scalar() + "'");
      if (key == "$defs" || key == "properties" || key == "patternProperties")
        for (const auto& sub : value) check_schema(sub.second, at + "/" + sub.first.Scalar());
      if (key == "patternProperties")
        for (const auto& sub : value) compile(sub.first.Scalar(), at);
      if (key == "additionalProperties" || key == "propertyNames" || key == "items" || key == "contains" ||
          key == "if" || key == "then" || key == "else")
        check_schema(value, at);
      if (key == "oneOf" || key == "anyOf" || key == "allOf") {
        if (!value.IsSequence() || value.size() == 0) bad(at, "needs a non-empty list");
        for (std::size_t i = 0; i < value.size(); ++i) check_schema(value[i], at + "/" + std::to_string(i));
      }
    }
  }

  // Checks `node` against schema `s`; appends problems when `problems` is set. Returns validity.
  bool check(const YAML::Node& node, const YAML::Node& s, const std::string& file_name, const std::string& where,
             std::vector<Problem>* problems) const {
    bool valid = true;
    auto fail = [&](const YAML::Node& at, const std::string& message) {
      valid = false;
      if (problems) problems->push_back(problem_at(file_name, at, where, message));
    };
    if (s.IsScalar()) {
      if (s.Scalar() == "false") fail(node, "not allowed here");
      return valid;
    }
    if (const YAML::Node ref = s["$ref"])
      valid = check(node, resolve(ref.Scalar()), file_name, where, problems) && valid;

    const std::string type = json_type(node);
    if (const YAML::Node types = s["type"]) {
      std::vector<std::string> allowed;
      if (types.IsSequence())
        for (const auto& t : types) allowed.push_back(t.Scalar());
      else
        allowed.push_back(types.Scalar());
      bool ok = false;
      for (const std::string& t : allowed) ok = ok || t == type || (t == "number" && type == "integer");
      if (!ok) {
        fail(node,
             s["x-expected"] ? expected(s, node) : "expected " + type_words(allowed) + ", found " + describe(node));
        return false;  // the other keywords would only repeat it
      }
    }
    if (const YAML::Node values = s["enum"]) {
      bool ok = false;
      std::string list;
      for (const auto& value : values) {
        ok = ok || same_value(node, value);
        list += (list.empty() ? "" : ", ") + value.Scalar();
      }
      if (!ok) fail(node, (node.IsScalar() ? "'" + node.Scalar() + "'" : describe(node)) + " is not one of: " + list);
    }
    if (const YAML::Node value = s["const"]; value && !same_value(node, value))
      fail(node, "expected '" + value.Scalar() + "', found " + describe(node));
    if (type == "string") {
      if (const YAML::Node pattern = s["pattern"]; pattern && !matches(node.Scalar(), patterns.at(pattern.Scalar())))
        fail(node, s["x-expected"] ? expected(s, node) : describe(node) + " does not match " + pattern.Scalar());
      if (const YAML::Node min = s["minLength"]; min && node.Scalar().size() < min.as<std::size_t>())
        fail(node, "expected at least " + min.Scalar() + " characters");
    }
    if (type == "integer" || type == "number") {
      const long double number = numeric_value(node.Scalar());
      if (const YAML::Node min = s["minimum"]; min && number < numeric_value(min.Scalar()))
        fail(node, node.Scalar() + " is below the minimum " + min.Scalar());
      if (const YAML::Node max = s["maximum"]; max && number > numeric_value(max.Scalar()))
        fail(node, node.Scalar() + " is above the maximum " + max.Scalar());
    }
    if (const YAML::Node format = s["format"];
        format && (type == "string" || type == "integer") && !parse_code(node.Scalar(), CodeText::written_by_person))
      fail(node,
           "expected a 32-bit code (0x hex, decimal, or any form `explain` accepts), found '" + node.Scalar() + "'");
    if (type == "object") valid = check_object(node, s, file_name, where, problems) && valid;
    if (type == "array") valid = check_array(node, s, file_name, where, problems) && valid;
    if (const YAML::Node all = s["allOf"])
      for (const auto& sub : all) valid = check(node, sub, file_name, where, problems) && valid;
    if (s["anyOf"] || s["oneOf"]) valid = check_alternatives(node, s, file_name, where, problems) && valid;
    if (const YAML::Node condition = s["if"]) {
      const bool holds = check(node, condition, file_name, where, nullptr);
      if (const YAML::Node branch = s[holds ? "then" : "else"])
        valid = check(node, branch, file_name, where, problems) && valid;
    }
    return valid;
  }

  bool check_object(const YAML::Node& node, const YAML::Node& s, const std::string& file_name, const std::string& where,
                    std::vector<Problem>* problems) const {
    bool valid = true;
    auto fail = [&](const YAML::Node& at, const std::string& message) {
      valid = false;
      if (problems) problems->push_back(problem_at(file_name, at, where, message));
    };
    const YAML::Node properties = s["properties"];
    const YAML::Node pattern_properties = s["patternProperties"];
    const YAML::Node additional = s["additionalProperties"];
    const YAML::Node names = s["propertyNames"];
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (!seen.insert(key).second) {
        fail(entry.first, "duplicate key '" + key + "'");
        continue;
      }
      if (names && !check(entry.first, names, file_name, where, nullptr)) fail(entry.first, unknown_key(key, names));
      const std::string at = where + "." + key;
      bool matched = false;
      // (YAML::Node() would be a defined null node: test the lookup itself.)
      if (properties && properties[key]) {
        matched = true;
        valid = check(entry.second, properties[key], file_name, at, problems) && valid;
      }
      if (pattern_properties)
        for (const auto& pattern : pattern_properties)
          if (matches(key, patterns.at(pattern.first.Scalar()))) {
            matched = true;
            valid = check(entry.second, pattern.second, file_name, at, problems) && valid;
          }
      if (!matched && additional) {
        if (additional.IsScalar() && additional.Scalar() == "false")
          fail(entry.first,
               "unknown key '" + key + "' (allowed here: " + known_keys(properties, pattern_properties) + ")");
        else
          valid = check(entry.second, additional, file_name, at, problems) && valid;
      }
    }
    if (const YAML::Node required = s["required"])
      for (const auto& key : required)
        if (!seen.count(key.Scalar())) fail(node, "missing required key '" + key.Scalar() + "'");
    if (const YAML::Node min = s["minProperties"]; min && node.size() < min.as<std::size_t>())
      fail(node, "expected at least " + min.Scalar() + " keys, found " + std::to_string(node.size()));
    if (const YAML::Node max = s["maxProperties"]; max && node.size() > max.as<std::size_t>())
      fail(node, "expected at most " + max.Scalar() + " keys, found " + std::to_string(node.size()));
    return valid;
  }

  bool check_array(const YAML::Node& node, const YAML::Node& s, const std::string& file_name, const std::string& where,
                   std::vector<Problem>* problems) const {
    bool valid = true;
    auto fail = [&](const YAML::Node& at, const std::string& message) {
      valid = false;
      if (problems) problems->push_back(problem_at(file_name, at, where, message));
    };
    if (const YAML::Node min = s["minItems"]; min && node.size() < min.as<std::size_t>())
      fail(node, "expected at least " + min.Scalar() + " items, found " + std::to_string(node.size()));
    if (const YAML::Node max = s["maxItems"]; max && node.size() > max.as<std::size_t>())
      fail(node, "expected at most " + max.Scalar() + " items, found " + std::to_string(node.size()));
    if (const YAML::Node items = s["items"])
      for (std::size_t i = 0; i < node.size(); ++i)
        valid = check(node[i], items, file_name, where + "[" + std::to_string(i) + "]", problems) && valid;
    if (const YAML::Node unique = s["uniqueItems"]; unique && unique.Scalar() == "true") {
      std::set<std::string> seen;
      for (const auto& item : node)
        if (item.IsScalar() && !seen.insert(item.Scalar()).second) fail(item, "duplicate item '" + item.Scalar() + "'");
    }
    if (const YAML::Node contains = s["contains"]) {
      bool found = false;
      for (const auto& item : node) found = found || check(item, contains, file_name, where, nullptr);
      if (!found) fail(node, "no item is " + describe_contains(contains));
    }
    return valid;
  }

  // Whether the node's own JSON type is one `s` allows (following $ref); an alternative of
  // another type is the least likely to be the one the author meant.
  bool type_fits(const YAML::Node& node, const YAML::Node& s) const {
    if (!s.IsMap()) return true;
    if (const YAML::Node ref = s["$ref"]; ref && !type_fits(node, resolve(ref.Scalar()))) return false;
    for (const char* keyword : {"oneOf", "anyOf"})
      if (const YAML::Node alternatives = s[keyword]) {
        bool any = false;
        for (const auto& alternative : alternatives) any = any || type_fits(node, alternative);
        if (!any) return false;
      }
    const YAML::Node types = s["type"];
    if (!types) return true;
    const std::string type = json_type(node);
    auto fits = [&](const std::string& t) { return t == type || (t == "number" && type == "integer"); };
    if (!types.IsSequence()) return fits(types.Scalar());
    for (const auto& t : types)
      if (fits(t.Scalar())) return true;
    return false;
  }

  // anyOf / oneOf: the problems reported for a value that fits no alternative are those of the
  // alternative it came closest to (of its own type, then fewest problems), which is the one the
  // author meant.
  bool check_alternatives(const YAML::Node& node, const YAML::Node& s, const std::string& file_name,
                          const std::string& where, std::vector<Problem>* problems) const {
    const bool one = static_cast<bool>(s["oneOf"]);
    const YAML::Node alternatives = one ? s["oneOf"] : s["anyOf"];
    std::size_t fits = 0;
    std::vector<Problem> closest;
    std::size_t closest_rank = static_cast<std::size_t>(-1);
    for (const auto& alternative : alternatives) {
      std::vector<Problem> found;
      if (check(node, alternative, file_name, where, &found)) {
        ++fits;
        continue;
      }
      const std::size_t rank = found.size() + (type_fits(node, alternative) ? 0 : 1000000);
      if (rank < closest_rank) {
        closest = std::move(found);
        closest_rank = rank;
      }
    }
    if (fits == 0) {
      // No form has even the value's type: what the forms are says more than any one's problems.
      if (problems && closest_rank >= 1000000 && s["x-expected"])
        problems->push_back(problem_at(file_name, node, where, expected(s, node)));
      else if (problems)
        problems->insert(problems->end(), closest.begin(), closest.end());
      return false;
    }
    if (one && fits > 1) {
      if (problems) problems->push_back(problem_at(file_name, node, where, "matches more than one allowed form"));
      return false;
    }
    return true;
  }
};

JsonSchema JsonSchema::parse(const std::string& text, const std::string& file) {
  auto impl = std::make_shared<Impl>();
  impl->file = file;
  try {
    impl->root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::internal, file + ": " + e.what());
  }
  impl->check_schema(impl->root, "#");
  JsonSchema schema;
  schema.impl_ = std::move(impl);
  return schema;
}

void JsonSchema::validate(const YAML::Node& document, const std::string& file, std::vector<Problem>& problems,
                          const std::string& where) const {
  impl_->check(document, impl_->root, file, where, &problems);
}

void JsonSchema::validate_definition(const YAML::Node& node, const std::string& name, const std::string& file,
                                     std::vector<Problem>& problems, const std::string& where) const {
  impl_->check(node, impl_->resolve("#/$defs/" + name), file, where, &problems);
}

bool JsonSchema::has_definition(const std::string& name) const {
  const YAML::Node defs = static_cast<const YAML::Node&>(impl_->root)["$defs"];
  return defs && defs.IsMap() && static_cast<bool>(defs[name]);
}

std::vector<std::string> JsonSchema::enum_values(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& value : impl_->resolve("#/$defs/" + name)["enum"]) values.push_back(value.Scalar());
  return values;
}

}  // namespace evtxdiag::schema
