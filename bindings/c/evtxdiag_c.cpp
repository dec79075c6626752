// The C API (evtxdiag_c.h) over the C++ library. Every entry point catches everything: a C++
// exception turns into a status code and a thread-local message, never crosses into C.
#include "evtxdiag_c.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/diagnosis_json.hpp"
#include "evtxdiag/dump.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/explain.hpp"
#include "evtxdiag/info.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timeline.hpp"
#include "evtxdiag/version.hpp"

struct evtxdiag_event {
  evtxdiag::Event event;
};

// The file is opened at once (so that a file that cannot be read fails the open call) and read
// on the first next() by read_case(), the same call `evtxdiag dump` makes: events carry the
// messages of the log's LocaleMetaData or of the knowledge base.
struct evtxdiag_reader {
  evtxdiag::EvtxReader reader;
  evtxdiag::CaseFile file;
  evtxdiag::ReadOptions options;
  bool read_done = false;
  std::vector<evtxdiag_event> events;  // decoded on the first next(); the C side walks them
  std::size_t next_index = 0;
  evtxdiag::ReadSummary summary;
};

struct evtxdiag_diagnosis {
  evtxdiag::Diagnosis diagnosis;
  std::string json;
};

namespace {

thread_local std::string last_error;

int fail(int status, std::string message) {
  last_error = std::move(message);
  return status;
}

int status_of(evtxdiag::ErrorKind kind) {
  switch (kind) {
    case evtxdiag::ErrorKind::io: return EVTXDIAG_E_IO;
    case evtxdiag::ErrorKind::not_evtx: return EVTXDIAG_E_NOT_EVTX;
    case evtxdiag::ErrorKind::invalid_input: return EVTXDIAG_E_INVALID_INPUT;
    case evtxdiag::ErrorKind::unsupported: return EVTXDIAG_E_UNSUPPORTED;
    case evtxdiag::ErrorKind::refused: return EVTXDIAG_E_REFUSED;
    case evtxdiag::ErrorKind::internal: return EVTXDIAG_E_INTERNAL;
  }
  return EVTXDIAG_E_INTERNAL;
}

// Runs `body` (returning a status) with every exception mapped to a status and a message.
template <typename Body>
int guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const evtxdiag::Error& e) {
    return fail(status_of(e.kind()), e.what());
  } catch (const std::bad_alloc&) {
    return fail(EVTXDIAG_E_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(EVTXDIAG_E_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(EVTXDIAG_E_INTERNAL, "internal error: unknown exception");
  }
}

// The buffer convention of the header: size query, too small, or copy with NUL.
int copy_out(const std::string& text, char* buffer, std::size_t size, std::size_t* required) {
  const std::size_t needed = text.size() + 1;
  if (required) *required = needed;
  if (buffer == nullptr && size == 0) return EVTXDIAG_OK;
  if (buffer == nullptr || size < needed)
    return fail(EVTXDIAG_E_BUFFER_TOO_SMALL,
                "buffer of " + std::to_string(size) + " bytes, " + std::to_string(needed) + " needed");
  std::memcpy(buffer, text.c_str(), needed);
  return EVTXDIAG_OK;
}

int null_argument(const char* what) { return fail(EVTXDIAG_E_INVALID_ARGUMENT, std::string(what) + " is NULL"); }

evtxdiag::ReadOptions read_options(unsigned flags) {
  evtxdiag::ReadOptions options;
  options.recovered = (flags & EVTXDIAG_READ_RECOVERED) != 0;
  return options;
}

// The caller's paths, or a NULL among them reported.
bool copy_paths(const char* const* paths, std::size_t count, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < count; ++i) {
    if (!paths[i]) return false;
    out.emplace_back(paths[i]);
  }
  return true;
}

// The arguments evtxdiag_dump and evtxdiag_timeline share: 0 with the paths copied and *text
// cleared (EVTXDIAG_OK), or the error of the first NULL where a value is needed.
int check_case_arguments(const char* const* paths, std::size_t path_count, const char* const* filters,
                         std::size_t filter_count, char** text, std::vector<std::string>& inputs) {
  if (!paths && path_count > 0) return null_argument("paths");
  if (!filters && filter_count > 0) return null_argument("filters");
  if (!text) return null_argument("text");
  *text = nullptr;
  if (!copy_paths(paths, path_count, inputs)) return null_argument("a path");
  return EVTXDIAG_OK;
}

// "OPTION=VALUE" strings into the library's filter (the same parser as the command line).
evtxdiag::EventFilter filter_of(const char* const* filters, std::size_t count) {
  evtxdiag::EventFilter filter;
  for (std::size_t i = 0; i < count; ++i) {
    if (!filters[i]) throw evtxdiag::Error(evtxdiag::ErrorKind::invalid_input, "a filter is NULL");
    const std::string text = filters[i];
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos)
      throw evtxdiag::Error(evtxdiag::ErrorKind::invalid_input, "filter '" + text + "' is not OPTION=VALUE");
    evtxdiag::add_filter(filter, text.substr(0, equals), text.substr(equals + 1));
  }
  return filter;
}

// The lang argument: NULL is English.
evtxdiag::Language language_of(const char* lang) {
  if (!lang) return evtxdiag::Language::en;
  const auto language = evtxdiag::parse_language(lang);
  if (!language)
    throw evtxdiag::Error(evtxdiag::ErrorKind::invalid_input,
                          std::string("unknown language '") + lang + "' (en or ja)");
  return *language;
}

// The zone argument: NULL or "auto" is the zone the logs state.
evtxdiag::ZoneRequest zone_of(const char* zone) {
  if (!zone) return evtxdiag::ZoneRequest::automatic();
  std::string error;
  const auto request = evtxdiag::ZoneRequest::parse(zone, &error);
  if (!request) throw evtxdiag::Error(evtxdiag::ErrorKind::invalid_input, std::string("zone '") + zone + "': " + error);
  return *request;
}

// A malloc()ed copy the caller frees with evtxdiag_string_free().
int give_string(const std::string& out, char** text) {
  *text = static_cast<char*>(std::malloc(out.size() + 1));
  if (!*text) return fail(EVTXDIAG_E_NO_MEMORY, "out of memory");
  std::memcpy(*text, out.c_str(), out.size() + 1);
  return EVTXDIAG_OK;
}

}  // namespace

extern "C" {

const char* evtxdiag_version(void) { return evtxdiag::version(); }

const char* evtxdiag_status_name(int status) {
  switch (status) {
    case EVTXDIAG_OK: return "ok";
    case EVTXDIAG_END: return "end";
    case EVTXDIAG_E_IO: return "io";
    case EVTXDIAG_E_NOT_EVTX: return "not-evtx";
    case EVTXDIAG_E_INVALID_INPUT: return "invalid-input";
    case EVTXDIAG_E_UNSUPPORTED: return "unsupported";
    case EVTXDIAG_E_INTERNAL: return "internal";
    case EVTXDIAG_E_INVALID_ARGUMENT: return "invalid-argument";
    case EVTXDIAG_E_BUFFER_TOO_SMALL: return "buffer-too-small";
    case EVTXDIAG_E_NOT_FOUND: return "not-found";
    case EVTXDIAG_E_NO_MEMORY: return "no-memory";
    default: return "unknown";
  }
}

int evtxdiag_last_error(char* buffer, size_t size, size_t* required) {
  // Not guarded() on purpose: copying must not overwrite the message it reports.
  const std::size_t needed = last_error.size() + 1;
  if (required) *required = needed;
  if (buffer == nullptr && size == 0) return EVTXDIAG_OK;
  if (buffer == nullptr || size < needed) return EVTXDIAG_E_BUFFER_TOO_SMALL;
  std::memcpy(buffer, last_error.c_str(), needed);
  return EVTXDIAG_OK;
}

int evtxdiag_reader_open_file(const char* path, unsigned flags, evtxdiag_reader** reader) {
  return guarded([&] {
    if (!path) return null_argument("path");
    if (!reader) return null_argument("reader");
    *reader = nullptr;
    *reader = new evtxdiag_reader{
        evtxdiag::EvtxReader::open_file(path), {path, path, {}, {}}, read_options(flags), false, {}, 0, {}};
    return EVTXDIAG_OK;
  });
}

int evtxdiag_reader_open_buffer(const void* bytes, size_t size, const char* name, unsigned flags,
                                evtxdiag_reader** reader) {
  return guarded([&] {
    if (!bytes && size > 0) return null_argument("bytes");
    if (!reader) return null_argument("reader");
    *reader = nullptr;
    const auto* begin = static_cast<const std::uint8_t*>(bytes);
    const std::string label = name ? name : "buffer";
    std::vector<std::uint8_t> copy(begin, begin + size);
    *reader = new evtxdiag_reader{evtxdiag::EvtxReader::open_buffer(copy, label),
                                  {label, {}, std::move(copy), {}},
                                  read_options(flags),
                                  false,
                                  {},
                                  0,
                                  {}};
    return EVTXDIAG_OK;
  });
}

void evtxdiag_reader_free(evtxdiag_reader* reader) { delete reader; }

int evtxdiag_reader_next(evtxdiag_reader* reader, const evtxdiag_event** event) {
  return guarded([&] {
    if (!reader) return null_argument("reader");
    if (!event) return null_argument("event");
    *event = nullptr;
    if (!reader->read_done) {
      evtxdiag::CaseInputs inputs;
      inputs.logs.push_back(std::move(reader->file));
      evtxdiag::CaseReadOptions options;
      options.read = reader->options;
      evtxdiag::read_case(
          std::move(inputs), options,
          [reader](const evtxdiag::CaseLogRead& log, bool finished) {
            if (finished && log.opened) reader->summary = log.summary;
            if (finished && !log.opened) throw evtxdiag::Error(evtxdiag::ErrorKind::io, log.error);
          },
          [reader](evtxdiag::Event&& decoded) { reader->events.push_back(evtxdiag_event{std::move(decoded)}); });
      reader->read_done = true;
    }
    if (reader->next_index >= reader->events.size()) return EVTXDIAG_END;
    *event = &reader->events[reader->next_index++];
    return EVTXDIAG_OK;
  });
}

uint64_t evtxdiag_reader_undecodable(const evtxdiag_reader* reader) { return reader ? reader->summary.undecodable : 0; }

size_t evtxdiag_reader_diagnostic_count(const evtxdiag_reader* reader) {
  return reader ? reader->summary.diagnostics.size() : 0;
}

int evtxdiag_reader_diagnostic(const evtxdiag_reader* reader, size_t index, char* buffer, size_t size,
                               size_t* required) {
  return guarded([&] {
    if (!reader) return null_argument("reader");
    if (index >= reader->summary.diagnostics.size())
      return fail(EVTXDIAG_E_INVALID_ARGUMENT, "diagnostic index " + std::to_string(index) + " out of range");
    return copy_out(reader->summary.diagnostics[index].to_string(), buffer, size, required);
  });
}

uint32_t evtxdiag_event_id(const evtxdiag_event* event) { return event ? event->event.event_id : 0; }
uint64_t evtxdiag_event_record_id(const evtxdiag_event* event) { return event ? event->event.event_record_id : 0; }
uint8_t evtxdiag_event_level(const evtxdiag_event* event) { return event ? event->event.level : 0; }
uint64_t evtxdiag_event_time_created(const evtxdiag_event* event) {
  return event ? event->event.time_created.ticks : 0;
}

int evtxdiag_event_string(const evtxdiag_event* event, evtxdiag_event_field field, char* buffer, size_t size,
                          size_t* required) {
  return guarded([&] {
    if (!event) return null_argument("event");
    const evtxdiag::Event& e = event->event;
    switch (field) {
      case EVTXDIAG_FIELD_SOURCE_FILE: return copy_out(e.source_file, buffer, size, required);
      case EVTXDIAG_FIELD_PROVIDER: return copy_out(e.provider_name, buffer, size, required);
      case EVTXDIAG_FIELD_PROVIDER_GUID: return copy_out(e.provider_guid, buffer, size, required);
      case EVTXDIAG_FIELD_CHANNEL: return copy_out(e.channel, buffer, size, required);
      case EVTXDIAG_FIELD_COMPUTER: return copy_out(e.computer, buffer, size, required);
      case EVTXDIAG_FIELD_USER_SID: return copy_out(e.user_sid, buffer, size, required);
      case EVTXDIAG_FIELD_TIME_CREATED: return copy_out(e.time_created.iso_utc(), buffer, size, required);
      case EVTXDIAG_FIELD_BINARY_HEX: return copy_out(e.binary_hex, buffer, size, required);
      case EVTXDIAG_FIELD_ACTIVITY_ID: return copy_out(e.activity_id, buffer, size, required);
      case EVTXDIAG_FIELD_ORIGIN: return copy_out(evtxdiag::to_string(e.origin), buffer, size, required);
    }
    return fail(EVTXDIAG_E_INVALID_ARGUMENT, "unknown event field " + std::to_string(static_cast<int>(field)));
  });
}

int evtxdiag_event_json(const evtxdiag_event* event, char* buffer, size_t size, size_t* required) {
  return guarded([&] {
    if (!event) return null_argument("event");
    static const evtxdiag::ZoneResolution utc = evtxdiag::ZoneResolution::fallback_utc("the C API gives UTC");
    return copy_out(evtxdiag::event_to_json(event->event, utc), buffer, size, required);
  });
}

size_t evtxdiag_event_data_count(const evtxdiag_event* event) { return event ? event->event.data.size() : 0; }

static int data_part(const evtxdiag_event* event, size_t index, bool name, char* buffer, size_t size,
                     size_t* required) {
  return guarded([&] {
    if (!event) return null_argument("event");
    if (index >= event->event.data.size())
      return fail(EVTXDIAG_E_INVALID_ARGUMENT, "data index " + std::to_string(index) + " out of range");
    const evtxdiag::DataField& field = event->event.data[index];
    return copy_out(name ? field.name : field.value, buffer, size, required);
  });
}

int evtxdiag_event_data_name(const evtxdiag_event* event, size_t index, char* buffer, size_t size, size_t* required) {
  return data_part(event, index, true, buffer, size, required);
}

int evtxdiag_event_data_value(const evtxdiag_event* event, size_t index, char* buffer, size_t size, size_t* required) {
  return data_part(event, index, false, buffer, size, required);
}

int evtxdiag_diagnose(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                      evtxdiag_diagnosis** diagnosis) {
  return guarded([&] {
    if (!paths && path_count > 0) return null_argument("paths");
    if (!diagnosis) return null_argument("diagnosis");
    *diagnosis = nullptr;
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < path_count; ++i) {
      if (!paths[i]) return null_argument("a path");
      inputs.emplace_back(paths[i]);
    }
    evtxdiag::DiagnoseOptions options;
    options.zone = zone_of(zone);
    options.language = language_of(lang);
    auto result = std::make_unique<evtxdiag_diagnosis>();
    std::vector<evtxdiag::Diagnosis> machines = evtxdiag::diagnose_machines(inputs, options);
    evtxdiag::require_readable_input(machines);  // the command's exit code 2 cases
    if (machines.size() != 1) {
      std::string names;
      for (const auto& d : machines) names += (names.empty() ? "" : ", ") + d.computer;
      return fail(EVTXDIAG_E_INVALID_INPUT, "the logs come from " + std::to_string(machines.size()) + " machines (" +
                                                names + "); diagnose each machine's logs separately");
    }
    result->diagnosis = std::move(machines.front());
    result->json = evtxdiag::diagnosis_to_json(result->diagnosis, 2);
    *diagnosis = result.release();
    return EVTXDIAG_OK;
  });
}

void evtxdiag_diagnosis_free(evtxdiag_diagnosis* diagnosis) { delete diagnosis; }

int evtxdiag_info(const char* const* paths, size_t path_count, const char* zone, unsigned flags, char** text,
                  int* incomplete) {
  return guarded([&] {
    if (!paths && path_count > 0) return null_argument("paths");
    if (!text) return null_argument("text");
    *text = nullptr;
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < path_count; ++i) {
      if (!paths[i]) return null_argument("a path");
      inputs.emplace_back(paths[i]);
    }
    evtxdiag::InfoOptions options;
    options.decode = (flags & EVTXDIAG_INFO_DECODE) != 0;
    evtxdiag::CaseInputs case_inputs = evtxdiag::collect_inputs(inputs);
    evtxdiag::ZoneResolution zones = evtxdiag::resolve_case_zone(zone_of(zone), case_inputs);
    const evtxdiag::CaseFacts info = evtxdiag::read_case_info(std::move(case_inputs), std::move(zones), options);
    if (!info.any_opened()) {
      std::string why = "no log could be read";
      for (const auto& log : info.logs) why += "; " + log.error;
      return fail(EVTXDIAG_E_IO, why);
    }
    const std::string out = evtxdiag::format_info(
        info, (flags & EVTXDIAG_INFO_JSON) != 0 ? evtxdiag::InfoFormat::json : evtxdiag::InfoFormat::text);
    *text = static_cast<char*>(std::malloc(out.size() + 1));
    if (!*text) return fail(EVTXDIAG_E_INTERNAL, "out of memory");
    std::memcpy(*text, out.c_str(), out.size() + 1);
    if (incomplete) *incomplete = info.incomplete() ? 1 : 0;
    return EVTXDIAG_OK;
  });
}

void evtxdiag_string_free(char* text) { std::free(text); }

int evtxdiag_diagnosis_json(const evtxdiag_diagnosis* diagnosis, char* buffer, size_t size, size_t* required) {
  return guarded([&] {
    if (!diagnosis) return null_argument("diagnosis");
    return copy_out(diagnosis->json, buffer, size, required);
  });
}

size_t evtxdiag_diagnosis_job_count(const evtxdiag_diagnosis* diagnosis) {
  return diagnosis ? diagnosis->diagnosis.jobs.size() : 0;
}

size_t evtxdiag_diagnosis_finding_count(const evtxdiag_diagnosis* diagnosis) {
  return diagnosis ? diagnosis->diagnosis.findings.size() : 0;
}

int evtxdiag_diagnosis_incomplete(const evtxdiag_diagnosis* diagnosis) {
  return diagnosis && diagnosis->diagnosis.incomplete() ? 1 : 0;
}

int evtxdiag_explain_code(const char* code, const char* lang, char* buffer, size_t size, size_t* required) {
  return guarded([&] {
    if (!code) return null_argument("code");
    const auto language = evtxdiag::parse_language(lang ? lang : "en");
    if (!language) return fail(EVTXDIAG_E_INVALID_INPUT, std::string("unknown language '") + lang + "' (en or ja)");
    const std::string query = code;
    // A code only: "volsnap/27" is an event for evtxdiag_explain().
    if (query.find('/') != std::string::npos)
      return fail(EVTXDIAG_E_INVALID_ARGUMENT, "'" + query + "' is not an error code");
    const evtxdiag::Explanation explanation =
        evtxdiag::explain(query, *language, evtxdiag::ExplainFormat::text, evtxdiag::KnowledgeBase::builtin());
    if (explanation.outcome == evtxdiag::ExplainOutcome::not_a_query)
      return fail(EVTXDIAG_E_INVALID_ARGUMENT, "'" + query + "' is not an error code");
    if (explanation.outcome == evtxdiag::ExplainOutcome::unknown)
      return fail(EVTXDIAG_E_NOT_FOUND, "'" + query + "' is not in the knowledge base");
    return copy_out(explanation.output, buffer, size, required);
  });
}

int evtxdiag_explain(const char* query, const char* lang, unsigned flags, char** text, int* known) {
  return guarded([&] {
    if (!query) return null_argument("query");
    if (!text) return null_argument("text");
    *text = nullptr;
    const evtxdiag::Explanation explanation = evtxdiag::explain(
        query, language_of(lang),
        (flags & EVTXDIAG_EXPLAIN_JSON) != 0 ? evtxdiag::ExplainFormat::json : evtxdiag::ExplainFormat::text,
        evtxdiag::KnowledgeBase::builtin());
    if (explanation.outcome == evtxdiag::ExplainOutcome::not_a_query)
      return fail(EVTXDIAG_E_INVALID_ARGUMENT, explanation.problem);
    if (explanation.output.empty()) return fail(EVTXDIAG_E_NOT_FOUND, explanation.problem);
    if (known) *known = explanation.outcome == evtxdiag::ExplainOutcome::known ? 1 : 0;
    return give_string(explanation.output, text);
  });
}

int evtxdiag_dump(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                  const char* const* filters, size_t filter_count, unsigned flags, char** text, int* incomplete) {
  return guarded([&] {
    std::vector<std::string> inputs;
    const int checked = check_case_arguments(paths, path_count, filters, filter_count, text, inputs);
    if (checked != EVTXDIAG_OK) return checked;
    evtxdiag::DumpOptions options;
    options.format = (flags & EVTXDIAG_DUMP_CSV) != 0   ? evtxdiag::EventFormat::csv
                     : (flags & EVTXDIAG_DUMP_XML) != 0 ? evtxdiag::EventFormat::xml
                                                        : evtxdiag::EventFormat::jsonl;
    options.bom = (flags & EVTXDIAG_DUMP_BOM) != 0;
    options.read.read.recovered = (flags & EVTXDIAG_DUMP_RECOVERED) != 0;
    options.read.message_language = language_of(lang);
    options.read.mta_lang = evtxdiag::to_string(options.read.message_language);
    options.read.filter = filter_of(filters, filter_count);
    evtxdiag::CaseInputs case_inputs = evtxdiag::collect_inputs(inputs);
    const evtxdiag::ZoneResolution zones = evtxdiag::resolve_case_zone(zone_of(zone), case_inputs);
    std::ostringstream out;
    std::string why = "no log could be read";
    const evtxdiag::DumpOutcome outcome =
        evtxdiag::dump_case(std::move(case_inputs), zones, options, out, [&](const evtxdiag::CaseLogRead& log) {
          if (!log.opened) why += "; " + log.error;
        });
    if (outcome.opened == 0) return fail(EVTXDIAG_E_IO, why);
    if (incomplete) *incomplete = outcome.lost_data ? 1 : 0;
    return give_string(out.str(), text);
  });
}

int evtxdiag_timeline(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                      const char* const* filters, size_t filter_count, unsigned flags, char** text, int* incomplete) {
  return guarded([&] {
    std::vector<std::string> inputs;
    const int checked = check_case_arguments(paths, path_count, filters, filter_count, text, inputs);
    if (checked != EVTXDIAG_OK) return checked;
    evtxdiag::TimelineOptions options;
    options.diagnosis.zone = zone_of(zone);
    options.diagnosis.language = language_of(lang);
    options.diagnosis.all_events = (flags & EVTXDIAG_TIMELINE_ALL) != 0;
    options.filter = filter_of(filters, filter_count);
    const std::vector<evtxdiag::Diagnosis> machines = evtxdiag::read_timeline(inputs, options);
    evtxdiag::require_readable_input(machines);  // the command's exit code 2 cases
    evtxdiag::TimelineRender render;
    render.bom = (flags & EVTXDIAG_TIMELINE_BOM) != 0;
    const auto format = (flags & EVTXDIAG_TIMELINE_CSV) != 0     ? evtxdiag::TimelineFormat::csv
                        : (flags & EVTXDIAG_TIMELINE_JSONL) != 0 ? evtxdiag::TimelineFormat::jsonl
                                                                 : evtxdiag::TimelineFormat::text;
    if (incomplete) {
      *incomplete = 0;
      for (const evtxdiag::Diagnosis& d : machines) *incomplete |= d.incomplete() ? 1 : 0;
    }
    return give_string(evtxdiag::format_timeline(machines, format, render), text);
  });
}

}  // extern "C"
