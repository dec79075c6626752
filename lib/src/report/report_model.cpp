// See report_model.hpp.
#include "report/report_model.hpp"

#include <algorithm>
#include <tuple>

#include "diagnose/verdict_order.hpp"
#include "report/text_util.hpp"

namespace evtxdiag::report {
namespace {

bool verdict_first(Verdict a, Verdict b) { return diag::verdict_rank(a) < diag::verdict_rank(b); }

// The texts findings of different jobs must share to be one group: the job-free texts when the
// diagnosis made them, else the texts themselves (a Diagnosis assembled by hand).
const FindingTexts& shared_texts(const Finding& f, FindingTexts& scratch) {
  if (!f.any_job.title.empty() || !f.any_job.explanation.empty()) return f.any_job;
  scratch = {f.title, f.explanation, f.remedy};
  return scratch;
}

// "{job}" of a text shared by several jobs, named as a list ("jobs 1 and 2" / "ジョブ 1、2"),
// keeping the sentence's own word for "job" where it has one.
std::string name_jobs(std::string text, const std::vector<std::size_t>& jobs, const Words& w) {
  std::vector<std::string> numbers;
  for (std::size_t job : jobs) numbers.push_back(std::to_string(job));
  const std::string phrase = w.jobs(jobs);
  std::string capital = phrase;
  if (!capital.empty() && capital[0] >= 'a' && capital[0] <= 'z')
    capital[0] = static_cast<char>(capital[0] - 'a' + 'A');
  const std::string patterns[] = {"Job {job}", "job {job}", "ジョブ {job}", "ジョブ{job}"};
  for (const std::string& pattern : patterns) {
    const std::string value = pattern[0] == 'J' ? capital : phrase;
    for (std::size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + value.size()))
      text.replace(at, pattern.size(), value);
  }
  return fill(std::move(text), {{"job", w.list(numbers)}});
}

// One text of a group for its jobs. Members whose text differs only by the job share it; where
// the rule's values differ (another volume, another code), each variant is said once, led by
// the jobs it is about ("Jobs 1 and 3: ... Job 2: ..."), so the finding is still one block.
// Japanese sentences follow each other without a space.
std::string shared_text(const FindingGroup& group, std::string FindingTexts::*member, const Diagnosis& d,
                        const Words& w) {
  std::vector<std::string> variants;
  std::vector<std::vector<std::size_t>> variant_jobs;
  for (const Finding* f : group.members) {
    FindingTexts scratch;
    const std::string& text = shared_texts(*f, scratch).*member;
    const auto at = std::find(variants.begin(), variants.end(), text) - variants.begin();
    if (static_cast<std::size_t>(at) == variants.size()) {
      variants.push_back(text);
      variant_jobs.emplace_back();
    }
    if (f->job) variant_jobs[static_cast<std::size_t>(at)].push_back(*f->job);
  }
  const auto named = [&](const std::string& text, const std::vector<std::size_t>& jobs) {
    std::vector<std::string> starts;
    for (std::size_t job : jobs)
      if (job >= 1 && job <= d.jobs.size()) starts.push_back(readable(d, d.jobs[job - 1].start_utc));
    return fill(name_jobs(text, jobs, w), {{"job_start_local", w.list(starts)}});
  };
  if (variants.size() == 1) return named(variants.front(), group.jobs);
  std::string out;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (variants[i].empty()) continue;
    std::string lead = w.jobs(variant_jobs[i]);
    if (!lead.empty() && lead[0] >= 'a' && lead[0] <= 'z') lead[0] = static_cast<char>(lead[0] - 'a' + 'A');
    out += (out.empty() || w.language() == Language::ja ? "" : " ") + lead + w["colon"] +
           named(variants[i], variant_jobs[i]);
  }
  return out;
}

std::vector<FindingGroup> group(const std::vector<const Finding*>& findings, const Diagnosis& d, const Words& w) {
  std::vector<FindingGroup> groups;
  std::vector<FindingTexts> keys;
  for (const Finding* f : findings) {
    FindingTexts scratch;
    const FindingTexts& key = shared_texts(*f, scratch);
    std::size_t g = 0;
    for (; g < groups.size(); ++g)
      if (groups[g].rule == f->rule && groups[g].verdict == f->verdict && keys[g].title == key.title && f->job &&
          !groups[g].jobs.empty())
        break;
    if (g == groups.size()) {
      groups.push_back({f->rule, f->verdict, f->confidence, {}, {}, {}});
      keys.push_back(key);
    }
    groups[g].members.push_back(f);
    if (f->job && std::find(groups[g].jobs.begin(), groups[g].jobs.end(), *f->job) == groups[g].jobs.end())
      groups[g].jobs.push_back(*f->job);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    FindingGroup& group = groups[g];
    std::sort(group.jobs.begin(), group.jobs.end());
    if (group.members.size() == 1) {
      const Finding& f = *group.members.front();
      group.texts = {f.title, f.explanation, f.remedy};
      continue;
    }
    for (std::string FindingTexts::*member : {&FindingTexts::title, &FindingTexts::explanation, &FindingTexts::remedy})
      group.texts.*member = shared_text(group, member, d, w);
  }
  return groups;
}

std::vector<CodeUse> code_uses(const Diagnosis& d) {
  std::vector<CodeUse> uses;
  for (const BackupJob& job : d.jobs)
    for (const JobCode& code : job.codes) {
      auto found = std::find_if(uses.begin(), uses.end(), [&](const CodeUse& u) { return u.code.value == code.value; });
      if (found == uses.end()) {
        uses.push_back({code, {}, {}});
        found = uses.end() - 1;
      }
      if (found->jobs.empty() || found->jobs.back() != job.index) found->jobs.push_back(job.index);
      if (std::find(found->fields.begin(), found->fields.end(), code.field) == found->fields.end())
        found->fields.push_back(code.field);
    }
  return uses;
}

std::string title_list(const std::vector<const FindingGroup*>& groups, const Words& w) {
  std::vector<std::string> titles;
  for (const FindingGroup* g : groups) titles.push_back(g->texts.title);
  return w.list(titles);
}

std::string summary_text(const Diagnosis& d, const Summary& s, const Words& w) {
  const Language language = w.language();
  const std::string machine = machine_text(d, language);
  const auto time = [&](const BackupJob* job) { return readable(d, job->start_utc); };
  std::vector<std::string> sentences;
  if (s.jobs == 0) {
    sentences.push_back(w("summary.no_jobs", {{"machine", machine}}));
  } else if (s.failed == 0) {
    sentences.push_back(s.jobs == 1
                            ? w("summary.one_succeeded", {{"machine", machine}, {"first", time(&d.jobs.front())}})
                            : w("summary.all_succeeded", {{"machine", machine},
                                                          {"n", std::to_string(s.jobs)},
                                                          {"first", time(&d.jobs.front())},
                                                          {"last", time(&d.jobs.back())}}));
  } else {
    const std::string key = s.failed == 1 ? "summary.failed_one" : "summary.failed_range";
    sentences.push_back(w(key, {{"machine", machine},
                                {"failed", std::to_string(s.failed)},
                                {"jobs", std::to_string(s.jobs)},
                                {"first", time(s.first_failure)},
                                {"last", time(s.last_failure)}}));
    bool remedy_said = false;
    for (const FindingGroup* cause : s.causes) {
      const bool all = cause->jobs == s.failed_jobs;
      if (cause->verdict == Verdict::undetermined) {
        sentences.push_back(sentence(
            w("summary.undetermined", {{"jobs", w.jobs(cause->jobs)}, {"title", cause->texts.title}}), language));
        continue;
      }
      sentences.push_back(
          sentence(all ? w("summary.cause", {{"title", cause->texts.title}})
                       : w("summary.cause_of_jobs", {{"jobs", w.jobs(cause->jobs)}, {"title", cause->texts.title}}),
                   language));
      if (!remedy_said && !cause->texts.remedy.empty()) {
        sentences.push_back(sentence(w("summary.remedy", {{"remedy", cause->texts.remedy}}), language));
        remedy_said = true;
      }
    }
    if (s.status == "recovered")
      sentences.push_back(w("summary.recovered", {{"time", time(s.succeeded_after)}}));
    else if (s.status == "failing")
      sentences.push_back(w("summary.still_failing", {{"time", time(s.last_job)}}));
    else
      sentences.push_back(
          w("summary.last_other", {{"time", time(s.last_job)}, {"result", w.result(s.last_job->result)}}));
  }
  if (!s.red_herrings.empty())
    sentences.push_back(sentence(w("summary.red_herrings", {{"titles", title_list(s.red_herrings, w)}}), language));
  std::string text;
  for (const std::string& part : sentences) text += (text.empty() || w.ja() ? "" : " ") + part;
  return text;
}

Summary summarize(const Diagnosis& d, const MachineReport& report, const Words& w) {
  Summary s;
  s.jobs = d.jobs.size();
  for (const BackupJob& job : d.jobs) {
    if (job.result == JobResult::succeeded) ++s.succeeded;
    if (job.result != JobResult::failed) continue;
    ++s.failed;
    s.failed_jobs.push_back(job.index);
    if (!s.first_failure) s.first_failure = &job;
    s.last_failure = &job;
  }
  if (!d.jobs.empty()) s.last_job = &d.jobs.back();
  if (s.last_failure)
    for (const BackupJob& job : d.jobs)
      if (job.index > s.last_failure->index && job.result == JobResult::succeeded) {
        s.succeeded_after = &job;
        break;
      }
  s.status = s.jobs == 0                               ? "no-jobs"
             : s.failed == 0                           ? "succeeded"
             : s.succeeded_after                       ? "recovered"
             : s.last_job->result == JobResult::failed ? "failing"
                                                       : "unresolved";
  for (const FindingGroup& g : report.findings)
    if ((g.verdict == Verdict::cause || g.verdict == Verdict::undetermined) && !g.jobs.empty()) s.causes.push_back(&g);
  std::stable_sort(s.causes.begin(), s.causes.end(), [](const FindingGroup* a, const FindingGroup* b) {
    if (a->verdict != b->verdict) return verdict_first(a->verdict, b->verdict);
    return a->jobs.size() > b->jobs.size();
  });
  for (const FindingGroup& g : report.red_herrings) s.red_herrings.push_back(&g);
  s.text = summary_text(d, s, w);
  return s;
}

std::string zone_name_text(const TimeZone& zone, const Words& w) {
  if (zone.kind() == ZoneKind::utc) return "UTC";
  if (zone.kind() == ZoneKind::fixed_offset) return "UTC" + zone.name();
  std::optional<std::string> local;
  if (w.ja()) {
    local = windows_zone_localized_name(zone.windows_id().empty() ? zone.iana_name() : zone.windows_id(), "ja");
    if (local) return *local + " [" + zone.iana_name() + "]";
  }
  if (!zone.windows_id().empty()) return zone.windows_id() + " [" + zone.iana_name() + "]";
  return zone.iana_name().empty() ? zone.name() : zone.iana_name();
}

std::string evidence_place(const ZoneEvidence& e, const Words& w) {
  return w("zone.evidence", {{"event", to_string(e.kind)},
                             {"text", e.text},
                             {"record", std::to_string(e.record_number)},
                             {"file", e.source_file}});
}

}  // namespace

std::string readable(const Diagnosis& d, Timestamp t) {
  // A Diagnosis assembled by hand may name its zone without a resolution.
  const ZoneResolution& zones = d.zone.resolution;
  if (zones.periods.size() == 1 && zones.origin() == ZoneOrigin::fallback_utc && !d.zone.name.empty())
    if (const auto zone = TimeZone::parse(d.zone.name)) return zone->format_readable(t);
  return zones.format_readable(t);
}

std::string zone_text_short(const Diagnosis& d, const Words& w) {
  if (d.zone.resolution.periods.size() == 1 && d.zone.resolution.origin() == ZoneOrigin::fallback_utc &&
      d.zone.origin != ZoneOrigin::fallback_utc)
    if (const auto zone = TimeZone::parse(d.zone.name)) return zone_name_text(*zone, w);
  return zone_name_text(d.zone.zone, w);
}

std::string zone_text(const Diagnosis& d, const Words& w) {
  std::string source;
  switch (d.zone.origin) {
    case ZoneOrigin::user: source = w["zone.given"]; break;
    case ZoneOrigin::fallback_utc: source = w["zone.fallback"]; break;
    case ZoneOrigin::inferred:
      source = d.zone.evidence ? w("zone.inferred_from", {{"evidence", evidence_place(*d.zone.evidence, w)}})
                               : w["zone.inferred"];
      if (d.zone.bias_only) source += w["zone.bias_only"];
      break;
  }
  return w("zone.line", {{"zone", zone_text_short(d, w)}, {"source", source}});
}

std::vector<std::string> zone_notes(const Diagnosis& d, const Words& w) {
  std::vector<std::string> notes;
  const ZoneResolution& zones = d.zone.resolution;
  const auto time = [&](Timestamp t) { return t.valid() ? zones.format_readable(t) : std::string(); };
  if (zones.periods.size() > 1)
    for (const ZonePeriod& period : zones.periods) {
      const std::string begin = period.begin.valid() ? time(period.begin) : w["zone.logs_start"];
      const std::string end = period.end.valid() ? time(period.end) : w["zone.logs_end"];
      notes.push_back(w("zone.period", {{"zone", zone_name_text(period.zone, w)},
                                        {"begin", begin},
                                        {"end", end},
                                        {"evidence", period.evidence ? evidence_place(*period.evidence, w) : ""}}));
    }
  for (const ZoneNote& note : zones.note_details) {
    const std::string place = note.evidence ? evidence_place(*note.evidence, w) : std::string();
    switch (note.kind) {
      case ZoneNote::Kind::given_zone_disagrees:
        notes.push_back(w("zone.note.disagrees", {{"spec", note.spec},
                                                  {"offset", format_utc_offset(note.offset_minutes)},
                                                  {"time", time(note.time)},
                                                  {"other", zone_name_text(note.other_zone, w)},
                                                  {"other_offset", format_utc_offset(note.other_offset_minutes)},
                                                  {"evidence", place}}));
        break;
      case ZoneNote::Kind::name_contradicts_bias:
        notes.push_back(w("zone.note.bias", {{"zone", zone_name_text(note.zone, w)},
                                             {"offset", format_utc_offset(note.offset_minutes)},
                                             {"bias_offset", format_utc_offset(note.other_offset_minutes)},
                                             {"evidence", place}}));
        break;
      case ZoneNote::Kind::unknown_zone_name:
        notes.push_back(w("zone.note.unknown_name",
                          {{"name", note.zone_name}, {"count", std::to_string(note.count)}, {"evidence", place}}));
        break;
      case ZoneNote::Kind::zone_changed: break;  // said by the periods above
      case ZoneNote::Kind::lenient_spec:
        notes.push_back(w("zone.note.lenient", {{"spec", note.spec}, {"zone", zone_name_text(note.zone, w)}}));
        break;
    }
  }
  return notes;
}

MachineReport build_report(const Diagnosis& d, const Words& w) {
  MachineReport report;
  report.diagnosis = &d;
  std::vector<const Finding*> findings, herrings;
  for (const Finding& f : d.findings) (f.verdict == Verdict::red_herring ? herrings : findings).push_back(&f);
  // Job order, then verdict (the diagnosis's order); findings of no job last.
  const auto order = [](const Finding* a, const Finding* b) {
    if (a->job.has_value() != b->job.has_value()) return a->job.has_value();
    if (a->job != b->job) return a->job < b->job;
    return verdict_first(a->verdict, b->verdict);
  };
  std::stable_sort(findings.begin(), findings.end(), order);
  std::stable_sort(herrings.begin(), herrings.end(), order);
  report.findings = group(findings, d, w);
  report.red_herrings = group(herrings, d, w);
  report.codes = code_uses(d);
  report.summary = summarize(d, report, w);
  return report;
}

}  // namespace evtxdiag::report
