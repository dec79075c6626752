// The diagnosis model (evtxdiag/diagnose.hpp) as read-only Python objects.
#include <pybind11/stl.h>

#include <cstdio>

#include "convert.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/diagnosis_json.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace evtxdiag::python {
namespace {

py::object optional_hex(const std::optional<std::uint32_t>& value) {
  if (!value) return py::none();
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(*value));
  return py::str(hex);
}

}  // namespace

void bind_diagnosis(py::module_& m) {
  py::class_<ZoneChoice>(m, "Zone", "The zone used for local times and where it came from")
      .def_readonly("name", &ZoneChoice::name)
      .def_readonly("source", &ZoneChoice::source)
      .def_readonly("notes", &ZoneChoice::notes);

  py::class_<InputSummary>(m, "Input", "One input file and how it was read")
      .def_readonly("path", &InputSummary::path)
      .def_readonly("live_records", &InputSummary::live_records, "live records in the file")
      .def_readonly("records", &InputSummary::records, "events the diagnosis used from the file")
      .def_readonly("live_lost", &InputSummary::live_lost, "live records no decoder could read")
      .def_readonly("recovered", &InputSummary::recovered, "deleted records recovered from slack space")
      .def_readonly("recovered_lost", &InputSummary::recovered_lost,
                    "deleted records in slack space that could not be recovered (normal)")
      .def_readonly("recovered_fragments", &InputSummary::recovered_fragments)
      .def_readonly("duplicates", &InputSummary::duplicates)
      .def_readonly("readable", &InputSummary::readable)
      .def_readonly("error", &InputSummary::error);

  py::class_<EvidenceRef>(m, "Evidence", "An event record used as evidence")
      .def_readonly("file", &EvidenceRef::file)
      .def_readonly("record_id", &EvidenceRef::record_id)
      .def_readonly("provider", &EvidenceRef::provider)
      .def_readonly("event_id", &EvidenceRef::event_id)
      .def_property_readonly("time_utc", [](const EvidenceRef& r) { return to_datetime(r.time_utc); })
      .def_readonly("time_local", &EvidenceRef::time_local,
                    "the same instant in the diagnosis zone, ISO-8601 with offset")
      .def_readonly("summary", &EvidenceRef::summary)
      .def("__repr__", [](const EvidenceRef& r) {
        return "<evtxdiag.Evidence " + r.file + " #" + std::to_string(r.record_id) + " " + r.provider + " " +
               std::to_string(r.event_id) + ">";
      });

  py::class_<JobCode>(m, "JobCode", "An error code reported by a job")
      .def_readonly("value", &JobCode::value)
      .def_readonly("hex", &JobCode::hex)
      .def_readonly("field", &JobCode::field)
      .def_readonly("symbol", &JobCode::symbol)
      .def_readonly("message", &JobCode::message);

  py::class_<VolumeResult>(m, "Volume", "One volume of a Windows Server Backup job")
      .def_readonly("name", &VolumeResult::name)
      .def_readonly("state", &VolumeResult::state)
      .def_property_readonly("hresult", [](const VolumeResult& v) { return optional_hex(v.hresult); })
      .def_property_readonly("detailed_hresult",
                             [](const VolumeResult& v) { return optional_hex(v.detailed_hresult); });

  py::class_<BackupJob>(m, "Job", "A reconstructed backup job")
      .def_readonly("index", &BackupJob::index, "1-based, in start order")
      .def_property_readonly("product", [](const BackupJob& j) { return to_string(j.product); })
      .def_property_readonly("start_utc", [](const BackupJob& j) { return to_datetime(j.start_utc); })
      .def_readonly("start_local", &BackupJob::start_local)
      .def_property_readonly("end_utc", [](const BackupJob& j) { return to_datetime(j.end_utc); })
      .def_readonly("end_local", &BackupJob::end_local)
      .def_property_readonly(
          "result", [](const BackupJob& j) { return to_string(j.result); },
          "'succeeded', 'failed', 'canceled', 'completed-with-warnings' or 'unknown'")
      .def_readonly("codes", &BackupJob::codes)
      .def_readonly("volumes", &BackupJob::volumes)
      .def_readonly("events", &BackupJob::events)
      .def("__repr__", [](const BackupJob& j) {
        return "<evtxdiag.Job " + std::to_string(j.index) + " " + to_string(j.result) + " " + j.start_utc.iso_utc() +
               ">";
      });

  py::class_<Finding>(m, "Finding", "One conclusion of a rule")
      .def_readonly("rule", &Finding::rule)
      .def_property_readonly(
          "verdict", [](const Finding& f) { return to_string(f.verdict); },
          "'cause', 'contributing', 'red-herring' or 'context'")
      .def_readonly("confidence", &Finding::confidence)
      .def_readonly("title", &Finding::title)
      .def_readonly("explanation", &Finding::explanation)
      .def_readonly("remedy", &Finding::remedy)
      .def_readonly("job", &Finding::job, "Job.index the finding is about, or None")
      .def_readonly("evidence", &Finding::evidence)
      .def("__repr__", [](const Finding& f) {
        return "<evtxdiag.Finding " + std::string(to_string(f.verdict)) + " " + f.rule + ">";
      });

  py::class_<Diagnosis>(m, "Diagnosis", "The result of evtxdiag.diagnose()")
      .def_readonly("computer", &Diagnosis::computer, "the machine's name at its last event")
      .def_property_readonly(
          "missing_logs",
          [](const Diagnosis& d) {
            py::list logs;
            for (const MissingLog& log : d.missing_logs)
              logs.append(py::dict("channel"_a = log.channel, "hides"_a = log.hides));
            return logs;
          },
          "logs the case lacks and what that hides")
      .def_property_readonly(
          "computer_names",
          [](const Diagnosis& d) {
            py::list names;
            for (const MachineName& n : d.computer_names)
              names.append(py::dict("name"_a = n.name, "first_seen"_a = to_datetime(n.first_seen),
                                    "last_seen"_a = to_datetime(n.last_seen), "events"_a = n.events));
            return names;
          },
          "every name the machine logged under, oldest first (renames)")
      .def_readonly("zone", &Diagnosis::zone)
      .def_readonly("margin_minutes", &Diagnosis::margin_minutes)
      .def_property_readonly(
          "lang", [](const Diagnosis& d) { return std::string(to_string(d.language)); }, "\"en\" or \"ja\"")
      .def_readonly("inputs", &Diagnosis::inputs)
      .def_readonly("jobs", &Diagnosis::jobs)
      .def_readonly("findings", &Diagnosis::findings)
      .def_readonly("diagnostics", &Diagnosis::diagnostics, "per-record reader problems (not raised)")
      .def_property_readonly("incomplete", &Diagnosis::incomplete)
      .def("to_json", &diagnosis_to_json, py::arg("indent") = 2,
           "The JSON document of `evtxdiag diagnose --format json` (indent < 0: one line)");
}

}  // namespace evtxdiag::python
