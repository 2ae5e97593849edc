"""Dedup's work folder, on a local disk or on an object store.

A local folder (the default: OUT/.curate/dedup) is read and written in place, memory-mapped. On a
cluster whose nodes share no disk the folder is a URL on the run's object store (`s3://...`, a
`Store` made from it and the storage options), and the store holds the truth: a process writes a
file there (one PUT; a folder file by file, `meta.json` last, so its `meta.json` says it is
whole), and reads one from a mirror on its own machine's disk, downloaded on first use and again
when the stored object changed (its ETag), so the phases still memory-map their arrays. Nothing
is shared through the mirror: each process fills its own from the store.

Phase code names every file by its path in the work folder (a local path or a URL) and goes
through the functions below; a URL is resolved to its `Store` by prefix (a `Store` registers
itself where it is made or unpickled: in the driver, and in each task that receives one).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from typing import Any

import numpy as np

_STORES: dict[str, Store] = {}  # url root -> Store, in this process


class Store:
    """A work folder at `url` on an fsspec store, with this machine's mirror of it."""

    def __init__(self, url: str, storage_options: dict[str, Any] | None = None) -> None:
        self.url = url.rstrip("/")
        self.storage_options = dict(storage_options or {})
        self._fs: Any = None
        self._pid = -1
        _STORES[self.url] = self

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "storage_options": self.storage_options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["url"], state["storage_options"])

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @property
    def fs(self) -> Any:
        """The fsspec filesystem, made in this process (its connections are not fork-safe)."""
        if self._fs is None or self._pid != os.getpid():
            import fsspec

            self._fs = fsspec.core.url_to_fs(self.url, **self.storage_options)[0]
            self._pid = os.getpid()
        return self._fs

    @property
    def mirror(self) -> str:
        """This machine's copy of the files it has read (under the user's cache folder)."""
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
        return os.path.join(base, "curate", "mirror-" + hashlib.sha1(self.url.encode()).hexdigest()[:12])

    def key(self, url: str) -> str:
        """The filesystem's own name of `url` (fsspec strips the protocol)."""
        return self.fs._strip_protocol(url)

    def local(self, url: str) -> str:
        return os.path.join(self.mirror, url[len(self.url):].lstrip("/"))

    def tag(self, url: str) -> str:
        self.fs.invalidate_cache()  # another process may have rewritten it
        info = self.fs.info(self.key(url))
        return str(info.get("ETag") or info.get("etag") or (info.get("size"), info.get("LastModified")))


def store_of(path: str) -> Store | None:
    """The `Store` a URL is in; None for a local path."""
    if "://" not in path:
        return None
    for root, store in _STORES.items():
        if path == root or path.startswith(root + "/"):
            return store
    raise ValueError(f"{path}: not in a dedup work folder this process knows (no Store made for it)")


def join(*parts: str) -> str:
    return os.path.join(*parts)  # URLs join as POSIX paths do


def exists(path: str) -> bool:
    store = store_of(path)
    if store is None:
        return os.path.exists(path)
    store.fs.invalidate_cache()
    return store.fs.exists(store.key(path))


def pull(path: str) -> str:
    """A local file with the content of `path`: `path` itself, or this machine's mirror of the
    stored object, downloaded when missing or changed."""
    store = store_of(path)
    if store is None:
        return path
    local, tag = store.local(path), store.tag(path)
    tag_file = f"{local}.etag"
    if os.path.exists(local) and os.path.exists(tag_file):
        with open(tag_file, encoding="utf-8") as f:
            if f.read() == tag:
                return local
    os.makedirs(os.path.dirname(local), exist_ok=True)
    tmp = f"{local}.tmp{os.getpid()}"
    store.fs.get_file(store.key(path), tmp)
    os.replace(tmp, local)  # a reader holding the old file keeps its own copy (its inode)
    with open(tag_file, "w", encoding="utf-8") as f:
        f.write(tag)
    return local


def load(path: str, mmap: bool = False) -> np.ndarray:
    return np.load(pull(path), mmap_mode="r" if mmap else None)


def write_bytes(path: str, data: bytes) -> None:
    """`data` under `path`, whole or not at all (a temporary name then a rename; one PUT)."""
    store = store_of(path)
    if store is not None:
        store.fs.pipe_file(store.key(path), data)
        return
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def save(path: str, arr: np.ndarray) -> None:
    """An .npy file, whole or not at all."""
    store = store_of(path)
    if store is None:
        tmp = f"{path}.tmp{os.getpid()}.npy"
        np.save(tmp, arr)
        os.replace(tmp, path)
        return
    buf = io.BytesIO()
    np.save(buf, arr)
    write_bytes(path, buf.getvalue())


def save_npz(path: str, arrays: dict[str, np.ndarray]) -> None:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    write_bytes(path, buf.getvalue())


def load_npz(path: str) -> dict[str, np.ndarray]:
    with np.load(pull(path)) as z:
        return {k: z[k] for k in z.files}


def read_json(path: str) -> Any:
    with open(pull(path), encoding="utf-8") as f:
        return json.load(f)


def write_json(path: str, obj: Any) -> None:
    write_bytes(path, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def makedirs(path: str) -> None:
    if store_of(path) is None:
        os.makedirs(path, exist_ok=True)


def staging(path: str) -> str:
    """A new, empty local folder in which to build the folder `path` (then `publish`)."""
    if store_of(path) is None:
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        return tmp
    return tempfile.mkdtemp(prefix=f"curate-{os.path.basename(path)}-")


def publish(tmp: str, path: str, last: str = "meta.json") -> None:
    """The folder built in `tmp` replaces `path`: renamed locally; on a store uploaded file by
    file, `last` last (a folder whose `last` is there is whole), then `tmp` removed."""
    remove(path)
    store = store_of(path)
    if store is None:
        os.replace(tmp, path)
        return
    try:
        for name in sorted(os.listdir(tmp), key=lambda n: n == last):
            store.fs.put_file(os.path.join(tmp, name), store.key(join(path, name)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def pull_dir(path: str) -> str:
    """A local folder with the files of the folder `path` (for code that reads a folder's files)."""
    store = store_of(path)
    if store is None:
        return path
    store.fs.invalidate_cache()
    for key in store.fs.ls(store.key(path), detail=False):
        pull(join(path, os.path.basename(key.rstrip("/"))))
    return store.local(path)


def listdir(path: str) -> list[str]:
    """The names in folder `path` (none if it is missing)."""
    store = store_of(path)
    if store is None:
        return os.listdir(path) if os.path.isdir(path) else []
    store.fs.invalidate_cache()
    try:
        return [os.path.basename(k.rstrip("/")) for k in store.fs.ls(store.key(path), detail=False)]
    except FileNotFoundError:
        return []


def isdir(path: str) -> bool:
    store = store_of(path)
    return os.path.isdir(path) if store is None else store.fs.isdir(store.key(path))


def remove(path: str) -> None:
    """A file or a folder, from the store and from this machine's mirror; a missing one is no error."""
    store = store_of(path)
    local = path if store is None else store.local(path)
    if store is not None:
        try:
            store.fs.rm(store.key(path), recursive=True)
        except FileNotFoundError:
            pass
    if os.path.isdir(local):
        shutil.rmtree(local, ignore_errors=True)
    elif os.path.exists(local):
        os.remove(local)


_GAP = 64 << 10  # rows closer than this many bytes are read in one request (with what lies between)


def _headers(store: Store, keys: list[str]) -> list[tuple[tuple[int, ...], np.dtype, int]]:
    """(shape, dtype, data offset) of .npy files on `store`, read in one round of ranged reads."""
    out = []
    for key, head in zip(keys, store.fs.cat_ranges(keys, [0] * len(keys), [4096] * len(keys), on_error="raise")):
        buf = io.BytesIO(head)
        version = np.lib.format.read_magic(buf)
        shape, fortran, dtype = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                 else np.lib.format.read_array_header_2_0)(buf)
        if fortran:
            raise ValueError(f"{key}: a Fortran-ordered array (dedup writes C order)")
        out.append((shape, dtype, buf.tell()))
    return out


def read_slices(requests: list[tuple[str, int | None, int, int]]) -> list[np.ndarray]:
    """For each (path, row, start, end): entries [start, end) of row `row` of a 2-D .npy file (of
    the array itself when `row` is None; to its end when `end` is None). Locally from a memory
    map; on a store two ranged reads a file (its header, then the slice), each round for all
    files at once, so a task reads only its slices, not the files."""
    out: list[np.ndarray | None] = [None] * len(requests)
    by_store: dict[Store, list[int]] = {}
    for i, (path, row, start, end) in enumerate(requests):
        store = store_of(path)
        if store is None:
            arr = np.load(path, mmap_mode="r")
            out[i] = np.array((arr if row is None else arr[row])[start:end])
        else:
            by_store.setdefault(store, []).append(i)
    for store, todo in by_store.items():
        keys = [store.key(requests[i][0]) for i in todo]
        starts, ends, dtypes = [], [], []
        for i, (shape, dtype, offset) in zip(todo, _headers(store, keys)):
            _, row, start, end = requests[i]
            end = shape[-1] if end is None else end
            first = (0 if row is None else row * shape[-1]) + start
            starts.append(offset + first * dtype.itemsize)
            ends.append(offset + (first + max(0, end - start)) * dtype.itemsize)
            dtypes.append(dtype)
        nonempty = [k for k in range(len(todo)) if ends[k] > starts[k]]
        datas = store.fs.cat_ranges([keys[k] for k in nonempty], [starts[k] for k in nonempty],
                                    [ends[k] for k in nonempty], on_error="raise") if nonempty else []
        got = dict(zip(nonempty, datas))
        for k, i in enumerate(todo):
            out[i] = np.frombuffer(got.get(k, b""), dtype=dtypes[k])
    return out  # type: ignore[return-value]


_ROUND_BYTES = 64 << 20  # what one round of ranged reads holds at most (with the gaps between rows)


def _rounds(ranges: list[tuple]) -> Any:
    """`ranges` ((key, start, end, ...)) in consecutive batches of about `_ROUND_BYTES` each."""
    batch, size = [], 0
    for r in ranges:
        if batch and size + r[2] - r[1] > _ROUND_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(r)
        size += r[2] - r[1]
    if batch:
        yield batch


def read_rows(requests: list[tuple[str, np.ndarray]]) -> list[np.ndarray]:
    """For each (path, rows): those rows (first axis) of an .npy file, in the order given. Locally
    from a memory map; on a store one round of header reads, then ranged reads, a range per run
    of nearby rows, for all files at once in rounds of `_ROUND_BYTES` (a task verifying pairs
    across every shard holds its rows, not every shard's file)."""
    out: list[np.ndarray | None] = [None] * len(requests)
    by_store: dict[Store, list[int]] = {}
    for i, (path, rows) in enumerate(requests):
        store = store_of(path)
        if store is None:
            out[i] = np.asarray(np.load(path, mmap_mode="r")[np.asarray(rows, dtype=np.int64)])
        else:
            by_store.setdefault(store, []).append(i)
    for store, todo in by_store.items():
        keys = [store.key(requests[i][0]) for i in todo]
        plans, ranges = [], []  # ranges: (key, start, end, plan, rows, position of its first row)
        for i, key, (shape, dtype, offset) in zip(todo, keys, _headers(store, keys)):
            uniq, inverse = np.unique(np.asarray(requests[i][1], dtype=np.int64), return_inverse=True)
            row_bytes = dtype.itemsize * int(np.prod(shape[1:], dtype=np.int64))
            cut = np.nonzero(np.diff(uniq) * row_bytes > _GAP)[0] + 1
            at = 0
            for g in np.split(uniq, cut) if len(uniq) else []:
                ranges.append((key, offset + int(g[0]) * row_bytes, offset + (int(g[-1]) + 1) * row_bytes,
                               len(plans), g, at))
                at += len(g)
            plans.append((i, np.empty((len(uniq), *shape[1:]), dtype=dtype), inverse))
        for batch in _rounds(ranges):
            datas = store.fs.cat_ranges([r[0] for r in batch], [r[1] for r in batch], [r[2] for r in batch],
                                        on_error="raise")
            for (_, _, _, k, g, at), data in zip(batch, datas):
                vals = plans[k][1]
                vals[at:at + len(g)] = np.frombuffer(data, dtype=vals.dtype).reshape(-1, *vals.shape[1:])[g - g[0]]
        for i, vals, inverse in plans:
            out[i] = vals[inverse]
    return out  # type: ignore[return-value]
