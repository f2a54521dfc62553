"""Every user-interface text is translated into Dutch, French and German, and the compiled
catalogs (.mo, used at run time) match the sources (.po)."""

import gettext
import os
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


PACKAGE = LOCALE.parent
#: The project's catalog and those of apps with their own (e.g. competences).
CATALOGS = sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_every_catalog_exists_in_each_language():
    assert LOCALE / "nl" / "LC_MESSAGES" / "django.po" in CATALOGS
    for catalog in CATALOGS:
        for language in ("nl", "fr", "de"):
            assert (catalog.parents[2] / language / "LC_MESSAGES" / "django.po").exists(), catalog


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_catalog_is_complete_and_compiled(catalog):
    po = catalog.read_text(encoding="utf-8")
    items = entries(po)
    assert len(items) > (150 if catalog.is_relative_to(LOCALE) else 5)
    untranslated = [m for m, s, _ in items if not s or (isinstance(s, list) and not all(s))]
    fuzzy = [m for m, _, flags in items if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []
    with open(catalog.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _ in items:
        if isinstance(msgstr, str):
            if isinstance(msgid, tuple):  # (msgctxt, msgid)
                found = compiled.pgettext(unescape(msgid[0]), unescape(msgid[1]))
            else:
                found = compiled.gettext(unescape(msgid))
            assert found == unescape(msgstr), f"stale .mo for {msgid!r}"


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_placeholders_survive_translation(catalog):
    po = catalog.read_text(encoding="utf-8")
    for msgid, msgstr, _ in entries(po):
        msgid = msgid[1] if isinstance(msgid, tuple) else msgid
        forms = msgstr if isinstance(msgstr, list) else [msgstr]
        wanted = set(re.findall(r"%\(\w+\)[sd]", msgid))
        for form in forms:
            assert set(re.findall(r"%\(\w+\)[sd]", form)) <= wanted | {"%(counter)s"}, msgid


@pytest.mark.slow
def test_every_text_in_the_code_is_in_a_catalog(tmp_path, monkeypatch):
    """Extract the texts from the code as `makemessages` does, and check each catalog has them all."""
    import shutil

    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext not found (apt-get install gettext)")
        pytest.skip("xgettext is not installed (apt-get install gettext)")
    copy = tmp_path / "leerscan"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "django.po"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["nl"], verbosity=0)
    for extracted in sorted(copy.glob("**/locale/nl/LC_MESSAGES/django.po")):
        relative = extracted.relative_to(copy)
        for language in ("nl", "fr", "de"):
            committed = PACKAGE / str(relative).replace("/nl/", f"/{language}/")
            assert committed.exists(), committed
            known = {
                m
                for m, s, flags in entries(committed.read_text(encoding="utf-8"))
                if s and "fuzzy" not in flags
            }
            wanted = {m for m, _s, _f in entries(extracted.read_text(encoding="utf-8"))}
            missing = sorted(map(str, wanted - known))
            assert missing == [], f"{committed}: not translated: {missing[:10]}"


@pytest.mark.parametrize(
    "catalog",
    [c for c in CATALOGS if "/fr/" in str(c)],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_french_has_a_non_breaking_space_before_double_punctuation(catalog):
    """French writes "Étape : 2", "Merci !", "79 %" and "« oui »" with a space a line never breaks at;
    an ordinary space (or none) lets a phone put ":" or "%" alone at the start of a line."""
    wrong = []
    for _msgid, msgstr, _flags in entries(catalog.read_text(encoding="utf-8")):
        for form in msgstr if isinstance(msgstr, list) else [msgstr]:
            text = unescape(form)
            if (
                re.search(r"[\w)»%] ?[:;?!](\s|$)", text)
                or re.search(r"\d ?%(?![(sd])", text)
                or re.search(r"« | »", text)
            ):
                wrong.append(text[:70])
    assert wrong == []
