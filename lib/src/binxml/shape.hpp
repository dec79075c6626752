#pragma once
// A record's parsed binary XML -> its EventShape: the payload element under <Event> (EventData,
// UserData, ...) with every value's type, and whether Provider/@Guid is literal text. This is
// what lets `evtxdiag scenario` turn a real event into a scenario that writes it back the same.
#include <memory>
#include <vector>

#include "binxml/document.hpp"
#include "evtxdiag/event_shape.hpp"

namespace evtxdiag::binxml {

/// The shape of the record `document` (parsed with `cache` from `chunk`), or null when it has
/// no <Event> element. Whatever the scenario model cannot hold as typed values is kept as the
/// text a reader renders, so writing the shape back always reads back the same text:
/// content mixing values and text in another order than text-then-value becomes literal text,
/// character and entity references become literal text, a value whose text would not give the
/// same value back is kept as a String, a NULL in a normal substitution (rendered empty by the
/// built-in decoder) becomes an empty String. Returns null too when a nested payload cannot be
/// parsed (the record would not render either).
std::shared_ptr<const EventShape> event_shape(const ChunkView& chunk, TemplateCache& cache,
                                              const std::vector<Node>& document);

}  // namespace evtxdiag::binxml
