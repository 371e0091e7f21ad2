"""The one search box (issue 15 item 17): every hit comes through the list selector of its app, scoped by
the user's access, and only for lists the user may open."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _sections(client, term: str) -> dict[str, list[str]]:
    page = client.get("/search/", {"q": term})
    assert page.status_code == 200
    html = page.content.decode()
    found: dict[str, list[str]] = {}
    for key, body in re.findall(r'data-section="(\w+)"(.*?)</ul>', html, flags=re.S):
        found[key] = re.findall(r'<a href="[^"]+" data-testid="hit">([^<]+)</a>', body)
    return found


def test_the_office_finds_a_partner_its_agreements_and_the_mobility_to_it(client_for):
    found = _sections(client_for("office"), "Malaya")
    assert found["partners"] == ["Universiti Malaya"] or found["partners"] == ["马来亚大学"]
    assert {t.split(" ", 1)[1] for t in found["agreements"]} == {"open agreement", "secret agreement"}
    assert len(found["mobilities"]) >= 1
    assert set(found) == {"partners", "agreements", "trips", "mobilities", "people"}


def test_a_liaison_of_another_college_does_not_find_its_confidential_agreement(client_for):
    found = _sections(client_for("liaison_b"), "agreement")
    assert [t.split(" ", 1)[1] for t in found["agreements"]] == ["open agreement"]


def test_a_student_finds_only_their_own_records_and_no_lists_they_cannot_open(world, client_for):
    found = _sections(client_for("student"), "Malaya")
    assert "partners" not in found and "people" not in found and "agreements" not in found
    own = world.mobilities["student"].reference
    assert found["mobilities"] and all(t.startswith(own) for t in found["mobilities"])


def test_another_institution_finds_nothing_of_this_one(client_for):
    found = _sections(client_for("other_office"), "Malaya")
    assert all(hits == [] for hits in found.values())
    assert "Universiti Malaya" not in client_for("other_office").get("/search/?q=Malaya").content.decode()


def test_a_term_of_one_character_asks_for_more_and_the_top_bar_has_the_box(client_for):
    client = client_for("office", "zh-hans")
    assert "请至少输入两个字符" in client.get("/search/?q=a").content.decode()
    assert 'data-testid="global-search"' in client.get("/").content.decode()
    assert client_for("norole").get("/search/?q=Malaya").status_code == 200
