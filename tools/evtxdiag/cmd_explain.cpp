// evtxdiag explain CODE|PROVIDER/ID: what an error code or an event means, its likely causes
// and remedies, from the knowledge base, in English or Japanese, as text or JSON.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/knowledge.hpp"

namespace evtxdiag::cli {
namespace {

struct ExplainOptions {
  std::string query;
  std::string lang = "en";
  std::string format = "text";
  std::vector<std::string> knowledge_dirs;
};

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

nlohmann::json origin_json(const KnowledgeOrigin& origin) {
  return {{"file", origin.file}, {"line", origin.line}, {"source", origin.source}, {"certainty", origin.certainty}};
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
      {"post-backup", "post-backup (completion, retention, cleanup)", "バックアップ後の処理 (完了通知、世代管理、クリーンアップ)"},
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
    out << (ja ? "  出典: " : "  Source: ") << entry->origin.source << '\n';
  }
}

void print_code(std::ostream& out, const CodeExplanation& explanation, Language language) {
  const bool ja = language == Language::ja;
  const CodeStructure& s = explanation.structure;
  out << hex(s.value) << "  (unsigned " << s.value << ", signed " << static_cast<std::int32_t>(s.value) << ")\n";
  out << (ja ? "構造: " : "Structure: ") << (s.family == CodeFamily::ntstatus ? "NTSTATUS" : "HRESULT")
      << ", severity " << s.severity << ", customer bit " << (s.customer ? 1 : 0) << ", facility " << s.facility;
  if (!s.facility_name.empty()) out << " (" << s.facility_name << ")";
  char code_hex[8];
  std::snprintf(code_hex, sizeof code_hex, "0x%04X", static_cast<unsigned>(s.code));
  out << ", code " << code_hex;
  if (s.win32) out << " (Win32 error " << *s.win32 << ")";
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
    out << (ja ? "出典: " : "Source: ") << entry->origin.source << " [" << entry->origin.certainty << "] ("
        << entry->origin.file << ':' << entry->origin.line << ")\n";
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
  if (event.version) out << " (version " << int{*event.version} << ')';
  out << "  " << event.level << "  " << (ja ? "チャネル " : "channel ") << event.channel << '\n';
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
    out << (ja ? "旧版 (" : "Variant (") << variant.when << "): " << variant.text.in(language) << '\n';
  if (!event.notes.empty()) out << (ja ? "注記: " : "Notes: ") << event.notes.in(language) << '\n';
  out << (ja ? "出典: " : "Source: ") << event.origin.source << " [" << event.origin.certainty << "] ("
      << event.origin.file << ':' << event.origin.line << ")\n";
  print_cases(out, knowledge.cases_for_event(event.provider, event.id), language);
}

// A bare small number ("4104") is read as a Win32 error code, but it is just as likely an
// event id an engineer copied from Event Viewer: name the events it could be.
std::vector<const EventDefinition*> events_with_id(const KnowledgeBase& knowledge, const std::string& query) {
  std::vector<const EventDefinition*> found;
  if (query.empty() || query.size() > 5 || query.find_first_not_of("0123456789") != std::string::npos) return found;
  const auto id = static_cast<std::uint32_t>(std::stoul(query));
  for (const EventDefinition& event : knowledge.events())
    if (event.id == id && std::none_of(found.begin(), found.end(), [&](const EventDefinition* e) {
          return e->provider == event.provider;
        }))
      found.push_back(&event);
  return found;
}

int run(const ExplainOptions& options) {
  const Language language = *parse_language(options.lang);
  const KnowledgeBase knowledge = KnowledgeBase::load(options.knowledge_dirs);
  const bool json = options.format == "json";

  if (const auto slash = options.query.rfind('/'); slash != std::string::npos) {  // PROVIDER/ID
    const std::string provider = options.query.substr(0, slash);
    const std::string id_text = options.query.substr(slash + 1);
    if (id_text.empty() || id_text.size() > 9 || id_text.find_first_not_of("0123456789") != std::string::npos) {
      std::cerr << "evtxdiag: '" << options.query << "' is not PROVIDER/ID (the id must be a decimal number)\n";
      return exit_usage;
    }
    const auto id = static_cast<std::uint32_t>(std::stoul(id_text));
    const EventDefinition* event = knowledge.find_event(provider, id);
    if (event == nullptr) {
      std::cerr << "evtxdiag: no knowledge of event " << id << " of provider '" << provider << "'"
                << (knowledge.find_provider(provider) ? "" : " (unknown provider)") << '\n';
      return exit_partial;
    }
    if (json) std::cout << event_json(knowledge, *event, language).dump(2) << '\n';
    else print_event(std::cout, knowledge, *event, language);
    return exit_ok;
  }

  const std::optional<CodeExplanation> explanation = knowledge.explain_code(options.query);
  if (!explanation) {
    std::cerr << "evtxdiag: '" << options.query
              << "' is neither a code (0x807800A1, 807800a1, 2155348129, -2139619167, 1224, C000000E, "
                 "%%2155348254) nor PROVIDER/ID (volsnap/27)\n";
    return exit_usage;
  }
  const auto events = events_with_id(knowledge, options.query);
  if (json) {
    nlohmann::json out = code_json(*explanation, language);
    out["also_event_ids"] = nlohmann::json::array();
    for (const EventDefinition* event : events)
      out["also_event_ids"].push_back({{"provider", event->provider}, {"id", event->id}, {"meaning", event->meaning.in(language)}});
    std::cout << out.dump(2) << '\n';
  } else {
    print_code(std::cout, *explanation, language);
    const bool ja = language == Language::ja;
    for (const EventDefinition* event : events)
      std::cout << (ja ? "注: " : "Note: ") << options.query
                << (ja ? " はイベント ID でもあります: " : " is also an event id: ") << event->provider << '/' << event->id
                << " (" << event->meaning.in(language) << (ja ? ")。イベントの説明: evtxdiag explain \"" : "). For the event: evtxdiag explain \"")
                << event->provider << '/' << event->id << "\"\n";
  }
  if (!explanation->known()) {
    std::cerr << "evtxdiag: code " << hex(explanation->structure.value)
              << " is not in the knowledge base; only its structure is decoded above\n";
    return exit_partial;
  }
  return exit_ok;
}

const CommandRegistration kRegistration{
    60, "explain", "Explain an error code or an event (PROVIDER/ID) from the knowledge base", [](CLI::App& sub) -> Runner {
      auto options = std::make_shared<ExplainOptions>();
      sub.add_option("query", options->query, "Code in any form (0x807800A1, 2155348129, -2139619167, 1224, C000000E, %%N) or PROVIDER/ID")
          ->required();
      sub.add_option("--lang", options->lang, "Language of the explanation")->check(CLI::IsMember({"en", "ja"}));
      sub.add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
      sub.add_option("--knowledge", options->knowledge_dirs, "Directory of extra/overriding knowledge YAML (repeatable)");
      sub.footer("Examples:\n  evtxdiag explain 2155348129\n  evtxdiag explain volsnap/27\n  evtxdiag explain 0x800423f2 --lang ja\n"
                 "Exit codes: 0 known, 1 unknown code (structure decoded) or event, 2 usage.");
      return [options] { return run(*options); };
    }};

}  // namespace
}  // namespace evtxdiag::cli
