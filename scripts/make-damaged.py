#!/usr/bin/env python3
"""Make damaged copies of a clean .evtx file.

    scripts/make-damaged.py CLEAN.evtx OUTDIR

Writes one file per kind of damage into OUTDIR and OUTDIR/manifest.json, which lists, for each
file, what was done and the structural facts a test needs to work out what a reader must still
return: which chunks were touched and the record identifiers of every chunk of the clean file
(read from the chunk headers, not from any reader).

The damage mirrors what customer files show: copies cut short (at every chunk boundary and in
the middle of a record), zeroed or wrong checksums, a chunk whose magic was overwritten, a
chunk of garbage between good ones, a file header that claims more chunks than exist, an empty
file, and a record that declares an absurd size. Everything is deterministic (fixed seed).
"""
import json
import random
import struct
import sys
import zlib
from pathlib import Path

HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512


def chunk_offset(index):
    return HEADER_SIZE + index * CHUNK_SIZE


def fix_file_header_checksum(data):
    struct.pack_into("<I", data, 124, zlib.crc32(bytes(data[0:120])))


def fix_chunk_checksums(data, index):
    """Recompute both checksums of a chunk after an edit, so only the intended damage remains."""
    base = chunk_offset(index)
    free = struct.unpack_from("<I", data, base + 48)[0]
    struct.pack_into("<I", data, base + 52, zlib.crc32(bytes(data[base + 512:base + free])))
    header = bytes(data[base:base + 120]) + bytes(data[base + 128:base + 512])
    struct.pack_into("<I", data, base + 124, zlib.crc32(header))


def describe_chunks(data):
    """Per chunk: record identifiers (first..last) and the offsets of its records."""
    chunks = []
    count = (len(data) - HEADER_SIZE) // CHUNK_SIZE
    for index in range(count):
        base = chunk_offset(index)
        first_id, last_id = struct.unpack_from("<QQ", data, base + 24)
        free = struct.unpack_from("<I", data, base + 48)[0]
        offsets = []
        pos = CHUNK_HEADER_SIZE
        while pos + 24 <= free and data[base + pos:base + pos + 4] == b"**\0\0":
            offsets.append(base + pos)
            pos += struct.unpack_from("<I", data, base + pos + 4)[0]
        chunks.append({"index": index, "first_id": first_id, "last_id": last_id,
                       "record_offsets": offsets})
    return chunks


def make_variants(clean):
    """Yields (name, bytes, facts) for every kind of damage."""
    chunks = describe_chunks(clean)
    count = len(chunks)
    middle = count // 2

    yield "zero-length", b"", {"kind": "empty"}
    yield "header-only", clean[:HEADER_SIZE], {"kind": "truncated", "whole_chunks": 0}
    for k in range(1, count):
        yield f"truncated-at-chunk-{k:02d}", clean[:chunk_offset(k)], {"kind": "truncated", "whole_chunks": k}

    # Cut inside the third record of the middle chunk: the chunk is incomplete.
    record = chunks[middle]["record_offsets"][2]
    yield "truncated-mid-record", clean[:record + 40], {"kind": "truncated", "whole_chunks": middle}

    data = bytearray(clean)
    struct.pack_into("<II", data, chunk_offset(middle) + 52, 0, 0)  # records CRC (52) ...
    struct.pack_into("<I", data, chunk_offset(middle) + 124, 0)      # ... and header CRC
    yield "zeroed-checksums", bytes(data), {"kind": "checksums", "chunk": middle}

    data = bytearray(clean)
    data[chunk_offset(middle) + 52] ^= 0x01
    yield "wrong-records-checksum", bytes(data), {"kind": "checksums", "chunk": middle}

    data = bytearray(clean)
    data[chunk_offset(middle) + 124] ^= 0x80
    yield "wrong-header-checksum", bytes(data), {"kind": "checksums", "chunk": middle}

    data = bytearray(clean)
    data[chunk_offset(middle):chunk_offset(middle) + 8] = b"ElfJunk\0"
    yield "bad-chunk-magic", bytes(data), {"kind": "lost-chunk", "chunk": middle}

    rng = random.Random(11)
    garbage = bytes(rng.getrandbits(8) for _ in range(CHUNK_SIZE))
    data = bytearray(clean)
    data[chunk_offset(middle):chunk_offset(middle + 1)] = garbage
    yield "garbage-chunk-replacing", bytes(data), {"kind": "lost-chunk", "chunk": middle}

    inserted = bytearray(clean[:chunk_offset(middle)] + garbage + clean[chunk_offset(middle):])
    yield "garbage-chunk-inserted", bytes(inserted), {"kind": "inserted-chunk", "chunk": middle}

    data = bytearray(clean)
    struct.pack_into("<H", data, 42, 0xFFFF)
    struct.pack_into("<Q", data, 16, 0xFFFE)
    fix_file_header_checksum(data)
    yield "header-claims-more-chunks", bytes(data), {"kind": "intact", "claimed_chunks": 0xFFFF}

    # A record in the middle chunk that declares a size of almost 4 GiB (checksums made
    # consistent, so only the size is wrong).
    data = bytearray(clean)
    struct.pack_into("<I", data, chunks[middle]["record_offsets"][2] + 4, 0xFFFFFFF0)
    fix_chunk_checksums(data, middle)
    yield "huge-record-size", bytes(data), {"kind": "huge-record", "chunk": middle, "record_index": 2}

    return chunks


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    clean = Path(sys.argv[1]).read_bytes()
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    chunks = describe_chunks(clean)
    if len(chunks) < 3 or any(len(c["record_offsets"]) < 3 for c in chunks):
        sys.exit("make-damaged: need a clean file with at least 3 chunks of at least 3 records")
    manifest = {"clean": str(Path(sys.argv[1]).resolve()), "chunks": chunks, "variants": []}
    for name, data, facts in make_variants(clean):
        path = out / f"{name}.evtx"
        path.write_bytes(data)
        manifest["variants"].append({"name": name, "file": path.name, "size": len(data), **facts})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"make-damaged: wrote {len(manifest['variants'])} files to {out}")


if __name__ == "__main__":
    main()
