from __future__ import annotations

from intercoop.indicators import ruledoc


def test_the_rule_table_in_the_docs_is_generated_from_the_definitions():
    """docs/indicators.md's rules are what the code says (issue 17 item 6): after changing a definition,
    run ``python manage.py document_indicators`` and commit the file."""
    text = ruledoc.DOC.read_text(encoding="utf-8")
    assert ruledoc.document(text) == text
    assert "at least 365 days" in text  # row 1: one rule, in the code and the docs alike
