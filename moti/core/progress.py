"""A progress bar on one line, for the commands that take minutes (the seed, the PTV import)."""

from typing import IO

from django.core.management.base import OutputWrapper

WIDTH = 30


def progress(label: str, done: int, total: int, out: IO[str] | OutputWrapper | None) -> None:
    if out is None:
        return
    filled = WIDTH * done // max(total, 1)
    text = f"\r  {label:<22} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
    text += "\n" if done >= total else ""
    if isinstance(out, OutputWrapper):
        out.write(text, ending="")  # the wrapper would end each redraw with a new line
    else:
        out.write(text)
    out.flush()
