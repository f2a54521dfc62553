"""What the report says about each L&D profile and precondition: ``maturity/content/profiles.yaml``.

Like the report's advice file, a consultant can edit it without touching code; it is checked when it
is read (every problem listed) and re-read when it changes. ``LEERSCAN_PROFILES_FILE`` points to
another copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from leerscan.core.content import ContentFileError, check_text, check_texts, load_content, read_yaml
from leerscan.instrument.model import translate
from leerscan.maturity.scoring import LADDER, PRECONDITIONS

PROFILE_TEXTS = ("label", "what", "why", "training_plan", "lead")


@dataclass(frozen=True)
class ProfileContent:
    data: dict

    def profile(self, key: str, language: str) -> dict:
        """Label, what, why, actions (list), training plan and lead of a profile, in ``language``."""
        entry = self.data["profiles"][key]
        texts = {name: translate(entry[name], language) for name in PROFILE_TEXTS}
        texts["actions"] = [translate(action, language) for action in entry["actions"]]
        texts["key"] = key
        return texts

    def label(self, key: str, language: str) -> str:
        return translate(self.data["profiles"][key]["label"], language)

    def precondition(self, key: str, language: str) -> dict:
        entry = self.data["preconditions"][key]
        return {
            "key": key,
            "label": translate(entry["label"], language),
            "meaning": translate(entry["meaning"], language),
            "advice": [translate(text, language) for text in entry["advice"]],
        }

    def undesired_outcomes(self, profiles: list[str], language: str) -> list[str]:
        """Less desired outcomes to watch for with these profiles (chapter 9.3)."""
        return [
            translate(entry["text"], language)
            for entry in self.data.get("undesired_outcomes", [])
            if not entry.get("profiles") or set(entry["profiles"]) & set(profiles)
        ]

    def legal_training_plan(self, language: str) -> str:
        return translate(self.data["legal_training_plan"], language)


def parse_profiles(text: str, path: Path) -> ProfileContent:
    """Read and check the profiles file; raises :class:`ContentFileError` listing every problem."""
    data = read_yaml(text, path)
    if not isinstance(data, dict):
        raise ContentFileError(path, ["expected 'profiles:', 'preconditions:' and 'legal_training_plan:'"])
    problems: list[str] = []
    profiles = data.get("profiles") if isinstance(data.get("profiles"), dict) else {}
    for key in LADDER:
        entry = profiles.get(key)
        if not isinstance(entry, dict):
            problems.append(f"profiles.{key}: missing")
            continue
        for name in PROFILE_TEXTS:
            check_text(entry.get(name), f"profiles.{key}.{name}", problems)
        check_texts(entry.get("actions"), f"profiles.{key}.actions", 1, problems)
    preconditions = data.get("preconditions") if isinstance(data.get("preconditions"), dict) else {}
    for key in PRECONDITIONS:
        entry = preconditions.get(key)
        if not isinstance(entry, dict):
            problems.append(f"preconditions.{key}: missing")
            continue
        check_text(entry.get("label"), f"preconditions.{key}.label", problems)
        check_text(entry.get("meaning"), f"preconditions.{key}.meaning", problems)
        check_texts(entry.get("advice"), f"preconditions.{key}.advice", 1, problems)
    for number, entry in enumerate(data.get("undesired_outcomes") or [], start=1):
        check_text(
            entry.get("text") if isinstance(entry, dict) else None, f"undesired_outcomes {number}", problems
        )
    check_text(data.get("legal_training_plan"), "legal_training_plan", problems)
    if problems:
        raise ContentFileError(path, problems)
    return ProfileContent(data)


def get_profile_content() -> ProfileContent:
    """The profiles file (``LEERSCAN_PROFILES_FILE``)."""
    return load_content(parse_profiles, settings.LEERSCAN_PROFILES_FILE)
