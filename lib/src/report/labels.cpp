// English and Japanese words of the reports. Japanese follows the terms of the Japanese
// Windows UI and Microsoft's Japanese support articles ("シャドウ コピー", "ジョブ").
#include "report/labels.hpp"

#include "evtxdiag/error.hpp"

namespace evtxdiag::report {

const Labels& labels(Language language) {
  static const Labels english{
      "en", "evtxdiag report", "Machine", "(unknown)", "Zone", "Margin", "minutes before and after each job",
      "Inputs", "NOT READABLE", "live records", "used", "undecodable", "recovered", "duplicates", "Backup jobs", "failed",
      "Product", "Start (local)", "Start (UTC)", "End (local)", "End (UTC)", "Result", "Codes", "Job", "started",
      "Code", "confidence", "Why it can be ignored: ", "Remedy", "Evidence", "Findings", "Findings: none",
      "Red herrings (alarming, but can be ignored)", "Timeline",
      "Bars are backup jobs coloured by result; marks are the evidence of the findings. The axis is local time; "
      "hover a bar or mark for UTC.",
      "local time", "Case summary", "other", ": ", "messages from", "Missing logs", "no {} log"};
  static const Labels japanese{
      "ja", "evtxdiag レポート", "コンピューター", "(不明)", "タイム ゾーン", "前後の範囲", "分 (各ジョブの前後)",
      "入力ファイル", "読み取り不可", "ライブ レコード", "使用", "デコード不可", "回復", "重複", "バックアップ ジョブ", "失敗",
      "製品", "開始 (ローカル)", "開始 (UTC)", "終了 (ローカル)", "終了 (UTC)", "結果", "コード", "ジョブ", "開始",
      "コード", "確信度", "無視してよい理由: ", "対処", "根拠となるイベント", "所見", "所見: なし",
      "無視してよい警告 (見た目は深刻だが問題ではないもの)", "タイムライン",
      "棒はバックアップ ジョブ (色は結果)、印は所見の根拠となったイベントです。横軸はローカル時刻で、"
      "棒や印にポインターを合わせると UTC を表示します。",
      "ローカル時刻", "概要", "その他", ": ", "メッセージの取得元", "不足しているログ", "{} ログがありません"};
  return language == Language::ja ? japanese : english;
}

std::string verdict_label(Verdict verdict, Language language) {
  const bool ja = language == Language::ja;
  switch (verdict) {
    case Verdict::cause: return ja ? "原因" : "CAUSE";
    case Verdict::contributing: return ja ? "寄与要因" : "CONTRIBUTING";
    case Verdict::red_herring: return ja ? "無視してよい警告" : "RED-HERRING";
    case Verdict::context: return ja ? "参考情報" : "CONTEXT";
    case Verdict::undetermined: return ja ? "原因未特定" : "UNDETERMINED";
  }
  return "?";
}

std::string result_label(JobResult result, Language language) {
  if (language != Language::ja) return to_string(result);
  switch (result) {
    case JobResult::succeeded: return "成功";
    case JobResult::failed: return "失敗";
    case JobResult::canceled: return "キャンセル";
    case JobResult::completed_with_warnings: return "警告付きで完了";
    case JobResult::unknown: return "不明";
  }
  return "?";
}

Language report_language(const std::string& option_lang, const Diagnosis& diagnosis) {
  const std::string& wanted = option_lang.empty() ? diagnosis.lang : option_lang;
  if (wanted.empty()) return Language::en;
  const auto language = parse_language(wanted);
  if (!language) throw Error(ErrorKind::invalid_input, "report language must be en or ja, not '" + wanted + "'");
  return *language;
}

}  // namespace evtxdiag::report
