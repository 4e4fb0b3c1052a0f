"""Bytes to disk, atomically: a complete old file or a complete new one, never half."""

from __future__ import annotations

import contextlib
import os
import stat


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` through a synced temporary file in the same folder.

    The target keeps its permission bits; a new file gets the usual ones
    (0o666 less the umask). If anything fails, the old file is untouched and
    the temporary file is gone.
    """
    target = os.path.realpath(path)  # through a symbolic link, replace the file it points to
    folder = os.path.dirname(os.path.abspath(target))
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    import tempfile  # here, not with the package: it imports random, hashlib and shutil, which loading needs not

    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    except OSError as error:  # no such folder, or no right to write there: name the file asked for
        error.filename = os.fspath(path)
        raise
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: str) -> None:
    # Make the rename itself durable; not every platform can open a folder.
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
