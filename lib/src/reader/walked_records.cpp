#include "reader/walked_records.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "format/format.hpp"

namespace evtxdiag::reader {
namespace {

using evtx::store_u16;
using evtx::store_u32;
using evtx::store_u64;

using Key = std::pair<std::uint64_t, std::uint64_t>;  // (record id, written time)

}  // namespace

bool needs_repaired_chunk(const evtx::LocatedRecord& record, const std::vector<evtx::ChunkWalk>& walks) {
  if (record.shape != evtx::RecordShape::whole) return true;
  return record.chunk_index < walks.size() && walks[record.chunk_index].state == evtx::ChunkState::signature_damaged;
}

// One chunk copied into a one-chunk file image, repaired, with libevtx's view of it.
struct WalkedRecordDecoder::RepairedChunk {
  std::uint64_t index = 0;
  std::uint64_t file_base = 0;  ///< the chunk's offset in the real file
  std::vector<std::uint8_t> bytes;
  std::vector<evtx::LocatedRecord> located;  ///< the walk of the copy
  std::unique_ptr<LibevtxFile> libevtx;
  std::map<Key, FetchedRecord> fetched;  ///< what libevtx decoded, by record
  std::unique_ptr<RecordDecoding> decoding;

  std::uint64_t copy_offset(std::uint64_t file_offset) const {
    return file_offset - file_base + evtx::kFileHeaderBlockSize;
  }
  std::int64_t file_offset(std::int64_t copy) const {
    return copy < static_cast<std::int64_t>(evtx::kFileHeaderBlockSize)
               ? copy
               : static_cast<std::int64_t>(static_cast<std::uint64_t>(copy) - evtx::kFileHeaderBlockSize + file_base);
  }
};

WalkedRecordDecoder::WalkedRecordDecoder(const std::uint8_t* data, std::size_t size, std::uint64_t data_end,
                                         std::string name, const std::vector<evtx::LocatedRecord>& located,
                                         const ReadOptions& options)
    : data_(data), size_(size), data_end_(data_end), name_(std::move(name)), located_(located), options_(options) {}

WalkedRecordDecoder::~WalkedRecordDecoder() = default;

WalkedRecordDecoder::RepairedChunk& WalkedRecordDecoder::chunk_of(std::uint64_t chunk) {
  if (current_ && current_->index == chunk) return *current_;
  namespace fh = evtx::file_header;
  auto c = std::make_unique<RepairedChunk>();
  c->index = chunk;
  c->file_base = evtx::kFileHeaderBlockSize + chunk * evtx::kChunkSize;
  c->bytes.assign(evtx::kFileHeaderBlockSize + evtx::kChunkSize, 0);
  std::uint8_t* image = c->bytes.data();
  // The file header, as a file of this one chunk (its checksum kept right).
  std::memcpy(image, data_, evtx::kFileHeaderBlockSize);
  store_u64(image + fh::first_chunk_number, 0);
  store_u64(image + fh::last_chunk_number, 0);
  store_u16(image + fh::chunk_count, 1);
  store_u32(image + fh::checksum, evtx::crc32(image, fh::flags));
  // The chunk as the walk read it: its signature and its records' real sizes.
  if (c->file_base + evtx::kChunkSize <= size_)
    std::memcpy(image + evtx::kFileHeaderBlockSize, data_ + c->file_base, evtx::kChunkSize);
  std::memcpy(image + evtx::kFileHeaderBlockSize, evtx::kChunkSignature.data(), evtx::kChunkSignature.size());
  const auto first =
      std::lower_bound(located_.begin(), located_.end(), c->file_base,
                       [](const evtx::LocatedRecord& r, std::uint64_t offset) { return r.offset < offset; });
  // A re-delimited or damaged record gets the size the walk delimited it with, at both ends, so
  // that both decoders read it whole (a damaged one's payload may still be readable: only its
  // size copy may be what is damaged).
  for (auto record = first; record != located_.end() && record->chunk_index == chunk; ++record) {
    if (record->shape == evtx::RecordShape::whole) continue;
    std::uint8_t* at = image + c->copy_offset(record->offset);
    store_u32(at + 4, record->size);
    if (record->shape != evtx::RecordShape::size_repaired &&
        record->size >= evtx::kRecordHeaderSize + evtx::kRecordTrailerSize)
      store_u32(at + record->size - evtx::kRecordTrailerSize, record->size);
  }
  evtx::walk_chunk(image, c->bytes.size(), 0, c->located);
  // libevtx over the copy: its live list, then its recovery scan (records after damage it
  // cannot pass), keyed by record so that each walked record finds its own.
  if (options_.decoder != DecoderChoice::builtin_only) {
    std::string error;
    c->libevtx = LibevtxFile::open(image, c->bytes.size(), error);
    if (c->libevtx) {
      for (const RecordOrigin origin : {RecordOrigin::live, RecordOrigin::recovered}) {
        const std::uint64_t count = c->libevtx->record_count(origin);
        for (std::uint64_t i = 0; i < count; ++i) {
          FetchedRecord fetched = fetch_libevtx_record(*c->libevtx, origin, i, options_);
          if (!fetched.fetch.ok) continue;
          const Key key{fetched.fetch.record_id, fetched.fetch.written_time};
          c->fetched.try_emplace(key, std::move(fetched));
        }
      }
    }
  }
  c->decoding = std::make_unique<RecordDecoding>(image, c->bytes.size(), name_, c->located, c->libevtx.get(), options_);
  current_ = std::move(c);
  return *current_;
}

DecodedRecord WalkedRecordDecoder::decode(std::size_t index) {
  const evtx::LocatedRecord& record = located_[index];
  RepairedChunk& c = chunk_of(record.chunk_index);
  const std::uint64_t at = c.copy_offset(record.offset);
  DecodedRecord out;
  if (record.shape == evtx::RecordShape::damaged) {
    // Its size or size copy is wrong: the built-in decoder tries the payload within the bytes
    // the walk gave the record (the damage is reported by the accounting either way); libevtx,
    // which needs whole records, is not asked.
    const std::string damaged = "the record's header is intact but its bytes are damaged (declared size " +
                                std::to_string(record.declared_size) + ", no matching size copy after it)";
    // A record the file ends inside is not tried: the zeros it was padded with would read as
    // an early end of its payload.
    const bool cut = record.offset + record.size > data_end_;
    if (options_.decoder == DecoderChoice::libevtx_only || cut) {
      out = c.decoding->fail(RecordOrigin::live, index, static_cast<std::int64_t>(at),
                             cut ? "the file ends inside the record: its payload is cut" : damaged);
    } else {
      out = c.decoding->decode_builtin_record(RecordOrigin::live, at, index);
      if (out.failure) out.failure->message = damaged + "; " + out.failure->message;
      if (out.event && out.event->payload_lost) {
        const std::string kept = "only the record header is kept: ";
        const std::size_t why = out.event->payload_loss.find(kept);
        if (why != std::string::npos) out.event->payload_loss.insert(why + kept.size(), damaged + "; ");
      }
    }
  } else if (const auto found = c.fetched.find({record.record_id, record.written_time}); found != c.fetched.end()) {
    FetchedRecord fetched = std::move(found->second);
    c.fetched.erase(found);
    fetched.origin = RecordOrigin::live;  // libevtx may list it as recovered: it is a live record
    out = c.decoding->finish(std::move(fetched));
  } else if (options_.decoder == DecoderChoice::libevtx_only) {
    out = c.decoding->fail(RecordOrigin::live, index, static_cast<std::int64_t>(at),
                           "libevtx does not read the record (it lies after damage in its chunk)");
  } else {
    out = c.decoding->decode_builtin_record(RecordOrigin::live, at, index);
  }
  // Back to the real file's offsets.
  if (out.event && out.event->file_offset >= 0) out.event->file_offset = c.file_offset(out.event->file_offset);
  if (out.failure) {
    out.failure->record_index.reset();  // not an index of libevtx's list of the file
    if (out.failure->offset) out.failure->offset = c.file_offset(*out.failure->offset);
    out.failure->chunk_index = record.chunk_index;
  }
  return out;
}

}  // namespace evtxdiag::reader
