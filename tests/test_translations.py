"""Every user-interface text is translated into Dutch, French and German, and the compiled
catalogs (.mo, used at run time) match the sources (.po)."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "leerscan" / "locale"


def entries(po_text):
    """(msgid or (msgctxt, msgid), msgstr or [plural forms], flags) for every entry but the header."""
    result = []
    for block in po_text.split("\n\n"):
        flags = " ".join(re.findall(r"^#, (.*)$", block, re.M))

        def joined(keyword, block=block):
            match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.M)
            return None if match is None else "".join(re.findall(r'"(.*)"', match.group(1)))

        msgid = joined("msgid")
        if not msgid:
            continue
        plural = [joined(rf"msgstr\[{i}\]") for i in range(2)]
        context = joined("msgctxt")
        msgstr = plural if plural[0] is not None else joined("msgstr")
        result.append((msgid if context is None else (context, msgid), msgstr, flags))
    return result


def unescape(text):
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text)


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_catalog_is_complete_and_compiled(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    items = entries(po)
    assert len(items) > 150
    untranslated = [m for m, s, _ in items if not s or (isinstance(s, list) and not all(s))]
    fuzzy = [m for m, _, flags in items if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _ in items:
        if isinstance(msgstr, str):
            if isinstance(msgid, tuple):  # (msgctxt, msgid)
                found = compiled.pgettext(unescape(msgid[0]), unescape(msgid[1]))
            else:
                found = compiled.gettext(unescape(msgid))
            assert found == unescape(msgstr), f"stale .mo for {msgid!r}"


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_placeholders_survive_translation(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for msgid, msgstr, _ in entries(po):
        msgid = msgid[1] if isinstance(msgid, tuple) else msgid
        forms = msgstr if isinstance(msgstr, list) else [msgstr]
        wanted = set(re.findall(r"%\(\w+\)[sd]", msgid))
        for form in forms:
            assert set(re.findall(r"%\(\w+\)[sd]", form)) <= wanted | {"%(counter)s"}, msgid
