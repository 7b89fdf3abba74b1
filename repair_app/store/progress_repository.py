"""Reading what Progress charts: day records, tally moments and past pauses of a window of
dates, one month shard at a time.

The same month shards hold ``days`` and ``moments`` (``day_repository``) and ``pauses``
(``pause_repository``); Progress needs all three for every month of its period, so this
repository reads each shard once (one copy of its document) instead of once per table,
and keeps what it parsed for the life of the screen: switching the period back and forth
reads no month twice. Only months that have a shard file are read, and only those of the
window asked for; the stored forms are parsed by the core's own ``from_document``
methods, with the same rule as ``DayRepository`` for a date stored twice (the first
document wins).

:meth:`ProgressRepository.summary` is what the screen uses: per month, the core's
:class:`ProgressSummary` of it (each day's checklist status, promise status and whether
anything was recorded; tally counts; pauses that ended), kept in
``progress-summary.json`` so ten years are not parsed on every open. Each month's entry
carries a hash of its shard file's bytes: a month written since (by this app, the
``remind`` command, an import, a restore from backup) is summarised again, alone. The
whole file is rebuilt when it is missing, damaged, in another encoding, or made for
another program or program start. It is a cache: written without fsync (a torn file is
rebuilt), never backed up, encoded like the shards (encrypted when they are).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from repair_app.core.content import Program
from repair_app.core.day import MOMENT_KINDS, POSITIVE, DayRecord
from repair_app.core.pause import PauseSession
from repair_app.core.progress import ProgressRecords, ProgressSummary, summarize_records

from .database import Store
from .day_repository import DAYS_TABLE, MOMENTS_TABLE
from .layout import PROGRESS_SUMMARY_FILE
from .pause_repository import HISTORY_TABLE
from .safe_storage import temp_path_for

log = logging.getLogger(__name__)

#: A pause is filed under the month of its start as it was then; a day either side of
#: the window is read so a later time-zone change can't drop one at a month's edge.
PAUSE_MARGIN = timedelta(days=1)
#: Bump when what a summary holds changes: every stored summary is then rebuilt.
SUMMARY_FORMAT = 1


@dataclass(frozen=True)
class _Month:
    days: dict[date, DayRecord]
    moment_counts: dict[date, tuple[int, int]]
    pauses: list[PauseSession]


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def summary_fingerprint(program: Program, program_start: date) -> str:
    """What every day's status depends on besides the day itself: the program's items by
    week and the program's start (and the summary's own format)."""
    text = f"{SUMMARY_FORMAT}|{program_start.isoformat()}|{program!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


class ProgressRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._months: dict[date, _Month] = {}
        self._with_data: list[date] | None = None
        #: month -> (its shard's digest, its summary), for the program and start below
        self._summaries: dict[date, tuple[str, ProgressSummary]] = {}
        self._fingerprint: str | None = None
        #: For tests and benchmarks: the months summarised from their shards so far and
        #: whether the summary file was written.
        self.summarised: list[date] = []
        self.saved = False

    def summary(self, first: date, last: date, *, program: Program,
                program_start: date) -> ProgressSummary:
        """What Progress counts of the days ``first``..``last`` (and the pauses of the
        months around them): the same as ``summarize_records(self.read(first, last))``,
        from ``progress-summary.json`` for every month whose shard hasn't changed since."""
        fingerprint = summary_fingerprint(program, program_start)
        if fingerprint != self._fingerprint:
            self._summaries, self._fingerprint = {}, fingerprint
        low = _month_index(first - PAUSE_MARGIN)
        high = _month_index(last + PAUSE_MARGIN)
        summarised_before = len(self.summarised)
        with self._store.transaction():  # what another process wrote is seen, whole
            months = self._store.months_with_data()
            stored: dict[str, Any] | None = None
            for month in months:
                if not low <= _month_index(month) <= high:
                    continue
                digest = self._store.month_file_digest(month)
                known = self._summaries.get(month)
                if known is not None and known[0] == digest:
                    continue
                if stored is None:
                    stored = self._load(fingerprint)
                summary = _stored_summary(stored.get(_month_key(month)), digest)
                if summary is None:
                    parsed = self._parse(month, self._store.read_month(month))
                    summary = summarize_records(
                        ProgressRecords(parsed.days, parsed.moment_counts, parsed.pauses),
                        program=program, program_start=program_start)
                    digest = self._store.month_file_digest(month)  # after any recovery
                    self.summarised.append(month)
                self._summaries[month] = (digest or "", summary)
            gone = stored is not None and not set(stored) <= {_month_key(m) for m in months}
            if len(self.summarised) > summarised_before or gone:
                self._save(fingerprint, stored if stored is not None else self._load(
                    fingerprint), months)
        return _merge([summary for month, (_digest, summary) in sorted(self._summaries.items())
                       if low <= _month_index(month) <= high], first, last)

    def _load(self, fingerprint: str) -> dict[str, Any]:
        """The stored months ({"YYYY-MM": {"digest", "summary"}}), or {} when the file is
        missing, unreadable, in another encoding or for another program or start."""
        path = self._store.data_dir / PROGRESS_SUMMARY_FILE
        try:
            document = json.loads(self._store.codec.decode(path.read_bytes()))
        except FileNotFoundError:
            return {}
        except Exception:  # damaged, torn, or written with another key: rebuilt
            log.info("the Progress summary is unreadable; rebuilding it", exc_info=True)
            return {}
        if not isinstance(document, dict) or document.get("fingerprint") != fingerprint \
                or not isinstance(document.get("months"), dict):
            return {}
        return document["months"]

    def _save(self, fingerprint: str, stored: dict[str, Any], months: list[date]) -> None:
        present = {_month_key(m) for m in months}
        entries = {key: value for key, value in stored.items() if key in present}
        for month, (digest, summary) in self._summaries.items():
            if _month_key(month) in present:
                entries[_month_key(month)] = {"digest": digest,
                                              "summary": summary.to_document()}
        raw = json.dumps({"fingerprint": fingerprint, "months": entries},
                         separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        path = self._store.data_dir / PROGRESS_SUMMARY_FILE
        temp = temp_path_for(path)
        try:  # a cache: no fsync; a torn file is rebuilt from the months
            temp.write_bytes(self._store.codec.encode(raw))
            os.replace(temp, path)
            self.saved = True
        except OSError:
            log.warning("the Progress summary could not be saved", exc_info=True)
            with contextlib.suppress(OSError):
                temp.unlink()

    def months_with_data(self) -> list[date]:
        """Months that have a shard file, oldest first (file names only, nothing parsed)."""
        if self._with_data is None:
            self._with_data = self._store.months_with_data()
        return self._with_data

    def first_month(self) -> date | None:
        months = self.months_with_data()
        return months[0] if months else None

    def read(self, first: date, last: date) -> ProgressRecords:
        """Days and moments dated ``first``..``last`` and the pauses of the months around
        them (the core places each pause on its local day and drops those outside)."""
        low = _month_index(first - PAUSE_MARGIN)
        high = _month_index(last + PAUSE_MARGIN)
        days: dict[date, DayRecord] = {}
        moments: dict[date, tuple[int, int]] = {}
        pauses: list[PauseSession] = []
        for month in self.months_with_data():
            if not low <= _month_index(month) <= high:
                continue
            parsed = self._month(month)
            pauses.extend(parsed.pauses)
            if not _month_index(first) <= _month_index(month) <= _month_index(last):
                continue
            if first <= month and _month_index(month) < _month_index(last):
                days.update(parsed.days)
                moments.update(parsed.moment_counts)
            else:
                days.update((d, r) for d, r in parsed.days.items() if first <= d <= last)
                moments.update((d, c) for d, c in parsed.moment_counts.items()
                               if first <= d <= last)
        return ProgressRecords(days=days, moment_counts=moments, pauses=pauses)

    def _month(self, month: date) -> _Month:
        parsed = self._months.get(month)
        if parsed is None:
            parsed = self._months[month] = self._parse(month, self._store.read_month(month))
        return parsed

    @staticmethod
    def _parse(month: date, document: dict) -> _Month:
        days: dict[date, DayRecord] = {}
        prefix = f"{month.year:04d}-{month.month:02d}-"
        stored_days = document.get(DAYS_TABLE) or {}
        for _doc_id, doc in sorted(stored_days.items(), key=lambda item: _doc_order(item[0])):
            iso = doc.get("date") if isinstance(doc, dict) else None
            if not isinstance(iso, str) or not iso.startswith(prefix):
                continue
            try:
                record = DayRecord.from_document(doc)
            except ValueError:
                continue
            days.setdefault(record.day, record)  # a date stored twice: the first one wins
        moments = count_moment_documents((document.get(MOMENTS_TABLE) or {}).values(), month)
        pauses = []
        for doc in (document.get(HISTORY_TABLE) or {}).values():
            session = PauseSession.from_document(doc) if isinstance(doc, dict) else None
            if session is not None:
                pauses.append(session)
        return _Month(days=days, moment_counts=moments, pauses=pauses)


def _stored_summary(entry: Any, digest: str | None) -> ProgressSummary | None:
    if not isinstance(entry, dict) or digest is None or entry.get("digest") != digest:
        return None
    try:
        return ProgressSummary.from_document(entry.get("summary"))
    except ValueError:
        return None


def _merge(summaries: list[ProgressSummary], first: date, last: date) -> ProgressSummary:
    """One summary of the days ``first``..``last`` and every pause of ``summaries``."""
    days: dict = {}
    moments: dict = {}
    pauses: list = []
    for summary in summaries:
        days.update((d, s) for d, s in summary.days.items() if first <= d <= last)
        moments.update((d, c) for d, c in summary.moment_counts.items() if first <= d <= last)
        pauses.extend(summary.pauses)
    return ProgressSummary(days=days, moment_counts=moments, pauses=tuple(pauses))


def count_moment_documents(documents: Any, month: date) -> dict[date, tuple[int, int]]:
    """(positive, negative) per date of ``month`` from stored moment documents.

    Counts exactly the documents ``Moment.from_document`` accepts (a readable date, an
    instant with its offset, a known kind; tests/store check the two agree), without
    building an object per tap: ten years hold tens of thousands of them.
    """
    dates: dict[str, date | None] = {}
    counts: dict[date, list[int]] = {}
    for doc in documents:
        if not isinstance(doc, dict) or doc.get("kind") not in MOMENT_KINDS:
            continue
        iso = doc.get("date")
        if not isinstance(iso, str):
            continue
        if iso in dates:
            day = dates[iso]
        else:
            day = dates[iso] = _day_in_month(iso, month)
        if day is None or not _is_instant(doc.get("at")):
            continue
        pair = counts.setdefault(day, [0, 0])
        pair[0 if doc["kind"] == POSITIVE else 1] += 1
    return {day: (p, n) for day, (p, n) in counts.items()}


def _day_in_month(iso: str, month: date) -> date | None:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    return day if (day.year, day.month) == (month.year, month.month) else None


def _is_instant(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _doc_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (1 << 62, doc_id)
