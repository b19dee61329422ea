"""Writing an output file whole or not at all: the one writer of every command that writes a file
(`dump -o`, `schema -o`, `export -o` and the rejects file of `import --skip-invalid`).

- A regular file, or a new one, is written to a temporary file made by `tempfile.mkstemp` beside it
  (O_EXCL, so a link planted under a guessable name is never followed) and renamed over it: a
  failure or Ctrl-C leaves the old file as it was and no temporary file behind.
- An existing file keeps its permission bits (a private calendar stays private); a new one gets the
  usual 0666 less the umask, as `open()` would give it.
- A FIFO, a character device (/dev/null, /dev/stdout) or a socket is written in place, never
  replaced by a regular file.
- A folder is an error, and nothing is created.
- A symlink named by the user is kept and the file it points at is replaced; a name agenda made up
  itself (`follow_links=False`) replaces a link found there rather than writing where it points.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from agenda.core.errors import AgendaError, OutputError


@contextlib.contextmanager
def open_output(
    path: str | Path,
    *,
    error: type[AgendaError] = OutputError,
    what: str = "",
    follow_links: bool = True,
) -> Iterator[IO[bytes]]:
    """A binary stream whose bytes become the file at `path` when the block ends without error.

    `error` is the AgendaError raised for an OSError (its message: "PATH: cannot write[ WHAT]
    (reason)"). See the module docstring for what each kind of target gets.
    """
    path = Path(path)
    suffix = f" {what}" if what else ""

    def fail(exc: OSError) -> AgendaError:
        return error(f"{path}: cannot write{suffix} ({exc.strerror or exc})")

    try:
        info = path.stat() if follow_links else path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise fail(exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise error(f"{path}: is a folder; name a file to write{suffix}")
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode):
        # a FIFO, /dev/null, /dev/stdout: written in place, never replaced by a regular file
        flags = os.O_WRONLY | (0 if follow_links else os.O_NOFOLLOW)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            raise fail(exc) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
        except OSError as exc:
            raise fail(exc) from None
        return

    if follow_links and path.is_symlink():
        path = path.resolve()  # replace the file, keep the link
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise fail(exc) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        mode = (
            stat.S_IMODE(info.st_mode) if info is not None and stat.S_ISREG(info.st_mode) else None
        )
        os.chmod(tmp, _new_file_mode() if mode is None else mode)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise fail(exc) from None
    except BaseException:  # Ctrl-C, an error of the caller: no temporary file is left behind
        tmp.unlink(missing_ok=True)
        raise


def write_output(
    path: str | Path,
    data: bytes,
    *,
    error: type[AgendaError] = OutputError,
    what: str = "",
    follow_links: bool = True,
) -> None:
    """`data` as the file at `path`, whole or not at all (options as for `open_output`)."""
    with open_output(path, error=error, what=what, follow_links=follow_links) as fh:
        fh.write(data)


def _new_file_mode() -> int:
    """0666 less the umask: what `open()` gives a new file (mkstemp makes it 0600)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no other way to read it; set back at once
    os.umask(mask)
    return 0o666 & ~mask
