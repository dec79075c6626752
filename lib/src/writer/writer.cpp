// EvtxWriter: events -> chunks -> file (the file layout of libyal's EVTX format document).
#include "evtxdiag/writer.hpp"

#include <cstring>

#include "evtxdiag/error.hpp"
#include "format/format.hpp"
#include "platform/atomic_file.hpp"
#include "writer/chunk_builder.hpp"
#include "writer/event_template.hpp"

namespace evtxdiag {

struct EvtxWriter::Impl {
  std::vector<std::vector<std::uint8_t>> finished_chunks;
  evtx::ChunkBuilder chunk;
  std::size_t events = 0;
  std::uint64_t last_record_id = 0;
};

EvtxWriter::EvtxWriter() : impl_(std::make_unique<Impl>()) {}
EvtxWriter::EvtxWriter(EvtxWriter&&) noexcept = default;
EvtxWriter& EvtxWriter::operator=(EvtxWriter&&) noexcept = default;
EvtxWriter::~EvtxWriter() = default;

std::size_t EvtxWriter::size() const { return impl_->events; }

void EvtxWriter::add(const Event& event) {
  if (event.event_record_id == 0)
    throw Error(ErrorKind::invalid_input, "cannot write event: record_id: must be at least 1");
  if (impl_->events > 0 && event.event_record_id <= impl_->last_record_id)
    throw Error(ErrorKind::invalid_input, "cannot write event: record_id: " + std::to_string(event.event_record_id) +
                                              " is not greater than the previous record's " +
                                              std::to_string(impl_->last_record_id));
  const evtx::TemplateInstance root = evtx::event_instance(event);
  const std::uint64_t number = impl_->events + 1;  // record numbers are ordinals from 1
  if (!impl_->chunk.try_append(number, event.event_record_id, event.time_created.ticks, root)) {
    // Does not fit: it goes first into a fresh chunk, where its names and templates are inline
    // again. Only when it fits there is the current chunk closed, so a refusal changes nothing.
    evtx::ChunkBuilder fresh;
    if (!fresh.try_append(number, event.event_record_id, event.time_created.ticks, root))
      throw Error(ErrorKind::invalid_input, "cannot write event: record " + std::to_string(event.event_record_id) +
                                                " is larger than a 64 KiB chunk can hold");
    impl_->finished_chunks.push_back(impl_->chunk.finish());
    impl_->chunk = std::move(fresh);
  }
  ++impl_->events;
  impl_->last_record_id = event.event_record_id;
}

std::vector<std::uint8_t> EvtxWriter::finish() {
  Impl done = std::move(*impl_);
  *impl_ = Impl{};
  done.finished_chunks.push_back(done.chunk.finish());  // also the one empty chunk of an empty log
  const std::size_t chunk_count = done.finished_chunks.size();
  if (chunk_count > 0xFFFF) throw Error(ErrorKind::invalid_input, "cannot write file: more than 65535 chunks");

  std::vector<std::uint8_t> file(evtx::kFileHeaderBlockSize, 0);
  file.reserve(evtx::kFileHeaderBlockSize + chunk_count * evtx::kChunkSize);
  auto store = [&file](std::size_t at, std::uint64_t v, std::size_t width) {
    for (std::size_t k = 0; k < width; ++k) file[at + k] = static_cast<std::uint8_t>(v >> (8 * k));
  };
  namespace fh = evtx::file_header;
  std::memcpy(file.data(), evtx::kFileSignature.data(), evtx::kFileSignature.size());
  store(fh::first_chunk_number, 0, 8);
  store(fh::last_chunk_number, chunk_count - 1, 8);
  store(fh::next_record_id, done.last_record_id + 1, 8);
  store(fh::header_size, evtx::kFileHeaderUsedSize, 4);
  store(fh::minor_version, 1, 2);
  store(fh::major_version, 3, 2);
  store(fh::header_block_size, evtx::kFileHeaderBlockSize, 2);
  store(fh::chunk_count, chunk_count, 2);
  store(fh::flags, 0, 4);  // clean: not dirty, not full
  store(fh::checksum, evtx::crc32(file.data(), fh::flags), 4);
  for (const auto& chunk : done.finished_chunks) file.insert(file.end(), chunk.begin(), chunk.end());
  return file;
}

std::vector<std::uint8_t> write_evtx(const std::vector<Event>& events) {
  EvtxWriter writer;
  for (const Event& event : events) writer.add(event);
  return writer.finish();
}

void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  platform::AtomicFile file(path);
  file.write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  file.commit();
}

}  // namespace evtxdiag
