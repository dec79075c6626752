// The LocaleMetaData/*.MTA files of a scenario log (`mta:`, `display_names:`, `message:`),
// written by `evtxdiag synth` beside the .evtx so that tests see Japanese and English messages
// exactly as a customer's Event Viewer export carries them.
#include <algorithm>

#include "evtxdiag/scenario.hpp"
#include "mta/mta_writer.hpp"

namespace evtxdiag {
namespace {

/// True when some template of the definition has Windows' own text in `language`. English always
/// exists; a Japanese MTA stands for what a Japanese Windows showed, so it gets a knowledge message
/// only when the knowledge base holds Windows' Japanese wording: not our translation (a report
/// may use that, a customer's log never contains it), not the English fallback of render_message.
bool has_template_in(const EventDefinition& definition, Language language) {
  if (language == Language::en) return definition.message.has_value() || !definition.variants.empty();
  auto windows_japanese = [](const MessageTemplate& t) { return !t.text.ja.empty() && t.ja_wording == "windows"; };
  if (definition.message && windows_japanese(*definition.message)) return true;
  return std::any_of(definition.variants.begin(), definition.variants.end(), windows_japanese);
}

}  // namespace

std::optional<std::string> scenario_mta_message(const ScenarioLog& log, const Event& event, std::uint32_t lcid,
                                                const KnowledgeBase& knowledge) {
  const auto explicit_message = log.messages.find(event.event_record_id);
  if (explicit_message != log.messages.end()) {
    const auto& by_lcid = explicit_message->second;
    if (const auto own = by_lcid.find(lcid); own != by_lcid.end()) return own->second;
    if (const auto every = by_lcid.find(0); every != by_lcid.end()) return every->second;
    // Only other languages were given: this language's file gets no message for the event.
    return std::nullopt;
  }
  const Language language = lcid == lcid_for_language("ja") ? Language::ja : Language::en;
  const EventDefinition* definition = knowledge.find_event(event);
  if (definition == nullptr || !has_template_in(*definition, language)) return std::nullopt;
  std::string message = knowledge.render_message(*definition, event, language);
  if (message.empty()) return std::nullopt;
  return message;
}

std::vector<ScenarioFile> scenario_mta_files(const ScenarioLog& log, const KnowledgeBase& knowledge) {
  std::vector<ScenarioFile> files;
  for (const std::uint32_t lcid : log.mta_lcids) {
    mta::MtaBuilder builder(lcid);
    if (const auto names = log.display_names.find(lcid); names != log.display_names.end())
      for (const MtaProviderNames& provider : names->second) builder.set_provider_names(provider);
    for (const Event& event : log.events)
      if (auto message = scenario_mta_message(log, event, lcid, knowledge))
        builder.add_event(event.event_record_id, event.provider_name, std::move(*message));
    files.push_back({mta::mta_relative_path(log.file, lcid), builder.bytes()});
  }
  return files;
}

}  // namespace evtxdiag
