"""Read statements without provenance dates, for requests that select no provenance.

The driver builds every ``Date`` and ``DateTime`` it reads in Python; reading the provenance
dates (``sourceDate``, ``recordedAt``) of every node and relationship a page returns was a large
share of a request's CPU, though only ``provenance`` fields show them. A request that selects
none (known up front for a compiled query, see :mod:`schema.compiled`) has its reads rewritten
here: each ``properties(x)`` becomes a map projection with those two keys set to null.
``withdrawnAt`` is kept: it decides what is current (``schema.convert.shown``), and it is null
on all but the few facts a source withdrew. The rewrite works on the package's constant
statements and is remembered per statement; no caller text is involved.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, LiteralString

WITHOUT_DATES: Final = " {.*, sourceDate: null, recordedAt: null}"
_PROPERTIES: Final = re.compile(r"\bproperties\((\w+)\)")


@lru_cache(maxsize=1024)
def without_provenance_dates(statement: LiteralString) -> LiteralString:
    lean: LiteralString = _PROPERTIES.sub(lambda m: m.group(1) + WITHOUT_DATES, statement)
    return lean
