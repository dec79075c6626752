// SVG timeline of the HTML report (see html_timeline.hpp). Coordinates are integers or one
// decimal so the output is stable across platforms (goldens).
#include "report/html_timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "evtxdiag/report.hpp"
#include "evtxdiag/timezone.hpp"
#include "report/report_model.hpp"
#include "report/words.hpp"

namespace evtxdiag::report {
namespace {

constexpr int kWidth = 960;
constexpr int kLeft = 80;  // room for the row labels
constexpr int kRight = 20;
constexpr int kTop = 10;
constexpr int kRowHeight = 30;
constexpr int kAxisHeight = 46;

struct Row {
  std::string label;
  const BackupJob* job = nullptr;  // nullptr: the row of findings without a job
  std::vector<const Finding*> findings;
};

struct Scale {
  std::int64_t begin_seconds = 0;  // unix seconds at x = kLeft
  std::int64_t end_seconds = 1;
  double x(Timestamp t) const {
    const double seconds = static_cast<double>(t.ticks - Timestamp::unix_epoch_ticks) / Timestamp::ticks_per_second;
    const double span = static_cast<double>(end_seconds - begin_seconds);
    return kLeft + (seconds - static_cast<double>(begin_seconds)) / span * (kWidth - kLeft - kRight);
  }
};

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string two(unsigned value) { return (value < 10 ? "0" : "") + std::to_string(value); }

// Axis label of an instant in the report zone: "01-18 21:00".
std::string axis_label(const TimeZone& zone, Timestamp t) {
  const CivilTime local = zone.to_local(t);
  return two(local.month) + "-" + two(local.day) + " " + two(local.hour) + ":" + two(local.minute);
}

void write_axis(std::ostream& svg, const Scale& scale, const TimeZone& zone, int axis_y, const Words& w) {
  static const std::int64_t steps[] = {60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800};
  const std::int64_t span = scale.end_seconds - scale.begin_seconds;
  std::int64_t step = steps[sizeof steps / sizeof steps[0] - 1];
  for (std::int64_t candidate : steps)
    if (span / candidate <= 8) {
      step = candidate;
      break;
    }
  // Round ticks in local time: shift by the offset in effect at the start of the range.
  const std::int64_t offset = zone.offset_minutes(Timestamp::from_unix(scale.begin_seconds)) * 60LL;
  std::int64_t local = ((scale.begin_seconds + offset) / step + 1) * step;
  svg << "<g class=\"axis\"><line x1=\"" << kLeft << "\" y1=\"" << axis_y << "\" x2=\"" << kWidth - kRight << "\" y2=\""
      << axis_y << "\"/>\n";
  for (; local - offset < scale.end_seconds; local += step) {
    const Timestamp tick = Timestamp::from_unix(local - offset);
    const std::string x = number(scale.x(tick));
    svg << "<g class=\"tick\"><title>" << html_escape(zone.format_local(tick)) << " = " << tick.iso_utc()
        << "</title><line x1=\"" << x << "\" y1=\"" << kTop << "\" x2=\"" << x << "\" y2=\"" << axis_y + 5
        << "\"/><text x=\"" << x << "\" y=\"" << axis_y + 18 << "\">" << axis_label(zone, tick) << "</text></g>\n";
  }
  svg << "<text class=\"caption\" x=\"" << kWidth - kRight << "\" y=\"" << axis_y + 38 << "\">"
      << html_escape(w("local_time_in", {{"zone", zone.name()}})) << "</text></g>\n";
}

void write_marks(std::ostream& svg, const Scale& scale, const Row& row, int y, const Diagnosis& d, const Words& w) {
  for (const Finding* f : row.findings)
    for (const EvidenceRef& ref : f->evidence) {
      const std::string x = number(scale.x(ref.time_utc));
      svg << "<g class=\"mark " << verdict_class(f->verdict) << "\"><title>" << html_escape(w.verdict(f->verdict))
          << ": " << html_escape(f->title) << "\n"
          << html_escape(ref.provider) << ' ' << ref.event_id << " #" << ref.record_id << "\n"
          << (ref.summary.empty() ? std::string() : html_escape(ref.summary) + "\n")
          << html_escape(readable(d, ref.time_utc)) << "\n"
          << ref.time_utc.iso_utc() << "</title>"
          << "<path d=\"M" << x << ' ' << y + 15 << " l5 7 l-5 7 l-5 -7 z\"/></g>\n";
    }
}

}  // namespace

std::string timeline_svg(const Diagnosis& d, const Words& w) {
  std::vector<Row> rows;
  for (const auto& job : d.jobs) rows.push_back({w.jobs({job.index}), &job, {}});
  Row other{w["no_job"], nullptr, {}};
  Timestamp first, last;
  auto extend = [&](Timestamp t) {
    if (!t.valid()) return;
    if (!first.valid() || t < first) first = t;
    if (!last.valid() || last < t) last = t;
  };
  for (const auto& job : d.jobs) {
    extend(job.start_utc);
    extend(job.end_utc);
  }
  for (const auto& f : d.findings) {
    for (const auto& ref : f.evidence) extend(ref.time_utc);
    if (f.job && *f.job >= 1 && *f.job <= rows.size())
      rows[*f.job - 1].findings.push_back(&f);
    else if (!f.evidence.empty())
      other.findings.push_back(&f);
  }
  if (!other.findings.empty()) rows.push_back(other);
  if (rows.empty() || !first.valid()) return {};

  Scale scale;
  scale.begin_seconds = first.unix_seconds();
  scale.end_seconds = std::max(last.unix_seconds() + 1, scale.begin_seconds + 60);
  const std::int64_t margin = std::max<std::int64_t>(30, (scale.end_seconds - scale.begin_seconds) / 40);
  scale.begin_seconds -= margin;
  scale.end_seconds += margin;

  const TimeZone zone = d.zone.resolution.zone_at(first).kind() == ZoneKind::utc
                            ? TimeZone::parse(d.zone.name).value_or(TimeZone::utc())
                            : d.zone.resolution.zone_at(first);
  const int axis_y = kTop + static_cast<int>(rows.size()) * kRowHeight + 4;
  const int height = axis_y + kAxisHeight;
  std::ostringstream svg;
  svg << "<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 " << kWidth << ' ' << height << "\" width=\"" << kWidth
      << "\" height=\"" << height << "\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>" << html_escape(w["timeline"])
      << "</title>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const int y = kTop + static_cast<int>(i) * kRowHeight;
    svg << "<g class=\"row\"" << (row.job ? " data-job=\"" + std::to_string(row.job->index) + "\"" : std::string())
        << "><text class=\"label\" x=\"" << kLeft - 8 << "\" y=\"" << y + 16 << "\">" << html_escape(row.label)
        << "</text>";
    if (row.job) {
      const BackupJob& job = *row.job;
      const double x1 = scale.x(job.start_utc);
      const double x2 = std::max(scale.x(job.end_utc), x1 + 6);  // a one-event job stays visible
      svg << "<rect class=\"bar " << result_class(job.result) << "\" x=\"" << number(x1) << "\" y=\"" << y + 2
          << "\" width=\"" << number(x2 - x1) << "\" height=\"11\" rx=\"2\"><title>" << html_escape(w.jobs({job.index}))
          << w["colon"] << html_escape(w.result(job.result)) << "\n"
          << html_escape(readable(d, job.start_utc)) << " – " << html_escape(readable(d, job.end_utc)) << "\n"
          << job.start_utc.iso_utc() << " – " << job.end_utc.iso_utc() << "</title></rect>";
    }
    svg << "</g>\n";
    write_marks(svg, scale, row, y, d, w);
  }
  write_axis(svg, scale, zone, axis_y, w);
  svg << "</svg>\n";
  return svg.str();
}

const char* result_class(JobResult result) {
  switch (result) {
    case JobResult::succeeded: return "ok";
    case JobResult::failed: return "failed";
    case JobResult::canceled: return "canceled";
    case JobResult::completed_with_warnings: return "warnings";
    case JobResult::unknown: return "unknown";
  }
  return "unknown";
}

const char* verdict_class(Verdict verdict) {
  switch (verdict) {
    case Verdict::cause: return "cause";
    case Verdict::contributing: return "contributing";
    case Verdict::red_herring: return "red-herring";
    case Verdict::context: return "context";
    case Verdict::undetermined: return "undetermined";
  }
  return "context";
}

}  // namespace evtxdiag::report
