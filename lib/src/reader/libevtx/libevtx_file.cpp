#include "reader/libevtx/libevtx_file.hpp"

#include <libbfio.h>
#include <libevtx.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace evtxdiag::libevtx {

bool LibevtxFile::available() { return true; }

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

// The libbfio I/O handle behind open_view(): a position in a ChunkView, and the file its reads
// use when the view reads from a file (opened by libbfio's open call).
struct ViewIo {
  std::shared_ptr<const ChunkView> view;
  platform::ReadOnlyFile file;
  bool is_open = false;
  std::uint64_t position = 0;
};

ViewIo* view_io(intptr_t* io_handle) { return reinterpret_cast<ViewIo*>(io_handle); }

int view_free(intptr_t** io_handle, libbfio_error_t** /*error*/) {
  if (io_handle == nullptr) return -1;
  ViewIo* io = view_io(*io_handle);
  delete io;
  *io_handle = nullptr;
  return 1;
}

int view_clone(intptr_t** destination, intptr_t* source, libbfio_error_t** /*error*/) {
  if (destination == nullptr || source == nullptr) return -1;
  auto* copy = new ViewIo;
  copy->view = view_io(source)->view;
  *destination = reinterpret_cast<intptr_t*>(copy);
  return 1;
}

int view_open(intptr_t* io_handle, int /*access_flags*/, libbfio_error_t** /*error*/) {
  ViewIo* io = view_io(io_handle);
  if (!io->view->path().empty() && !io->file.is_open()) {
    io->file = platform::ReadOnlyFile(io->view->path());
    if (!io->file.is_open()) return -1;
  }
  io->is_open = true;
  io->position = 0;
  return 1;
}

int view_close(intptr_t* io_handle, libbfio_error_t** /*error*/) {
  ViewIo* io = view_io(io_handle);
  io->file = platform::ReadOnlyFile();
  io->is_open = false;
  return 0;
}

ssize_t view_read(intptr_t* io_handle, uint8_t* buffer, size_t size, libbfio_error_t** /*error*/) {
  ViewIo* io = view_io(io_handle);
  const std::int64_t got = io->view->read(io->position, buffer, size, io->file);
  if (got < 0) return -1;
  io->position += static_cast<std::uint64_t>(got);
  return static_cast<ssize_t>(got);
}

ssize_t view_write(intptr_t*, const uint8_t*, size_t, libbfio_error_t**) { return -1; }  // read-only

off64_t view_seek(intptr_t* io_handle, off64_t offset, int whence, libbfio_error_t** /*error*/) {
  if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return -1;
  ViewIo* io = view_io(io_handle);
  const off64_t base = whence == SEEK_SET   ? 0
                       : whence == SEEK_CUR ? static_cast<off64_t>(io->position)
                                            : static_cast<off64_t>(io->view->size());
  if (base + offset < 0) return -1;
  io->position = static_cast<std::uint64_t>(base + offset);
  return base + offset;
}

int view_exists(intptr_t*, libbfio_error_t**) { return 1; }
int view_is_open(intptr_t* io_handle, libbfio_error_t**) { return view_io(io_handle)->is_open ? 1 : 0; }

int view_get_size(intptr_t* io_handle, size64_t* size, libbfio_error_t** /*error*/) {
  if (size == nullptr) return -1;
  *size = view_io(io_handle)->view->size();
  return 1;
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
  std::shared_ptr<const ChunkView> view;                                        ///< set when libevtx reads a chunk view
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

std::unique_ptr<LibevtxFile> LibevtxFile::open_view(std::shared_ptr<const ChunkView> view, std::string& error) {
  auto handles = std::make_unique<Handles>();
  handles->view = view;
  auto* io = new ViewIo;
  io->view = std::move(view);
  libbfio_error_t* bfio_error = nullptr;
  // Managed: libbfio frees the ViewIo (view_free) with the handle, also when this fails.
  if (libbfio_handle_initialize(&handles->io, reinterpret_cast<intptr_t*>(io), view_free, view_clone, view_open,
                                view_close, view_read, view_write, view_seek, view_exists, view_is_open, view_get_size,
                                LIBBFIO_FLAG_IO_HANDLE_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION,
                                &bfio_error) != 1) {
    delete io;
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
    if (handles_->view) out.offset = handles_->view->file_offset(out.offset);
    return out;
  }
  // Copy everything now: the record's memory belongs to libevtx's cache.
  off64_t offset = 0;
  if (libevtx_record_get_offset(record, &offset, nullptr) == 1)
    out.offset = handles_->view ? handles_->view->file_offset(offset) : offset;
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
