// Text, JSON and timeline rendering of a Diagnosis. See diagnosis_output.hpp.
#include "diagnosis_output.hpp"

#include "evtxdiag/diagnosis_json.hpp"

#include <cstdio>
#include <ostream>
#include <sstream>

namespace evtxdiag::cli {
namespace {

std::string confidence_text(double confidence) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", confidence);
  return buffer;
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::string codes_text(const BackupJob& job) {
  std::string text;
  for (const auto& code : job.codes) text += (text.empty() ? "" : " ") + code.hex;
  return text.empty() ? "-" : text;
}

std::string product_short(BackupProduct product) {
  switch (product) {
    case BackupProduct::windows_server_backup: return "wsb";
    case BackupProduct::windows7_backup: return "win7";
    case BackupProduct::mars_agent: return "mars";
  }
  return "?";
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

void write_evidence(std::ostream& out, const std::vector<EvidenceRef>& evidence, const char* indent) {
  for (const auto& ref : evidence) {
    out << indent << ref.time_local << " (" << ref.time_utc.iso_utc() << ")  " << ref.file << " #" << ref.record_id
        << "  " << ref.provider << ' ' << ref.event_id;
    if (!ref.summary.empty()) out << "  " << ref.summary;
    out << '\n';
  }
}

void write_finding(std::ostream& out, const Finding& f, bool red_herring) {
  out << "  " << upper(to_string(f.verdict)) << " (confidence " << confidence_text(f.confidence) << ") [" << f.rule
      << "] " << f.title << '\n';
  out << "    " << (red_herring ? "Why it can be ignored: " : "") << f.explanation << '\n';
  if (!f.remedy.empty()) out << "    Remedy: " << f.remedy << '\n';
  if (!f.evidence.empty()) {
    out << "    Evidence:\n";
    write_evidence(out, f.evidence, "      ");
  }
}

}  // namespace

void write_diagnosis_text(std::ostream& out, const Diagnosis& d) {
  out << "Machine: " << (d.computer.empty() ? "(unknown)" : d.computer) << '\n';
  out << "Zone:    " << d.zone.name << " (" << d.zone.source << ")\n";
  for (const auto& note : d.zone.notes) out << "         " << note << '\n';
  out << "Margin:  " << d.margin_minutes << " minutes before and after each job\n";
  out << "Inputs:\n";
  for (const auto& input : d.inputs) {
    out << "  " << input.path << ": ";
    if (!input.readable) {
      out << "NOT READABLE: " << input.error << '\n';
      continue;
    }
    out << input.records << " records, " << input.failed << " undecodable, " << input.recovered << " recovered, "
        << input.duplicates << " duplicates\n";
  }

  std::size_t failed = 0;
  for (const auto& job : d.jobs) failed += job.result == JobResult::failed;
  out << "\nBackup jobs: " << d.jobs.size() << " (" << failed << " failed)\n";
  if (!d.jobs.empty()) {
    out << "  " << pad("#", 4) << pad("Product", 8) << pad("Start (local)", 35) << pad("Start (UTC)", 30)
        << pad("End (UTC)", 30) << pad("Result", 24) << "Codes\n";
    for (const auto& job : d.jobs)
      out << "  " << pad(std::to_string(job.index), 4) << pad(product_short(job.product), 8) << pad(job.start_local, 35)
          << pad(job.start_utc.iso_utc(), 30) << pad(job.end_utc.iso_utc(), 30) << pad(to_string(job.result), 24)
          << codes_text(job) << '\n';
  }

  bool any = false;
  for (const auto& job : d.jobs) {
    bool header = false;
    for (const auto& f : d.findings) {
      if (f.job != job.index || f.verdict == Verdict::red_herring) continue;
      if (!header) {
        out << "\nJob " << job.index << " (" << to_string(job.result) << ", started " << job.start_local << "):\n";
        for (const auto& code : job.codes)
          out << "  Code " << code.hex << (code.symbol.empty() ? "" : " " + code.symbol)
              << (code.message.empty() ? "" : ": " + code.message) << " (" << code.field << ")\n";
        header = any = true;
      }
      write_finding(out, f, false);
    }
  }
  if (!any) out << "\nFindings: none\n";

  bool herring_header = false;
  for (const auto& f : d.findings) {
    if (f.verdict != Verdict::red_herring) continue;
    if (!herring_header) {
      out << "\nRed herrings (alarming, but can be ignored):\n";
      herring_header = true;
    }
    out << " Job " << (f.job ? std::to_string(*f.job) : std::string("-")) << ":\n";
    write_finding(out, f, true);
  }
}

nlohmann::ordered_json evidence_json(const EvidenceRef& ref) {
  nlohmann::ordered_json j;
  j["file"] = ref.file;
  j["record_id"] = ref.record_id;
  j["provider"] = ref.provider;
  j["event_id"] = ref.event_id;
  j["time_utc"] = ref.time_utc.iso_utc();
  j["time_local"] = ref.time_local;
  j["summary"] = ref.summary;
  return j;
}

nlohmann::ordered_json diagnosis_json(const Diagnosis& d) {
  // The document itself is rendered by the library (shared with the C API and Python); the
  // parse keeps key order and numbers exactly, so dumping it again gives the same text.
  return nlohmann::ordered_json::parse(diagnosis_to_json(d, -1));
}

bool parse_timeline_format(const std::string& text, TimelineFormat& format) {
  if (text == "text") format = TimelineFormat::text;
  else if (text == "jsonl") format = TimelineFormat::jsonl;
  else if (text == "csv") format = TimelineFormat::csv;
  else return false;
  return true;
}

namespace {

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void write_timeline(std::ostream& out, const Diagnosis& d, TimelineFormat format) {
  if (format == TimelineFormat::csv)
    out << "time_utc,time_local,file,record_id,channel,computer,provider,event_id,level,job,role,summary\n";
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
      case TimelineFormat::csv:
        out << csv_field(e.ref.time_utc.iso_utc()) << ',' << csv_field(e.ref.time_local) << ',' << csv_field(e.ref.file) << ','
            << e.ref.record_id << ',' << csv_field(e.channel) << ',' << csv_field(e.computer) << ',' << csv_field(e.ref.provider)
            << ',' << e.ref.event_id << ',' << static_cast<int>(e.level) << ',' << job << ',' << csv_field(e.role) << ','
            << csv_field(e.ref.summary) << '\n';
        break;
    }
  }
}

}  // namespace evtxdiag::cli
