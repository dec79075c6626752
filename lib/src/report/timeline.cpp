// read_timeline() and the timeline renderings: see evtxdiag/timeline.hpp.
#include <algorithm>
#include <ostream>
#include <sstream>

#include "evtxdiag/diagnosis_json.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/timeline.hpp"

namespace evtxdiag {
namespace {

std::string data_text(const std::vector<DataField>& data) {
  std::string text;
  for (const auto& field : data)
    if (!field.value.empty()) text += (text.empty() ? "" : "; ") + field.name + "=" + field.value;
  return text;
}

void write_csv_header(std::ostream& out) {
  const std::vector<std::string>& columns = timeline_csv_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << '\n';
}

// One row per event in the columns of timeline_csv_columns().
void write_csv_rows(std::ostream& out, const Diagnosis& d) {
  for (const TimelineEntry& e : d.timeline) {
    std::string message = e.ref.message;  // MTA text verbatim, or the knowledge template filled
    std::string source = to_string(e.ref.message_source);
    if (message.empty()) {
      message = data_text(e.data);
      source = "data";
      if (message.empty()) {  // timeline tools need a message: name the event
        message = e.ref.provider + " " + std::to_string(e.ref.event_id);
        source = "none";
      }
    }
    const auto micros =
        (static_cast<long long>(e.ref.time_utc.ticks) - static_cast<long long>(Timestamp::unix_epoch_ticks)) / 10;
    out << e.ref.time_utc.iso_utc() << ',' << micros << ",Event Logged," << csv_quote(message) << ',' << source << ','
        << csv_quote(e.ref.time_local) << ',' << csv_quote(e.computer) << ',' << csv_quote(e.channel) << ','
        << csv_quote(e.ref.provider) << ',' << e.ref.event_id << ',' << static_cast<int>(e.level) << ','
        << e.ref.record_id << ',' << csv_quote(e.ref.file) << ',' << (e.job ? std::to_string(*e.job) : std::string())
        << ',' << csv_quote(e.role) << '\n';
  }
}

void write_text_lines(std::ostream& out, const Diagnosis& d) {
  for (const TimelineEntry& e : d.timeline) {
    out << e.ref.time_local << "  " << e.ref.time_utc.iso_utc() << "  " << e.ref.provider << ' ' << e.ref.event_id
        << "  " << e.ref.file << " #" << e.ref.record_id;
    if (e.job)
      out << "  [job " << *e.job << (e.role.empty() ? "" : " " + e.role) << ']';
    else if (!e.role.empty())
      out << "  [" << e.role << ']';
    if (!e.ref.summary.empty()) out << "  " << e.ref.summary;
    out << '\n';
  }
}

}  // namespace

std::vector<Diagnosis> read_timeline(const std::vector<std::string>& paths, const TimelineOptions& options) {
  std::vector<Diagnosis> machines = diagnose_machines(paths, options.diagnosis);
  for (Diagnosis& d : machines) filter_timeline(d, options.filter);
  return machines;
}

void filter_timeline(Diagnosis& diagnosis, const EventFilter& filter) {
  if (filter.empty()) return;
  const EventMatcher matcher(filter, diagnosis.zone.resolution);
  auto& entries = diagnosis.timeline;
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [&](const TimelineEntry& e) {
                                 return !matcher.matches(e.ref.provider, e.ref.event_id, e.level, e.computer,
                                                         e.ref.time_utc);
                               }),
                entries.end());
}

std::optional<TimelineFormat> parse_timeline_format(const std::string& text) {
  if (text == "text") return TimelineFormat::text;
  if (text == "jsonl") return TimelineFormat::jsonl;
  if (text == "csv") return TimelineFormat::csv;
  return std::nullopt;
}

const std::vector<std::string>& timeline_csv_columns() {
  static const std::vector<std::string> columns = {
      "datetime", "timestamp", "timestamp_desc", "message",   "message_source", "time_local", "computer", "channel",
      "provider", "event_id",  "level",          "record_id", "file",           "job",        "role"};
  return columns;
}

void write_timeline(std::ostream& out, const std::vector<Diagnosis>& machines, TimelineFormat format,
                    const TimelineRender& render) {
  if (format == TimelineFormat::csv) {
    if (render.bom) out << "\xEF\xBB\xBF";
    write_csv_header(out);
  }
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Diagnosis& d = machines[i];
    switch (format) {
      case TimelineFormat::text:
        if (machines.size() > 1) out << (i ? "\n" : "") << "# machine: " << d.computer << '\n';
        out << "# zone: " << d.zone.name << " (" << d.zone.source << ")\n";
        write_text_lines(out, d);
        break;
      case TimelineFormat::jsonl:
        for (const TimelineEntry& e : d.timeline) out << timeline_entry_to_json(e) << '\n';
        break;
      case TimelineFormat::csv: write_csv_rows(out, d); break;
    }
  }
}

std::string format_timeline(const std::vector<Diagnosis>& machines, TimelineFormat format,
                            const TimelineRender& render) {
  std::ostringstream out;
  write_timeline(out, machines, format, render);
  return out.str();
}

}  // namespace evtxdiag
