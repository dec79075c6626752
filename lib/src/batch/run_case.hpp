#pragma once
// One case, start to finish, in the current process (the child of run_batch), and the wire
// format that carries its result back to the parent over a pipe.
#include <string>

#include "evtxdiag/batch.hpp"

namespace evtxdiag::batch {

/// Reads and diagnoses `info`, renders the diagnosis, counts. Never throws: every failure
/// (refused or broken archive, nothing readable, renderer error) becomes a status + error.
CaseResult run_case(const CaseInfo& info, const BatchOptions& options, const CaseRenderer& render);

/// The fields a child sends back (status, error, payload, tally, elapsed), as one JSON text.
std::string encode_result(const CaseResult& result);
/// Fills those fields of `result` from encode_result() output; false when `wire` is not such
/// a message (a child that died half-way).
bool decode_result(const std::string& wire, CaseResult& result);

}  // namespace evtxdiag::batch
