"""Content-hashed, atomically written on-disk cache.

An entry is a directory ``<root>/<namespace>/<key>/`` holding the payload files and a
``MANIFEST.json`` with the SHA-256 of each file. Entries are built in place (compiled
artefacts such as hls4ml libraries and Verilator models embed their absolute path), and the
manifest is written last with an atomic rename: a directory without a manifest is an
unfinished build and is never used. An entry whose files do not match its manifest is
corrupt: it is removed and rebuilt, never used. Builders of the same key in concurrent
processes (pytest-xdist) are serialised with a file lock, so a key is built once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "MANIFEST.json"


def default_cache_root() -> Path:
    """The cache root: ``$HWVERIFY_CACHE_DIR``, else ``$XDG_CACHE_HOME/hwverify``, else ``~/.cache/hwverify``."""
    explicit = os.environ.get("HWVERIFY_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return (base / "hwverify").resolve()


def content_hash(*parts: Any) -> str:
    """A stable SHA-256 hex digest of JSON-serialisable parts, bytes and numpy arrays."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(_to_bytes(part))
        digest.update(b"\x00")
    return digest.hexdigest()


def _to_bytes(part: Any) -> bytes:
    if isinstance(part, bytes):
        return part
    if hasattr(part, "tobytes") and hasattr(part, "dtype"):  # numpy array, without importing numpy
        header = f"{part.dtype.str}{tuple(part.shape)}".encode()
        return header + part.tobytes(order="C")
    return json.dumps(part, sort_keys=True, default=str).encode()


def file_sha256(path: Path) -> str:
    """SHA-256 of one file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_failed_log(namespace: str, key: str, log: Path | str) -> Path:
    """Keep the log of a build that failed (its cache entry is deleted) under ``<cache>/failed/``; its path.

    ``log`` is a log file, or the log's text."""
    target = default_cache_root() / "failed" / f"{namespace}-{key[:16]}.log"
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(log, Path):
        try:
            shutil.copyfile(log, target)
        except OSError:
            target.write_text("(the tool wrote no log)\n")
    else:
        target.write_text(log)
    return target


def _payload_names(entry: Path) -> list[str]:
    """Every file, symlink or other non-directory in an entry but its manifest, relative to the entry."""
    names = (str(p.relative_to(entry)) for p in sorted(entry.rglob("*")) if p.is_symlink() or not p.is_dir())
    return [name for name in names if name != MANIFEST]


@dataclass(frozen=True)
class CacheEntry:
    """A complete, verified cache entry."""

    path: Path
    key: str
    metadata: dict[str, Any]


class Cache:
    """A namespace of content-addressed entries under a cache root."""

    def __init__(self, namespace: str, root: Path | None = None) -> None:
        self.root = (root or default_cache_root()) / namespace
        self.namespace = namespace

    def entry_dir(self, key: str) -> Path:
        """Where the entry for ``key`` lives (it may not exist)."""
        return self.root / key

    def lookup(self, key: str) -> CacheEntry | None:
        """The verified entry for ``key``, or None if it is missing, unfinished or corrupt.

        Corrupt includes a file the manifest does not list: consumers glob their entry (every ``.v`` of a
        generated design), so a file planted there would be used, unverified."""
        path = self.entry_dir(key)
        try:
            manifest = json.loads((path / MANIFEST).read_text())
            files = manifest["files"]
            if set(_payload_names(path)) != set(files):
                return None
            for name, digest in files.items():
                if file_sha256(path / name) != digest:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return CacheEntry(path=path, key=key, metadata=manifest.get("metadata", {}))

    def get_or_build(
        self, key: str, build: Callable[[Path], dict[str, Any] | None]
    ) -> tuple[CacheEntry, bool]:
        """Return ``(entry, was_built)``; ``build(directory)`` fills an empty directory and may return metadata."""
        entry = self.lookup(key)
        if entry is not None:
            return entry, False
        with self._lock(key):
            entry = self.lookup(key)  # another process may have built it while we waited
            if entry is not None:
                return entry, False
            return self._build(key, build), True

    def _build(self, key: str, build: Callable[[Path], dict[str, Any] | None]) -> CacheEntry:
        path = self.entry_dir(key)
        shutil.rmtree(path, ignore_errors=True)  # unfinished or corrupt; we hold the lock
        path.mkdir(parents=True)
        try:
            metadata = build(path) or {}
            files = {name: file_sha256(path / name) for name in _payload_names(path)}
            manifest = json.dumps({"key": key, "files": files, "metadata": metadata}, indent=1, sort_keys=True)
            write_text_atomic(path / MANIFEST, manifest)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        return CacheEntry(path=path, key=key, metadata=metadata)

    @contextmanager
    def _lock(self, key: str) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / f".{key}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file beside it: a reader sees the old file or the whole
    new one, never half of it. Returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
