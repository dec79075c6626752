#include "knowledge/serialization.hpp"

namespace evtxdiag::knowledge {

std::string serialize(const KnowledgeBase::Data& data) {
  core::BinaryWriter writer;
  writer(data.providers, data.events, data.codes, data.cases, data.role_names, data.provider_names, data.labels,
         data.japanese_spaced_terms);
  return writer.take();
}

std::shared_ptr<const KnowledgeBase::Data> deserialize(std::string_view bytes) {
  auto data = std::make_shared<KnowledgeBase::Data>();
  core::BinaryReader reader(bytes);
  reader(data->providers, data->events, data->codes, data->cases, data->role_names, data->provider_names, data->labels,
         data->japanese_spaced_terms);
  if (!reader.at_end()) throw Error(ErrorKind::internal, "precompiled knowledge: trailing bytes");
  build_indexes(*data);
  return data;
}

}  // namespace evtxdiag::knowledge
