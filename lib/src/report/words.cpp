// See words.hpp.
#include "report/words.hpp"

#include "evtxdiag/error.hpp"
#include "evtxdiag/report.hpp"

namespace evtxdiag::report {
namespace {

const KnowledgeBase& knowledge() {
  static const KnowledgeBase base = KnowledgeBase::builtin();
  return base;
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string fill(std::string text, Values values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + std::string(name) + "}";
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

Words::Words(Language language) : language_(language) {}

const std::string& Words::operator[](std::string_view key) const {
  const LocalizedText* text = knowledge().find_label(key);
  if (text == nullptr) throw Error(ErrorKind::internal, "knowledge/labels: no label '" + std::string(key) + "'");
  return text->in(language_);
}

std::string Words::list(const std::vector<std::string>& items) const {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (*this)[i + 1 == items.size() ? "list_last" : "list_separator"];
    out += items[i];
  }
  return out;
}

std::string Words::jobs(const std::vector<std::size_t>& numbers) const {
  // Consecutive numbers as ranges: 1, 2, 3, 5 -> "1-3, 5".
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (j == i)
      parts.push_back(std::to_string(numbers[i]));
    else if (j == i + 1)
      parts.insert(parts.end(), {std::to_string(numbers[i]), std::to_string(numbers[j])});
    else
      parts.push_back(std::to_string(numbers[i]) + (*this)["range_dash"] + std::to_string(numbers[j]));
    i = j + 1;
  }
  return (*this)(numbers.size() == 1 ? "job_number" : "job_numbers", {{"jobs", list(parts)}});
}

std::string Words::count(std::size_t n, std::string_view key) const {
  const std::string unit = std::string(key) + (n == 1 ? "_one" : "_many");
  return (*this)(unit, {{"n", std::to_string(n)}});
}

const std::string& Words::verdict(Verdict verdict) const {
  return (*this)[std::string("verdict.") + to_string(verdict)];
}
const std::string& Words::result(JobResult result) const { return (*this)[std::string("result.") + to_string(result)]; }
const std::string& Words::product(BackupProduct product) const {
  return (*this)[std::string("product.") + to_string(product)];
}

Language report_language(const std::optional<Language>& option_language, const Diagnosis& diagnosis) {
  return option_language.value_or(diagnosis.language);
}

std::string sentence(std::string text, Language language) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  if (text.empty()) return text;
  if (language == Language::ja) {
    if (!ends_with(text, "。")) text += "。";
    return text;
  }
  if (text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

}  // namespace evtxdiag::report

namespace evtxdiag {

const char* to_string(Audience audience) noexcept { return audience == Audience::customer ? "customer" : "engineer"; }

std::optional<Audience> parse_audience(const std::string& text) noexcept {
  if (text == "engineer") return Audience::engineer;
  if (text == "customer") return Audience::customer;
  return std::nullopt;
}

}  // namespace evtxdiag
