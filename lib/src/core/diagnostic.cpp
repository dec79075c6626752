#include "evtxdiag/diagnostic.hpp"

#include <cstdio>
#include <map>

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
    char buf[64];
    if (length)
      std::snprintf(buf, sizeof buf, "(offset 0x%llx, %llu bytes)", static_cast<unsigned long long>(*offset),
                    static_cast<unsigned long long>(*length));
    else
      std::snprintf(buf, sizeof buf, "(offset 0x%llx)", static_cast<unsigned long long>(*offset));
    where += (where.empty() ? "" : " ") + std::string(buf);
  }
  return file + ": " + (where.empty() ? "" : where + ": ") + message;
}

const char* to_string(DiagnosticKind kind) noexcept {
  switch (kind) {
    case DiagnosticKind::other: return "other";
    case DiagnosticKind::live_record_lost: return "live-record-lost";
    case DiagnosticKind::file_damage: return "file-damage";
    case DiagnosticKind::records_missing: return "records-missing";
    case DiagnosticKind::duplicate_records: return "duplicate-records";
    case DiagnosticKind::recovered_lost: return "recovered-lost";
    case DiagnosticKind::recovered_fragment: return "recovered-fragment";
    case DiagnosticKind::recovered_doubtful: return "recovered-doubtful";
    case DiagnosticKind::locale_metadata: return "locale-metadata";
    case DiagnosticKind::decoder_difference: return "decoder-difference";
  }
  return "other";
}

bool is_about_recovery(DiagnosticKind kind) noexcept {
  return kind == DiagnosticKind::recovered_lost || kind == DiagnosticKind::recovered_fragment ||
         kind == DiagnosticKind::recovered_doubtful;
}

namespace {

struct RecoveryCounts {
  std::size_t lost = 0, overwritten = 0, fragments = 0, doubtful = 0;
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + ' ' + (n == 1 ? one : many);
}

std::string recovery_line(const std::string& file, const RecoveryCounts& c) {
  std::string line = "warning: " + file + ": ";
  std::string sep;
  if (c.lost) {
    line += plural(c.lost, "deleted record", "deleted records") + " found in slack space could not be recovered";
    if (c.overwritten == c.lost)
      line += " (overwritten by newer records)";
    else if (c.overwritten)
      line += " (" + std::to_string(c.overwritten) + " overwritten by newer records)";
    sep = "; ";
  }
  if (c.fragments) {
    line += sep + plural(c.fragments, "fragment", "fragments") + " of deleted records";
    sep = "; ";
  }
  if (c.doubtful) line += sep + plural(c.doubtful, "recovered record", "recovered records") + " may have wrong values";
  return line + "; normal for slack space, live records are not affected (--verbose lists them)";
}

}  // namespace

std::vector<std::string> diagnostic_lines(const std::vector<Diagnostic>& diagnostics, bool verbose) {
  std::vector<std::string> lines;
  std::map<std::string, RecoveryCounts> recovery;  // by file, in name order
  std::vector<std::string> files;                  // first-seen order
  for (const Diagnostic& d : diagnostics) {
    if (verbose || !is_about_recovery(d.kind)) {
      lines.push_back(std::string(d.severity == Severity::error ? "error: " : "warning: ") + d.to_string());
      continue;
    }
    auto [it, added] = recovery.try_emplace(d.file);
    if (added) files.push_back(d.file);
    RecoveryCounts& c = it->second;
    if (d.kind == DiagnosticKind::recovered_lost) {
      ++c.lost;
      if (d.message.find("overwritten") != std::string::npos) ++c.overwritten;
    } else if (d.kind == DiagnosticKind::recovered_fragment) {
      ++c.fragments;
    } else {
      ++c.doubtful;
    }
  }
  for (const std::string& file : files) lines.push_back(recovery_line(file, recovery.at(file)));
  return lines;
}

}  // namespace evtxdiag
