"""Errors that carry the file (and line) they are about."""

from __future__ import annotations

from pathlib import Path


class SitegenError(Exception):
    """A problem with the user's input or configuration, shown as one line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self):  # from a worker process with its file and line
        return type(self), (self.message, self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"
