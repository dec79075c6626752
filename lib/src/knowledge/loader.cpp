// Loading knowledge YAML: schema validation, conversion to the public structs, override and
// duplicate rules, then the lookup indexes.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "evtxdiag/error.hpp"
#include "knowledge/data.hpp"
#include "knowledge/embedded.hpp"
#include "knowledge/japanese_folding.hpp"
#include "schema/json_schema.hpp"
#include "schema/shipped_schemas.hpp"

namespace evtxdiag::knowledge {

using schema::Problem;
using schema::problem_at;

std::string to_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool split_event_reference(std::string_view text, std::string& provider, std::uint32_t& id) {
  const std::size_t slash = text.rfind('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() || text.size() - slash > 11)
    return false;
  std::uint64_t value = 0;
  for (char c : text.substr(slash + 1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 0xFFFFFFFFu) return false;
  provider = std::string(text.substr(0, slash));
  id = static_cast<std::uint32_t>(value);
  return true;
}

namespace {

// `source` is the YAML text the node comes from: folded Japanese lines join without spaces.
LocalizedText text_of(const YAML::Node& node, std::string_view source) {
  LocalizedText text;
  if (!node) return text;
  text.en = folded_scalar(node["en"], source);
  if (node["ja"]) text.ja = folded_scalar(node["ja"], source);
  return text;
}

std::vector<LocalizedText> texts_of(const YAML::Node& node, std::string_view source) {
  std::vector<LocalizedText> texts;
  if (node)
    for (const auto& item : node) texts.push_back(text_of(item, source));
  return texts;
}

std::vector<std::string> strings_of(const YAML::Node& node) {
  std::vector<std::string> strings;
  if (node)
    for (const auto& item : node) strings.push_back(item.as<std::string>());
  return strings;
}

std::uint32_t code_of(const YAML::Node& node) {
  return parse_code(node.Scalar(), CodeText::written_by_person)->value;  // the schema checked the format
}

std::vector<std::uint32_t> codes_of(const YAML::Node& node) {
  std::vector<std::uint32_t> codes;
  if (node)
    for (const auto& item : node) codes.push_back(code_of(item));
  return codes;
}

MessageTemplate template_of(const YAML::Node& message, const YAML::Node& insertions, std::string_view source) {
  MessageTemplate result;
  result.text = text_of(message, source);
  if (insertions)
    for (const auto& entry : insertions)
      result.insertions.emplace_back(std::stoi(entry.first.Scalar()), entry.second.as<std::string>());
  std::sort(result.insertions.begin(), result.insertions.end());
  return result;
}

std::string position(const KnowledgeOrigin& origin) { return origin.file + ":" + std::to_string(origin.line); }

/// Collects entries of all layers; a key seen again in the same layer is a duplicate.
class Builder {
 public:
  explicit Builder(std::vector<Problem>& problems) : problems_(problems) {}

  void add_events(const YAML::Node& doc, const SourceDocument& source) {
    const std::size_t provider = add_provider(doc["provider"], source);
    if (provider == KnowledgeBase::Data::npos) return;
    for (const auto& node : doc["events"]) {
      EventDefinition event;
      event.provider = data_->providers[provider].name;
      event.channel = node["channel"] ? node["channel"].as<std::string>() : data_->providers[provider].channel;
      event.id = node["id"].as<std::uint32_t>();
      if (node["version"]) event.version = static_cast<std::uint8_t>(node["version"].as<int>());
      event.level = node["level"].as<std::string>();
      event.roles = strings_of(node["roles"]);
      event.meaning = text_of(node["meaning"], source.content);
      event.notes = text_of(node["notes"], source.content);
      if (node["message"]) {
        event.message = template_of(node["message"], node["insertions"], source.content);
        if (node["ja_wording"]) event.message->ja_wording = node["ja_wording"].as<std::string>();
      }
      if (node["variants"])
        for (const auto& variant : node["variants"]) {
          event.variants.push_back(template_of(variant["message"], variant["insertions"], source.content));
          event.variants.back().when = variant["when"].as<std::string>();
          if (variant["ja_wording"]) event.variants.back().ja_wording = variant["ja_wording"].as<std::string>();
        }
      event.related_codes = codes_of(node["related_codes"]);
      event.origin = origin_of(node, source);
      const auto key = std::make_tuple(provider, event.id, event.version ? int{*event.version} : -1);
      const std::string label = event.provider + "/" + std::to_string(event.id) +
                                (event.version ? " version " + std::to_string(*event.version) : "");
      place(events_, key, std::move(event), data_->events, source, node, "event " + label);
    }
  }

  void add_codes(const YAML::Node& doc, const SourceDocument& source) {
    for (const auto& node : doc["codes"]) {
      CodeEntry entry;
      entry.code = code_of(node["code"]);
      if (node["symbol"]) entry.symbol = node["symbol"].as<std::string>();
      entry.message = text_of(node["message"], source.content);
      entry.causes = texts_of(node["causes"], source.content);
      entry.remedies = texts_of(node["remedies"], source.content);
      entry.references = strings_of(node["references"]);
      entry.related_events = strings_of(node["related_events"]);
      if (node["stage"]) entry.stage = node["stage"].as<std::string>();
      entry.origin = origin_of(node, source);
      check_event_references(entry.related_events, node["related_events"], source);
      char label[32];
      std::snprintf(label, sizeof label, "code 0x%08X", static_cast<unsigned>(entry.code));
      place(codes_, entry.code, std::move(entry), data_->codes, source, node, label);
    }
  }

  void add_cases(const YAML::Node& doc, const SourceDocument& source) {
    for (const auto& node : doc["cases"]) {
      CaseEntry entry;
      entry.id = node["id"].as<std::string>();
      entry.title = text_of(node["title"], source.content);
      entry.summary = text_of(node["summary"], source.content);
      entry.codes = codes_of(node["codes"]);
      entry.events = strings_of(node["events"]);
      entry.causes = texts_of(node["causes"], source.content);
      entry.remedies = texts_of(node["remedies"], source.content);
      entry.references = strings_of(node["references"]);
      entry.origin = origin_of(node, source);
      check_event_references(entry.events, node["events"], source);
      const std::string key = entry.id;
      place(cases_, key, std::move(entry), data_->cases, source, node, "case " + key);
    }
  }

  // Labels of a later layer replace those of an earlier one, key by key.
  void add_labels(const YAML::Node& doc, const SourceDocument& source) {
    for (const auto& entry : doc["labels"])
      data_->labels[entry.first.as<std::string>()] = text_of(entry.second, source.content);
    for (const auto& term : doc["japanese_spaced_terms"]) {
      const auto text = term.as<std::string>();
      auto& terms = data_->japanese_spaced_terms;
      if (std::find(terms.begin(), terms.end(), text) == terms.end()) terms.push_back(text);
    }
  }

  std::shared_ptr<KnowledgeBase::Data> data() { return data_; }

 private:
  template <typename Key, typename Entry>
  void place(std::map<Key, std::pair<std::size_t, int>>& seen, const Key& key, Entry entry, std::vector<Entry>& entries,
             const SourceDocument& source, const YAML::Node& node, const std::string& label) {
    const auto found = seen.find(key);
    if (found == seen.end()) {
      seen.emplace(key, std::make_pair(entries.size(), source.layer));
      entries.push_back(std::move(entry));
    } else if (found->second.second == source.layer) {
      problems_.push_back(problem_at(
          source.display_path, node,
          "duplicate " + label + " (first defined at " + position(entries[found->second.first].origin) + ")"));
    } else {
      found->second.second = source.layer;  // a later layer (overlay directory) overrides
      entries[found->second.first] = std::move(entry);
    }
  }

  std::size_t add_provider(const YAML::Node& node, const SourceDocument& source) {
    ProviderDefinition provider;
    provider.name = node["name"].as<std::string>();
    provider.aliases = strings_of(node["aliases"]);
    if (node["guid"]) provider.guid = node["guid"].as<std::string>();
    provider.channel = node["channel"].as<std::string>();
    if (node["message_file"]) provider.message_file = node["message_file"].as<std::string>();
    provider.origin = origin_of(node, source);

    const std::size_t existing = data_->provider_index(provider.name);
    const std::size_t index = existing == KnowledgeBase::Data::npos ? data_->providers.size() : existing;
    if (existing == KnowledgeBase::Data::npos) {
      data_->providers.push_back(provider);
    } else {  // the same provider in another file: merge aliases, GUIDs must agree
      ProviderDefinition& known = data_->providers[existing];
      if (!provider.guid.empty() && !known.guid.empty() && to_lower(provider.guid) != to_lower(known.guid)) {
        problems_.push_back(
            problem_at(source.display_path, node["guid"],
                       "provider " + provider.name + " has GUID " + known.guid + " at " + position(known.origin)));
        return KnowledgeBase::Data::npos;
      }
      if (known.guid.empty()) known.guid = provider.guid;
      for (const auto& alias : provider.aliases) known.aliases.push_back(alias);
    }
    std::vector<std::string> names = provider.aliases;
    names.push_back(provider.name);
    if (!provider.guid.empty()) names.push_back(provider.guid);
    for (const auto& name : names) {
      const std::size_t owner = data_->provider_index(name);
      if (owner != KnowledgeBase::Data::npos && owner != index) {
        problems_.push_back(
            problem_at(source.display_path, node,
                       "name '" + name + "' already belongs to provider " + data_->providers[owner].name));
        return KnowledgeBase::Data::npos;
      }
      if (owner == KnowledgeBase::Data::npos) {
        auto& list = data_->provider_names;
        const auto entry = std::make_pair(to_lower(name), index);
        list.insert(std::upper_bound(list.begin(), list.end(), entry), entry);
      }
    }
    return index;
  }

  void check_event_references(const std::vector<std::string>& references, const YAML::Node& node,
                              const SourceDocument& source) {
    std::string provider;
    std::uint32_t id = 0;
    for (std::size_t i = 0; i < references.size(); ++i)
      if (!split_event_reference(references[i], provider, id))
        problems_.push_back(
            problem_at(source.display_path, node[i], "expected 'provider/id', found '" + references[i] + "'"));
  }

  KnowledgeOrigin origin_of(const YAML::Node& node, const SourceDocument& source) const {
    KnowledgeOrigin origin;
    origin.file = source.display_path;
    origin.line = node.Mark().is_null() ? 0 : node.Mark().line + 1;
    if (node["source"]) origin.source = node["source"].as<std::string>();
    if (node["certainty"]) origin.certainty = node["certainty"].as<std::string>();
    return origin;
  }

  std::vector<Problem>& problems_;
  std::shared_ptr<KnowledgeBase::Data> data_ = std::make_shared<KnowledgeBase::Data>();
  std::map<std::tuple<std::size_t, std::uint32_t, int>, std::pair<std::size_t, int>> events_;
  std::map<std::uint32_t, std::pair<std::size_t, int>> codes_;
  std::map<std::string, std::pair<std::size_t, int>> cases_;
};

}  // namespace

void build_indexes(KnowledgeBase::Data& data) {
  for (std::size_t i = 0; i < data.events.size(); ++i) {
    const EventDefinition& event = data.events[i];
    const std::uint64_t key = (std::uint64_t{data.provider_index(event.provider)} << 32) | event.id;
    data.event_index[key].push_back(i);
  }
  for (auto& entry : data.event_index)
    std::sort(entry.second.begin(), entry.second.end(), [&](std::size_t a, std::size_t b) {
      return data.events[a].version.value_or(0) < data.events[b].version.value_or(0);
    });
  for (std::size_t i = 0; i < data.codes.size(); ++i) data.code_index.emplace(data.codes[i].code, i);
  for (std::size_t i = 0; i < data.cases.size(); ++i) {
    for (std::uint32_t code : data.cases[i].codes) data.cases_by_code.emplace(code, i);
    for (const std::string& reference : data.cases[i].events) {
      std::string provider;
      std::uint32_t id = 0;
      split_event_reference(reference, provider, id);
      const std::size_t index = data.provider_index(provider);
      if (index != KnowledgeBase::Data::npos) data.cases_by_event.emplace((std::uint64_t{index} << 32) | id, i);
    }
  }
}

std::shared_ptr<const KnowledgeBase::Data> build(const std::vector<SourceDocument>& documents) {
  const schema::JsonSchema& schema = schema::shipped_schema("knowledge");
  std::vector<Problem> problems;
  Builder builder(problems);
  for (const SourceDocument& source : documents) {
    const std::size_t slash = source.path.find('/');
    const std::string folder = slash == std::string::npos ? std::string() : source.path.substr(0, slash);
    // A folder is knowledge when the schema defines its document (events/ -> events_document);
    // schema/, rules/ and timezones/ belong to other modules.
    const std::string type = folder + "_document";
    if (folder.empty() || !schema.has_definition(type)) continue;
    YAML::Node doc;
    try {
      doc = YAML::Load(source.content);
    } catch (const YAML::Exception& e) {
      problems.push_back({source.display_path, e.mark.line + 1, e.mark.column + 1, e.msg, ""});
      continue;
    }
    const std::size_t before = problems.size();
    schema.validate_definition(doc, type, source.display_path, problems, "document");
    if (problems.size() != before) continue;
    try {
      if (folder == "events") builder.add_events(doc, source);
      if (folder == "codes") builder.add_codes(doc, source);
      if (folder == "cases") builder.add_cases(doc, source);
      if (folder == "labels") builder.add_labels(doc, source);
    } catch (const YAML::Exception& e) {  // e.g. an int out of range for its field
      problems.push_back({source.display_path, e.mark.line + 1, e.mark.column + 1, e.msg, ""});
    }
  }
  if (!problems.empty()) {
    std::string message = "invalid knowledge base (" + std::to_string(problems.size()) + " problem" +
                          (problems.size() == 1 ? "" : "s") + "):";
    const std::size_t shown = std::min<std::size_t>(problems.size(), 50);
    for (std::size_t i = 0; i < shown; ++i) message += "\n  " + problems[i].to_string();
    if (shown < problems.size()) message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
    throw Error(ErrorKind::invalid_input, message);
  }
  std::shared_ptr<KnowledgeBase::Data> data = builder.data();
  data->role_names = schema.enum_values("role");
  build_indexes(*data);
  return data;
}

}  // namespace evtxdiag::knowledge
