// explain(): the one rendering of `evtxdiag explain` (see evtxdiag/explain.hpp).
#include <algorithm>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "evtxdiag/explain.hpp"

namespace evtxdiag {
namespace {

std::string hex(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", static_cast<unsigned>(value));
  return buffer;
}

nlohmann::json texts_json(const std::vector<LocalizedText>& texts, Language language) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& text : texts) out.push_back(text.in(language));
  return out;
}

// Where the entry is written and how sure it is. The entry's `source` is the knowledge editors'
// research note (internal document keys and shorthand), not something to show a reader.
nlohmann::json origin_json(const KnowledgeOrigin& origin) {
  return {{"file", origin.file}, {"line", origin.line}, {"certainty", origin.certainty}};
}

// The stage enum of knowledge/schema/knowledge.schema.yaml in words.
std::string stage_text(const std::string& stage, Language language) {
  struct Name {
    const char* key;
    const char* en;
    const char* ja;
  };
  static const Name names[] = {
      {"preparation", "preparation (before any data moves)", "準備 (データ転送の前)"},
      {"snapshot", "snapshot (creating the shadow copy)", "スナップショット (シャドウ コピーの作成)"},
      {"source-read", "source read (reading the backed-up volumes or files)", "バックアップ元の読み取り"},
      {"target", "target (the backup storage location)", "バックアップ保存先"},
      {"catalog", "catalog (the backup catalog)", "カタログ (バックアップ カタログ)"},
      {"post-backup", "post-backup (completion, retention, cleanup)",
       "バックアップ後の処理 (完了通知、世代管理、クリーンアップ)"},
      {"any", "any stage", "任意の段階"},
  };
  for (const Name& name : names)
    if (stage == name.key) return language == Language::ja ? name.ja : name.en;
  return stage;
}

nlohmann::json case_json(const CaseEntry& entry, Language language) {
  return {{"id", entry.id},
          {"title", entry.title.in(language)},
          {"summary", entry.summary.in(language)},
          {"causes", texts_json(entry.causes, language)},
          {"remedies", texts_json(entry.remedies, language)},
          {"references", entry.references},
          {"origin", origin_json(entry.origin)}};
}

nlohmann::json code_json(const CodeExplanation& explanation, Language language) {
  const CodeStructure& s = explanation.structure;
  nlohmann::json structure = {{"family", s.family == CodeFamily::ntstatus ? "ntstatus" : "hresult"},
                              {"severity", s.severity},
                              {"customer", s.customer},
                              {"facility", s.facility},
                              {"facility_name", s.facility_name},
                              {"code", s.code}};
  if (s.win32) structure["win32"] = *s.win32;
  nlohmann::json out = {{"input", explanation.input},
                        {"form", explanation.parsed.form},
                        {"hex", hex(s.value)},
                        {"unsigned", s.value},
                        {"signed", static_cast<std::int32_t>(s.value)},
                        {"structure", structure},
                        {"known", explanation.known()}};
  if (const CodeEntry* entry = explanation.entry) {
    out["symbol"] = entry->symbol;
    out["message"] = entry->message.in(language);
    out["causes"] = texts_json(entry->causes, language);
    out["remedies"] = texts_json(entry->remedies, language);
    out["references"] = entry->references;
    out["related_events"] = entry->related_events;
    out["stage"] = entry->stage.empty() ? nlohmann::json() : nlohmann::json(entry->stage);
    out["origin"] = origin_json(entry->origin);
  }
  out["cases"] = nlohmann::json::array();
  for (const CaseEntry* entry : explanation.cases) out["cases"].push_back(case_json(*entry, language));
  return out;
}

void print_list(std::ostream& out, const char* heading, const std::vector<LocalizedText>& texts, Language language) {
  if (texts.empty()) return;
  out << heading << '\n';
  for (const auto& text : texts) out << "  - " << text.in(language) << '\n';
}

void print_cases(std::ostream& out, const std::vector<const CaseEntry*>& cases, Language language) {
  const bool ja = language == Language::ja;
  for (const CaseEntry* entry : cases) {
    out << (ja ? "\n事例 [" : "\nField report [") << entry->id << "]: " << entry->title.in(language) << '\n'
        << "  " << entry->summary.in(language) << '\n';
    print_list(out, ja ? "  原因:" : "  Causes:", entry->causes, language);
    print_list(out, ja ? "  対処:" : "  Remedies:", entry->remedies, language);
  }
}

// Severity and level names as Event Viewer shows them in Japanese; other values stay as written.
std::string japanese_severity(const std::string& word) {
  static const std::pair<const char*, const char*> names[] = {
      {"success", "成功"},   {"informational", "情報"}, {"information", "情報"}, {"warning", "警告"},
      {"failure", "エラー"}, {"error", "エラー"},       {"critical", "重大"},    {"verbose", "詳細"}};
  for (const auto& [english, japanese] : names)
    if (word == english) return japanese;
  return word;
}

// A variant's build name ("version 1 (fields)", "Windows 7") with "version" in Japanese.
std::string japanese_variant_name(const std::string& when) {
  const std::string english = "version ";
  return when.rfind(english, 0) == 0 ? "バージョン " + when.substr(english.size()) : when;
}

void print_code(std::ostream& out, const CodeExplanation& explanation, Language language) {
  const bool ja = language == Language::ja;
  const CodeStructure& s = explanation.structure;
  const char* comma = ja ? "、" : ", ";
  out << hex(s.value) << (ja ? "  (符号なし " : "  (unsigned ") << s.value << comma << (ja ? "符号付き " : "signed ")
      << static_cast<std::int32_t>(s.value) << ")\n";
  out << (ja ? "構造: " : "Structure: ") << (s.family == CodeFamily::ntstatus ? "NTSTATUS" : "HRESULT") << comma
      << (ja ? "重大度: " + japanese_severity(s.severity) : "severity " + s.severity) << comma
      << (ja ? "顧客ビット: " : "customer bit ") << (s.customer ? 1 : 0) << comma
      << (ja ? "ファシリティ: " : "facility ") << s.facility;
  if (!s.facility_name.empty()) out << " (" << s.facility_name << ")";
  char code_hex[8];
  std::snprintf(code_hex, sizeof code_hex, "0x%04X", static_cast<unsigned>(s.code));
  out << comma << (ja ? "コード: " : "code ") << code_hex;
  if (s.win32) out << (ja ? " (Win32 エラー " : " (Win32 error ") << *s.win32 << ")";
  out << '\n';
  if (const CodeEntry* entry = explanation.entry) {
    if (!entry->symbol.empty()) out << (ja ? "シンボル: " : "Symbol: ") << entry->symbol << '\n';
    out << (ja ? "意味: " : "Meaning: ") << entry->message.in(language) << '\n';
    if (!entry->stage.empty()) out << (ja ? "段階: " : "Stage: ") << stage_text(entry->stage, language) << '\n';
    print_list(out, ja ? "考えられる原因:" : "Likely causes:", entry->causes, language);
    print_list(out, ja ? "対処:" : "Remedies:", entry->remedies, language);
    if (!entry->related_events.empty()) {
      out << (ja ? "関連イベント:" : "Related events:");
      for (const auto& event : entry->related_events) out << ' ' << event;
      out << '\n';
    }
    for (const auto& reference : entry->references) out << (ja ? "参考: " : "Reference: ") << reference << '\n';
  }
  print_cases(out, explanation.cases, language);
}

nlohmann::json event_json(const KnowledgeBase& knowledge, const EventDefinition& event, Language language) {
  const ProviderDefinition* provider = knowledge.find_provider(event.provider);
  nlohmann::json out = {{"provider", event.provider},
                        {"aliases", provider ? provider->aliases : std::vector<std::string>{}},
                        {"guid", provider ? provider->guid : ""},
                        {"channel", event.channel},
                        {"id", event.id},
                        {"level", event.level},
                        {"roles", event.roles},
                        {"meaning", event.meaning.in(language)},
                        {"notes", event.notes.in(language)},
                        {"origin", origin_json(event.origin)}};
  if (event.version) out["version"] = *event.version;
  if (event.message) {
    out["message"] = event.message->text.in(language);
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [number, name] : event.message->insertions) fields["%" + std::to_string(number)] = name;
    out["insertions"] = fields;
  }
  out["cases"] = nlohmann::json::array();
  for (const CaseEntry* entry : knowledge.cases_for_event(event.provider, event.id))
    out["cases"].push_back(case_json(*entry, language));
  return out;
}

void print_event(std::ostream& out, const KnowledgeBase& knowledge, const EventDefinition& event, Language language) {
  const bool ja = language == Language::ja;
  const ProviderDefinition* provider = knowledge.find_provider(event.provider);
  out << event.provider << '/' << event.id;
  if (event.version) out << (ja ? " (バージョン " : " (version ") << int{*event.version} << ')';
  out << "  " << (ja ? japanese_severity(event.level) : event.level) << "  " << (ja ? "チャネル " : "channel ")
      << event.channel << '\n';
  if (provider && (!provider->guid.empty() || !provider->aliases.empty())) {
    out << (ja ? "プロバイダー: " : "Provider: ") << provider->name;
    for (const auto& alias : provider->aliases) out << ", " << alias;
    if (!provider->guid.empty()) out << "  " << provider->guid;
    out << '\n';
  }
  if (!event.roles.empty()) {
    out << (ja ? "役割:" : "Roles:");
    for (const auto& role : event.roles) out << ' ' << role;
    out << '\n';
  }
  out << (ja ? "意味: " : "Meaning: ") << event.meaning.in(language) << '\n';
  if (event.message) {
    out << (ja ? "メッセージ: " : "Message: ") << event.message->text.in(language) << '\n';
    if (!event.message->insertions.empty()) {
      out << (ja ? "挿入文字列:" : "Insertions:");
      for (const auto& [number, name] : event.message->insertions) out << " %" << number << '=' << name;
      out << '\n';
    }
  }
  for (const auto& variant : event.variants)
    out << (ja ? "旧版 (" : "Variant (") << (ja ? japanese_variant_name(variant.when) : variant.when)
        << "): " << variant.text.in(language) << '\n';
  if (!event.notes.empty()) out << (ja ? "注記: " : "Notes: ") << event.notes.in(language) << '\n';
  print_cases(out, knowledge.cases_for_event(event.provider, event.id), language);
}

// A bare small number ("4104") is read as a Win32 error code, but it is just as likely an
// event id an engineer copied from Event Viewer: name the events it could be.
std::vector<const EventDefinition*> events_with_id(const KnowledgeBase& knowledge, const std::string& query) {
  std::vector<const EventDefinition*> found;
  if (query.empty() || query.size() > 5 || query.find_first_not_of("0123456789") != std::string::npos) return found;
  const auto id = static_cast<std::uint32_t>(std::stoul(query));
  for (const EventDefinition& event : knowledge.events())
    if (event.id == id && std::none_of(found.begin(), found.end(),
                                       [&](const EventDefinition* e) { return e->provider == event.provider; }))
      found.push_back(&event);
  return found;
}

Explanation explain_event(const KnowledgeBase& knowledge, std::string_view query, std::size_t slash, Language language,
                          ExplainFormat format) {
  Explanation result;
  const std::string provider(query.substr(0, slash));
  const std::string id_text(query.substr(slash + 1));
  if (id_text.empty() || id_text.size() > 9 || id_text.find_first_not_of("0123456789") != std::string::npos) {
    result.problem = "'" + std::string(query) + "' is not PROVIDER/ID (the id must be a decimal number)";
    return result;
  }
  const auto id = static_cast<std::uint32_t>(std::stoul(id_text));
  const EventDefinition* event = knowledge.find_event(provider, id);
  if (event == nullptr) {
    result.outcome = ExplainOutcome::unknown;
    result.problem = "no knowledge of event " + std::to_string(id) + " of provider '" + provider + "'" +
                     (knowledge.find_provider(provider) ? "" : " (unknown provider)");
    return result;
  }
  result.outcome = ExplainOutcome::known;
  std::ostringstream out;
  if (format == ExplainFormat::json)
    out << event_json(knowledge, *event, language).dump(2) << '\n';
  else
    print_event(out, knowledge, *event, language);
  result.output = out.str();
  return result;
}

Explanation explain_code(const KnowledgeBase& knowledge, std::string_view query, Language language,
                         ExplainFormat format) {
  Explanation result;
  const std::string text(query);
  const std::optional<CodeExplanation> explanation = knowledge.explain_code(text);
  if (!explanation) {
    result.problem = "'" + text +
                     "' is neither a code (0x807800A1, 807800a1, 2155348129, -2139619167, 1224, C000000E, "
                     "%%2155348254) nor PROVIDER/ID (volsnap/27)";
    return result;
  }
  const auto events = events_with_id(knowledge, text);
  std::ostringstream out;
  if (format == ExplainFormat::json) {
    nlohmann::json document = code_json(*explanation, language);
    document["also_event_ids"] = nlohmann::json::array();
    for (const EventDefinition* event : events)
      document["also_event_ids"].push_back(
          {{"provider", event->provider}, {"id", event->id}, {"meaning", event->meaning.in(language)}});
    out << document.dump(2) << '\n';
  } else {
    print_code(out, *explanation, language);
    const bool ja = language == Language::ja;
    for (const EventDefinition* event : events)
      out << (ja ? "注: " : "Note: ") << text << (ja ? " はイベント ID でもあります: " : " is also an event id: ")
          << event->provider << '/' << event->id << " (" << event->meaning.in(language)
          << (ja ? ")。イベントの説明: evtxdiag explain \"" : "). For the event: evtxdiag explain \"")
          << event->provider << '/' << event->id << "\"\n";
  }
  result.output = out.str();
  if (explanation->known()) {
    result.outcome = ExplainOutcome::known;
  } else {
    result.outcome = ExplainOutcome::unknown;
    result.problem = "code " + hex(explanation->structure.value) +
                     " is not in the knowledge base; only its structure is decoded above";
  }
  return result;
}

}  // namespace

std::optional<ExplainFormat> parse_explain_format(const std::string& text) {
  if (text == "text") return ExplainFormat::text;
  if (text == "json") return ExplainFormat::json;
  return std::nullopt;
}

Explanation explain(std::string_view query, Language language, ExplainFormat format, const KnowledgeBase& knowledge) {
  if (const auto slash = query.rfind('/'); slash != std::string_view::npos)
    return explain_event(knowledge, query, slash, language, format);
  return explain_code(knowledge, query, language, format);
}

}  // namespace evtxdiag
