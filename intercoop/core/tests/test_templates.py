"""Faults a template can have that no page test would notice until a user clicks."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_querystring_is_never_prefixed_with_another_question_mark():
    """Django's ``{% querystring %}`` starts with "?" itself; ``href="?{% querystring … %}"`` gives
    ``??format=xlsx``, a link that only reloads the page (every export button was broken so)."""
    templates = [*ROOT.glob("intercoop/**/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    assert templates
    assert [
        str(p.relative_to(ROOT)) for p in templates if "?{% querystring" in p.read_text(encoding="utf-8")
    ] == []
