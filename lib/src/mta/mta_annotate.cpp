// Event Viewer's display rules applied to an MTA catalog (mta-format.md section 5; the level
// and task rules are confirmed by the omer__mta oracle, opcode and keyword order are not).
#include "evtxdiag/mta.hpp"

namespace evtxdiag {
namespace {

/// Standard level whose name Event Viewer shows for level 0 ("Log Always" is never shown).
constexpr std::uint32_t kInformationLevel = 4;
/// DEFAULT_PUBLISHER stores its "None" task with this value (purpose unknown, mta-format.md 8.3).
constexpr std::uint32_t kDefaultNoneTask = 0x10000;

const std::string* find_name(const std::map<std::uint32_t, std::string>& table, std::uint32_t key) {
  const auto found = table.find(key);
  return found == table.end() ? nullptr : &found->second;
}

/// Looks `key` up in the provider's table, then in DEFAULT_PUBLISHER's.
template <typename Table>
const std::string* with_default(const MtaProviderNames* own, const MtaProviderNames* fallback, Table table,
                                std::uint32_t key) {
  if (own != nullptr) {
    if (const std::string* name = find_name(own->*table, key)) return name;
  }
  if (fallback != nullptr) return find_name(fallback->*table, key);
  return nullptr;
}

}  // namespace

bool MtaCatalog::annotate(Event& event) const {
  const MtaProviderNames* defaults = provider(kMtaDefaultPublisher);
  const MtaProviderNames* own = provider(event.provider_name);
  if (own == nullptr && !event.event_source_name.empty()) own = provider(event.event_source_name);

  const std::uint32_t level = event.level == 0 ? kInformationLevel : event.level;
  if (const std::string* name = with_default(own, defaults, &MtaProviderNames::levels, level)) {
    event.level_name = *name;
  }

  const std::string* task = own != nullptr ? find_name(own->tasks, event.task) : nullptr;
  if (task != nullptr) {
    event.task_name = *task;
  } else if (event.task == 0) {
    const std::string* none = defaults != nullptr ? find_name(defaults->tasks, kDefaultNoneTask) : nullptr;
    event.task_name = none != nullptr ? *none : "None";
  } else {
    event.task_name = "(" + std::to_string(event.task) + ")";
  }

  const std::uint32_t opcode_key = static_cast<std::uint32_t>(event.opcode) << 16;
  const std::string* opcode = own != nullptr ? find_name(own->opcodes, opcode_key | event.task) : nullptr;
  if (opcode == nullptr) opcode = with_default(own, defaults, &MtaProviderNames::opcodes, opcode_key);
  if (opcode != nullptr) event.opcode_name = *opcode;

  std::vector<std::string> keywords;
  for (std::uint32_t bit = 0; bit < 64; ++bit) {
    if ((event.keywords >> bit & 1u) == 0) continue;
    if (const std::string* name = with_default(own, defaults, &MtaProviderNames::keywords, bit)) {
      keywords.push_back(*name);
    }
  }
  if (!keywords.empty()) event.keyword_names = std::move(keywords);

  const std::string* message = message_for(event.event_record_id);
  if (message == nullptr) return false;
  event.message = *message;
  event.message_source = MessageSource::mta;
  return true;
}

MtaAnnotateSummary MtaCatalog::annotate(std::vector<Event>& events) const {
  MtaAnnotateSummary summary;
  for (Event& event : events) {
    ++summary.events;
    if (annotate(event)) {
      ++summary.with_message;
    } else {
      ++summary.without_message;
    }
  }
  return summary;
}

}  // namespace evtxdiag
