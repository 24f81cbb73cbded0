"""One message catalogue for every user-facing text, in Indonesian and English."""

from siaran.i18n.catalog import LANGUAGES, Lang, catalog_keys, resolve_lang, text

__all__ = ["LANGUAGES", "Lang", "catalog_keys", "resolve_lang", "text"]
