// See differential.hpp.
#include "diagnose/differential.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace evtxdiag::diag {
namespace {

constexpr std::size_t kMaxChecks = 6;

const std::string& in(const std::map<std::string, std::string>& texts, Language language) {
  const auto localized = texts.find(language == Language::ja ? "ja" : "en");
  return localized != texts.end() ? localized->second : texts.at("en");
}

std::string fill(std::string text, const std::string& key, const std::string& value) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

const DifferentialStage& stage_of(const Differential& differential, const BackupJob& job,
                                  const KnowledgeBase& knowledge) {
  const auto find = [&](const std::string& id) -> const DifferentialStage* {
    for (const auto& stage : differential.stages)
      if (stage.id == id) return &stage;
    return nullptr;
  };
  for (const JobCode& code : job.codes)
    if (const CodeEntry* entry = knowledge.find_code(code.value);
        entry && !entry->stage.empty() && entry->stage != "any")
      if (const DifferentialStage* stage = find(entry->stage)) return *stage;
  return *find("any");
}

// Sentences follow each other after a space; in Japanese none follows "。" (a text the
// knowledge base has only in English keeps its space).
std::string joined(std::string text, const std::string& next, Language language) {
  static const std::string full_stop = "。";
  const bool after_full_stop =
      text.size() >= full_stop.size() && text.compare(text.size() - full_stop.size(), full_stop.size(), full_stop) == 0;
  if (!text.empty() && !(language == Language::ja && after_full_stop)) text += " ";
  return text + next;
}

}  // namespace

Finding differential_finding(const Differential& differential, const JobDraft& draft, const BackupJob& job,
                             const KnowledgeBase& knowledge, Language language) {
  const auto text = [&](const char* id) { return in(differential.texts.at(id), language); };
  const DifferentialStage& stage = stage_of(differential, job, knowledge);
  std::string codes, unknown;
  for (const JobCode& code : job.codes) {
    codes += (codes.empty() ? "" : ", ") + code.hex;
    if (!knowledge.find_code(code.value)) unknown += (unknown.empty() ? "" : ", ") + code.hex;
  }
  const std::string stage_name = in(stage.name, language);

  Finding finding;
  finding.rule = kDifferentialRule;
  finding.verdict = Verdict::undetermined;
  finding.confidence = 0;
  finding.job = job.index;
  finding.title = fill(fill(text(codes.empty() ? "title_no_code" : "title"), "{stage}", stage_name), "{codes}", codes);

  std::string explanation = text("intro");  // "{job}" filled below, kept in any_job
  const double minutes = static_cast<double>(draft.end.ticks - std::min(draft.end.ticks, draft.start.ticks)) /
                         (60.0 * static_cast<double>(Timestamp::ticks_per_second));
  if (minutes >= 1)
    explanation =
        joined(explanation, fill(text("timing"), "{minutes}", std::to_string(std::lround(minutes))), language);
  if (!unknown.empty()) explanation = joined(explanation, fill(text("unknown_code"), "{codes}", unknown), language);
  finding.explanation = fill(explanation, "{job}", std::to_string(job.index));

  // What to check: timing-matched stage checks, the codes' own remedies, the other stage checks.
  std::vector<std::string> checks;
  const auto add = [&checks](const std::string& check) {
    if (!check.empty() && checks.size() < kMaxChecks && std::find(checks.begin(), checks.end(), check) == checks.end())
      checks.push_back(check);
  };
  const auto timed = [&](const DifferentialCheck& c) {
    return c.minutes_after_start && minutes >= c.minutes_after_start->first && minutes <= c.minutes_after_start->second;
  };
  for (const auto& check : stage.checks)
    if (timed(check)) add(in(check.text, language));
  for (const JobCode& code : job.codes)
    if (const CodeEntry* entry = knowledge.find_code(code.value))
      for (const LocalizedText& remedy : entry->remedies) add(code.hex + ": " + remedy.in(language));
  for (const auto& check : stage.checks)
    if (!check.minutes_after_start) add(in(check.text, language));
  // "What to check, most likely first: 1. ... 2. ..."; in Japanese the first number follows the
  // colon after a space, the next ones follow "。" directly.
  std::string remedy = text("checks");
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const std::string item = std::to_string(i + 1) + ". " + checks[i];
    remedy = i == 0 ? remedy + " " + item : joined(remedy, item, language);
  }
  finding.remedy = remedy;
  finding.any_job = {finding.title, explanation, finding.remedy};
  return finding;
}

}  // namespace evtxdiag::diag
