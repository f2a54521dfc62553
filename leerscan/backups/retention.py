"""Which backups to keep: the newest of each of the last N days, weeks and months (a rotation
administrators know as grandfather-father-son). Everything else in the backup folder goes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from leerscan.backups.archive import PREFIX, SUFFIX


def created_at(path: Path) -> datetime | None:
    stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None  # not a file leerscan wrote: never touched


def to_keep(stamps: list[datetime], daily: int, weekly: int, monthly: int) -> set[datetime]:
    """The moments to keep: the newest backup always, and the newest per day, ISO week and month for
    the last ``daily`` days, ``weekly`` weeks and ``monthly`` months that have a backup."""
    newest_first = sorted(stamps, reverse=True)
    keep = set(newest_first[:1])
    for count, period in (
        (daily, lambda s: s.date()),
        (weekly, lambda s: s.isocalendar()[:2]),
        (monthly, lambda s: (s.year, s.month)),
    ):
        seen: list = []
        for stamp in newest_first:
            key = period(stamp)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(stamp)
    return keep


def prune(directory: Path, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete the backups (and their checksum files) the rotation does not keep; the deleted files."""
    backups = {stamp: path for path in directory.glob(f"{PREFIX}*{SUFFIX}") if (stamp := created_at(path))}
    keep = to_keep(list(backups), daily, weekly, monthly)
    deleted = []
    for stamp, path in sorted(backups.items()):
        if stamp not in keep:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
            deleted.append(path)
    return deleted
