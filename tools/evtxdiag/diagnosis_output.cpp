// Timeline rendering of a Diagnosis as text or JSON Lines. See diagnosis_output.hpp.
#include "diagnosis_output.hpp"

#include <ostream>

namespace evtxdiag::cli {

nlohmann::ordered_json evidence_json(const EvidenceRef& ref) {
  nlohmann::ordered_json j;
  j["file"] = ref.file;
  j["record_id"] = ref.record_id;
  j["provider"] = ref.provider;
  j["event_id"] = ref.event_id;
  j["time_utc"] = ref.time_utc.iso_utc();
  j["time_local"] = ref.time_local;
  j["summary"] = ref.summary;
  j["message"] = ref.message;
  j["message_source"] = to_string(ref.message_source);
  return j;
}

bool parse_timeline_format(const std::string& text, TimelineFormat& format) {
  if (text == "text") format = TimelineFormat::text;
  else if (text == "jsonl") format = TimelineFormat::jsonl;
  else if (text == "csv") format = TimelineFormat::csv;
  else return false;
  return true;
}

void write_timeline(std::ostream& out, const Diagnosis& d, TimelineFormat format) {
  for (const auto& e : d.timeline) {
    const std::string job = e.job ? std::to_string(*e.job) : std::string();
    switch (format) {
      case TimelineFormat::text:
        out << e.ref.time_local << "  " << e.ref.time_utc.iso_utc() << "  " << e.ref.provider << ' ' << e.ref.event_id
            << "  " << e.ref.file << " #" << e.ref.record_id;
        if (e.job) out << "  [job " << job << (e.role.empty() ? "" : " " + e.role) << ']';
        else if (!e.role.empty()) out << "  [" << e.role << ']';
        if (!e.ref.summary.empty()) out << "  " << e.ref.summary;
        out << '\n';
        break;
      case TimelineFormat::jsonl: {
        nlohmann::ordered_json j = evidence_json(e.ref);
        j["channel"] = e.channel;
        j["computer"] = e.computer;
        j["level"] = e.level;
        j["job"] = e.job ? nlohmann::ordered_json(*e.job) : nlohmann::ordered_json(nullptr);
        j["role"] = e.role;
        nlohmann::ordered_json data = nlohmann::ordered_json::object();
        for (const auto& field : e.data) data[field.name] = field.value;
        j["data"] = std::move(data);
        out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        break;
      }
      case TimelineFormat::csv:  // written by write_timeline_csv (timeline_csv.hpp)
        break;
    }
  }
}

}  // namespace evtxdiag::cli
