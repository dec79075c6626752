// LibevtxFile in a build without libevtx (EVTXDIAG_WITH_LIBEVTX=OFF: the browser build, which
// has no libevtx for WebAssembly). The built-in decoder then reads every record; this file only
// says, wherever libevtx is asked for (`--decoder libevtx`), that this build has none.
// The real adapter is reader/libevtx/libevtx_file.cpp; exactly one of the two is linked.
#include "reader/libevtx/libevtx_file.hpp"

namespace evtxdiag::libevtx {
namespace {

const char* const kAbsent =
    "this evtxdiag is built without libevtx (EVTXDIAG_WITH_LIBEVTX=OFF); use the built-in decoder";

}  // namespace

struct LibevtxFile::Handles {};

bool LibevtxFile::available() { return false; }

std::unique_ptr<LibevtxFile> LibevtxFile::open(const std::uint8_t* /*data*/, std::size_t /*size*/, std::string& error) {
  error = kAbsent;
  return nullptr;
}

std::unique_ptr<LibevtxFile> LibevtxFile::open_path(const std::string& /*path*/, std::string& error) {
  error = kAbsent;
  return nullptr;
}

std::unique_ptr<LibevtxFile> LibevtxFile::open_view(std::shared_ptr<const ChunkView> /*view*/, std::string& error) {
  error = kAbsent;
  return nullptr;
}

// No object of the class can exist in this build (every open refuses); the members below only
// complete the class.
LibevtxFile::~LibevtxFile() = default;
std::uint64_t LibevtxFile::record_count(RecordOrigin /*origin*/) const { return 0; }
bool LibevtxFile::is_corrupted() const { return false; }
RecordFetch LibevtxFile::fetch(RecordOrigin /*origin*/, std::uint64_t /*index*/) {
  RecordFetch absent;
  absent.error = kAbsent;
  return absent;
}

}  // namespace evtxdiag::libevtx
