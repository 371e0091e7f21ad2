"""Names of people and organisations: as written, and where known in Chinese and in English.

See docs/decisions/0002-multilingual-names.md. The name *as written* is what the person or
organisation uses (``Müller``, ``重庆长安汽车股份有限公司``, ``Universiti Malaya``); the Chinese and
English forms are optional and used when the interface is in that language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(as_written: str, zh: str = "", en: str = "", language: str | None = None) -> str:
    lang = (language or get_language() or "zh-hans").lower()
    preferred = zh if lang.startswith("zh") else en
    return preferred or as_written or zh or en


class MultilingualNameModel(models.Model):
    name = models.CharField(_("name (as written)"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_zh, self.name_en)
