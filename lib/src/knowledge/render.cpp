// Rendering an event's message from a knowledge template (FormatMessage-style insertions).
#include <cctype>
#include <cstdio>

#include "knowledge/data.hpp"

namespace evtxdiag {
namespace {

/// The value for insertion %N: the mapped EventData name, else the unnamed (positional)
/// field "N". nullptr if the event has neither: a named field is never guessed by position.
const std::string* insertion_value(const MessageTemplate& message, const Event& event, int number) {
  for (const auto& [index, name] : message.insertions)
    if (index == number)
      if (const std::string* value = event.data_value(name)) return value;
  if (const std::string* value = event.data_value(std::to_string(number))) return value;
  return nullptr;
}

/// True when every named (non-numeric) field the template maps is present in the event.
bool fits(const MessageTemplate& message, const Event& event) {
  for (const auto& [index, name] : message.insertions) {
    (void)index;
    if (!name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) && event.data_value(name) == nullptr)
      return false;
  }
  return true;
}

}  // namespace

std::string KnowledgeBase::resolve_parameter(const std::string& value, Language language) const {
  if (value.size() <= 2 || value.compare(0, 2, "%%") != 0) return value;
  const std::optional<ParsedCode> parsed = parse_code(value);
  if (!parsed) return value;
  if (const CodeEntry* code = find_code(parsed->value)) return code->message.in(language);
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(parsed->value));
  return hex;
}

std::string KnowledgeBase::render_message(const Event& event, Language language) const {
  const EventDefinition* definition = find_event(event);
  return definition == nullptr ? std::string() : render_message(*definition, event, language);
}

std::string KnowledgeBase::render_message(const EventDefinition& definition, const Event& event,
                                          Language language) const {
  const MessageTemplate* chosen = definition.message ? &*definition.message : nullptr;
  if (chosen == nullptr || !fits(*chosen, event))
    for (const MessageTemplate& variant : definition.variants)
      if (fits(variant, event)) {
        chosen = &variant;
        break;
      }
  if (chosen == nullptr) return std::string();

  const std::string& text = chosen->text.in(language);
  // A message referenced by a %%N insertion takes the language of the template: an English
  // template (no Japanese one known) stays English throughout.
  const Language text_language = chosen->text.ja.empty() ? Language::en : language;
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[i + 1];
    if (next == 'n') {
      out += '\n';
      ++i;
      continue;
    }
    if (next == 't') {
      out += '\t';
      ++i;
      continue;
    }
    if (next == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(next))) {
      out += '%';
      continue;
    }
    std::size_t end = i + 1;
    int number = 0;
    while (end < text.size() && end < i + 3 && std::isdigit(static_cast<unsigned char>(text[end])))
      number = number * 10 + (text[end++] - '0');
    if (end < text.size() && text[end] == '!') {  // FormatMessage "%1!s!" format suffix
      const std::size_t close = text.find('!', end + 1);
      if (close != std::string::npos) end = close + 1;
    }
    const std::string* value = insertion_value(*chosen, event, number);
    if (value == nullptr) {
      // The event does not carry this value (e.g. a field whose name newer builds changed):
      // say so rather than print "%3" or invent a value.
      const LocalizedText* missing = find_label("value_not_logged");
      out += missing != nullptr ? missing->in(text_language) : "(not logged)";
    } else {
      out += resolve_parameter(*value, text_language);
    }
    i = end - 1;
  }
  return out;
}

}  // namespace evtxdiag
