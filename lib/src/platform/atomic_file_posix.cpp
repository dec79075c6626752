// AtomicFile on POSIX: mkstemp beside the target, write, fchmod 0644 (mkstemp makes 0600, and
// a report or log must stay readable by the user's other tools), fsync, rename.
#include "platform/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "evtxdiag/error.hpp"

namespace evtxdiag::platform {

struct AtomicFile::Handle {
  int descriptor = -1;
};

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  const std::size_t slash = target_.find_last_of('/');
  const std::string folder = slash == std::string::npos ? std::string() : target_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
  std::string pattern = folder + "." + base + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  handle_ = std::make_unique<Handle>();
  handle_->descriptor = ::mkstemp(name.data());
  if (handle_->descriptor < 0)
    throw Error(ErrorKind::io, target_ + ": cannot create a temporary file beside it: " + std::strerror(errno));
  temporary_ = name.data();
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (handle_ && handle_->descriptor >= 0) ::close(handle_->descriptor);
  if (handle_) handle_->descriptor = -1;
  if (!temporary_.empty()) std::remove(temporary_.c_str());
  temporary_.clear();
}

void AtomicFile::write(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(handle_->descriptor, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = n < 0 ? std::strerror(errno) : "no progress";
      discard();
      throw Error(ErrorKind::io, target_ + ": cannot write: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
}

void AtomicFile::commit() {
  auto fail = [this](const char* what) {
    const std::string why = std::strerror(errno);
    discard();
    throw Error(ErrorKind::io, target_ + ": " + what + ": " + why);
  };
  if (::fchmod(handle_->descriptor, 0644) != 0) fail("cannot set permissions");
  if (::fsync(handle_->descriptor) != 0) fail("cannot flush to disk");
  const int descriptor = handle_->descriptor;
  handle_->descriptor = -1;
  if (::close(descriptor) != 0) fail("cannot close");
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot rename the temporary file into place");
  committed_ = true;
}

}  // namespace evtxdiag::platform
