"""docs/access.md shows the role x action table exactly as the code has it."""

from pathlib import Path

from huquq.security.roles import permissions_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_access_doc_matches_the_permissions_table():
    assert permissions_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/access.md is out of date: paste the output of `huquq roles` into it"
    )
