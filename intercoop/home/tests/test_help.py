"""Help pages (issue 15 item 19): one per section, written in each language, reached from every page."""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template

from intercoop.home import help

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("topic", list(help.TOPICS))
def test_every_topic_is_written_in_both_languages(topic, client_for):
    for language in help.LANGUAGES:
        get_template(help.template_for(topic, language))  # exists
    zh = client_for("office", "zh-hans").get(f"/help/{topic}/").content.decode()
    en = client_for("office", "en").get(f"/help/{topic}/").content.decode()
    body_zh = re.search(r'data-testid="help-body">(.*?)</div>\s*</div>', zh, flags=re.S).group(1)
    body_en = re.search(r'data-testid="help-body">(.*?)</div>\s*</div>', en, flags=re.S).group(1)
    text_zh = re.sub(r"<[^>]+>", "", body_zh)
    assert len(re.findall(r"[\u4e00-\u9fff]", text_zh)) > 80, topic  # Chinese prose, not a stub
    # No English sentence left on the Chinese page (acronyms and format names are fine).
    assert not re.search(r"\b[a-z]{4,} [a-z]{4,} [a-z]{4,}\b", text_zh), topic
    assert len(re.sub(r"<[^>]+>", "", body_en).split()) > 60, topic


def test_each_page_links_the_help_of_its_section(client_for):
    client = client_for("office")
    for url, topic in (
        ("/", "start"),
        ("/travel/", "travel"),
        ("/agreements/", "agreements"),
        ("/calendar/", "administration"),
    ):
        page = client.get(url).content.decode()
        assert re.search(rf'href="/help/{topic}/"[^>]*data-testid="help-link"', page), url
    assert client.get("/help/nonsense/").status_code == 404
    assert client_for("student").get("/help/").status_code == 200
