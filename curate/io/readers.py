"""Finding input files and reading WARC / WET records from them as Documents.

Every record read is counted in the file's stats: records that are never candidates
(request, metadata, redirects, images...) are skipped with a reason; damaged ones fail
with a named error and a message naming the file and offset.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fsspec
from fastwarc.stream_io import BrotliReader, ZstdReader
from fastwarc.warc import ArchiveIterator, WarcRecordType

from curate.document import Document
from curate.engine.limits import DEFAULT_LIMITS, Limits
from curate.engine.stats import FileStats

log = logging.getLogger("curate")

CC_BASE_URL = "https://data.commoncrawl.org/"
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.zst", ".wet.zst")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+xhtml"})

_SKIPPED_TYPES = {int(t): str(t) for t in (WarcRecordType.warcinfo, WarcRecordType.request,
                                            WarcRecordType.metadata, WarcRecordType.revisit,
                                            WarcRecordType.resource, WarcRecordType.continuation)}
_RESPONSE, _CONVERSION = WarcRecordType.response, WarcRecordType.conversion
_UNKNOWN = WarcRecordType.unknown
_MARKUP_STARTS = frozenset({b"<", b" ", b"\t", b"\r", b"\n", b"\xef"})  # "\xef": a UTF-8 BOM


def _is_url(spec: str) -> bool:
    return "://" in spec and not spec.startswith("file://")


def _has_glob(spec: str) -> bool:
    return any(c in spec for c in "*?[")


def expand_inputs(specs: list[str], base_url: str = CC_BASE_URL,
                  storage_options: dict[str, Any] | None = None) -> list[str]:
    """Turn files, directories, globs, fsspec URLs and Common Crawl `*.paths.gz` listings
    into an ordered list of input files. A spec that matches nothing is kept as is, so the
    run reports it as unreadable instead of silently doing less."""
    so = storage_options or {}
    out: list[str] = []
    for spec in specs:
        if spec.endswith((".paths.gz", ".paths")):
            with fsspec.open(spec, "rt", compression="infer", **(so if _is_url(spec) else {})) as f:
                out += [base_url.rstrip("/") + "/" + line.strip().lstrip("/") for line in f if line.strip()]
        elif _is_url(spec):
            fs, path = fsspec.core.url_to_fs(spec, **so)
            if _has_glob(path):
                matches = sorted(fs.glob(path))
            elif fs.isdir(path):
                matches = sorted(p for p in fs.find(path) if p.endswith(WARC_SUFFIXES))
            else:
                matches = [path]
            out += [fs.unstrip_protocol(p) for p in matches] or [spec]
        elif os.path.isdir(spec):
            out += sorted(str(p) for p in Path(spec).rglob("*") if p.name.endswith(WARC_SUFFIXES)) or [spec]
        elif _has_glob(spec):
            out += sorted(glob.glob(spec, recursive=True)) or [spec]
        else:
            out.append(spec)
    return list(dict.fromkeys(out))


def _open_records(source: str, storage_options: dict[str, Any] | None) -> tuple[ArchiveIterator, Any, int]:
    """An iterator over all records of `source`, the stream to close, and the size in bytes."""
    if _is_url(source):
        stream = fsspec.open(source, "rb", **(storage_options or {})).open()
        size = getattr(stream, "size", 0) or 0
    else:
        path = source.removeprefix("file://")
        if os.path.isdir(path):
            raise IsADirectoryError(f"{path} is a directory with no WARC files in it")
        stream = open(path, "rb")  # noqa: SIM115  (closed by the caller)
        size = os.fstat(stream.fileno()).st_size
    if size == 0 and not _is_url(source):
        stream.close()
        raise ValueError("empty file")
    return ArchiveIterator(stream, parse_http=False), stream, size


class _ZlibReader:
    """gzip, zlib or raw deflate data as a reader that inflates at most `n` bytes a call."""

    def __init__(self, data: bytes, wbits: int) -> None:
        self._inflate, self._rest = zlib.decompressobj(wbits), data

    def read(self, n: int) -> bytes:
        out = self._inflate.decompress(self._rest, n)
        self._rest = self._inflate.unconsumed_tail
        return out


def _decoder(body: bytes, encoding: str) -> Any:
    """A reader of `body` with its Content-Encoding undone."""
    if encoding in ("gzip", "x-gzip"):
        return _ZlibReader(body, 47)  # gzip, or the zlib framing some servers send under that name
    if encoding == "deflate":  # zlib-wrapped as the RFC says, or the raw deflate many servers send
        zlib_header = len(body) >= 2 and body[0] & 0x0F == 8 and int.from_bytes(body[:2], "big") % 31 == 0
        return _ZlibReader(body, zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
    if encoding == "br":
        return BrotliReader(io.BytesIO(body))
    if encoding == "zstd":
        return ZstdReader(io.BytesIO(body))
    raise ValueError(f"unknown content encoding {encoding!r}")


class _PayloadTooLarge(Exception):
    pass


_PIECE = 1 << 20


def _decode_content_encoding(body: bytes, encoding: str, keep: int, limit: int) -> tuple[bytes, bool]:
    """The first `keep` bytes of `body` decoded, and whether there were more. Decoding goes on in
    pieces (never whole) to count the decoded size, up to `limit` (then _PayloadTooLarge)."""
    reader = _decoder(body, encoding.strip().lower())
    parts: list[bytes] = []
    kept = total = 0
    while piece := reader.read(_PIECE):
        total += len(piece)
        if total > limit:
            raise _PayloadTooLarge(total)
        if kept < keep:
            parts.append(piece[:keep - kept])
            kept += len(parts[-1])
    return b"".join(parts), total > keep


def dechunk(body: bytes) -> bytes:
    """A body in HTTP/1.1 chunked transfer coding, de-chunked. A body cut inside a chunk (Common
    Crawl cuts at 1 MiB) keeps what it has; ValueError if it is not chunked at all."""
    out, pos = [], 0
    while pos < len(body):
        eol = body.find(b"\n", pos)
        size_line = body[pos:eol if eol >= 0 else len(body)].split(b";", 1)[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            if out:  # junk after the last chunk
                break
            raise ValueError(f"not a chunk-size line: {size_line[:20]!r}") from None
        if size == 0 or eol < 0:
            break
        out.append(body[eol + 1:eol + 1 + size])
        pos = eol + 1 + size
        pos += 2 if body.startswith(b"\r\n", pos) else 1 if body.startswith(b"\n", pos) else 0
    return b"".join(out)


def read_records(source: str, stats: FileStats, storage_options: dict[str, Any] | None = None,
                 limits: Limits = DEFAULT_LIMITS,
                 raw_check: Callable[[bytes], bool] | None = None,
                 max_records: int | None = None) -> Iterator[Document]:
    """Yield one Document per HTML response (WARC) or text conversion (WET) in `source`,
    counting every other record as skipped or failed in `stats`, and records past `limits` as
    skipped. `raw_check(body)`, if given, is asked first and a False skips the record silently:
    its caller counts it. Reading stops after `max_records` records, if given."""
    try:
        records, stream, stats.bytes = _open_records(source, storage_options)
    except (OSError, ValueError) as e:
        stats.status, stats.error = "unreadable", f"{type(e).__name__}: {e}"
        log.error("cannot read %s: %s", source, stats.error)
        return
    with stream:
        try:
            yield from _read_resynchronising(records, stream, source, stats, limits, raw_check, max_records)
        except OSError as e:  # the stream itself cannot be read on (not a record's fault)
            stats.status, stats.error = "partial", f"stream unreadable after {stats.read} records: {e}"
            log.warning("%s: %s", source, stats.error)
    if stats.read == 0 and stats.status == "ok":
        stats.status, stats.error = "unreadable", "not a WARC/WET file: no WARC record found"
        log.error("cannot read %s: %s", source, stats.error)


class _BrokenRecord(Exception):
    """A record whose framing cannot be trusted (cut-off or bad header, wrong length): the
    reader has counted it and goes on at the next record boundary after `offset`."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1 << 20
_HEAD_BYTES = 4096
# A WARC record's first lines, up to its WARC-Type or WARC-Record-ID (not just the words "WARC/1." in a page)
_WARC_HEAD = re.compile(rb"WARC/1\.[01]\r?\n(?:[!-~][^\r\n]*\r?\n){0,40}?WARC-(?:Type|Record-ID):", re.IGNORECASE)


def _next_record_start(stream: Any, after: int, gz: bool) -> tuple[int | None, bool]:
    """The offset of the first record boundary past `after` - a gzip member that inflates to
    `WARC/` (Common Crawl writes one member per record), or a WARC/1.0 or 1.1 header in an
    uncompressed file (anywhere: a record cut short runs into the next one) - and whether anything
    that looked like one was seen (False: only padding or garbage)."""
    needle = _GZIP_MAGIC if gz else b"WARC/1."
    pos, seen = after + 1, False
    while True:
        stream.seek(pos)
        chunk = stream.read(_SCAN_CHUNK + _HEAD_BYTES)
        if not chunk:
            return None, seen
        i = chunk.find(needle)
        while 0 <= i < _SCAN_CHUNK:
            seen = True
            if gz:
                try:
                    head = zlib.decompressobj(31).decompress(chunk[i:i + _HEAD_BYTES], 16)
                except zlib.error:
                    head = b""
                if head.startswith(b"WARC/"):
                    return pos + i, True
            elif _WARC_HEAD.match(chunk, i, i + _HEAD_BYTES):
                return pos + i, True
            i = chunk.find(needle, i + 1)
        if len(chunk) <= _SCAN_CHUNK:
            return None, seen
        pos += _SCAN_CHUNK


def _read_resynchronising(records: Any, stream: Any, source: str, stats: FileStats, limits: Limits,
                          raw_check: Callable[[bytes], bool] | None,
                          max_records: int | None = None) -> Iterator[Document]:
    """Records of `stream` as Documents; after a broken record, one failure is counted and reading
    goes on at the next record boundary, so one bad record never costs the rest of the file.
    The normal path is plain fastwarc iteration: the boundary scan runs only after a failure.
    A record's document is handed on once the next record has been read: a record cut short
    reads the next one's bytes as its own, which only the failure after it reveals."""
    stream.seek(0)
    gz = stream.read(2) == b"\x1f\x8b"
    stream.seek(0)
    last = -1  # offset of the last record read whole
    restart = -1  # where reading went on after the last resynchronisation
    malformed = [-1]  # offset of the last record counted as malformed (no per-record cost)
    held: Document | None = None  # the last record's document, not yet handed on

    def settle() -> Iterator[Document]:
        """Hand on the held document after a failure, unless it ran into the next record."""
        nonlocal held
        doc, held = held, None
        if doc is None:
            return
        if _WARC_HEAD.search(doc.raw):
            stats.failed["truncated_record"] += 1
            malformed[0] = doc.offset
            stats.error = f"record {doc.id} at offset {doc.offset} is truncated"
            log.warning("%s: record %s at offset %d is cut short: it runs into the next record",
                        source, doc.id, doc.offset)
        elif raw_check is None or raw_check(doc.raw):
            yield doc

    while True:
        try:
            for rec in records:
                if held is not None:  # the record before this one was whole (settle, inlined: hot path)
                    doc, held = held, None
                    if raw_check is None or raw_check(doc.raw):
                        yield doc
                if max_records is not None and stats.read >= max_records:
                    return
                stats.read += 1
                held = _record_to_document(rec, source, stats, limits, malformed)
                last = rec.stream_pos
            yield from settle()
            # fastwarc ends quietly at some broken headers: go on if a record starts after the last
            suspect = malformed[0] == last >= 0  # the last record read was itself counted
            start, _ = _next_record_start(stream, max(last, restart), gz)
            if start is None:
                return
            broken, counted, error = max(last, restart), True, None
            if not suspect:
                stats.read += 1
                stats.failed["corrupt_stream"] += 1
                log.warning("%s: unreadable record after offset %d; read on at offset %d", source, broken, start)
        except _BrokenRecord as b:  # counted already; the file is read on after it
            yield from settle()
            broken, counted, error, start = b.offset, True, None, None
        except OSError as e:
            yield from settle()
            if stats.read == 0 and last < 0 and restart < 0 and not _next_record_start(stream, 0, gz)[0]:
                stats.status, stats.error = "unreadable", f"not a WARC/WET file ({e})"
                log.error("cannot read %s: %s", source, stats.error)
                return
            error, suspect = e, malformed[0] == last >= 0
            if restart >= 0 and last < restart:  # the record where reading went on is itself broken
                broken, counted = restart, True
            else:
                broken, counted = max(last, 0), suspect
            start = None
        if start is None:
            start, seen = _next_record_start(stream, broken, gz)
            if not counted:
                if start is None and not seen:  # zero padding or junk after the last record: the end
                    log.info("%s: ignored trailing bytes after the record at offset %d", source, last)
                    return
                stats.read += 1
                stats.failed["corrupt_stream"] += 1
                stats.error = f"damaged record after offset {broken}: {error}"
                log.warning("%s: damaged record after offset %d (%s); read on at offset %s",
                            source, broken, error, start)
        if start is None:  # the file ends inside the broken record
            if stats.failed_total:
                stats.status = "partial"
            return
        stream.seek(start)
        records = ArchiveIterator(stream, parse_http=False)
        restart = start


def _record_to_document(rec: Any, source: str, stats: FileStats, limits: Limits,
                        malformed: list[int] | None = None) -> Document | None:
    rtype = rec.record_type
    if rtype == _UNKNOWN:  # no WARC-Type fastwarc could read: the header is broken
        stats.failed["malformed_warc_header"] += 1
        if malformed is not None:
            malformed[0] = rec.stream_pos
        log.warning("%s: record at offset %d has an unreadable WARC header", source, rec.stream_pos)
        return None
    if rtype != _RESPONSE and rtype != _CONVERSION:
        stats.skipped[_SKIPPED_TYPES.get(int(rtype), "warc_other")] += 1
        return None
    rid = rec.record_id or f"{source}@{rec.stream_pos}"
    if rtype == _CONVERSION:  # WET: the text Common Crawl extracted, UTF-8
        if _too_large(rec, source, rid, stats, limits):
            return None
        body = _read_whole(rec, rec.content_length, source, rid, stats)
        if body is None:
            return None
        if body.count(b"\n") >= limits.max_lines:  # before the text is decoded and split
            _skip(stats, "too_many_lines", source, rid, rec, f"more than {limits.max_lines:,} lines")
            return None
        return Document(id=rid, url=rec.headers.get("WARC-Target-URI") or "", source=source,
                        offset=rec.stream_pos, date=rec.headers.get("WARC-Date") or "", raw=body,
                        content_type="text/plain", header_charset="utf-8")
    try:
        rec.parse_http()  # in Rust: ~3x cheaper than splitting the header in Python
    except OSError:
        pass
    http = rec.http_headers
    status = http.status_code if http is not None else None
    if status is None or status < 100:  # no status line, or one cut short by a wrong length
        declared = rec.headers.get("Content-Length")
        if not (declared and declared.isdigit()):  # the WARC header itself was cut off
            _truncated(rec, source, rid, stats, "its WARC header is incomplete")
        else:
            stats.failed["malformed_http"] += 1
            if malformed is not None:
                malformed[0] = rec.stream_pos
            log.warning("%s: record %s at offset %d has no valid HTTP response header",
                        source, rid, rec.stream_pos)
        return None
    if status != 200:
        stats.skipped["http_304" if status == 304 else f"http_{status // 100}xx"] += 1
        return None
    ctype = (rec.http_content_type or "").lower()
    if ctype and ctype not in HTML_TYPES:
        stats.skipped["not_html"] += 1
        return None
    if _too_large(rec, source, rid, stats, limits):
        return None
    body = _read_whole(rec, rec.content_length, source, rid, stats)
    if body is None:
        return None
    cut = False
    # Common Crawl stores bodies de-chunked and decoded; only a body that does not start like
    # markup can still carry a transfer or content coding, so the header lookups are skipped for the rest.
    if body[:1] not in _MARKUP_STARTS:
        body, cut = _undo_codings(body, http, rec, source, rid, stats, limits)
        if body is None:
            return None
    if not ctype and not body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        stats.skipped["not_html"] += 1
        return None
    if len(body) > limits.max_html_bytes:
        body, cut = body[:limits.max_html_bytes], True
    if cut:
        stats.counts["page_cut_to_max_bytes"] += 1
    return Document(id=rid, url=rec.headers.get("WARC-Target-URI") or "", source=source, offset=rec.stream_pos,
                    date=rec.headers.get("WARC-Date") or "", raw=body, content_type=ctype or "text/html",
                    header_charset=rec.http_charset)


def _undo_codings(body: bytes, http: Any, rec: Any, source: str, rid: str, stats: FileStats,
                  limits: Limits) -> tuple[bytes | None, bool]:
    """The body with its chunked transfer coding and its Content-Encoding undone, at most
    max_html_bytes of it, and whether it was cut; None (counted) when it cannot be decoded or
    decodes past max_payload_bytes."""
    if "chunked" in (http.get("Transfer-Encoding") or "").lower():
        try:
            body = dechunk(body)
        except ValueError as e:
            stats.failed["bad_transfer_encoding"] += 1
            log.warning("%s: record %s at offset %d: cannot undo Transfer-Encoding chunked: %s",
                        source, rid, rec.stream_pos, e)
            return None, False
    encoding = http.get("Content-Encoding")
    if not encoding or encoding.strip().lower() in ("identity", "none", ""):
        return body, False
    try:
        return _decode_content_encoding(body, encoding, limits.max_html_bytes, limits.max_payload_bytes)
    except _PayloadTooLarge:
        _skip(stats, "payload_too_large", source, rid, rec,
              f"its Content-Encoding {encoding} decodes past {limits.max_payload_bytes:,} bytes")
    except Exception as e:  # noqa: BLE001  (any codec error means the same: unreadable body)
        stats.failed["bad_content_encoding"] += 1
        log.warning("%s: record %s at offset %d: cannot undo Content-Encoding %s: %s",
                    source, rid, rec.stream_pos, encoding, e)
    return None, False


def _too_large(rec: Any, source: str, rid: str, stats: FileStats, limits: Limits) -> bool:
    """Whether the record's block is past max_record_bytes (counted): it is then never read."""
    if rec.content_length <= limits.max_record_bytes:
        return False
    _skip(stats, "record_too_large", source, rid, rec,
          f"{rec.content_length:,} bytes, more than {limits.max_record_bytes:,}")
    return True


def _skip(stats: FileStats, reason: str, source: str, rid: str, rec: Any, detail: str) -> None:
    stats.skipped[reason] += 1
    log.warning("%s: record %s at offset %d skipped, %s: %s", source, rid, rec.stream_pos, reason, detail)


def _read_whole(rec: Any, expected: int, source: str, rid: str, stats: FileStats) -> bytes | None:
    """The rest of the record's payload, or None (counted) if the file ends before it does."""
    body = rec.reader.read()
    if len(body) < expected:
        _truncated(rec, source, rid, stats, f"{len(body)} of {expected} bytes")
        return None
    return body


def _truncated(rec: Any, source: str, rid: str, stats: FileStats, detail: str) -> None:
    """Count a record cut off or with a broken header, and hand over to resynchronisation."""
    stats.failed["truncated_record"] += 1
    stats.error = f"record {rid} at offset {rec.stream_pos} is truncated or malformed"
    log.warning("%s: record %s at offset %d is truncated or malformed (%s)", source, rid, rec.stream_pos, detail)
    raise _BrokenRecord(rec.stream_pos)
