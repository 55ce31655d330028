"""Live progress while a build runs: one line per step as it finishes.

A full build takes 5–10 s on a 2-core laptop; printing nothing until the end
looks like a hang.  Each step (load, charts, pdf, pptx) prints its line the
moment it is done.  On a terminal a status line below them says what is still
running ("… pdf, pptx 2.1s") and is rewritten in place; when the output is a
file or a pipe only the plain step lines are written, so logs stay clean.  The
one-line summary at the end is printed by the pipeline as before.
"""
from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self.running: list[str] = []
        self.status_shown = False

    def start(self, *steps: str) -> None:
        self.running.extend(s for s in steps if s not in self.running)
        self._clear()
        self._status()

    def done(self, line: str) -> None:
        """``line``: the step's timing line, e.g. "charts 0.31s (9 cached)"; its first word names the step."""
        step = line.split(" ", 1)[0]
        if step in self.running:
            self.running.remove(step)
        self._clear()
        self.stream.write(f"  ✓ {line}\n" if self.tty else f"  {line}\n")
        self._status()

    def close(self) -> None:
        self.running.clear()
        self._clear()

    def _status(self) -> None:
        if self.tty and self.running:
            self.stream.write(f"  … {', '.join(self.running)} {time.perf_counter() - self.started:.1f}s")
            self.status_shown = True
        self.stream.flush()

    def _clear(self) -> None:
        if self.status_shown:
            self.stream.write("\r\x1b[K")
            self.status_shown = False
