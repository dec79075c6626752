// The _evtxdiag extension: reading, diagnosing, explaining and synthesising over the C++
// library. evtxdiag/__init__.py is the documented front; this file keeps to thin wrappers.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/info.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/synth.hpp"
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

// Like `evtxdiag diagnose`: one Diagnosis per machine; raises where the command exits 2
// (nothing found, nothing readable, a bad option).
std::vector<Diagnosis> run_diagnose(const std::vector<std::string>& paths, const std::string& tz, const std::string& lang,
                                    int margin_minutes, const std::vector<std::string>& knowledge_dirs, bool recovered,
                                    const std::string& computer) {
  if (!parse_language(lang)) throw Error(ErrorKind::invalid_input, "unknown language '" + lang + "' (en or ja)");
  DiagnoseOptions options;
  options.zone = tz;
  options.lang = lang;
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
  InfoOptions options;
  options.decode = decode;
  options.decoder = *choice;
  CaseFacts info = [&] {
    py::gil_scoped_release release;
    CaseInputs inputs = collect_inputs(paths);
    ZoneResolution zones = resolve_case_zone(tz, inputs);
    return read_case_info(std::move(inputs), std::move(zones), options);
  }();
  if (!info.any_opened()) {
    std::string why = "no log could be read";
    for (const LogFacts& log : info.logs) why += "; " + log.error;
    throw Error(ErrorKind::io, why);
  }
  return py::make_tuple(format_info(info, *info_format), info.incomplete());
}

py::dict explain_code(const std::string& code, const std::string& lang) {
  const auto language = parse_language(lang);
  if (!language) throw Error(ErrorKind::invalid_input, "unknown language '" + lang + "' (en or ja)");
  const auto explanation = KnowledgeBase::builtin().explain_code(code);
  if (!explanation) throw Error(ErrorKind::invalid_input, "'" + code + "' is not an error code");
  auto texts = [&](const std::vector<LocalizedText>& list) {
    std::vector<std::string> out;
    for (const auto& text : list) out.push_back(text.in(*language));
    return out;
  };
  const CodeStructure& s = explanation->structure;
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(s.value));
  py::dict d("input"_a = code, "form"_a = explanation->parsed.form, "value"_a = s.value, "hex"_a = std::string(hex),
             "known"_a = explanation->known(), "family"_a = s.family == CodeFamily::ntstatus ? "ntstatus" : "hresult",
             "severity"_a = s.severity, "facility"_a = s.facility, "facility_name"_a = s.facility_name,
             "win32"_a = s.win32 ? py::object(py::int_(*s.win32)) : py::none());
  const CodeEntry* entry = explanation->entry;
  d["symbol"] = entry ? entry->symbol : std::string();
  d["message"] = entry ? entry->message.in(*language) : std::string();
  d["causes"] = entry ? texts(entry->causes) : std::vector<std::string>();
  d["remedies"] = entry ? texts(entry->remedies) : std::vector<std::string>();
  d["references"] = entry ? entry->references : std::vector<std::string>();
  d["related_events"] = entry ? entry->related_events : std::vector<std::string>();
  d["stage"] = entry && !entry->stage.empty() ? py::object(py::str(entry->stage)) : py::none();
  py::list cases;
  for (const CaseEntry* c : explanation->cases)
    cases.append(py::dict("id"_a = c->id, "title"_a = c->title.in(*language), "summary"_a = c->summary.in(*language),
                          "causes"_a = texts(c->causes), "remedies"_a = texts(c->remedies)));
  d["cases"] = cases;
  return d;
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
      .def_property_readonly("diagnostics", [](Reader& r) { return r.summary().diagnostics; },
                             "per-record problems (reads the file if not done yet)")
      .def_property_readonly("undecodable", [](Reader& r) { return r.summary().undecodable; })
      .def_property_readonly("live_records", [](Reader& r) { return r.summary().live_records; });

  m.def("diagnose_machines", &run_diagnose, py::arg("paths"), py::arg("tz"), py::arg("lang"),
        py::arg("margin_minutes"), py::arg("knowledge_dirs"), py::arg("recovered"), py::arg("computer"));
  m.def("info", &case_info, py::arg("paths"), py::arg("tz"), py::arg("decode"), py::arg("format"), py::arg("decoder"));
  m.def("explain", &explain_code, py::arg("code"), py::arg("lang"));
  m.def("synth", &synth, py::arg("scenario_path"), py::arg("out_dir"), py::arg("force"));
}
