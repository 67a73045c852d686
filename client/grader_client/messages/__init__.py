"""The message catalog: every sentence a student reads, one JSON file per language.

Each key has a ``public`` and a ``hidden`` template; hidden templates must never use
``{expected}`` (a test enforces it), so a hidden check cannot leak its answer.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("es", "en")


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, dict[str, str]]:
    if lang not in LANGUAGES:
        raise ValueError(f"idioma no disponible: {lang!r} (use {', '.join(LANGUAGES)})")
    with open(Path(__file__).with_name(f"{lang}.json"), encoding="utf-8") as fh:
        return json.load(fh)


def render(key: str, params: dict, *, hidden: bool, lang: str = "es") -> str:
    template = catalog(lang)[key]["hidden" if hidden else "public"]
    return template.format(**params)
