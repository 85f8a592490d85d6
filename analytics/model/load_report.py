"""The load report: what every loader tells about every input line or record it was given."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from ..errors import LoadError

__all__ = ["FileReport", "LoadError", "LoadReport", "SkippedLine"]


@dataclass
class SkippedLine:
    """An input line (or record) that ended up in neither an article nor a comment."""

    line: int  # 1-based line number in the decoded file (record number for record formats)
    reason: str
    text: str


@dataclass
class FileReport:
    source: str
    format: str
    encoding: str
    sha256: str
    lines: int = 0  # lines (or records) in the input
    articles: int = 0
    declared_comments: int | None = None
    parsed_comments: int = 0
    # How every line was used; the counts add up to ``lines`` (see ``accounted_lines``).
    line_roles: Counter = field(default_factory=Counter)
    skipped: list[SkippedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def skip(self, line: int, reason: str, text: str) -> None:
        self.skipped.append(SkippedLine(line, reason, text))
        self.line_roles["skipped"] += 1

    @property
    def accounted_lines(self) -> int:
        return sum(self.line_roles.values())

    def to_dict(self) -> dict:
        d = asdict(self)
        d["line_roles"] = dict(self.line_roles)
        return d


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Files of a folder or archive that could not be loaded ("PATH: why"; each also a warning),
    # so that a script can tell a partial load (python -m analytics exits 3).
    not_loaded: list[str] = field(default_factory=list)

    @property
    def all_warnings(self) -> list[str]:
        return self.warnings + [f"{f.source}: {w}" for f in self.files for w in f.warnings]

    def to_dict(self) -> dict:
        return {
            "files": [f.to_dict() for f in self.files],
            "warnings": self.all_warnings,
            "not_loaded": self.not_loaded,
        }

    def summary(self) -> str:
        """A few plain lines for a terminal or a status box."""
        lines = []
        for f in self.files:
            declared = "?" if f.declared_comments is None else f.declared_comments
            lines.append(
                f"{f.source} ({f.format}, {f.encoding}): {f.articles} article(s), "
                f"{f.parsed_comments} comment(s) parsed, {declared} declared, "
                f"{len(f.skipped)} line(s) skipped, {len(f.warnings)} warning(s)"
            )
        return "\n".join(lines + self.warnings)
