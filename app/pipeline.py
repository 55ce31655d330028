"""load → model → builders → atomic write, rebuilding only what changed.

Each output has a key: a hash of the inputs, the bundled assets, the code
that renders it and the options that shape it.  The manifest in
``<out>/.cache/manifest.json`` remembers the key, the file it produced and the
figures it showed, so an unchanged project answers "up to date" without
loading anything, and a changed one can report which figures moved.
"""
from __future__ import annotations

import json
import os
import time
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

from app import builders
from app import fingerprint as fp
from app.lock import build_lock
from model.errors import InputError, Problem, display_path
from model.options import BuildOptions


class Plan(namedtuple("Plan", "out wanted keys")):
    """out: Path; wanted: the builders' names asked for (app.builders); keys: output → its cache key.
    (``collections.namedtuple``: see model.inputs.)"""
    __slots__ = ()


def _option_digest(value: object) -> str:
    return fp.file_digest(value) if isinstance(value, Path) else str(value)


def plan(options: BuildOptions, inputs) -> Plan:
    """Cheap: hashes only, no parsing."""
    shared = [fp.file_digest(p) for p in inputs.files]
    shared += [fp.folder_digest(inputs.theme.parent, skip=(*inputs.files, options.out)), fp.folder_digest(fp.ROOT / "assets" / "fonts"),
               os.environ.get("SOURCE_DATE_EPOCH", ""), fp.code_digest(*fp.SHARED_CODE)]
    wanted = (options.only,) if options.only else builders.NAMES

    def key(b) -> str:
        own = [fp.code_digest(*fp.SHARED_CODE, b.package), *(_option_digest(getattr(options, name)) for name in b.options)]
        return fp.digest(*shared, *own)

    return Plan(options.out, wanted, {k: key(builders.BY_NAME[k]) for k in wanted})


def _well_formed(data: object) -> bool:
    """The shape this version writes: {"outputs": {kind: {"key": str, "stat": [int, int], "where": {id: [str]}}},
    "figures": {…}}; anything else (a list, a string key where a dict was) is treated as no manifest."""
    if not isinstance(data, dict) or not isinstance(data.get("outputs", {}), dict) or not isinstance(data.get("figures", {}), dict):
        return False
    for entry in data.get("outputs", {}).values():
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("stat"), list)
                and isinstance(entry.get("where", {}), dict)
                and all(isinstance(v, list) for v in entry.get("where", {}).values())):
            return False
    return all(isinstance(v, dict) for v in data.get("figures", {}).values())


class Manifest:
    """The cache's index.  It is stored with a hash of its own content: a manifest that does not
    parse, has another shape, or whose hash no longer matches (a damaged or hand-edited cache)
    counts as absent — the next build is a full one and nothing in it is believed."""

    def __init__(self, out: Path):
        self.path = out / ".cache" / "manifest.json"
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = None
        data = stored.get("data") if isinstance(stored, dict) else None
        if not isinstance(data, dict) or stored.get("sha256") != self._digest(data) or not _well_formed(data):
            data = {}                              # another version's or a damaged manifest: as if absent
        self.data = data
        self.outputs: dict = self.data.setdefault("outputs", {})

    @staticmethod
    def _digest(data: object) -> str:
        import hashlib

        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()

    def fresh(self, kind: str, key: str, out: Path) -> bool:
        entry = self.outputs.get(kind)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        try:
            st = (out / builders.BY_NAME[kind].output).stat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns] == entry.get("stat")

    def record(self, kind: str, key: str, out: Path, where: dict) -> None:
        st = (out / builders.BY_NAME[kind].output).stat()
        self.outputs[kind] = {"key": key, "stat": [st.st_size, st.st_mtime_ns], "where": where}

    def where(self) -> dict[str, list[str]]:
        merged: dict[str, list[str]] = {}
        for kind in builders.NAMES:
            for fid, places in self.outputs.get(kind, {}).get("where", {}).items():
                merged.setdefault(fid, []).extend(places)
        return merged

    def save(self) -> None:
        from infra.atomic import write_atomic

        stored = {"sha256": self._digest(self.data), "data": self.data}
        write_atomic(self.path, json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True).encode())


def _clean_temp_files(out: Path) -> None:
    """A build killed mid-write leaves its temp file (an output, or a chart, font subset or manifest
    in the cache); the files themselves are intact.  Runs under the build lock: no other writer."""
    for stale in [*out.glob(".briefing.*.tmp"), *(out / ".cache").rglob(".*.tmp")]:
        stale.unlink(missing_ok=True)


def _refuse_output_among_inputs(out: Path, inputs) -> None:
    """The outputs written beside the inputs (``--out assets``): the theme's folder is fingerprinted as a
    whole except the output folder, so the fonts beside the theme would no longer count, and the outputs
    could be taken for inputs.  (A folder *inside* it, ``assets/out``, is skipped by the fingerprint and
    stays up to date: tests/app/test_pipeline.py.)"""
    where = out.resolve()
    for folder in sorted({p.absolute().parent.resolve() for p in inputs.files}):
        if where == folder:
            raise InputError(Problem(display_path(out), "--out", f"the output folder is the input folder {display_path(folder)}",
                                     "choose a folder of its own, e.g. --out build (the default)"))


def _where_labels(kind: str, where) -> dict[str, list[str]]:
    prefix = builders.BY_NAME[kind].label
    return {fid: [prefix + p for p in places] for fid, places in where.items()}


def build(options: BuildOptions, inputs, say: Callable[[str], None], warn: Callable[[str], None] | None = None,
          progress=None) -> list:
    """Build what is stale; returns the figure changes (empty when none or first build).

    ``warn``: for warnings (both data files present and different, an unchanged edition);
    defaults to ``say``.  ``progress``: prints each step's line as it finishes."""
    warn = warn or say
    out: Path = options.out
    _refuse_output_among_inputs(out, inputs)
    with build_lock(out / ".cache", say):
        _clean_temp_files(out)
        the_plan = plan(options, inputs)
        manifest = Manifest(out)
        stale = [k for k in the_plan.wanted if options.force or not manifest.fresh(k, the_plan.keys[k], out)]
        if not stale:
            say(f"up to date ({', '.join(display_path(out / builders.BY_NAME[k].output) for k in the_plan.wanted)})")
            return []
        from app.render import early_child, render_outputs

        with early_child(stale, options, out) as early:  # it imports the chart libraries while the model loads
            from app.setup_check import require

            require()
            from app.changes import compare, edition_warning, last_build, report, snapshot
            from infra.atomic import WriteFailed, write_atomic, write_together
            from model.inputs import both_files_warning
            from model.loader import load

            steps = []
            started = time.perf_counter()
            if progress:
                progress.start("load")
            before = last_build(manifest.data.get("figures"))
            briefing = load(inputs, last_build=before)
            for kind in stale:                          # a bad --template is reported before the PDF is rendered
                if check_options := getattr(builders.BY_NAME[kind].module, "check_options", None):
                    check_options(options)
            steps.append(f"load {time.perf_counter() - started:.2f}s")
            if progress:
                progress.done(steps[-1])
            # Render everything first: an error in the deck (a bad template) must not
            # leave a new PDF beside the old deck.
            rendered = render_outputs(stale, briefing, options, out, progress, early)
        for kind in stale:
            steps.extend(rendered[kind][1])
        prepared = tuple(b.prepare_step + " " for b in builders.BUILDERS if b.prepare_step)
        steps.sort(key=lambda step: (not step.startswith("load "), not step.startswith(prepared)))   # load · charts · pdf · pptx
        try:                                            # both outputs move into place, or neither
            write_together({out / builders.BY_NAME[kind].output: rendered[kind][0].data for kind in stale})
        except WriteFailed as exc:
            raise InputError(Problem(display_path(exc.path), "", f"cannot write this file ({exc.error.strerror or exc.error})",
                                     "close it if another program has it open, or make it writable, or choose another "
                                     "folder with --out; neither output was replaced")) from None
        for kind in stale:
            manifest.record(kind, the_plan.keys[kind], out, _where_labels(kind, rendered[kind][0].where))
        after = snapshot(briefing)
        changes = compare(before, after, manifest.where()) if before else None
        edition = briefing.document.edition.isoformat()
        warning = edition_warning(changes or [], edition, manifest.data.get("edition"), display_path(inputs.outline))
        manifest.data["figures"] = after
        manifest.data["edition"] = edition
        write_atomic(out / "changes.md", report(changes, briefing, edition_unchanged=bool(warning)).encode())
        manifest.save()
        if progress:
            progress.close()
        say(" · ".join(steps) + f" · {inputs.describe()}")
        for change in changes or []:
            say("  changed: " + change.line())
        if changes:
            say(f"  (listed in {display_path(out / 'changes.md')})")
        for message in (warning, both_files_warning(inputs)):
            if message:
                warn(message)
        return changes or []
