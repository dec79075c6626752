#pragma once
// `evtxdiag explain` as a library call: what an error code (any usual form) or an event
// (PROVIDER/ID) means, its likely causes and remedies, from the knowledge base, in English or
// Japanese, as text or JSON. The CLI, the C API (evtxdiag_explain, evtxdiag_explain_code) and
// Python (evtxdiag.explain, evtxdiag.explain_text) all print explain(), so their outputs are
// the same bytes.
//
//   evtxdiag::Explanation e = evtxdiag::explain("0x807800A1", evtxdiag::Language::ja,
//                                               evtxdiag::ExplainFormat::text, evtxdiag::KnowledgeBase::builtin());
//   std::cout << e.output;
#include <optional>
#include <string>
#include <string_view>

#include "evtxdiag/export.hpp"
#include "evtxdiag/knowledge.hpp"

EVTXDIAG_PUBLIC_BEGIN
namespace evtxdiag {

enum class ExplainFormat { text, json };
/// Parses "text" / "json"; nullopt for anything else.
[[nodiscard]] std::optional<ExplainFormat> parse_explain_format(const std::string& text);

enum class ExplainOutcome {
  known,        ///< the knowledge base knows the code or event
  unknown,      ///< a code it does not know (output: its structure decoded) or an event it does not know (no output)
  not_a_query,  ///< neither a code nor PROVIDER/ID (no output)
};

struct Explanation {
  ExplainOutcome outcome = ExplainOutcome::not_a_query;
  /// The explanation: text, or one JSON document (2-space indent); ends in a newline; empty
  /// when there is nothing to say.
  std::string output;
  /// When outcome != known: one sentence saying so (what `evtxdiag explain` prints on stderr).
  std::string problem;
};

/// Explains `query`: "PROVIDER/ID" (provider name or alias, case-insensitive) or a code in any
/// usual form (0x807800A1, 807800a1, 2155348129, -2139619167, 1224, C000000E, %%2155348254). A
/// bare small number that is also an event id the knowledge base knows gets a note naming
/// those events.
[[nodiscard]] Explanation explain(std::string_view query, Language language, ExplainFormat format,
                                  const KnowledgeBase& knowledge);

}  // namespace evtxdiag
EVTXDIAG_PUBLIC_END
