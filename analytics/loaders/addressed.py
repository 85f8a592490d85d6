"""The authors a comment answers, as an input column names them (``reply_to_author``,
``mentions``, ``in_reply_to_screen_name`` ...), for the contract's ``addressed_to``.

Accepted cell values: ``@name``, ``@a @b``, ``a, b`` (or ``;``), a JSON list ``["a", "b"]``, or a
single name (which may hold spaces: ``John Smith``). The ``@`` is dropped; empty cells name no one.
"""

from __future__ import annotations

import json
import re

__all__ = ["addressed_names"]


def addressed_names(value: str) -> list[str]:
    """The names in one cell, in order, without ``@``.

    Examples:
        >>> addressed_names("@woetothegutless"), addressed_names("@Catholica @12345abcde")
        (['woetothegutless'], ['Catholica', '12345abcde'])
        >>> addressed_names("a, b"), addressed_names('["a", "@b"]'), addressed_names("John Smith")
        (['a', 'b'], ['a', 'b'], ['John Smith'])
        >>> addressed_names(""), addressed_names("[]")
        ([], [])
    """
    value = value.strip()
    if not value:
        return []
    if value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [n for n in (str(x).strip().lstrip("@").strip() for x in items if x is not None) if n]
    if "," in value or ";" in value:
        parts = re.split(r"[,;]", value)
    elif value.startswith("@"):
        parts = value.split()
    else:
        parts = [value]
    return [n for n in (p.strip().lstrip("@").strip() for p in parts) if n]
