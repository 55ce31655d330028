"""Run the builders (app/builders.py), using both cores when more than one output is stale.

Drawing the charts and building the deck need neither WeasyPrint nor each
other's results, and the PDF only needs the chart files on disk.  So a forked
child runs the first stale builder's prepare step (the PDF's charts; it says
when they are written), then builds the other outputs (the deck), while this
process warms that builder up (loads WeasyPrint) and builds it as soon as the
prepared files are there; a thread here reads the child's messages meanwhile, so
each of its steps is reported when it ends.  Fork shares the model without pickling it.  With one
output stale, or without ``os.fork``, or no builder with a prepare step, the
builders run one after the other.

A one-off build forks that child earlier, before the model is loaded (:func:`early_child`): it imports
the prepare step's libraries (matplotlib, ~0.4 s) while this process loads the model, which it is then
sent (pickled, ~1 ms).
"""
from __future__ import annotations

import copyreg
import gc
import io
import os
import pickle
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import MappingProxyType

from app import builders
from app.builders import Builder
from infra.rendered import Rendered
from model.briefing import Briefing
from model.errors import InputError
from model.options import BuildOptions

PREPARED, STEP, RESULT = b"C", b"S", b"R"     # the child's messages (_child)


def _timed(builder: Builder, briefing: Briefing, options: BuildOptions, out: Path) -> tuple[Rendered, list[str]]:
    started = time.perf_counter()
    rendered = builder.module.build(briefing, options, out / ".cache")
    return rendered, [*rendered.steps, f"{builder.name} {time.perf_counter() - started:.2f}s"]


_loaded_frozen = False


def freeze_loaded() -> None:
    """``--watch``, once every builder is loaded: freeze what is there (WeasyPrint, matplotlib,
    python-pptx, fonts: ~150,000 objects that live as long as the process), so the collection after
    each rebuild (app.watch) walks only what builds made: it took 0.26–0.44 s, during which a save waits
    (it is only noticed after it), and takes 0.10–0.22 s.  The frozen objects are never collected; if
    the start was a build, that includes its kept pages, replaced later, so at most one build's garbage
    is held (measured: no growth in RSS).  :func:`fewer_collections` then leaves the freeze alone
    without counting it (counting walks every frozen object: ~13 ms)."""
    global _loaded_frozen
    gc.collect()
    gc.freeze()
    _loaded_frozen = True


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Keep CPython's cycle collector from rescanning the long-lived heap while rendering.

    WeasyPrint and python-pptx allocate millions of short-lived objects, so the
    collector runs thousands of times per build, and each full pass walks every
    object already loaded (fonts, WeasyPrint, matplotlib, the model) — more of
    them in a warm ``--watch`` process.  Freezing what exists and collecting less
    often made a warm rebuild ~14% faster (4.34 → 3.75 s, medians of 6 alternated
    on a loaded host); a forked child inherits both.  The garbage left for later is
    collected by ``--watch`` while it waits (a one-off build just exits)."""
    ours = not _loaded_frozen and gc.get_freeze_count() == 0   # a caller's own freeze is left alone
    if ours:
        gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(20_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


def _split(kinds: list[str]) -> tuple[Builder | None, list[Builder]]:
    """The builder this process builds after another process prepared it, and the others (that
    process builds them); ``None``: one after the other, here."""
    stale = [builders.BY_NAME[kind] for kind in kinds]
    first = stale[0] if stale and stale[0].prepare_step else None
    return (first, stale[1:]) if first and len(stale) > 1 and hasattr(os, "fork") else (None, stale)


def render_outputs(kinds: list[str], briefing: Briefing, options: BuildOptions,
                   out: Path, progress=None, early: _EarlyChild | None = None) -> dict[str, tuple[Rendered, list[str]]]:
    """builder name → (rendered output, its timing lines).  ``progress`` (app.progress) hears of each
    step as it starts and ends.  ``--force`` empties every cache first.  ``early``: the child
    :func:`early_child` forked for these ``kinds``, waiting for the model."""
    stale = [builders.BY_NAME[kind] for kind in kinds]
    if options.force:
        for builder in builders.BUILDERS:
            builder.module.forget_caches(out / ".cache")
    progress = progress or _Silent()
    with fewer_collections():
        first, others = _split(kinds)
        if first:
            return _in_parallel(first, others, briefing, options, out, progress, early)
        results = {}
        for builder in stale:
            progress.start(*builder.steps)
            results[builder.name] = _timed(builder, briefing, options, out)
            for line in results[builder.name][1]:
                progress.done(line)
        return results


class _Silent:
    def start(self, *steps: str) -> None:
        pass

    def done(self, line: str) -> None:
        pass


def _child(first: Builder, others: list[Builder], briefing: Briefing, options: BuildOptions, out: Path, pipe: int) -> None:
    """``first``'s prepare step, then ``others``; tells the parent each step as it ends: ``C<line>\n``
    once the prepared files are on disk, ``S<line>\n`` per output built, then ``R`` and the pickled
    results up to the end of the pipe."""
    def send(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view):]
    try:
        prepared = first.module.prepare(briefing, out / ".cache")
        send(PREPARED + prepared.encode() + b"\n")
        results = {}
        for b in others:
            results[b.name] = _timed(b, briefing, options, out)
            send(STEP + results[b.name][1][-1].encode() + b"\n")
        rendered, lines = results[others[0].name]
        results[others[0].name] = (rendered, [prepared, *lines])       # the child's own steps go with its first output
        payload: tuple[str, object] = ("ok", results)
    except BaseException as exc:
        payload = ("error", exc if isinstance(exc, InputError) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    send(RESULT + pickle.dumps(payload))


class _Listener(threading.Thread):
    """Reads the child's messages while this process renders: each of its steps is reported when it
    ends (not when the PDF is done), and its results are taken in as they come, so the child is not
    left blocked on a full pipe until the PDF is written."""

    def __init__(self, fd: int, progress) -> None:
        super().__init__(name="render-child", daemon=True)
        self.pipe = os.fdopen(fd, "rb")
        self.progress = progress
        self.prepared = threading.Event()            # set when the prepared files are there, or the child ended
        self.payload = b""

    def run(self) -> None:
        try:
            while kind := self.pipe.read(1):
                if kind == RESULT:
                    self.payload = self.pipe.read()
                    break
                line = self.pipe.readline().decode().strip()
                self.progress.done(line)
                if kind == PREPARED:
                    self.prepared.set()
        finally:
            self.prepared.set()
            self.pipe.close()


class _Serialised:
    """The progress reporter, called from this thread and the listener's one at a time."""

    def __init__(self, progress) -> None:
        self.progress, self.lock = progress, threading.Lock()

    def start(self, *steps: str) -> None:
        with self.lock:
            self.progress.start(*steps)

    def done(self, line: str) -> None:
        with self.lock:
            self.progress.done(line)


def _proxy(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def _pickled(briefing: Briefing) -> bytes:
    """The model for the early child: pickle, taught the read-only mappings the model holds."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table | {MappingProxyType: lambda m: (_proxy, (dict(m),))}
    pickler.dump(briefing)
    return buffer.getvalue()


class _EarlyChild:
    """A child forked before the model is loaded (:func:`early_child`): it imports the prepare step's
    libraries, then reads the pickled model to the end of its pipe and runs :func:`_child` with it; an
    empty pipe (the load failed) ends it."""

    def __init__(self, first: Builder, others: list[Builder], options: BuildOptions, out: Path) -> None:
        model_read, self.model_write = os.pipe()
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.model_write)
            os.close(self.read_end)
            try:
                self._run(first, others, options, out, model_read, write_end)
            finally:
                os._exit(0)
        os.close(model_read)
        os.close(write_end)

    @staticmethod
    def _run(first: Builder, others: list[Builder], options: BuildOptions, out: Path, model_read: int,
             write_end: int) -> None:
        received: list[bytes] = []
        with os.fdopen(model_read, "rb") as pipe:
            reader = threading.Thread(target=lambda: received.append(pipe.read()))   # the parent never blocks on a full pipe
            reader.start()
            if preload := getattr(first.module, "preload", None):
                preload()
            reader.join()
        if received and received[0]:
            with fewer_collections():
                _child(first, others, pickle.loads(received[0]), options, out, write_end)

    def send(self, briefing: Briefing) -> tuple[int, int]:
        """Hand the model over; returns the child's pid and the pipe it reports on."""
        with os.fdopen(self.model_write, "wb") as pipe:
            self.model_write = -1
            with suppress(BrokenPipeError):      # the child died: its listener reports it had no result
                pipe.write(_pickled(briefing))
        return self.pid, self.read_end

    def discard(self) -> None:
        """The model was never sent (its load failed): end the child, which has touched nothing yet."""
        if self.model_write < 0:
            return
        os.close(self.model_write)
        os.close(self.read_end)
        self.model_write = -1
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


@contextmanager
def early_child(kinds: list[str], options: BuildOptions, out: Path) -> Iterator[_EarlyChild | None]:
    """A one-off build of more than one output: the child of :func:`_in_parallel`, forked now, before
    the model is loaded, to be given to :func:`render_outputs`; it is ended if that never happens.
    (``--watch`` has the libraries loaded already: its child is forked when it renders.)"""
    first, others = _split(kinds)
    child = _EarlyChild(first, others, options, out) if first and not options.watch else None
    try:
        yield child
    finally:
        if child:
            child.discard()


def _in_parallel(first: Builder, others: list[Builder], briefing: Briefing, options: BuildOptions, out: Path,
                 progress, early: _EarlyChild | None = None) -> dict[str, tuple[Rendered, list[str]]]:
    """``first`` here, ``others`` in a forked child (``early``, or one forked now), which first runs
    ``first``'s prepare step while this process loads ``first``'s libraries.  (In a warm ``--watch``
    process there is nothing to load; drawing the charts here instead, beside the child's deck, was
    tried: no faster — 83–178 ms against 100–124 ms in the child on the shared 2-core host — as the two
    then compete for the cores.)"""
    progress = _Serialised(progress)
    progress.start(first.prepare_step, *(b.name for b in others))
    if early:
        pid, read_end = early.send(briefing)
    else:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _child(first, others, briefing, options, out, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
    listener = _Listener(read_end, progress)
    listener.start()
    try:
        first.module.warm_up()
        listener.prepared.wait()                   # the prepared files are on disk (or the child failed)
        progress.start(first.name)
        rendered, first_steps = _timed(first, briefing, options, out)
        progress.done(first_steps[-1])
    finally:
        listener.join()
        os.waitpid(pid, 0)
    if not listener.payload:
        raise RuntimeError(f"the process building {', '.join(b.name for b in others)} ended without a result")
    status, results = pickle.loads(listener.payload)
    if status == "error":
        raise results
    first_steps = [s for s in first_steps if not s.startswith(first.prepare_step + " ")]   # the child prepared
    return {first.name: (rendered, first_steps), **results}
