#include "evtxdiag/diagnostic.hpp"

#include <cstdio>

namespace evtxdiag {

std::string Diagnostic::to_string() const {
  // "FILE: chunk 3, record 12 (offset 0x1a38): MESSAGE", leaving out what is not known.
  std::string where;
  if (chunk_index) where = "chunk " + std::to_string(*chunk_index);
  if (record_id || record_index) {
    if (!where.empty()) where += ", ";
    where += record_id ? "record " + std::to_string(*record_id) : "record index " + std::to_string(*record_index);
  }
  if (offset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "(offset 0x%llx)", static_cast<unsigned long long>(*offset));
    where += (where.empty() ? "" : " ") + std::string(buf);
  }
  return file + ": " + (where.empty() ? "" : where + ": ") + message;
}

}  // namespace evtxdiag
