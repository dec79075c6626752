// write_output() and OutputFile: the checks of output_policy.cpp, then an atomic write.
#include <array>
#include <streambuf>

#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"
#include "platform/atomic_file.hpp"

namespace evtxdiag {
namespace {

// A stream buffer that hands full blocks to the atomic file; errors surface as Error(io)
// from commit() (a stream reports them only as a bad bit).
class AtomicFileBuffer : public std::streambuf {
 public:
  explicit AtomicFileBuffer(platform::AtomicFile& file) : file_(file) {
    setp(block_.data(), block_.data() + block_.size());
  }

  void flush_block() {
    if (failed_) throw Error(ErrorKind::io, failure_);
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    if (size) file_.write(pbase(), size);
    setp(block_.data(), block_.data() + block_.size());
  }

 protected:
  int_type overflow(int_type c) override {
    if (!write_pending()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return write_pending() ? 0 : -1; }

 private:
  bool write_pending() {
    try {
      flush_block();
      return true;
    } catch (const Error& e) {
      failed_ = true;
      failure_ = e.what();
      return false;
    }
  }

  platform::AtomicFile& file_;
  std::array<char, 64 * 1024> block_{};
  bool failed_ = false;
  std::string failure_;
};

}  // namespace

void write_output(const std::string& path, std::string_view bytes, const OutputPolicy& policy) {
  check_output_path(path, policy);
  platform::AtomicFile file(path);
  file.write(bytes.data(), bytes.size());
  file.commit();
}

struct OutputFile::Impl {
  explicit Impl(const std::string& path) : file(path), buffer(file), stream(&buffer) {}
  platform::AtomicFile file;
  AtomicFileBuffer buffer;
  std::ostream stream;
};

OutputFile::OutputFile(const std::string& path, const OutputPolicy& policy) {
  check_output_path(path, policy);
  impl_ = std::make_unique<Impl>(path);
}

OutputFile::OutputFile(OutputFile&&) noexcept = default;
OutputFile& OutputFile::operator=(OutputFile&&) noexcept = default;
OutputFile::~OutputFile() = default;

std::ostream& OutputFile::stream() { return impl_->stream; }

void OutputFile::commit() {
  impl_->buffer.flush_block();
  impl_->file.commit();
}

}  // namespace evtxdiag
