#include "libevtx/libevtx_file.hpp"

#include <libbfio.h>
#include <libevtx.h>

#include <cstdlib>
#include <vector>

namespace evtxdiag::libevtx {
namespace {

std::string take_backtrace(libevtx_error_t*& error) {
  if (error == nullptr) return "libevtx reported a failure without a message";
  std::vector<char> buffer(8192);
  const int written = libevtx_error_backtrace_sprint(error, buffer.data(), buffer.size());
  libevtx_error_free(&error);
  return written > 0 ? std::string(buffer.data()) : std::string("libevtx reported an unprintable error");
}

std::string take_bfio_message(libbfio_error_t*& error) {
  if (error == nullptr) return "libbfio reported a failure without a message";
  std::vector<char> buffer(4096);
  const int written = libbfio_error_sprint(error, buffer.data(), buffer.size());
  libbfio_error_free(&error);
  return written > 0 ? std::string(buffer.data()) : std::string("libbfio reported an unprintable error");
}

}  // namespace

std::string root_cause(const std::string& backtrace) {
  std::string line = backtrace.substr(0, backtrace.find('\n'));
  while (!line.empty() && (line.back() == '.' || line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

std::int64_t offset_in_backtrace(const std::string& backtrace) {
  static const std::string marker = "element data at offset: ";
  const std::size_t at = backtrace.find(marker);
  if (at == std::string::npos) return -1;
  const char* start = backtrace.c_str() + at + marker.size();
  char* end = nullptr;
  const unsigned long long value = std::strtoull(start, &end, 0);
  return end == start ? -1 : static_cast<std::int64_t>(value);
}

struct LibevtxFile::Handles {
  libbfio_handle_t* io = nullptr;
  libevtx_file_t* file = nullptr;
  bool opened = false;
  std::vector<std::uint8_t> xml_buffer = std::vector<std::uint8_t>(64 * 1024);  ///< reused by fetch()
  ~Handles() {
    if (opened) libevtx_file_close(file, nullptr);
    if (file) libevtx_file_free(&file, nullptr);
    if (io) libbfio_handle_free(&io, nullptr);
  }
};

LibevtxFile::LibevtxFile(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {}
LibevtxFile::~LibevtxFile() = default;

std::unique_ptr<LibevtxFile> LibevtxFile::open(const std::uint8_t* data, std::size_t size, std::string& error) {
  auto handles = std::make_unique<Handles>();
  libbfio_error_t* bfio_error = nullptr;
  // libbfio's memory range takes a non-const pointer; libevtx opens it read-only and never
  // writes through it.
  if (libbfio_memory_range_initialize(&handles->io, &bfio_error) != 1 ||
      libbfio_memory_range_set(handles->io, const_cast<std::uint8_t*>(data), size, &bfio_error) != 1) {
    error = root_cause(take_bfio_message(bfio_error));
    return nullptr;
  }
  return open_io(std::move(handles), error);
}

std::unique_ptr<LibevtxFile> LibevtxFile::open_path(const std::string& path, std::string& error) {
  auto handles = std::make_unique<Handles>();
  libbfio_error_t* bfio_error = nullptr;
  if (libbfio_file_initialize(&handles->io, &bfio_error) != 1 ||
      libbfio_file_set_name(handles->io, path.c_str(), path.size(), &bfio_error) != 1) {
    error = root_cause(take_bfio_message(bfio_error));
    return nullptr;
  }
  return open_io(std::move(handles), error);
}

std::unique_ptr<LibevtxFile> LibevtxFile::open_io(std::unique_ptr<Handles> handles, std::string& error) {
  libevtx_error_t* evtx_error = nullptr;
  if (libevtx_file_initialize(&handles->file, &evtx_error) != 1 ||
      libevtx_file_open_file_io_handle(handles->file, handles->io, LIBEVTX_OPEN_READ, &evtx_error) != 1) {
    error = root_cause(take_backtrace(evtx_error));
    return nullptr;
  }
  handles->opened = true;
  return std::unique_ptr<LibevtxFile>(new LibevtxFile(std::move(handles)));
}

std::uint64_t LibevtxFile::record_count(RecordOrigin origin) const {
  int count = 0;
  libevtx_error_t* error = nullptr;
  const int rc = origin == RecordOrigin::live
                     ? libevtx_file_get_number_of_records(handles_->file, &count, &error)
                     : libevtx_file_get_number_of_recovered_records(handles_->file, &count, &error);
  if (rc != 1) {
    libevtx_error_free(&error);
    return 0;
  }
  return count > 0 ? static_cast<std::uint64_t>(count) : 0;
}

bool LibevtxFile::is_corrupted() const { return libevtx_file_is_corrupted(handles_->file, nullptr) == 1; }

RecordFetch LibevtxFile::fetch(RecordOrigin origin, std::uint64_t index) {
  RecordFetch out;
  libevtx_record_t* record = nullptr;
  libevtx_error_t* error = nullptr;
  const int int_index = static_cast<int>(index);
  const int rc = origin == RecordOrigin::live
                     ? libevtx_file_get_record_by_index(handles_->file, int_index, &record, &error)
                     : libevtx_file_get_recovered_record_by_index(handles_->file, int_index, &record, &error);
  if (rc != 1) {
    const std::string backtrace = take_backtrace(error);
    out.error = root_cause(backtrace);
    out.offset = offset_in_backtrace(backtrace);
    return out;
  }
  // Copy everything now: the record's memory belongs to libevtx's cache.
  off64_t offset = 0;
  if (libevtx_record_get_offset(record, &offset, nullptr) == 1) out.offset = offset;
  libevtx_record_get_identifier(record, &out.record_id, nullptr);
  libevtx_record_get_written_time(record, &out.written_time, nullptr);
  // Rendering the XML is most of libevtx's work after the parse. Asking for its size first
  // would render it twice, so it goes straight into a reused buffer; only XML larger than the
  // buffer takes the size call (and grows the buffer).
  std::vector<std::uint8_t>& buffer = handles_->xml_buffer;
  if (libevtx_record_get_utf8_xml_string(record, buffer.data(), buffer.size(), nullptr) == 1) {
    out.xml.assign(reinterpret_cast<const char*>(buffer.data()));
    out.ok = true;
  } else {
    std::size_t xml_size = 0;
    if (libevtx_record_get_utf8_xml_string_size(record, &xml_size, &error) == 1 && xml_size > 0) {
      if (xml_size > buffer.size()) buffer.resize(xml_size);
      if (libevtx_record_get_utf8_xml_string(record, buffer.data(), xml_size, &error) == 1) {
        out.xml.assign(reinterpret_cast<const char*>(buffer.data()));  // the size includes the NUL
        out.ok = true;
      }
    }
  }
  if (!out.ok) out.error = error ? root_cause(take_backtrace(error)) : "libevtx rendered no XML for the record";
  libevtx_record_free(&record, nullptr);
  return out;
}

}  // namespace evtxdiag::libevtx
