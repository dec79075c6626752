#pragma once
// What the headers promise against what the file's bytes hold (issue 21): the records the
// chunk headers and the file header promise, the ones the structural walk found, and every gap
// between the two as a diagnostic naming the record ids, the chunk and the byte range. Also the
// duplicate pass (records stored twice, e.g. a chunk copied twice) and the damage the walk met
// (damaged records, unreadable ranges, chunks without a signature among the used ones).
//
// Record ids of a log are consecutive (Windows numbers every record it writes), so every id
// between the oldest and the newest record the chunks hold was in the log: a gap is records
// that were there. The newest end is the file header's next record id - 1 when chunks the file
// header lists are missing from the file (a copy cut short). Nothing here decodes a record.
#include <cstdint>
#include <string>
#include <vector>

#include "evtxdiag/diagnostic.hpp"
#include "evtxdiag/reader.hpp"
#include "format/record_locator.hpp"

namespace evtxdiag::reader {

/// Marks as duplicate every walked record that repeats an earlier one byte for byte (same id,
/// same bytes); returns how many. Only chunks whose record ids overlap are compared.
std::uint64_t mark_duplicates(const std::uint8_t* data, std::vector<evtx::LocatedRecord>& located,
                              const std::vector<evtx::ChunkWalk>& walks);

/// The facts the accounting works from.
struct AccountingInput {
  const std::string& file_name;
  const evtx::FileHeaderFacts& header;
  std::uint64_t real_size = 0;                      ///< the file's size (the walk's buffer may be padded)
  const std::vector<evtx::ChunkWalk>& walks;        ///< every chunk of the buffer, in file order
  const std::vector<evtx::LocatedRecord>& located;  ///< the walk's records, duplicates marked
};

struct AccountingResult {
  RecordAccounting counts;
  std::vector<Diagnostic> diagnostics;  ///< in file order: damage, missing records, duplicates
};

AccountingResult account_records(const AccountingInput& input);

}  // namespace evtxdiag::reader
