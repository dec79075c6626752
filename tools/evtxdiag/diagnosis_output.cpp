// Timeline rendering of a Diagnosis as text or JSON Lines. See diagnosis_output.hpp.
#include "diagnosis_output.hpp"

#include "evtxdiag/diagnosis_json.hpp"

#include <ostream>

namespace evtxdiag::cli {

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
      case TimelineFormat::jsonl:
        out << timeline_entry_to_json(e) << '\n';
        break;
      case TimelineFormat::csv:  // written by write_timeline_csv (timeline_csv.hpp)
        break;
    }
  }
}

}  // namespace evtxdiag::cli
