#include "evtxdiag/diagnostic.hpp"

#include <cstdio>

namespace evtxdiag {

std::string Diagnostic::to_string() const {
  std::string out = file;
  out += ": ";
  if (chunk_index) out += "chunk " + std::to_string(*chunk_index) + ", ";
  if (record_id) {
    out += "record " + std::to_string(*record_id);
  } else if (record_index) {
    out += "record index " + std::to_string(*record_index);
  }
  if (offset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s(offset 0x%llx)", (record_id || record_index) ? " " : "",
                  static_cast<unsigned long long>(*offset));
    out += buf;
  }
  if (record_id || record_index || offset) out += ": ";
  out += message;
  return out;
}

}  // namespace evtxdiag
