// Event patterns and the names of the public enums.
#include "rules/rule_model.hpp"

#include <algorithm>
#include <cctype>

#include "rules/event_codes.hpp"

namespace evtxdiag::diag {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool EventPattern::matches(const Event& event) const {
  if (!ids.empty() && std::find(ids.begin(), ids.end(), event.event_id) == ids.end()) return false;
  if (!providers.empty()) {
    const std::string name = lower(event.provider_name);
    const std::string source = lower(event.event_source_name);
    bool found = false;
    for (const auto& p : providers) found = found || p == name || (!source.empty() && p == source);
    if (!found) return false;
  }
  if (max_level && (event.level == 0 || event.level > *max_level)) return false;
  for (const auto& [field, accepted] : fields) {
    const std::string* value = event.data_value(field);
    if (!value) return false;
    // Text equal (any case), or the same number whatever its type (UInt32 "1", HexInt32 "0x00000001").
    const std::string text = lower(*value);
    const auto number = number_value(text);
    if (std::none_of(accepted.begin(), accepted.end(),
                     [&](const std::string& a) { return a == text || (number && number_value(a) == number); }))
      return false;
  }
  for (const auto& [field, parts] : fields_containing) {
    const std::string* value = event.data_value(field);
    if (!value) return false;
    const std::string text = lower(*value);
    if (std::none_of(parts.begin(), parts.end(),
                     [&](const std::string& part) { return text.find(part) != std::string::npos; }))
      return false;
  }
  if (!status.empty()) {
    const auto value = ntstatus(event);
    if (!value || std::find(status.begin(), status.end(), *value) == status.end()) return false;
  }
  if (!codes.empty()) {
    bool found = false;
    for (const auto& code : failure_codes(event, code_text_fields))
      found = found || std::find(codes.begin(), codes.end(), code.value) != codes.end();
    if (!found) return false;
  }
  return true;
}

std::optional<JobResult> parse_job_result(const std::string& text) {
  for (auto r : {JobResult::succeeded, JobResult::failed, JobResult::canceled, JobResult::completed_with_warnings,
                 JobResult::unknown})
    if (text == to_string(r)) return r;
  return std::nullopt;
}

std::optional<BackupProduct> parse_product(const std::string& text) {
  for (auto p : {BackupProduct::windows_server_backup, BackupProduct::windows7_backup, BackupProduct::mars_agent})
    if (text == to_string(p)) return p;
  return std::nullopt;
}

}  // namespace evtxdiag::diag

namespace evtxdiag {

const char* to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::cause: return "cause";
    case Verdict::contributing: return "contributing";
    case Verdict::red_herring: return "red-herring";
    case Verdict::context: return "context";
    case Verdict::undetermined: return "undetermined";
  }
  return "context";
}

const char* to_string(JobResult result) noexcept {
  switch (result) {
    case JobResult::succeeded: return "succeeded";
    case JobResult::failed: return "failed";
    case JobResult::canceled: return "canceled";
    case JobResult::completed_with_warnings: return "completed-with-warnings";
    case JobResult::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(BackupProduct product) noexcept {
  switch (product) {
    case BackupProduct::windows_server_backup: return "windows-server-backup";
    case BackupProduct::windows7_backup: return "windows7-backup";
    case BackupProduct::mars_agent: return "mars-agent";
  }
  return "windows-server-backup";
}

std::optional<Verdict> parse_verdict(const std::string& text) noexcept {
  for (auto v : {Verdict::cause, Verdict::contributing, Verdict::red_herring, Verdict::context, Verdict::undetermined})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

}  // namespace evtxdiag
