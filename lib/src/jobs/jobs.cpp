// Job reconstruction. Events arrive in time order; a start event opens a job, events quoting a
// BackupTime join the job that started then (or create it when its start was not logged), and
// the remaining lifecycle events join the product's most recent job that is still open.
#include "jobs/jobs.hpp"

#include <algorithm>

namespace evtxdiag::diag {
namespace {

constexpr std::uint64_t kLateEventTolerance = 5ULL * 60 * Timestamp::ticks_per_second;

std::uint64_t distance(Timestamp a, Timestamp b) { return a.ticks > b.ticks ? a.ticks - b.ticks : b.ticks - a.ticks; }

bool product_has_end_role(const std::vector<LifecycleEvent>& lifecycle, BackupProduct product) {
  for (const auto& item : lifecycle)
    if (item.product == product && item.role == LifecycleRole::end) return true;
  return false;
}

// The value of attribute `name` in an XML start tag's text, or "".
std::string attribute(const std::string& tag, const std::string& name) {
  const std::string key = name + "=\"";
  std::size_t pos = 0;
  while ((pos = tag.find(key, pos)) != std::string::npos) {
    if (pos == 0 || tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n') {
      const std::size_t begin = pos + key.size();
      const std::size_t end = tag.find('"', begin);
      return end == std::string::npos ? std::string() : tag.substr(begin, end - begin);
    }
    pos += key.size();
  }
  return {};
}

}  // namespace

JobResult JobDraft::result() const {
  if (failure) return JobResult::failed;
  if (canceled) return JobResult::canceled;
  if (warning) return JobResult::completed_with_warnings;
  if (success) return JobResult::succeeded;
  return JobResult::unknown;
}

const LifecycleEvent* classify(const std::vector<LifecycleEvent>& lifecycle, const Event& event) {
  for (const auto& item : lifecycle)
    if (item.pattern.matches(event)) return &item;
  return nullptr;
}

std::optional<Timestamp> quoted_backup_time(const Event& event, const std::vector<std::string>& fields) {
  for (const auto& field : fields) {
    const std::string* value = event.data_value(field);
    if (!value) continue;
    std::string clean;
    for (std::size_t i = 0; i < value->size(); ++i) {
      // U+200E LEFT-TO-RIGHT MARK (E2 80 8E) appears in rendered dates; spaces in blog copies.
      if (i + 2 < value->size() && static_cast<unsigned char>((*value)[i]) == 0xE2 &&
          static_cast<unsigned char>((*value)[i + 1]) == 0x80 && static_cast<unsigned char>((*value)[i + 2]) == 0x8E) {
        i += 2;
        continue;
      }
      if ((*value)[i] != ' ') clean.push_back((*value)[i]);
    }
    if (auto time = Timestamp::parse_iso(clean)) return time;
  }
  return std::nullopt;
}

std::vector<VolumeResult> parse_volumes_info(const std::string& xml) {
  std::vector<VolumeResult> out;
  std::size_t pos = 0;
  while ((pos = xml.find("<VolumeInfoItem", pos)) != std::string::npos) {
    const std::size_t end = xml.find('>', pos);
    if (end == std::string::npos) break;
    const std::string tag = xml.substr(pos, end - pos);
    VolumeResult volume;
    volume.name = attribute(tag, "Name");
    if (volume.name.empty()) volume.name = attribute(tag, "OriginalAccessPath");
    volume.state = attribute(tag, "State");
    if (auto hr = parse_code_value(attribute(tag, "HResult"))) volume.hresult = *hr;
    if (auto hr = parse_code_value(attribute(tag, "DetailedHResult"))) volume.detailed_hresult = *hr;
    out.push_back(std::move(volume));
    pos = end;
  }
  return out;
}

namespace {

JobDraft& new_job(std::vector<JobDraft>& jobs, BackupProduct product, Timestamp start) {
  JobDraft job;
  job.product = product;
  job.start = start;
  job.end = start;
  jobs.push_back(std::move(job));
  return jobs.back();
}

// The job an event of `kind` at `time` belongs to (`quoted`: the BackupTime it quotes), or a
// new one when none fits.
JobDraft& job_of_event(std::vector<JobDraft>& jobs, const LifecycleEvent& kind, Timestamp time,
                       const std::optional<Timestamp>& quoted) {
  JobDraft* job = nullptr;
  if (kind.role == LifecycleRole::refused) {
    // Its own job, even within minutes of a running one: merging would mark that one failed.
    // The twin of a refusal (operational 20 and Application 518 quote the same BackupTime)
    // joins the refused job already there.
    const Timestamp start = quoted ? *quoted : time;
    for (auto& candidate : jobs)
      if (candidate.refused && candidate.product == kind.product &&
          distance(candidate.start, start) <= kLateEventTolerance)
        job = &candidate;
    if (!job) job = &new_job(jobs, kind.product, start);
    job->has_start_event = true;
    job->failure = true;
    job->closed = true;
  } else if (kind.role == LifecycleRole::start) {
    // A job first seen through a quoted BackupTime (logs merged out of order) gets its start event.
    for (auto& candidate : jobs)
      if (candidate.product == kind.product && !candidate.has_start_event &&
          distance(candidate.start, time) <= kBackupTimeTolerance)
        job = &candidate;
    if (!job) job = &new_job(jobs, kind.product, time);
    job->has_start_event = true;
    if (time < job->start) job->start = time;
  } else if (quoted) {
    std::uint64_t best = kBackupTimeTolerance + 1;
    for (auto& candidate : jobs) {
      if (candidate.product != kind.product) continue;
      const auto d = distance(candidate.start, *quoted);
      if (d < best) {
        best = d;
        job = &candidate;
      }
    }
    if (!job) job = &new_job(jobs, kind.product, *quoted);
  } else {
    for (auto it = jobs.rbegin(); it != jobs.rend() && !job; ++it) {
      if (it->product != kind.product || it->start > time || it->refused) continue;
      if (!it->closed || time.ticks - it->end.ticks <= kLateEventTolerance) job = &*it;
    }
    if (!job) job = &new_job(jobs, kind.product, time);
  }
  return *job;
}

// What event `index` of `kind` tells its job: its end, its outcome, its codes and volumes.
void apply_event(JobDraft& job, std::size_t index, const Event& event, const LifecycleEvent& kind,
                 const std::vector<LifecycleEvent>& lifecycle) {
  job.events.push_back(index);
  if (event.time_created > job.end) job.end = event.time_created;
  switch (kind.role) {
    case LifecycleRole::success: job.success = true; break;
    case LifecycleRole::failure: job.failure = true; break;
    case LifecycleRole::canceled: job.canceled = true; break;
    case LifecycleRole::warning: job.warning = true; break;
    case LifecycleRole::end: job.closed = true; break;
    case LifecycleRole::start: break;
    case LifecycleRole::refused: job.refused = true; break;
  }
  if (kind.also_ends) job.closed = true;
  const bool terminal = kind.role == LifecycleRole::success || kind.role == LifecycleRole::failure ||
                        kind.role == LifecycleRole::canceled;
  if (terminal && !product_has_end_role(lifecycle, kind.product)) job.closed = true;

  if (kind.role != LifecycleRole::start && kind.role != LifecycleRole::success) {
    std::vector<FoundCode> found = failure_codes(event, kind.pattern.code_text_fields);
    for (const auto& code : found) {
      const bool known =
          std::any_of(job.codes.begin(), job.codes.end(), [&](const FoundCode& c) { return c.value == code.value; });
      if (!known) job.codes.push_back(code);
    }
    if (!found.empty()) {
      job.code_events.push_back(index);
      job.code_event_codes.push_back(std::move(found));
    }
  }
  if (const std::string* volumes = event.data_value("VolumesInfo"); volumes && job.volumes.empty())
    job.volumes = parse_volumes_info(*volumes);
}

}  // namespace

std::vector<JobDraft> reconstruct_jobs(const std::vector<Event>& events, const std::vector<LifecycleEvent>& lifecycle) {
  std::vector<JobDraft> jobs;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const LifecycleEvent* kind = classify(lifecycle, event);
    if (!kind) continue;
    const auto quoted = quoted_backup_time(event, kind->backup_time_fields);
    JobDraft& job = job_of_event(jobs, *kind, event.time_created, quoted);
    apply_event(job, i, event, *kind, lifecycle);
  }
  std::stable_sort(jobs.begin(), jobs.end(), [](const JobDraft& a, const JobDraft& b) { return a.start < b.start; });
  return jobs;
}

}  // namespace evtxdiag::diag
