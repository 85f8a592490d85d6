"""Threadscope's errors: one family, so a caller can catch everything Threadscope means to say.

Every error Threadscope raises on purpose derives from :class:`ThreadscopeError`, and ``str(err)``
is one line a user can act on (the file or value, and what was expected). The kinds keep the
built-in base they had, so ``except ValueError`` around :func:`analytics.validate` still works.

- :class:`LoadError`: an input file or folder that cannot be read (``analytics.LoadError``).
- :class:`ContractError`: frames that break the data contract (``analytics.ContractError``).
- :class:`ExportError`: a chart that cannot be drawn as an image (``analytics.output.bundle``).
- :class:`CorruptCorpus`: a corpus directory (or cache entry) that cannot be trusted
  (``analytics.store.corpus_store``).

This module is at the bottom of the stack: it imports nothing from ``analytics``.
"""

from __future__ import annotations

__all__ = ["ThreadscopeError", "LoadError", "ContractError", "ExportError", "CorruptCorpus"]


class ThreadscopeError(Exception):
    """Anything Threadscope reports as a one-line message rather than a bug: the CLI prints it
    as ``error: <message>`` and exits with status 2."""


class LoadError(ThreadscopeError):
    """An input Threadscope cannot read. ``str(err)`` is one line naming the file and what was expected."""

    def __init__(self, source: str, expected: str):
        self.source = source
        self.expected = expected
        # One line even when a file name or a quoted piece of the input holds a line break.
        one_line = f"{source}: {expected}".replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(one_line)

    def __reduce__(self):  # pickled across Dask workers with both arguments
        return type(self), (self.source, self.expected)


class ContractError(ThreadscopeError, ValueError):
    """A frame does not have the contract's columns or types."""


class ExportError(ThreadscopeError, RuntimeError):
    """A chart could not be drawn as an image; ``str(err)`` says why in one line."""


class CorruptCorpus(ThreadscopeError, ValueError):
    """A corpus directory that cannot be trusted: a file missing, truncated, altered, or of
    another format version. ``str(err)`` names the directory and what is wrong."""
