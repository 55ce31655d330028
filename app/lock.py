"""One build at a time per output folder.

Two builds writing the same outputs would each be atomic, but their manifests
and change reports would interleave.  A second build waits for the first (and
says so) rather than failing, so both end with valid outputs.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from model.errors import InputError, Problem, display_path

WAIT_SECONDS = 120.0


@contextmanager
def build_lock(folder: Path, say: Callable[[str], None]) -> Iterator[None]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".lock", "a+")  # noqa: SIM115 - closed by the `with handle:` below; opened here to name the folder on failure
    except OSError as exc:
        raise unwritable(folder, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another build is writing to {display_path(folder)}; waiting for it to finish…")
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise InputError(Problem(display_path(folder), "", "another build has been running for over two minutes",
                                                 "wait for it, or stop it, then run again")) from None
                    time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def unwritable(folder: Path, exc: OSError) -> InputError:
    return InputError(Problem(display_path(folder), "", f"cannot write to the output folder ({exc.strerror})",
                              "choose another folder with --out, or make this one writable"))
