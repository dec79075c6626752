// Timeline CSV for timeline tools (see timeline_csv.hpp for the columns).
#include "timeline_csv.hpp"

#include <ostream>

#include "evtxdiag/event_output.hpp"

namespace evtxdiag::cli {
namespace {

std::string data_text(const std::vector<DataField>& data) {
  std::string text;
  for (const auto& field : data)
    if (!field.value.empty()) text += (text.empty() ? "" : "; ") + field.name + "=" + field.value;
  return text;
}

}  // namespace

void write_timeline_csv(std::ostream& out, const Diagnosis& d, bool header) {
  if (header)
    out << "datetime,timestamp,timestamp_desc,message,message_source,time_local,computer,channel,provider,event_id,level,"
           "record_id,file,job,role\n";
  for (const auto& e : d.timeline) {
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
    const auto micros = (static_cast<long long>(e.ref.time_utc.ticks) - static_cast<long long>(Timestamp::unix_epoch_ticks)) / 10;
    out << e.ref.time_utc.iso_utc() << ',' << micros << ",Event Logged," << csv_quote(message) << ',' << source << ','
        << csv_quote(e.ref.time_local) << ',' << csv_quote(e.computer) << ',' << csv_quote(e.channel) << ',' << csv_quote(e.ref.provider) << ','
        << e.ref.event_id << ',' << static_cast<int>(e.level) << ',' << e.ref.record_id << ',' << csv_quote(e.ref.file) << ','
        << (e.job ? std::to_string(*e.job) : std::string()) << ',' << csv_quote(e.role) << '\n';
  }
}

}  // namespace evtxdiag::cli
