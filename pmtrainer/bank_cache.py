"""A cache of parsed bank files, so an unchanged bank loads without parsing YAML again.

Even libyaml spends most of a large bank's load building Python objects; marshal reads the
same data many times faster. An entry is valid while its file's inode, size and mtime match
(edits through `bank_edit` replace the file, so they always change the inode).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

from pmtrainer.paths import cache_dir

VERSION = 2  # bump when what a file parses to changes (e.g. a different YAML loader)


class ParseCache:
    """Parsed data of one bank folder's files, read once per load and written back if it changed."""

    def __init__(self, root: Path):
        digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
        self.file = cache_dir() / f"bank-{digest}.marshal"
        self.dirty = False
        try:
            version, self.entries = marshal.loads(self.file.read_bytes())
            if version != VERSION:
                self.entries = {}
        except (OSError, ValueError, EOFError, TypeError):
            self.entries = {}

    @staticmethod
    def key(path: Path) -> tuple[int, int, int]:
        stat = path.stat()
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def get(self, path: Path, key: tuple) -> tuple[bool, object]:
        entry = self.entries.get(path.name)
        if entry is not None and tuple(entry[0]) == key:
            return True, entry[1]
        return False, None

    def put(self, path: Path, key: tuple, data: object) -> None:
        try:
            marshal.dumps(data)
        except ValueError:  # e.g. a date YAML parsed for us: not worth caching
            return
        self.entries[path.name] = (key, data)
        self.dirty = True

    def save(self, names: set[str]) -> None:
        """Write the cache (dropping files that are gone); a cache that cannot be written is skipped."""
        stale = set(self.entries) - names
        if not self.dirty and not stale:
            return
        for name in stale:
            del self.entries[name]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".bank-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps((VERSION, self.entries)))
            os.replace(tmp, self.file)
        except OSError:
            pass
