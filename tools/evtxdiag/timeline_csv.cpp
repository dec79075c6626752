// Timeline CSV for timeline tools (see timeline_csv.hpp for the columns).
#include "timeline_csv.hpp"

#include <map>
#include <ostream>

namespace evtxdiag::cli {
namespace {

std::string cell(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string data_text(const std::vector<DataField>& data) {
  std::string text;
  for (const auto& field : data)
    if (!field.value.empty()) text += (text.empty() ? "" : "; ") + field.name + "=" + field.value;
  return text;
}

}  // namespace

bool write_timeline_csv(std::ostream& out, std::ostream& err, const Diagnosis& d, const MtaOption& mta) {
  const KnowledgeBase knowledge = KnowledgeBase::builtin();
  const Language language = parse_language(mta.language).value_or(Language::en);
  std::map<std::string, LoadedMta> catalogs;  // per input file, loaded on first use
  bool lost_data = false;

  out << "datetime,timestamp,timestamp_desc,message,message_source,time_local,computer,channel,provider,event_id,level,"
         "record_id,file,job,role\n";
  for (const auto& e : d.timeline) {
    auto found = catalogs.find(e.ref.file);
    if (found == catalogs.end()) {
      found = catalogs.emplace(e.ref.file, load_mta(mta, e.ref.file, err)).first;
      lost_data = lost_data || found->second.lost_data;
    }
    std::string message, source;
    if (const auto& catalog = found->second.catalog)
      if (const std::string* text = catalog->message_for(e.ref.record_id)) message = *text, source = "mta";
    if (source.empty()) {
      Event event;  // enough of the event for the template: provider, id and values
      event.provider_name = e.ref.provider;
      event.event_id = e.ref.event_id;
      event.data = e.data;
      message = knowledge.render_message(event, language);
      source = message.empty() ? "data" : "knowledge";
      if (message.empty()) message = data_text(e.data);
      if (message.empty()) {  // timeline tools need a message: name the event
        message = e.ref.provider + " " + std::to_string(e.ref.event_id);
        source = "none";
      }
    }
    const auto micros = (static_cast<long long>(e.ref.time_utc.ticks) - static_cast<long long>(Timestamp::unix_epoch_ticks)) / 10;
    out << e.ref.time_utc.iso_utc() << ',' << micros << ",Event Logged," << cell(message) << ',' << source << ','
        << cell(e.ref.time_local) << ',' << cell(e.computer) << ',' << cell(e.channel) << ',' << cell(e.ref.provider) << ','
        << e.ref.event_id << ',' << static_cast<int>(e.level) << ',' << e.ref.record_id << ',' << cell(e.ref.file) << ','
        << (e.job ? std::to_string(*e.job) : std::string()) << ',' << cell(e.role) << '\n';
  }
  return lost_data;
}

}  // namespace evtxdiag::cli
