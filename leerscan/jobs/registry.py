"""The kinds of background job. Each app registers its kinds in its ``AppConfig.ready``, so the jobs
app never imports the apps above it, and a worker knows every kind once Django is set up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Output:
    """What a finished job leaves: a file to download and/or a small summary for its page."""

    file_name: str = ""
    content: bytes | None = None
    result: dict | None = None


class JobRefused(Exception):
    """The job cannot be done with this input (a clear message for the person, never retried).

    ``message`` is an untranslated text (mark it with ``gettext_noop``); it is shown in the
    language of whoever looks at the job, with ``params`` filled in."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


#: Shown when a job failed for a reason the person cannot fix.
UNEXPECTED = gettext_noop("Something went wrong while making this. Please try again later.")


@dataclass(frozen=True)
class Kind:
    """A kind of job.

    ``run(job, progress)`` does the work and returns an :class:`Output` (or None).
    ``title`` names the job for its owner (translated when shown).
    ``retries``: how often a failure is tried again with back-off; only for work that does no harm
    when done twice (a file is made again). An import or an e-mail is never retried blindly.
    ``atomic``: the job's database writes commit together with its "done" mark, so a killed worker
    leaves nothing half done and the job is done exactly once.
    ``keep``: how long the finished file waits for its owner.
    ``every``: for periodic jobs, how often the queue starts one.
    """

    name: str
    run: Callable
    title: str
    retries: int = 0
    atomic: bool = False
    keep: timedelta = timedelta(days=7)
    every: timedelta | None = None


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (idempotent for the same function, so a re-imported module does no harm)."""
    known = _KINDS.get(kind.name)
    if known is not None and known.run is not kind.run and known.run.__qualname__ != kind.run.__qualname__:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}") from None


def periodic_kinds() -> list[Kind]:
    return [kind for kind in _KINDS.values() if kind.every is not None]
