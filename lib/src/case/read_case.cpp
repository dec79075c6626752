// read_case() and resolve_case_zone(): see evtxdiag/case_reader.hpp.
#include <mutex>
#include <optional>

#include "case/locale_lookup.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag {
namespace {

EvtxReader open_log(CaseFile& file) {
  if (!file.error.empty()) throw Error(ErrorKind::io, file.error);
  if (file.on_disk()) return EvtxReader::open_file(file.path);
  return EvtxReader::open_buffer(std::move(file.bytes), file.name);
}

}  // namespace

void read_case(CaseInputs inputs, const CaseReadOptions& options,
               const std::function<void(const CaseLogRead& log, bool finished)>& on_log,
               const std::function<void(Event&&)>& sink) {
  const std::size_t log_count = inputs.logs.size();
  const cases::LocaleLookup lookup(options.mta, options.mta_file, options.mta_lang, std::move(inputs.locale_files),
                                   log_count);
  const Language language = options.message_language;
  // Loaded when the first event needs a template, by whichever decoding thread gets there first.
  std::optional<KnowledgeBase> knowledge;
  std::once_flag knowledge_loaded;
  bool explicit_reported = false;
  const EventMatcher matcher(options.filter, options.filter_zones);

  for (CaseFile& file : inputs.logs) {
    CaseLogRead log;
    log.name = file.name;
    on_log(log, false);
    const bool on_disk = file.on_disk();
    try {
      EvtxReader reader = open_log(file);
      log.opened = true;
      cases::LocaleChoice locale = lookup.find(log.name, on_disk);
      log.mta_diagnostics = std::move(locale.diagnostics);
      if (!explicit_reported) {
        const auto& shared = lookup.explicit_diagnostics();
        log.mta_diagnostics.insert(log.mta_diagnostics.begin(), shared.begin(), shared.end());
        explicit_reported = true;
      }
      log.mta_unreadable = locale.unreadable;
      if (locale.catalog) log.mta = locale.catalog->source();
      // Messages (and the caller's own per-event work) on the decoding threads: the catalog
      // and the knowledge base are immutable, so this is the same work in parallel. Events the
      // filter drops are neither prepared nor delivered.
      ReadOptions read = options.read;
      read.prepare = [&](Event& event) {
        if (!matcher.matches(event)) return;
        // Recovered records are not part of the export the MTA was written for.
        if (locale.catalog && event.origin == RecordOrigin::live) locale.catalog->annotate(event);
        if (event.message_source == MessageSource::none) {
          std::call_once(knowledge_loaded, [&knowledge] { knowledge = KnowledgeBase::builtin(); });
          event.message = knowledge->render_message(event, language);
          if (!event.message.empty()) event.message_source = MessageSource::knowledge;
        }
        if (options.read.prepare) options.read.prepare(event);
      };
      log.summary = reader.read(read, [&](Event&& event) {
        if (matcher.matches(event)) sink(std::move(event));
      });
    } catch (const Error& e) {
      log.opened = false;
      log.error = e.what();
    }
    on_log(log, true);
  }
}

ZoneResolution resolve_case_zone(const ZoneRequest& request, const CaseInputs& inputs) {
  ZoneInferrer inferrer;  // also for a given zone: the notes say where the logs disagree with it
  ReadOptions read;
  read.want = [](std::string_view provider, std::uint32_t event_id) {
    return ZoneInferrer::is_candidate(provider, event_id);
  };
  for (const CaseFile& file : inputs.logs) {
    if (!file.error.empty()) continue;
    try {
      EvtxReader reader =
          file.on_disk() ? EvtxReader::open_file(file.path) : EvtxReader::open_buffer(file.bytes, file.name);
      reader.read(read, [&inferrer, &file](Event&& event) {
        event.source_file = file.name;
        inferrer.add(event);
      });
    } catch (const Error&) {
      // Unreadable: the command reads the file again and reports why.
    }
  }
  return ZoneResolution::from_request(request, inferrer);
}

}  // namespace evtxdiag
