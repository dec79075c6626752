#!/usr/bin/env python3
"""Make damaged copies of a clean .evtx file.

    scripts/make-damaged.py CLEAN.evtx OUTDIR

Writes one file per kind of damage into OUTDIR and OUTDIR/manifest.json, which lists, for each
file, what was done and what a reader must still return, worked out from the clean file's own
structure (its chunk headers and record headers, never from a reader):

- `destroyed`: record ids whose bytes the damage removed (they must be reported missing, never
  returned, and `info` must count them as damaged);
- `unpromised`: the destroyed records of a cut copy that no header left in it promises (newer
  than the kept chunks' last record and the file header's next record id): never returned, but
  no reader can count them;
- `payload_lost_live` / `payload_lost_recovered`: records whose header survives but whose
  payload no decoder can read (returned with the "payload lost" flag);
- `exit`: the exit code the documented rule gives (0 nothing promised lost, 1 a live record
  lost, 2 nothing readable); `survey_exit` when `info` without --decode (the structure alone)
  cannot see the loss;
- `duplicated`: a chunk appears twice (its records must still be returned once).

The damage mirrors what customer files show: copies cut short (at every chunk boundary, in the
middle of a record, inside the last chunk), zeroed or wrong checksums, a chunk whose magic was
overwritten, a chunk of garbage or zeros where records were, a chunk copied twice, a file
header that claims more chunks than exist, an empty file, a header followed by random bytes, a
record that declares an absurd size, garbage across record boundaries, and an overwritten
template definition (in live records and in slack space). Everything is deterministic (fixed
seed). Works on any clean file with at least 3 used chunks of at least 8 records (synthetic
logs and real samples alike).
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
RECORD_HEADER_SIZE = 24


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


def template_references(data, base, offset, size):
    """The template definitions record [offset, offset + size) uses, nested ones (in substitution
    values) included, as (chunk offset, length) pairs: every template instance token 0x0C whose
    template id (u32 at +2) is the first u32 of the GUID at its definition offset (u32 at +6).
    A definition is: next-definition offset (4), GUID (16), data size (4), data."""
    refs = set()
    end = offset + size - 4
    at = data.find(b"\x0c", offset + RECORD_HEADER_SIZE, end)
    while at != -1 and at + 10 <= end:
        definition = struct.unpack_from("<I", data, at + 6)[0]
        if CHUNK_HEADER_SIZE <= definition <= CHUNK_SIZE - 24 and \
                data[at + 2:at + 6] == data[base + definition + 4:base + definition + 8]:
            refs.add((definition, 24 + struct.unpack_from("<I", data, base + definition + 20)[0]))
        at = data.find(b"\x0c", at + 1, end)
    return sorted(refs)


def uses_bytes(record, base, start, end):
    """Whether a template definition the record uses overlaps file bytes [start, end)."""
    return any(base + d < end and start < base + d + length for d, length in record["templates"])


def describe_chunks(data):
    """Per chunk with a signature: header record ids and each record's offset, id and template
    definition offset (the live walk, as the chunk header bounds it)."""
    chunks = []
    count = (len(data) - HEADER_SIZE) // CHUNK_SIZE
    for index in range(count):
        base = chunk_offset(index)
        if data[base:base + 8] != b"ElfChnk\0":
            continue
        first_id, last_id = struct.unpack_from("<QQ", data, base + 24)
        free = struct.unpack_from("<I", data, base + 48)[0]
        records = []
        pos = CHUNK_HEADER_SIZE
        while pos + RECORD_HEADER_SIZE <= min(free, CHUNK_SIZE) and data[base + pos:base + pos + 4] == b"**\0\0":
            size, record_id = struct.unpack_from("<IQ", data, base + pos + 4)
            if size < 28 or pos + size > CHUNK_SIZE or struct.unpack_from("<I", data, base + pos + size - 4)[0] != size:
                break
            # Fragment header (4) + template instance token 0x0C, 1 byte, id (4), definition offset (4).
            definition = None
            if data[base + pos + 24:base + pos + 29] == b"\x0f\x01\x01\x00\x0c":
                definition = struct.unpack_from("<I", data, base + pos + 34)[0]
            records.append({"offset": base + pos, "id": record_id, "size": size, "definition": definition,
                            "templates": template_references(data, base, base + pos, size)})
            pos += size
        chunks.append({"index": index, "first_id": first_id, "last_id": last_id,
                       "record_offsets": [r["offset"] for r in records],
                       "record_ids": [r["id"] for r in records], "records": records})
    return chunks


def ids_of(chunk, start=0):
    return chunk["record_ids"][start:]


def make_variants(clean, chunks, header_chunk_count):
    """Yields (name, bytes, facts) for every kind of damage."""
    used = [c for c in chunks if len(c["records"]) >= 8]
    # The middle chunk and its neighbour: both used, adjacent in the file.
    pairs = [(a, b) for a, b in zip(used, used[1:]) if b["index"] == a["index"] + 1]
    middle, after = pairs[len(pairs) // 2]
    m = middle["index"]
    last = chunks[-1]
    all_ids = [i for c in chunks for i in c["record_ids"]]
    rng = random.Random(11)

    def later_ids(index):
        return [i for c in chunks if c["index"] >= index for i in c["record_ids"]]

    next_record_id = struct.unpack_from("<Q", clean, 24)[0]

    def unpromised(destroyed, kept_chunks):
        """Destroyed records no header of a cut copy promises: past the last record id the kept
        chunks' headers list and past the file header's next record id (a dirty file's header
        lags behind its chunks, so the newest records of a cut copy can be unknowable)."""
        top = max([c["last_id"] for c in chunks if c["index"] < kept_chunks] + [next_record_id - 1])
        return [i for i in destroyed if i > top]

    yield "zero-length", b"", {"kind": "empty", "exit": 2}
    yield "header-only", clean[:HEADER_SIZE], {"kind": "truncated", "exit": 2}
    for c in chunks[1:]:
        k = c["index"]
        if k >= header_chunk_count:
            continue  # the file header does not promise this chunk: a cut there is not visible
        yield f"truncated-at-chunk-{k:02d}", clean[:chunk_offset(k)], {
            "kind": "truncated", "exit": 1, "destroyed": later_ids(k), "unpromised": unpromised(later_ids(k), k)}

    # Cut inside the third record of the middle chunk: the file ends inside that chunk, whose
    # first two records are whole; the third keeps its header (record id, time), not its payload.
    record = middle["record_offsets"][2]
    yield "truncated-mid-record", clean[:record + 40], {
        "kind": "truncated", "exit": 1, "destroyed": ids_of(middle, 3) + later_ids(m + 1),
        "unpromised": unpromised(ids_of(middle, 3) + later_ids(m + 1), m + 1),
        "payload_lost_live": ids_of(middle, 2)[:1], "missing_bytes": chunk_offset(m + 1) - (record + 40)}
    # A copy taken while the log was written: cut inside the last chunk, three records before
    # its end; every complete record of the partial chunk must still be read.
    cut_at = len(last["records"]) - 3
    cut = last["record_offsets"][cut_at] + max(RECORD_HEADER_SIZE, last["records"][cut_at]["size"] // 2)
    yield "truncated-in-last-chunk", clean[:cut], {
        "kind": "truncated", "exit": 1, "destroyed": ids_of(last, cut_at + 1),
        "payload_lost_live": ids_of(last, cut_at)[:1],
        "missing_bytes": chunk_offset(last["index"] + 1) - cut}

    data = bytearray(clean)
    struct.pack_into("<II", data, chunk_offset(m) + 52, 0, 0)  # records CRC (52) ...
    struct.pack_into("<I", data, chunk_offset(m) + 124, 0)      # ... and header CRC
    yield "zeroed-checksums", bytes(data), {"kind": "checksums", "chunk": m, "exit": 0}

    data = bytearray(clean)
    data[chunk_offset(m) + 52] ^= 0x01
    yield "wrong-records-checksum", bytes(data), {"kind": "checksums", "chunk": m, "exit": 0}

    data = bytearray(clean)
    data[chunk_offset(m) + 124] ^= 0x80
    yield "wrong-header-checksum", bytes(data), {"kind": "checksums", "chunk": m, "exit": 0}

    # Only the magic is gone: the rest of the chunk header and every record are intact.
    data = bytearray(clean)
    data[chunk_offset(m):chunk_offset(m) + 8] = b"ElfJunk\0"
    yield "bad-chunk-magic", bytes(data), {"kind": "bad-magic", "chunk": m, "exit": 0}

    garbage = bytes(rng.getrandbits(8) for _ in range(CHUNK_SIZE))
    data = bytearray(clean)
    data[chunk_offset(m):chunk_offset(m + 1)] = garbage
    yield "garbage-chunk-replacing", bytes(data), {"kind": "lost-chunk", "chunk": m, "exit": 1,
                                                   "destroyed": ids_of(middle)}

    data = bytearray(clean)
    data[chunk_offset(m):chunk_offset(m + 1)] = bytes(CHUNK_SIZE)
    yield "zeroed-chunk", bytes(data), {"kind": "lost-chunk", "chunk": m, "exit": 1, "destroyed": ids_of(middle)}

    inserted = bytearray(clean[:chunk_offset(m)] + garbage + clean[chunk_offset(m):])
    yield "garbage-chunk-inserted", bytes(inserted), {"kind": "inserted-chunk", "chunk": m, "exit": 0}

    # A chunk written twice: over its successor (whose records are then gone), or inserted.
    data = bytearray(clean)
    data[chunk_offset(m + 1):chunk_offset(m + 2)] = clean[chunk_offset(m):chunk_offset(m + 1)]
    yield "duplicated-chunk", bytes(data), {"kind": "duplicated", "chunk": m, "exit": 1, "duplicated": True,
                                            "destroyed": ids_of(after)}
    doubled = bytearray(clean[:chunk_offset(m + 1)] + clean[chunk_offset(m):])
    yield "duplicated-chunk-inserted", bytes(doubled), {"kind": "duplicated", "chunk": m, "exit": 0,
                                                        "duplicated": True}

    data = bytearray(clean)
    struct.pack_into("<H", data, 42, 0xFFFF)
    struct.pack_into("<Q", data, 16, 0xFFFE)
    fix_file_header_checksum(data)
    yield "header-claims-more-chunks", bytes(data), {"kind": "intact", "claimed_chunks": 0xFFFF, "exit": 0}

    yield "random-after-header", clean[:HEADER_SIZE] + garbage + garbage[::-1], {"kind": "unreadable", "exit": 2}

    # A record in the middle chunk that declares a size of almost 4 GiB (checksums made
    # consistent, so only the size is wrong). Its size copy at its end still tells its size.
    data = bytearray(clean)
    struct.pack_into("<I", data, middle["record_offsets"][2] + 4, 0xFFFFFFF0)
    fix_chunk_checksums(data, m)
    yield "huge-record-size", bytes(data), {"kind": "huge-record", "chunk": m, "record_index": 2, "exit": 0}

    # Only the size copy at the end of a record in the middle chunk is wrong (a bit flip in its
    # last bytes): its header, size and payload are intact, so the record is read, and the
    # event says that it was read from damaged bytes.
    data = bytearray(clean)
    damaged = middle["records"][2]
    struct.pack_into("<I", data, damaged["offset"] + damaged["size"] - 4, damaged["size"] ^ 0x00010000)
    fix_chunk_checksums(data, m)
    yield "size-copy-damaged", bytes(data), {"kind": "size-copy", "chunk": m, "exit": 0,
                                             "read_despite_damage_live": [damaged["id"]]}

    # Random bytes from inside record 3 to inside record 5 of the middle chunk: record 3 keeps
    # its header (payload lost), record 4 is gone, record 5 lost its header; record 6 is whole.
    data = bytearray(clean)
    start = middle["record_offsets"][3] + RECORD_HEADER_SIZE + 8
    end = middle["record_offsets"][5] + 16
    data[start:end] = bytes(rng.getrandbits(8) for _ in range(end - start))
    fix_chunk_checksums(data, m)
    # Later records of the chunk that use a template defined in the destroyed bytes (real logs
    # define a template where a record first uses it, nested ones too) lose their payload.
    base = chunk_offset(m)
    users = [r["id"] for r in middle["records"][6:] if uses_bytes(r, base, start, end)]
    yield "garbage-across-records", bytes(data), {
        "kind": "garbage-records", "chunk": m, "exit": 1, "payload_lost_live": [middle["record_ids"][3]] + users,
        "destroyed": middle["record_ids"][4:6]}

    # The template definition the middle chunk's first record writes inline is overwritten with
    # bytes that are no binary XML: every record of the chunk using it keeps only its header.
    first = middle["records"][0]
    definition = first["definition"]
    if definition is not None and chunk_offset(m) + definition == first["offset"] + 38:
        data = bytearray(clean)
        body = chunk_offset(m) + definition + 24
        data[body:body + 16] = b"\xff" * 16
        fix_chunk_checksums(data, m)
        users = [r["id"] for r in middle["records"] if uses_bytes(r, chunk_offset(m), body, body + 16)]
        # The file's structure is intact: only decoding finds the loss (info without --decode: 0).
        yield "template-overwritten", bytes(data), {"kind": "payload-lost", "chunk": m, "exit": 1, "survey_exit": 0,
                                                    "payload_lost_live": users}

    # Slack space as Windows leaves it: the last chunk's header is cut back so that its last
    # records are deleted ones, and the template they use was overwritten by newer records
    # (their definition offset now points into a live record). Losing them never changes the
    # exit code; their headers are returned, flagged.
    keep = len(last["records"]) - 3
    if keep >= 2:
        data = bytearray(clean)
        base = chunk_offset(last["index"])
        kept = last["records"][keep - 1]
        struct.pack_into("<Q", data, base + 16, struct.unpack_from("<Q", data, base + 8)[0] + keep - 1)
        struct.pack_into("<Q", data, base + 32, kept["id"])
        struct.pack_into("<I", data, base + 44, kept["offset"] - base)
        struct.pack_into("<I", data, base + 48, kept["offset"] - base + kept["size"])
        inside_live = last["records"][1]["offset"] - base + 40
        for r in last["records"][keep:]:
            if data[r["offset"] + 24:r["offset"] + 29] == b"\x0f\x01\x01\x00\x0c":
                struct.pack_into("<I", data, r["offset"] + 34, inside_live)
        fix_chunk_checksums(data, last["index"])
        struct.pack_into("<Q", data, 24, kept["id"] + 1)  # the file header's next record id
        fix_file_header_checksum(data)
        yield "slack-template-overwritten", bytes(data), {
            "kind": "slack", "chunk": last["index"], "exit": 0, "not_promised": ids_of(last, keep),
            "payload_lost_recovered": ids_of(last, keep)}


def main():
    args = sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    clean = Path(args[0]).read_bytes()
    out = Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    chunks = describe_chunks(clean)
    used = [c for c in chunks if len(c["records"]) >= 8]
    if len(used) < 3:
        sys.exit("make-damaged: need a clean file with at least 3 chunks of at least 8 records")
    header_chunk_count = struct.unpack_from("<H", clean, 42)[0]
    manifest = {"clean": str(Path(args[0]).resolve()), "chunks": chunks,
                "live_ids": [i for c in chunks for i in c["record_ids"]], "variants": []}
    for name, data, facts in make_variants(clean, chunks, header_chunk_count):
        path = out / f"{name}.evtx"
        path.write_bytes(data)
        facts.setdefault("destroyed", [])
        manifest["variants"].append({"name": name, "file": path.name, "size": len(data), **facts})
    for c in manifest["chunks"]:
        del c["records"]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"make-damaged: wrote {len(manifest['variants'])} files to {out}")


if __name__ == "__main__":
    main()
