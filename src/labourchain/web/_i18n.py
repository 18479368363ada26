"""Languages of the pages: gettext catalogs (compiled with Babel), numbers and dates by locale."""

from __future__ import annotations

import functools
import gettext
from datetime import date, datetime
from importlib import resources
from typing import Final

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

__all__ = ("DOMAIN", "LANGUAGES", "Formatter", "choose_language", "translations")

#: The catalogs' gettext domain (``locale/<lang>/LC_MESSAGES/labourchain-web.mo``).
DOMAIN: Final = "labourchain-web"
#: The languages the pages are written in, with their own names.
LANGUAGES: Final = {"en": "English", "es": "Español", "fr": "Français"}


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English: the texts as written)."""
    if language == "en":
        return gettext.NullTranslations()
    folder = resources.files("labourchain.web").joinpath("locale")
    with resources.as_file(folder) as path:
        return gettext.translation(DOMAIN, localedir=str(path), languages=[language])


def choose_language(requested: str | None, accept_language: str | None) -> str:
    """``requested`` (the switch on the page) if offered, else the best of Accept-Language."""
    if requested:
        code = requested.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    best: tuple[float, int, str] | None = None
    for index, item in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.strip().lower()[:2]
        if code in LANGUAGES and quality > 0:
            candidate = (-quality, index, code)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best is not None else "en"


class Formatter:
    """Numbers, percentages and dates written the way ``language`` writes them."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(language)

    def number(self, value: float | None, digits: int = 2) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None) -> str:
        if value is None:
            return "—"
        return format_percent(value, format="#,##0 %", locale=self.locale)

    def day(self, value: date | str | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return format_date(value, format="long", locale=self.locale)

    def moment(self, value: datetime) -> str:
        return format_datetime(value, format="medium", locale=self.locale, tzinfo=value.tzinfo)
