"""Making user text safe to hand over: spreadsheet cells that cannot run formulas, file names
that cannot escape a folder.

**Spreadsheet formulas (CSV injection).** A spreadsheet that opens a CSV file runs a cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|'/c calc'!A1``),
and tab and carriage return are known ways to hide one. Following OWASP's advice on CSV
injection (and ASVS 1.2.10, which adds NUL), :func:`neutralise_cell` puts an apostrophe in front
of such a cell, which spreadsheets read as "this cell is text". The exact rule:

1. The trigger characters are :data:`TRIGGERS`: ``=`` ``+`` ``-`` ``@``, tab (U+0009),
   carriage return (U+000D) and NUL (U+0000).
2. A text cell is *dangerous* when its first character, after any leading spaces and line
   feeds (which some spreadsheets skip), is a trigger.
3. Exception: a cell that is exactly a plain decimal number (``-0.5``, ``+3``, ``-1e-3``; see
   :data:`PLAIN_NUMBER`) is left alone: every spreadsheet reads it as that number, nothing else.
4. A dangerous cell gets one apostrophe in front. So does a cell that starts with apostrophes
   followed by what rule 2 calls dangerous (``'=1``), so that the change can be undone exactly:
   :func:`restore_cell` removes one leading apostrophe from exactly the cells that got one, and
   Threadscope's own export (``articles.csv`` + ``comments.csv``) loads back byte for byte.
5. Only text cells change. Numbers, booleans and missing values of any column are written as
   they are (``-0.5`` in a score column stays the number -0.5), and so are ISO timestamps and
   JSON lists (they start with a digit or ``[``). Column names follow the same rule as cells.

CSV and Excel exports go through :func:`neutralise_frame`; JSON and Parquet exports keep the raw
text (those formats have no formulas, and a program reading them wants the text as written).

**File names.** :func:`safe_file_name` turns a title (user text) into a file name that stays in
the folder it is written to and opens on Linux, macOS and Windows.

Examples:
    >>> neutralise_cell("=HYPERLINK(\\"http://evil\\", \\"click\\")")
    '\\'=HYPERLINK("http://evil", "click")'
    >>> neutralise_cell("-0.5"), neutralise_cell("- a list item"), neutralise_cell("fine")
    ('-0.5', "'- a list item", 'fine')
    >>> restore_cell(neutralise_cell("'=1")) == "'=1"
    True
    >>> safe_file_name("../../etc/passwd", suffix=".csv")
    'etc-passwd.csv'
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = [
    "TRIGGERS",
    "PLAIN_NUMBER",
    "is_dangerous",
    "neutralise_cell",
    "restore_cell",
    "neutralise_frame",
    "neutralise_series",
    "restore_series",
    "safe_file_name",
]

#: Characters that make a spreadsheet read a cell as a formula when they come first.
TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\x00")
_TRIGGER_CLASS = "[=+\\-@\\t\\r\\x00]"
#: A cell that gets an apostrophe: leading apostrophes, then spaces and line feeds, then a trigger.
_NEEDS_MARK = re.compile(f"^'*[ \\n]*{_TRIGGER_CLASS}")
#: Cells a spreadsheet reads as a plain number: never a formula, so left as they are. Used with
#: ``fullmatch`` only: a ``$`` would also match before a final line feed ("-0\n" is not a number).
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MARK = "'"


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (rules 1-3 of the module's docstring).

    Examples:
        >>> [is_dangerous(t) for t in ["=1+1", "  @SUM(A1)", "\\n-2", "-2", "a=b", "'=1"]]
        [True, True, True, False, False, False]
    """
    return bool(_NEEDS_MARK.match(text)) and not text.startswith(_MARK) and not PLAIN_NUMBER.fullmatch(text)


def _needs_mark(text: str) -> bool:
    return bool(_NEEDS_MARK.match(text)) and not PLAIN_NUMBER.fullmatch(text)


def neutralise_cell(value: object) -> object:
    """``value`` with an apostrophe in front where it is text a spreadsheet could run; anything
    that is not a ``str`` is returned unchanged."""
    if isinstance(value, str) and _needs_mark(value):
        return _MARK + value
    return value


def restore_cell(value: object) -> object:
    """The inverse of :func:`neutralise_cell`: ``restore_cell(neutralise_cell(x)) == x`` for every ``x``.

    Examples:
        >>> [restore_cell(neutralise_cell(t)) for t in ["=1", "'=1", "''-x", "'tis", "-3"]]
        ['=1', "'=1", "''-x", "'tis", '-3']
    """
    if isinstance(value, str) and value.startswith(_MARK) and _needs_mark(value[1:]):
        return value[1:]
    return value


def _is_text_column(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or s.dtype == object or isinstance(s.dtype, pd.CategoricalDtype)


def neutralise_series(s: pd.Series) -> pd.Series:
    """``s`` with every dangerous text cell marked (a copy; numeric columns are returned as they are)."""
    if not _is_text_column(s):
        return s
    if isinstance(s.dtype, pd.CategoricalDtype):
        return (
            s.cat.rename_categories([neutralise_cell(c) for c in s.cat.categories])
            if any(isinstance(c, str) and _needs_mark(c) for c in s.cat.categories)
            else s
        )
    if pd.api.types.is_string_dtype(s) and s.dtype != object:
        hit = s.str.match(_NEEDS_MARK.pattern, na=False)
        if not hit.any():
            return s
        hit &= ~s.str.fullmatch(PLAIN_NUMBER.pattern, na=False)
        return s.where(~hit, _MARK + s) if hit.any() else s
    # object columns: text mixed with numbers, None, lists... only the strings change.
    return s.map(neutralise_cell)


def restore_series(s: pd.Series) -> pd.Series:
    """The inverse of :func:`neutralise_series` on a column of text read back from CSV."""
    if not _is_text_column(s):
        return s
    if pd.api.types.is_string_dtype(s) and s.dtype != object:
        marked = s.str.startswith(_MARK, na=False)
        if not marked.any():
            return s
        rest = s.str.slice(1)
        undo = (
            marked & rest.str.match(_NEEDS_MARK.pattern, na=False) & ~rest.str.fullmatch(PLAIN_NUMBER.pattern, na=False)
        )
        return s.where(~undo, rest) if undo.any() else s
    return s.map(restore_cell)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as it may go into a CSV or Excel file: every text cell and column name
    that a spreadsheet could run as a formula gets an apostrophe in front (see the module's rules).

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"author": ["@evil", "geha"], "text": ["=1+1", "-1"], "score": [-0.5, 0.25]})
        >>> neutralise_frame(frame).to_dict("list")
        {'author': ["'@evil", 'geha'], 'text': ["'=1+1", '-1'], 'score': [-0.5, 0.25]}
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        marked = neutralise_series(column)
        if marked is not column:
            out.isetitem(position, marked)
    if any(isinstance(c, str) and _needs_mark(c) for c in out.columns):
        out.columns = [neutralise_cell(c) for c in out.columns]
    return out


# --- file names --------------------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)
_SUFFIX = re.compile(r"^(?:\.[A-Za-z0-9]{1,10}){1,2}$")


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Mn", "Mc") or char in "-_."


def safe_file_name(
    title: object, *, suffix: str = "", max_bytes: int = 100, fallback: str = "threadscope", ascii_only: bool = False
) -> str:
    """A file name made from ``title`` (user text: an article title, a commenter's name).

    Letters and digits of any script, ``-``, ``_`` and ``.`` are kept (after Unicode NFKC
    normalisation); control, format (zero-width, right-to-left override) and every other
    character, path separators included, become ``-``, runs of which collapse. Leading and
    trailing dots, dashes and underscores go (no hidden files, no ``..``), Windows device names
    (``CON``, ``NUL``, ``COM1``...) get a ``_`` in front, the stem is cut to ``max_bytes`` UTF-8
    bytes on a character boundary, and an empty result becomes ``fallback``. With
    ``ascii_only``, accents are dropped and other scripts removed. ``suffix`` (``".csv"``,
    ``".tar.gz"``) must be a plain extension and is appended as is.

    Examples:
        >>> safe_file_name("Lavrov: Syria's rivals / \\u202egpj.exe", suffix=".csv")
        'Lavrov-Syria-s-rivals-gpj.exe.csv'
        >>> safe_file_name("لافروف يحذر", suffix=".html")
        'لافروف-يحذر.html'
        >>> safe_file_name("...", suffix=".zip"), safe_file_name("con"), safe_file_name("Café", ascii_only=True)
        ('threadscope.zip', '_con', 'Cafe')
    """
    if suffix and not _SUFFIX.match(suffix):
        raise ValueError(f"suffix must be an extension like '.csv', got {suffix!r}")
    text = unicodedata.normalize("NFKC", "" if title is None else str(title))
    if ascii_only:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = "".join(c if _keep(c) else "-" for c in text)
    stem = re.sub(r"-{2,}", "-", stem).strip("-_. ")
    encoded = stem.encode("utf-8")
    if len(encoded) > max_bytes:
        stem = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip("-_. ")
    if not stem:
        stem = fallback
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem + suffix
