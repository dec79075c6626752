// Every public header in one translation unit: two headers that define the same name in
// namespace evtxdiag differently (an ODR violation the compiler cannot see when no file
// includes both: evtxdiag::CaseInfo once existed twice and freed garbage under ASan) fail to
// compile here. tests/scripts/test_layering.sh checks that this list names every header.
#include "evtxdiag/batch.hpp"
#include "evtxdiag/batch_results.hpp"
#include "evtxdiag/case_reader.hpp"
#include "evtxdiag/diagnose.hpp"
#include "evtxdiag/diagnosis_json.hpp"
#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/dump.hpp"
#include "evtxdiag/error.hpp"
#include "evtxdiag/event.hpp"
#include "evtxdiag/event_filter.hpp"
#include "evtxdiag/event_output.hpp"
#include "evtxdiag/event_shape.hpp"
#include "evtxdiag/explain.hpp"
#include "evtxdiag/export.hpp"
#include "evtxdiag/info.hpp"
#include "evtxdiag/inputs.hpp"
#include "evtxdiag/knowledge.hpp"
#include "evtxdiag/language.hpp"
#include "evtxdiag/mta.hpp"
#include "evtxdiag/output.hpp"
#include "evtxdiag/reader.hpp"
#include "evtxdiag/report.hpp"
#include "evtxdiag/scenario.hpp"
#include "evtxdiag/synth.hpp"
#include "evtxdiag/timeline.hpp"
#include "evtxdiag/timestamp.hpp"
#include "evtxdiag/timezone.hpp"
#include "evtxdiag/version.hpp"
#include "evtxdiag/writer.hpp"

#include <doctest/doctest.h>

TEST_CASE("every public header compiles together with the others") { CHECK(true); }
