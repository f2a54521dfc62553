"""Every URL pattern of leerscan as a concrete path (numbers for ``<int:…>``, a word for strings), for
tests that must cover every page: the two-factor gate and the fuzz test."""

from __future__ import annotations

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def patterns() -> list[tuple[str, URLPattern]]:
    """(route, pattern) for every URL; regex routes (the admin's) are left as they are."""
    return list(_walk(get_resolver().url_patterns))


def fill(route: str, values: dict | None = None) -> str:
    """``manage/rounds/<int:pk>/`` -> ``/manage/rounds/1/`` (or the value given for ``pk``)."""
    values = values or {}

    def one(match):
        kind, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        return {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "1"}.get(kind, "x")

    path = _CONVERTER.sub(one, route)
    path = path.lstrip("^").replace("\\Z", "").replace("$", "")
    return "/" + path


def concrete_paths() -> list[str]:
    """One path per URL pattern that has no regex syntax left (the admin's catch-alls are skipped)."""
    paths = []
    for route, _ in patterns():
        path = fill(route)
        if not re.search(r"[\\(\[?*+]", path):
            paths.append(path)
    return sorted(set(paths))
