// Input expansion, the reader pre-filter, reading and deduplication.
#include "diagnose/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <tuple>

#include "core/ordered_batches.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/timezone.hpp"
#include "platform/digest.hpp"
#include "platform/files.hpp"

namespace evtxdiag::diag {
RelevanceFilter::RelevanceFilter(const RuleSet& rules, const KnowledgeBase& knowledge) {
  std::set<std::pair<std::string, std::uint32_t>> pairs;
  std::set<std::string> any_id;
  std::set<std::uint32_t> any_provider;
  auto add = [&](const EventPattern& pattern) {
    if (pattern.providers.empty()) {
      if (pattern.ids.empty()) selective_ = false;
      any_provider.insert(pattern.ids.begin(), pattern.ids.end());
      return;
    }
    for (const auto& provider : pattern.providers) {
      if (pattern.ids.empty()) any_id.insert(provider);
      for (auto id : pattern.ids) pairs.insert({provider, id});
    }
  };
  for (const auto& item : rules.lifecycle) add(item.pattern);
  for (const auto& pattern : rules.timeline_extra) add(pattern);
  for (const auto& rule : rules.rules) {
    if (rule.trigger) add(rule.trigger->pattern);
    for (const auto& c : rule.require) add(c.pattern);
    for (const auto& c : rule.absent) add(c.pattern);
  }
  // Events the knowledge base gives a role in a backup timeline, under every spelling.
  for (const auto& definition : knowledge.events()) {
    if (definition.roles.empty()) continue;
    std::vector<std::string> names{lower(definition.provider)};
    if (const auto* provider = knowledge.find_provider(definition.provider))
      for (const auto& alias : provider->aliases) names.push_back(lower(alias));
    for (const auto& name : names) pairs.insert({name, definition.id});
  }
  // Rule patterns match by provider or event source name; the reader only sees the provider,
  // so the knowledge base's aliases of every named provider are added too.
  for (auto pair : std::vector<std::pair<std::string, std::uint32_t>>(pairs.begin(), pairs.end()))
    if (const auto* provider = knowledge.find_provider(pair.first)) {
      pairs.insert({lower(provider->name), pair.second});
      for (const auto& alias : provider->aliases) pairs.insert({lower(alias), pair.second});
    }
  pairs_.assign(pairs.begin(), pairs.end());
  any_id_.assign(any_id.begin(), any_id.end());
  any_provider_.assign(any_provider.begin(), any_provider.end());
}

bool RelevanceFilter::operator()(std::string_view provider, std::uint32_t event_id) const {
  if (!selective_) return true;
  if (ZoneInferrer::is_candidate(provider, event_id)) return true;
  if (std::binary_search(any_provider_.begin(), any_provider_.end(), event_id)) return true;
  const std::string name = lower(std::string(provider));
  if (std::binary_search(any_id_.begin(), any_id_.end(), name)) return true;
  return std::binary_search(pairs_.begin(), pairs_.end(), std::make_pair(name, event_id));
}

namespace {

// Size and SHA-256 of an input for the report's provenance (which exact files were analysed).
// Read before the reader takes the bytes; a file that cannot be read gets none.
void add_provenance(const CaseFile& file, InputSummary& input) {
  if (!file.error.empty()) return;
  if (!file.on_disk()) {
    input.size = file.bytes.size();
    input.sha256 = platform::sha256_hex(file.bytes.data(), file.bytes.size());
    return;
  }
  try {
    const platform::FileBytes bytes = platform::FileBytes::load(file.path);
    input.size = bytes.size();
    // Pages already hashed leave the resident set (the read of the file may run meanwhile).
    input.sha256 = platform::sha256_hex(bytes.data(), bytes.size(), [&bytes] { bytes.release_resident_pages(); });
  } catch (const Error&) {  // the read reports why
  }
}

// Reads one input opened by `open` (which throws Error when nothing can be read) into `out`.
void load_one(const std::string& path, const std::function<EvtxReader()>& open, const ReadOptions& options,
              LoadedEvents& out) {
  const auto& want = options.want;
  InputSummary input;
  input.path = path;
  try {
    EvtxReader reader = open();
    ReadSummary summary = reader.read(options, [&](Event&& event) {
      if (want && !want(event.provider_name, event.event_id)) return;  // the filter is only a hint
      event.source_file = path;
      ++input.records;
      if (event.origin == RecordOrigin::recovered) ++input.recovered;
      out.events.push_back(std::move(event));
    });
    input.live_records = summary.live_records;
    input.live_lost = summary.live_lost();  // undecodable live records + promised records missing
    input.recovered_lost = summary.recovered_undecodable;
    input.recovered_fragments = summary.recovered_fragments;
    out.diagnostics.insert(out.diagnostics.end(), summary.diagnostics.begin(), summary.diagnostics.end());
  } catch (const Error& e) {
    input.readable = false;
    input.error = e.what();
  }
  out.inputs.push_back(std::move(input));
}

ReadOptions read_options(bool recovered, const std::function<bool(std::string_view, std::uint32_t)>& want,
                         unsigned threads) {
  ReadOptions options;
  options.recovered = recovered;
  options.want = want;
  options.threads = threads;
  return options;
}

// Whether one input holds at least half of all input bytes: then its own read (walk and scan
// on worker threads, decoding in batches) is what takes the time, and files are read one
// after another with every thread each, rather than side by side with one thread each (which
// would leave the other threads idle once the small files are done).
bool one_input_dominates(const std::vector<std::uint64_t>& sizes) {
  std::uint64_t total = 0, largest = 0;
  for (const std::uint64_t size : sizes) {
    total += size;
    largest = std::max(largest, size);
  }
  return total > 0 && largest * 2 >= total;
}

// Reads input i for every i < sizes.size() (`sizes`: their byte counts), several files at a
// time when there are threads to spare (each file with one reader thread), or one after
// another with all threads each when one file dominates; appends in input order.
void load_all(const std::vector<std::uint64_t>& sizes, unsigned threads, ReadOptions options,
              const std::function<void(std::size_t, const ReadOptions&, LoadedEvents&)>& load, LoadedEvents& out) {
  const std::size_t count = sizes.size();
  threads = core::resolve_thread_count(threads);
  const bool side_by_side = count > 1 && !one_input_dominates(sizes);
  const unsigned file_workers = side_by_side ? threads : 1;
  options.threads = side_by_side ? 1 : threads;
  core::run_ordered_batches<LoadedEvents>(
      count, file_workers, file_workers, [](unsigned) { return true; },
      [&](unsigned, std::size_t i) {
        LoadedEvents one;
        load(i, options, one);
        return one;
      },
      [&](std::size_t, LoadedEvents&& one) {
        if (out.events.empty()) {
          out.events = std::move(one.events);
        } else {
          out.events.insert(out.events.end(), std::make_move_iterator(one.events.begin()),
                            std::make_move_iterator(one.events.end()));
        }
        out.inputs.insert(out.inputs.end(), one.inputs.begin(), one.inputs.end());
        out.diagnostics.insert(out.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
      });
}

}  // namespace

LoadedEvents load_events(std::vector<CaseFile> files, bool recovered,
                         const std::function<bool(std::string_view, std::uint32_t)>& want, unsigned threads) {
  LoadedEvents out;
  std::vector<std::uint64_t> sizes;
  for (const CaseFile& file : files) {
    std::error_code error;  // an unreadable file is reported by its read
    const std::uintmax_t size = file.on_disk() ? std::filesystem::file_size(file.path, error) : file.bytes.size();
    sizes.push_back(error ? 0 : static_cast<std::uint64_t>(size));
  }
  load_all(
      sizes, threads, read_options(recovered, want, threads),
      [&](std::size_t i, const ReadOptions& options, LoadedEvents& one) {
        CaseFile& file = files[i];
        // The digest maps a file on disk by itself: when the file is read with every thread,
        // it is computed beside the read instead of before it.
        InputSummary provenance;
        std::future<void> digest;
        if (options.threads > 1 && file.on_disk())
          digest = std::async(std::launch::async, [&file, &provenance] { add_provenance(file, provenance); });
        else
          add_provenance(file, provenance);
        load_one(
            file.name,
            [&] {
              if (!file.error.empty()) throw Error(ErrorKind::io, file.error);
              if (file.on_disk()) return EvtxReader::open_file(file.path);
              return EvtxReader::open_buffer(std::move(file.bytes), file.name);
            },
            options, one);
        if (digest.valid()) digest.get();
        one.inputs.back().size = provenance.size;
        one.inputs.back().sha256 = std::move(provenance.sha256);
      },
      out);
  return out;
}

void deduplicate_and_sort(std::vector<Event>& events, std::vector<InputSummary>& inputs) {
  std::map<std::string, std::size_t> input_index;
  for (std::size_t i = 0; i < inputs.size(); ++i) input_index.emplace(inputs[i].path, i);
  using Key = std::tuple<std::string, std::uint64_t, std::uint64_t, std::string, std::uint32_t>;
  std::set<Key> seen;
  std::vector<Event> kept;
  kept.reserve(events.size());
  for (auto& event : events) {
    Key key{lower(event.channel), event.event_record_id, event.time_created.ticks, lower(event.provider_name),
            event.event_id};
    if (!seen.insert(std::move(key)).second) {
      auto it = input_index.find(event.source_file);
      if (it != input_index.end()) ++inputs[it->second].duplicates;
      continue;
    }
    kept.push_back(std::move(event));
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const Event& a, const Event& b) {
    if (a.time_created != b.time_created) return a.time_created < b.time_created;
    const auto ia = input_index.count(a.source_file) ? input_index.at(a.source_file) : 0;
    const auto ib = input_index.count(b.source_file) ? input_index.at(b.source_file) : 0;
    if (ia != ib) return ia < ib;
    return a.event_record_id < b.event_record_id;
  });
  events = std::move(kept);
}

}  // namespace evtxdiag::diag
