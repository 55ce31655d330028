"""The PowerPoint deck builder: ``build_deck(briefing, template=None) -> Rendered``;
``check_deck`` lays the deck out and checks its fit without saving (``--check``).
``build``, ``warm_up``, ``forget_caches``, ``check_options`` and ``check`` are the builder interface
(app/builders.py).  Importing this package is cheap (the scheduler asks it for
``check_options`` before forking); python-pptx, lxml and Pillow load with the deck code."""
from pathlib import Path

from infra.rendered import Rendered
from model.briefing import Briefing, Theme
from model.options import BuildOptions

__all__ = ["build", "build_deck", "check", "check_deck", "check_options", "forget_caches", "warm_up"]


def build_deck(briefing: Briefing, *, template: Path | None = None, mode: str | None = None,
               cache_dir: Path | None = None) -> Rendered:
    """The deck as .pptx bytes, with where each figure appears (:func:`slides.deck.build_deck`)."""
    from .deck import build_deck as build_it

    return build_it(briefing, template=template, mode=mode, cache_dir=cache_dir)


def check_deck(briefing: Briefing, *, template: Path | None = None) -> None:
    """Raise the InputError the deck build would raise (a text that does not fit, a bad template)."""
    from .deck import laid_out

    laid_out(briefing, template)


def build(briefing: Briefing, options: BuildOptions, cache_dir: Path) -> Rendered:
    return build_deck(briefing, template=options.template, mode=options.deck, cache_dir=cache_dir)


def check(briefing: Briefing, options: BuildOptions) -> str:
    """``--check``: the deck laid out with the chosen template, its fit checked (:func:`check_deck`)."""
    check_deck(briefing, template=options.template)
    return f"the deck fits{' the template ' + str(options.template) if options.template else ''}"


def check_options(options: BuildOptions) -> None:
    """A bad --template is reported before the PDF is rendered."""
    if options.template:
        from .template import check_template

        check_template(options.template)


def forget_caches(cache_dir: Path) -> None:
    """``--force``: the embedded font subsets are cut again."""
    import shutil

    shutil.rmtree(Path(cache_dir) / "deck-fonts", ignore_errors=True)


def warm_up(theme: Theme | None = None) -> None:
    """Load python-pptx, lxml and Pillow with the deck code."""
    from . import deck  # noqa: F401
