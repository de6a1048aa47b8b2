"""Reading the user's text files: UTF-8 (a BOM allowed), errors naming the file and line."""

from __future__ import annotations

from pathlib import Path

from .errors import SitegenError


def read_utf8(path: Path) -> str:
    """The text of ``path``; invalid UTF-8 is an error naming the line of the first bad byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SitegenError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line) from None
