"""The README stays a README, and every link in it and in ``docs/`` leads somewhere.

A link is ``[text](target)`` outside code; a target with a scheme (``https:``, ``mailto:``) is
left to the reader, any other must name a file of the repository, and its ``#anchor`` a heading
of that file as GitHub spells the anchor (lower case, punctuation dropped, spaces as hyphens, a
repeated heading numbered ``-1``, ``-2``...).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_MAX_LINES = 250
PAGES = [README, *sorted(DOCS.glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
_CODE = re.compile(r"(`+).+?\1", re.S)
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def prose(text: str) -> str:
    """``text`` without fenced blocks and inline code, where brackets are not links."""
    return _CODE.sub("", _FENCE.sub("", text))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)  # inline code keeps its text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its text
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in _HEADING.findall(_FENCE.sub("", page.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    """Each link of ``page`` that names no file, or no heading of its file."""
    broken: list[str] = []
    for target in _LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if _SCHEME.match(target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
            broken.append(f"{target}: no such heading")
    return broken


def test_the_readme_is_short() -> None:
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines <= README_MAX_LINES, f"{lines} lines: the manual belongs in docs/"


def test_the_readme_links_every_docs_page() -> None:
    linked = {
        (ROOT / target.partition("#")[0]).resolve()
        for target in _LINK.findall(prose(README.read_text(encoding="utf-8")))
        if not _SCHEME.match(target)
    }
    assert [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked] == []


def test_every_link_resolves() -> None:
    broken = {page.relative_to(ROOT).as_posix(): broken_links(page) for page in PAGES}
    assert {page: links for page, links in broken.items() if links} == {}


def test_link_rules(tmp_path: Path) -> None:
    assert slug("Writing: partner tokens, mutations, audit") == (
        "writing-partner-tokens-mutations-audit"
    )
    assert slug("The benchmark: side by side with @neo4j/graphql") == (
        "the-benchmark-side-by-side-with-neo4jgraphql"
    )
    assert slug("Neo4j: a cluster or Aura with `neo4j://` routing") == (
        "neo4j-a-cluster-or-aura-with-neo4j-routing"
    )
    assert slug("Hvor får jeg behandling?") == "hvor-får-jeg-behandling"
    (tmp_path / "other.md").write_text("# Title\n\n## Part\n\n## Part\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n## Here\n\n"
        "[a](other.md) [b](other.md#part-1) [c](#here) [d](https://example.org/x#y)\n"
        "[e](missing.md) [f](other.md#nowhere) [g](#gone)\n"
        "`[h](inline.md)`\n\n```md\n[i](fenced.md)\n# Not a heading\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "other.md#nowhere: no such heading",
        "#gone: no such heading",
    ]
    assert "not-a-heading" not in anchors(page)
