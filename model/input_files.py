"""Reading one of the user's input files: the checks every reader shares.

- A folder where a file is expected (``--data assets/``) is an input error, not IsADirectoryError.
- An input that is a symbolic link resolving outside the folder it is in is
  refused before it is read: the project's files are its own, and a link to
  /etc/passwd would otherwise be parsed and its first line quoted back in the
  error message.
- A missing file names the option that chooses it (``--outline``, ``--data``, ``--theme``).
"""
from __future__ import annotations

from pathlib import Path

from model.errors import InputError, Problem, display_path


def outside_link(path: Path) -> Path | None:
    """Where ``path`` really is, when it is a link that leads out of the folder it is in; else None."""
    folder = path.absolute().parent.resolve()
    target = path.resolve()
    return target if path.is_symlink() and not target.is_relative_to(folder) else None


def check_input(path: Path, option: str) -> None:
    name = display_path(path)
    target = outside_link(path)
    if target is not None:
        raise InputError(Problem(name, "", f"the file is a link to {target}, outside the project's folder",
                                 "copy the file into the project instead of linking to it"))
    if path.is_dir():
        raise InputError(Problem(name, "", "this is a folder, not a file", f"give {option} the file itself"))


def read_input(path: Path, option: str) -> bytes:
    """The file's bytes, or an InputError naming the file and what to do."""
    check_input(path, option)
    name = display_path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(name, "", "file not found", f"check the path, or pass another file with {option}")) from None
    except OSError as exc:
        raise InputError(Problem(name, "", f"cannot read the file ({exc.strerror})")) from None
