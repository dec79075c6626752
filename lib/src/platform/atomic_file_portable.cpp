// AtomicFile with standard C++ only: a temporary file beside the target written with a stream,
// then std::filesystem::rename over the target (atomic where the file system makes it so).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

#include "evtxdiag/error.hpp"
#include "platform/atomic_file.hpp"

namespace evtxdiag::platform {

struct AtomicFile::Handle {
  std::ofstream stream;
};

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  std::random_device random;
  temporary_ = target_ + ".tmp-" + std::to_string(random());
  handle_ = std::make_unique<Handle>();
  handle_->stream.open(std::filesystem::u8path(temporary_), std::ios::binary);
  if (!handle_->stream) {
    temporary_.clear();
    throw Error(ErrorKind::io, target_ + ": cannot create a temporary file beside it");
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (handle_) handle_->stream.close();
  if (!temporary_.empty()) std::remove(temporary_.c_str());
  temporary_.clear();
}

void AtomicFile::write(const char* data, std::size_t size) {
  handle_->stream.write(data, static_cast<std::streamsize>(size));
  if (!handle_->stream) {
    discard();
    throw Error(ErrorKind::io, target_ + ": cannot write");
  }
}

void AtomicFile::commit() {
  handle_->stream.close();
  const bool written = !handle_->stream.fail();
  std::error_code error;
  if (written) std::filesystem::rename(std::filesystem::u8path(temporary_), std::filesystem::u8path(target_), error);
  if (!written || error) {
    const std::string why = written ? error.message() : "cannot flush";
    discard();
    throw Error(ErrorKind::io, target_ + ": cannot put the file in place: " + why);
  }
  committed_ = true;
}

}  // namespace evtxdiag::platform
