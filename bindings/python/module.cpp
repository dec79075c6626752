// The _evtxdiag extension: reading, diagnosing, explaining and synthesising over the C++
// library. evtxdiag/__init__.py is the documented front; this file keeps to thin wrappers.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/dump.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/explain.hpp"
#include "evtxdiag/info.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/synth.hpp"
#include "evtxdiag/timeline.hpp"
#include "evtxdiag/version.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace evtxdiag::python {
namespace {

const char* kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::io: return "io";
    case ErrorKind::not_evtx: return "not_evtx";
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::refused: return "refused";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

// A file being read: events are decoded on the first iteration (one pass over the file, the
// same read_case() as `evtxdiag dump`, so messages come from the log's LocaleMetaData or the
// knowledge base), then handed out one by one; `diagnostics` lists the records that could not
// be decoded.
class Reader {
 public:
  Reader(const std::string& path, bool recovered) : path_(path), reader_(EvtxReader::open_file(path)) {
    options_.read.recovered = recovered;
  }
  Reader& iter() { return *this; }
  Event next() {
    read_once();
    if (next_ >= events_.size()) throw py::stop_iteration();
    return std::move(events_[next_++]);
  }
  const ReadSummary& summary() {
    read_once();
    return summary_;
  }
  const FileInfo& info() const { return reader_.info(); }

 private:
  void read_once() {
    if (done_) return;
    py::gil_scoped_release release;  // decoding is pure C++: let other Python threads run
    CaseInputs inputs;
    inputs.logs.push_back({path_, path_, {}, {}});
    read_case(
        std::move(inputs), options_,
        [this](const CaseLogRead& log, bool finished) {
          if (!finished) return;
          if (!log.opened) throw Error(ErrorKind::io, log.error);
          summary_ = log.summary;
        },
        [this](Event&& event) { events_.push_back(std::move(event)); });
    done_ = true;
  }
  std::string path_;
  EvtxReader reader_;  ///< opened at once, so that a file that cannot be read raises there
  CaseReadOptions options_;
  bool done_ = false;
  std::vector<Event> events_;
  std::size_t next_ = 0;
  ReadSummary summary_;
};

Language language_of(const std::string& lang) {
  const auto language = parse_language(lang);
  if (!language) throw Error(ErrorKind::invalid_input, "unknown language '" + lang + "' (en or ja)");
  return *language;
}

// The tz= argument: "auto" or a zone; anything else raises evtxdiag.Error (kind invalid_input) quoting it.
ZoneRequest zone_of(const std::string& tz) {
  std::string error;
  const auto request = ZoneRequest::parse(tz, &error);
  if (!request) throw Error(ErrorKind::invalid_input, "tz '" + tz + "': " + error);
  return *request;
}

// Like `evtxdiag diagnose`: one Diagnosis per machine; raises where the command exits 2
// (nothing found, nothing readable, a bad option).
std::vector<Diagnosis> run_diagnose(const std::vector<std::string>& paths, const std::string& tz,
                                    const std::string& lang, int margin_minutes,
                                    const std::vector<std::string>& knowledge_dirs, bool recovered,
                                    const std::string& computer) {
  DiagnoseOptions options;
  options.zone = zone_of(tz);
  options.language = language_of(lang);
  options.margin_minutes = margin_minutes;
  options.knowledge_dirs = knowledge_dirs;
  options.recovered = recovered;
  options.computer = computer;
  py::gil_scoped_release release;
  std::vector<Diagnosis> machines = diagnose_machines(paths, options);
  require_readable_input(machines);
  return machines;
}

// `evtxdiag info`: the same library call and rendering as the CLI, so the text is the same bytes.
py::tuple case_info(const std::vector<std::string>& paths, const std::string& tz, bool decode,
                    const std::string& format, const std::string& decoder) {
  const auto info_format = parse_info_format(format);
  if (!info_format) throw Error(ErrorKind::invalid_input, "unknown format '" + format + "' (text or json)");
  const auto choice = parse_decoder_choice(decoder);
  if (!choice) throw Error(ErrorKind::invalid_input, "unknown decoder '" + decoder + "' (auto, libevtx or builtin)");
  const ZoneRequest zone = zone_of(tz);
  InfoOptions options;
  options.decode = decode;
  options.decoder = *choice;
  CaseFacts info = [&] {
    py::gil_scoped_release release;
    CaseInputs inputs = collect_inputs(paths);
    ZoneResolution zones = resolve_case_zone(zone, inputs);
    return read_case_info(std::move(inputs), std::move(zones), options);
  }();
  if (!info.any_opened()) {
    std::string why = "no log could be read";
    for (const LogFacts& log : info.logs) why += "; " + log.error;
    throw Error(ErrorKind::io, why);
  }
  return py::make_tuple(format_info(info, *info_format), info.incomplete());
}

// The filters as (option, value) pairs, parsed by the library like the command line's.
EventFilter filter_of(const std::vector<std::pair<std::string, std::string>>& filters) {
  EventFilter filter;
  for (const auto& [option, value] : filters) add_filter(filter, option, value);
  return filter;
}

// `evtxdiag dump`: the same library call and serialisation as the CLI.
py::tuple case_dump(const std::vector<std::string>& paths, const std::string& tz, const std::string& lang,
                    const std::string& format, bool recovered, bool bom,
                    const std::vector<std::pair<std::string, std::string>>& filters) {
  DumpOptions options;
  if (!parse_event_format(format, options.format))
    throw Error(ErrorKind::invalid_input, "unknown format '" + format + "' (jsonl, csv or xml)");
  const ZoneRequest zone = zone_of(tz);
  options.bom = bom;
  options.read.read.recovered = recovered;
  options.read.message_language = language_of(lang);
  options.read.mta_lang = lang;
  options.read.filter = filter_of(filters);
  std::ostringstream out;
  std::string why = "no log could be read";
  const DumpOutcome outcome = [&] {
    py::gil_scoped_release release;
    CaseInputs inputs = collect_inputs(paths);
    const ZoneResolution zones = resolve_case_zone(zone, inputs);
    return dump_case(std::move(inputs), zones, options, out, [&](const CaseLogRead& log) {
      if (!log.opened) why += "; " + log.error;
    });
  }();
  if (outcome.opened == 0) throw Error(ErrorKind::io, why);
  return py::make_tuple(out.str(), outcome.lost_data);
}

// `evtxdiag timeline`: the same library call and rendering as the CLI.
py::tuple case_timeline(const std::vector<std::string>& paths, const std::string& tz, const std::string& lang, bool all,
                        int margin_minutes, const std::string& computer, const std::string& format, bool bom,
                        const std::vector<std::pair<std::string, std::string>>& filters) {
  const auto timeline_format = parse_timeline_format(format);
  if (!timeline_format) throw Error(ErrorKind::invalid_input, "unknown format '" + format + "' (text, jsonl or csv)");
  TimelineOptions options;
  options.diagnosis.zone = zone_of(tz);
  options.diagnosis.language = language_of(lang);
  options.diagnosis.all_events = all;
  options.diagnosis.margin_minutes = margin_minutes;
  options.diagnosis.computer = computer;
  options.filter = filter_of(filters);
  TimelineRender render;
  render.bom = bom;
  std::vector<Diagnosis> machines = [&] {
    py::gil_scoped_release release;
    return read_timeline(paths, options);
  }();
  require_readable_input(machines);
  bool incomplete = false;
  for (const Diagnosis& d : machines) incomplete = incomplete || d.incomplete();
  return py::make_tuple(format_timeline(machines, *timeline_format, render), incomplete);
}

// `evtxdiag explain`: (output, outcome, problem) of the one renderer; outcome "known",
// "unknown" or "not_a_query".
py::tuple explain_query(const std::string& query, const std::string& lang, const std::string& format) {
  const auto explain_format = parse_explain_format(format);
  if (!explain_format) throw Error(ErrorKind::invalid_input, "unknown format '" + format + "' (text or json)");
  const Explanation e = explain(query, language_of(lang), *explain_format, KnowledgeBase::builtin());
  const char* outcome = e.outcome == ExplainOutcome::known     ? "known"
                        : e.outcome == ExplainOutcome::unknown ? "unknown"
                                                               : "not_a_query";
  return py::make_tuple(e.output, outcome, e.problem);
}

// Like `evtxdiag synth` (the same library call): returns the paths written.
std::vector<std::string> synth(const std::string& scenario_path, const std::string& out_dir, bool force) {
  SynthOptions options;
  options.force = force;
  std::vector<std::string> written;
  for (const WrittenFile& file : synthesize(scenario_path, out_dir, options)) written.push_back(file.path);
  return written;
}

}  // namespace
}  // namespace evtxdiag::python

PYBIND11_MODULE(_evtxdiag, m) {
  using namespace evtxdiag;
  using namespace evtxdiag::python;
  m.doc() = "evtxdiag extension module; use the `evtxdiag` package.";
  m.attr("__version__") = version();

  // evtxdiag.Error(message) with .kind: "io", "not_evtx", "invalid_input", "unsupported", "internal".
  static py::exception<Error> error_type(m, "Error");
  py::register_exception_translator([](std::exception_ptr pending) {
    try {
      if (pending) std::rethrow_exception(pending);
    } catch (const Error& e) {
      py::object instance = py::reinterpret_borrow<py::object>(error_type.ptr())(e.what());
      instance.attr("kind") = kind_name(e.kind());
      PyErr_SetObject(error_type.ptr(), instance.ptr());
    }
  });

  bind_event(m);
  bind_diagnosis(m);

  py::class_<FileInfo>(m, "FileInfo", "Facts from the file header")
      .def_readonly("path", &FileInfo::path)
      .def_readonly("file_size", &FileInfo::file_size)
      .def_readonly("major_version", &FileInfo::major_version)
      .def_readonly("minor_version", &FileInfo::minor_version)
      .def_readonly("chunks_in_file", &FileInfo::chunks_in_file)
      .def_readonly("dirty", &FileInfo::dirty)
      .def_readonly("full", &FileInfo::full);

  py::class_<Reader>(m, "Reader", "Iterable over the events of one .evtx file")
      .def(py::init<const std::string&, bool>(), py::arg("path"), py::arg("recovered") = false)
      .def("__iter__", &Reader::iter, py::return_value_policy::reference_internal)
      .def("__next__", &Reader::next)
      .def_property_readonly("info", &Reader::info)
      .def_property_readonly(
          "diagnostics", [](Reader& r) { return r.summary().diagnostics; },
          "per-record problems (reads the file if not done yet)")
      .def_property_readonly("undecodable", [](Reader& r) { return r.summary().undecodable; })
      .def_property_readonly("live_records", [](Reader& r) { return r.summary().live_records; });

  m.def("diagnose_machines", &run_diagnose, py::arg("paths"), py::arg("tz"), py::arg("lang"), py::arg("margin_minutes"),
        py::arg("knowledge_dirs"), py::arg("recovered"), py::arg("computer"));
  m.def("info", &case_info, py::arg("paths"), py::arg("tz"), py::arg("decode"), py::arg("format"), py::arg("decoder"));
  m.def("explain", &explain_query, py::arg("query"), py::arg("lang"), py::arg("format"));
  m.def("dump", &case_dump, py::arg("paths"), py::arg("tz"), py::arg("lang"), py::arg("format"), py::arg("recovered"),
        py::arg("bom"), py::arg("filters"));
  m.def("timeline", &case_timeline, py::arg("paths"), py::arg("tz"), py::arg("lang"), py::arg("all"),
        py::arg("margin_minutes"), py::arg("computer"), py::arg("format"), py::arg("bom"), py::arg("filters"));
  m.def("synth", &synth, py::arg("scenario_path"), py::arg("out_dir"), py::arg("force"));
}
