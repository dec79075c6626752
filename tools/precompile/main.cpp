// evtxdiag_precompile OUTPUT.cpp: a build step, not an installed program. Loads the built-in
// knowledge (knowledge/**/*.yaml, embedded in the library objects it links) exactly as the
// run-time loaders do - a schema error fails the build with file:line:column - and writes a
// C++ source defining knowledge::precompiled_blob() with the loaded structures in binary form
// (knowledge/precompiled.hpp), so that the library parses no YAML at start-up.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "evtxdiag/error.hpp"
#include "knowledge/precompiled.hpp"
#include "knowledge/serialization.hpp"
#include "rules/rule_loader.hpp"
#include "rules/rule_serialization.hpp"
#include "timezone/windows_names.hpp"

namespace {

using namespace evtxdiag;

std::string blob() {
  const auto knowledge_data = knowledge::load_builtin_yaml();
  const diag::RuleSet rules = diag::load_rules(diag::builtin_rule_files());
  const tz::LocalizedZoneNames zone_names = tz::load_localized_zone_names_yaml();
  if (!zone_names.errors.empty()) {
    std::string message = "invalid knowledge/timezones:";
    for (const std::string& error : zone_names.errors) message += "\n  " + error;
    throw Error(ErrorKind::invalid_input, message);
  }
  std::string knowledge_bytes = knowledge::serialize(*knowledge_data);
  std::string rule_bytes = diag::serialize(rules);
  std::string zone_bytes = tz::serialize(zone_names);
  // Read each back: a writer/reader mismatch fails here rather than at the first start-up.
  if (knowledge::serialize(*knowledge::deserialize(knowledge_bytes)) != knowledge_bytes ||
      diag::serialize(diag::deserialize_rules(rule_bytes)) != rule_bytes ||
      tz::serialize(tz::deserialize_zone_names(zone_bytes)) != zone_bytes)
    throw Error(ErrorKind::internal, "the precompiled knowledge does not read back as written");
  return knowledge::pack_precompiled_sections({knowledge_bytes, rule_bytes, zone_bytes});
}

std::string cpp_source(const std::string& bytes) {
  std::string out =
      "// Generated at build time by evtxdiag_precompile (tools/precompile/) from knowledge/**/*.yaml.\n"
      "// Do not edit. Layout: lib/src/knowledge/precompiled.hpp.\n"
      "#include <string_view>\n\n"
      "namespace evtxdiag::knowledge {\n"
      "std::string_view precompiled_blob() noexcept;\n"
      "namespace {\n"
      "alignas(8) const unsigned char kBlob[" +
      std::to_string(bytes.size()) + "] = {\n";
  std::size_t line = 0;
  for (unsigned char c : bytes) {
    const std::string number = std::to_string(c) + ",";
    if (line + number.size() > 100) {
      out += '\n';
      line = 0;
    }
    out += number;
    line += number.size();
  }
  out +=
      "};\n"
      "}  // namespace\n\n"
      "std::string_view precompiled_blob() noexcept { return {reinterpret_cast<const char*>(kBlob), sizeof kBlob}; "
      "}\n\n"
      "}  // namespace evtxdiag::knowledge\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: evtxdiag_precompile OUTPUT.cpp\n";
    return 2;
  }
  try {
    const std::string source = cpp_source(blob());
    std::ifstream old(std::filesystem::u8path(argv[1]), std::ios::binary);
    std::ostringstream old_source;
    old_source << old.rdbuf();
    if (old && old_source.str() == source) return 0;  // unchanged: nothing to recompile
    old.close();                                      // Windows replaces or removes no file that is open
    const std::string temporary = std::string(argv[1]) + ".tmp";
    std::ofstream out(std::filesystem::u8path(temporary), std::ios::binary | std::ios::trunc);
    out << source;
    out.close();
    std::error_code error;
    if (out) {
      const auto target = std::filesystem::u8path(argv[1]);
      std::filesystem::rename(std::filesystem::u8path(temporary), target, error);
      if (error) {
        // libstdc++ 12 for mingw renames with _wrename, which does not replace an existing file
        // (a changed knowledge base under Wine): the old output goes first. A build output, so
        // no reader can see it missing.
        std::error_code ignored;
        std::filesystem::remove(target, ignored);
        error.clear();
        std::filesystem::rename(std::filesystem::u8path(temporary), target, error);
      }
    }
    if (!out || error) {
      std::cerr << "evtxdiag_precompile: cannot write " << argv[1] << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "evtxdiag_precompile: " << e.what() << "\n";
    return 1;
  }
}
