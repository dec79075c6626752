#include "schema/shipped_schemas.hpp"

#include <map>

#include "evtxdiag/error.hpp"
#include "knowledge/embedded.hpp"

namespace evtxdiag::schema {
namespace {

// Every embedded schema/*.schema.yaml, parsed on first use (a function-local static: thread-safe).
const std::map<std::string, JsonSchema>& all_schemas() {
  static const std::map<std::string, JsonSchema> schemas = [] {
    const std::string folder = "schema/", suffix = ".schema.yaml";
    std::map<std::string, JsonSchema> out;
    for (const knowledge::EmbeddedFile& file : knowledge::embedded_files()) {
      const std::string path(file.path);
      if (path.rfind(folder, 0) != 0 || path.size() <= folder.size() + suffix.size() ||
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string name = path.substr(folder.size(), path.size() - folder.size() - suffix.size());
      out.emplace(name, JsonSchema::parse(std::string(file.content), "knowledge/" + path));
    }
    return out;
  }();
  return schemas;
}

}  // namespace

const JsonSchema& shipped_schema(const std::string& name) {
  const auto& schemas = all_schemas();
  const auto found = schemas.find(name);
  if (found == schemas.end())
    throw Error(ErrorKind::internal, shipped_schema_path(name) + " is not compiled into the library");
  return found->second;
}

std::string shipped_schema_path(const std::string& name) { return "knowledge/schema/" + name + ".schema.yaml"; }

}  // namespace evtxdiag::schema
