#pragma once
// The fixed words and sentence patterns of the reports in one language. They live in
// knowledge/labels/report.yaml (English and Japanese, both required), not in C++: a translator
// edits data, and a Japanese report gets every word from Japanese text.
//
//   const Words w(Language::ja);
//   w["zone"]                                   // "タイム ゾーン"
//   w("report_title", {{"machine", "SRV01"}})   // "evtxdiag レポート: SRV01"
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::report {

/// "{name}" placeholders and their values.
using Values = std::initializer_list<std::pair<std::string_view, std::string>>;

/// `text` with every "{name}" of `values` replaced.
std::string fill(std::string text, Values values);

class Words {
 public:
  explicit Words(Language language);
  Language language() const noexcept { return language_; }
  bool ja() const noexcept { return language_ == Language::ja; }
  /// The label `key`. Throws Error(internal) when the labels have no such key (a build bug the
  /// golden tests catch).
  const std::string& operator[](std::string_view key) const;
  /// The label with its placeholders filled.
  std::string operator()(std::string_view key, Values values) const { return fill((*this)[key], values); }
  /// A list in running text: "a, b and c" / "a、b、c".
  std::string list(const std::vector<std::string>& items) const;
  /// Job numbers as a phrase: "job 3", "jobs 1-3 and 5" / "ジョブ 3", "ジョブ 1～3、5".
  std::string jobs(const std::vector<std::size_t>& numbers) const;
  /// "3 files" / "3 件": the count with the unit `key` (singular/plural in English).
  std::string count(std::size_t n, std::string_view key) const;
  /// The localized names of the model's enums.
  const std::string& verdict(Verdict verdict) const;
  const std::string& result(JobResult result) const;
  const std::string& product(BackupProduct product) const;

 private:
  Language language_;
};

/// The language of a report: ReportOptions::language, else the diagnosis's.
Language report_language(const std::optional<Language>& option_language, const Diagnosis& diagnosis);

/// A sentence ends with "." (or "。" in Japanese) exactly once.
std::string sentence(std::string text, Language language);

}  // namespace evtxdiag::report
