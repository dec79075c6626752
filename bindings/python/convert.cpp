// Event and Diagnostic as Python objects; UTC datetimes from FILETIME ticks.
#include "convert.hpp"

#include "evtxdiag/event_output.hpp"

#include <pybind11/stl.h>

#include "evtxdiag/diagnostic.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace evtxdiag::python {

py::object to_datetime(Timestamp timestamp) {
  if (!timestamp.valid()) return py::none();
  // Deliberately leaked: destroying Python objects after interpreter shutdown would crash.
  static const py::object* const filetime_epoch = new py::object(
      py::module_::import("datetime")
          .attr("datetime")(1601, 1, 1, "tzinfo"_a = py::module_::import("datetime").attr("timezone").attr("utc")));
  static const py::object* const timedelta = new py::object(py::module_::import("datetime").attr("timedelta"));
  return *filetime_epoch + (*timedelta)("microseconds"_a = timestamp.ticks / 10);
}

py::dict data_to_dict(const std::vector<DataField>& data) {
  py::dict out;
  for (const auto& field : data) {
    py::str name(field.name);
    if (!out.contains(name)) out[name] = field.value;
  }
  return out;
}

// The one serialisation of an event (evtxdiag/event_output.hpp), as `dump` prints it.
std::string event_json(const Event& e) {
  static const ZoneResolution utc = ZoneResolution::fallback_utc("the Python binding gives UTC");
  return event_to_json(e, utc);
}

void bind_event(py::module_& m) {
  py::class_<Event>(m, "Event", "One decoded event record. Times are timezone-aware UTC datetimes.")
      .def_readonly("source_file", &Event::source_file)
      .def_property_readonly(
          "origin", [](const Event& e) { return to_string(e.origin); }, "'live' or 'recovered'")
      .def_property_readonly(
          "decoder", [](const Event& e) { return to_string(e.decoder); }, "'libevtx' or 'builtin'")
      .def_readonly("record_number", &Event::record_number)
      .def_readonly("file_offset", &Event::file_offset)
      .def_readonly("payload_lost", &Event::payload_lost,
                    "The record header survived but no decoder could read its payload (see payload_loss)")
      .def_readonly("payload_loss", &Event::payload_loss, "When payload_lost: what was lost and why")
      .def_readonly("record_damage", &Event::record_damage,
                    "The record was read whole from damaged bytes: what was wrong ('' when undamaged)")
      .def_readonly("provider", &Event::provider_name, "Provider/@Name")
      .def_readonly("provider_guid", &Event::provider_guid)
      .def_readonly("event_source_name", &Event::event_source_name)
      .def_readonly("event_id", &Event::event_id)
      .def_readonly("qualifiers", &Event::qualifiers)
      .def_readonly("version", &Event::version)
      .def_readonly("level", &Event::level, "1 critical, 2 error, 3 warning, 4 information, 5 verbose")
      .def_readonly("task", &Event::task)
      .def_readonly("opcode", &Event::opcode)
      .def_readonly("keywords", &Event::keywords)
      .def_property_readonly("time_created", [](const Event& e) { return to_datetime(e.time_created); })
      .def_property_readonly("written_time", [](const Event& e) { return to_datetime(e.written_time); })
      .def_readonly("event_record_id", &Event::event_record_id)
      .def_readonly("activity_id", &Event::activity_id)
      .def_readonly("related_activity_id", &Event::related_activity_id)
      .def_readonly("process_id", &Event::process_id)
      .def_readonly("thread_id", &Event::thread_id)
      .def_readonly("channel", &Event::channel)
      .def_readonly("computer", &Event::computer)
      .def_readonly("user_sid", &Event::user_sid)
      .def_property_readonly(
          "data", [](const Event& e) { return data_to_dict(e.data); },
          "EventData/UserData as a dict in document order (unnamed values: '1', '2', ...)")
      .def_readonly("binary_hex", &Event::binary_hex)
      .def_readonly("message", &Event::message)
      .def("to_json", &event_json, "The JSON object `evtxdiag dump` prints for the event (one line)")
      .def("__repr__", [](const Event& e) {
        return "<evtxdiag.Event " + e.provider_name + " " + std::to_string(e.event_id) + " #" +
               std::to_string(e.event_record_id) + " " + e.time_created.iso_utc() + ">";
      });

  py::class_<Diagnostic>(m, "Diagnostic",
                         "A problem that did not stop the reading (a record that could not be decoded, ...)")
      .def_property_readonly("severity",
                             [](const Diagnostic& d) { return d.severity == Severity::error ? "error" : "warning"; })
      .def_property_readonly(
          "kind", [](const Diagnostic& d) { return to_string(d.kind); },
          "live-record-lost, file-damage, recovered-lost, recovered-fragment, ...")
      .def_readonly("file", &Diagnostic::file)
      .def_readonly("chunk_index", &Diagnostic::chunk_index)
      .def_readonly("record_id", &Diagnostic::record_id)
      .def_readonly("offset", &Diagnostic::offset)
      .def_readonly("message", &Diagnostic::message)
      .def("__str__", &Diagnostic::to_string)
      .def("__repr__", [](const Diagnostic& d) { return "<evtxdiag.Diagnostic " + d.to_string() + ">"; });
}

}  // namespace evtxdiag::python
