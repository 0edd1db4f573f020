"""Import of service episodes from a source system's CSV extract (`moti import-episodes`).

The file is read and checked whole before anything is written: a malformed file (not UTF-8,
binary, no header, a required column missing, broken quoting, too large or too long) is
refused and nothing is written. A bad row is rejected with its line number and the reason;
the other rows are imported. Rows are filed in the register where the importing professional
works and matched there on the source system's id (`source_id`), so importing the same extract
again changes nothing and a changed row updates its episode with history.

Clients are matched on their identity code and never created: a row of an unknown client is
rejected. No identity code, nor any other value of the file, is written to the report; a
rejected row is named by its line number (Act 703/2023: no identity codes in logs).
"""

import copy
import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.db import IntegrityError, transaction
from django.utils import translation
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu

from moti.clients.models import Client, authored_by
from moti.core.forms import EARLIEST, LATEST
from moti.core.progress import progress
from moti.core.services import EditConflict, versioned_update
from moti.directory.models import Person

from .models import EndReason, Intensity, ServiceEpisode
from .services import Step, service_lookup

MAX_FILE_BYTES = 20 * 2**20
MAX_ROWS = 200_000
# Identity codes or ids per lookup and rows per INSERT: SQLite takes at most 999 parameters.
BATCH = 500
REQUIRED = ("episode_id", "identity_code", "service", "start")
OPTIONAL = ("intensity", "planned_end", "end", "end_reason", "next_service", "next_date")
INTENSITIES = {"heavy": Intensity.HEAVY, "light": Intensity.LIGHT,
               "raskas": Intensity.HEAVY, "kevyt": Intensity.LIGHT}
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# A last guard on the report: anything shaped like an identity code is masked.
IDENTITY_CODE_LIKE = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", re.IGNORECASE)
# Relations filled from rows just read from the database: validating them again would cost a
# query apiece per row.
RELATIONS = [f.name for f in ServiceEpisode._meta.fields if f.is_relation]

T = TypeVar("T")


class ImportRefused(ValueError):
    """The file or the importer cannot be used: nothing was written."""

    def __str__(self) -> str:
        # A file's name may hold an identity code: masked like the report's lines.
        return masked(super().__str__())


def masked(text: str) -> str:
    return IDENTITY_CODE_LIKE.sub("[identity code]", text)


class _Rejected(Exception):
    """A row that cannot be taken, with the reason in plain words (never a value of it)."""


@dataclass
class Row:
    line: int  # where the row starts in the file, counting the header as line 1
    values: dict[str, str]
    problem: str = ""  # a row of the wrong shape, rejected without reading it


@dataclass
class Extract:
    name: str
    rows: list[Row]
    ignored_columns: list[str]


@dataclass
class Report:
    """What an import did: counts, and each rejected line with its reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected.append((line, reason))

    def lines(self) -> list[str]:
        lines = [f"episodes: {self.created} created, {self.updated} updated, "
                 f"{self.unchanged} unchanged, {len(self.rejected)} rejected"]
        if self.ignored_columns:
            lines.append(f"columns ignored: {', '.join(self.ignored_columns)}")
        lines += [f"  line {line}: {reason}" for line, reason in sorted(self.rejected)]
        return [masked(line) for line in lines]


@dataclass(frozen=True)
class _Parsed:
    line: int
    source_id: str
    identity_code: str
    step: Step


# --- Reading and checking the file (no writes) ------------------------------------------

def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _delimiter(text: str) -> str:
    """`;` or `,`, whichever the header line has more of (`;` on a tie: Finnish Excel's)."""
    header = text.split("\n", 1)[0]
    return "," if header.count(",") > header.count(";") else ";"


def _records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted field may span lines)."""
    end = 0
    for record in reader:
        start, end = end + 1, reader.line_num
        yield start, record


def read_extract(path: Path) -> Extract:
    """The file's rows, checked as a whole (`ImportRefused` if it cannot be imported)."""
    name = path.name
    try:
        if not path.is_file():
            raise ImportRefused(f"{path}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportRefused(f"{name}: larger than {MAX_FILE_BYTES // 2**20} MB; split the "
                                "extract")
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{name}: cannot be read ({error.strerror})") from error
    if b"\0" in data:
        line = _line_of(data, data.index(b"\0"))
        raise ImportRefused(f"{name}: line {line} holds a NUL byte; this is not a CSV text file")
    try:
        # utf-8-sig: a file saved by Excel or an editor may start with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name}: not UTF-8 (line {_line_of(data, error.start)}); save "
                            "the extract as UTF-8") from error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records = _records(reader)
    try:
        header = [column.strip().lower() for column in next(records, (0, []))[1]]
        if not any(header):
            raise ImportRefused(f"{name}: no header row (the first line names the columns)")
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise ImportRefused(f"{name}: the header has no column {', '.join(missing)} "
                                f"(required: {', '.join(REQUIRED)})")
        known = REQUIRED + OPTIONAL
        twice = sorted({column for column in header if column in known
                        and header.count(column) > 1})
        if twice:
            raise ImportRefused(f"{name}: the header names {', '.join(twice)} more than once")
        rows: list[Row] = []
        for line, record in records:
            if not any(value.strip() for value in record):
                continue  # a blank line
            if len(rows) == MAX_ROWS:
                raise ImportRefused(f"{name}: more than {MAX_ROWS} rows; split the extract")
            if len(record) != len(header):
                rows.append(Row(line, {}, f"{len(record)} fields where the header has "
                                          f"{len(header)}"))
                continue
            values = dict(zip(header, record, strict=True))
            rows.append(Row(line, {column: values[column] for column in known
                                   if column in values}))
    except csv.Error as error:
        raise ImportRefused(f"{name}: line {reader.line_num} is not valid CSV "
                            f"({error})") from error
    ignored = [column[:40] for column in header if column and column not in known]
    return Extract(name, rows, ignored)


# --- Converting rows (no writes) ---------------------------------------------------------

def parse_date(text: str) -> datetime.date | None:
    """An ISO (2026-11-23) or a Finnish (23.11.2026) date; None when empty."""
    text = text.strip()
    if not text:
        return None
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := FINNISH_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    day_ = datetime.date(int(year), int(month), int(day))
    if not EARLIEST <= day_ <= LATEST:  # what the forms take: an imported episode stays editable
        raise ValueError(text)
    return day_


def _date(values: dict[str, str], column: str) -> datetime.date | None:
    try:
        return parse_date(values.get(column, ""))
    except ValueError:
        raise _Rejected(f"{column} is not a date between {EARLIEST.year} and {LATEST.year} "
                        "(write 2026-11-23 or 23.11.2026)") from None


def _parse(row: Row) -> _Parsed:
    if row.problem:
        raise _Rejected(row.problem)
    values = row.values
    source_id = values["episode_id"].strip()
    if not source_id:
        raise _Rejected("no episode_id")
    if len(source_id) > ServiceEpisode._meta.get_field("source_id").max_length:  # type: ignore[operator]
        raise _Rejected("episode_id is longer than 100 characters")
    code = values["identity_code"].strip()
    if not code:
        raise _Rejected("no identity code")
    try:
        hetu.validate(code, allow_temporary=True)
    except StdnumError:
        raise _Rejected("the identity code is not valid") from None
    service = values["service"].strip()
    if not service:
        raise _Rejected("no service")
    intensity = values.get("intensity", "").strip().lower()
    if intensity and intensity not in INTENSITIES:
        raise _Rejected("intensity is not heavy, light, raskas or kevyt")
    starts_on = _date(values, "start")
    if starts_on is None:
        raise _Rejected("no start date")
    planned_end_on, ended_on = _date(values, "planned_end"), _date(values, "end")
    if ended_on and ended_on < starts_on:
        raise _Rejected("end is before start")
    if planned_end_on and planned_end_on < starts_on:
        raise _Rejected("planned_end is before start")
    end_reason = values.get("end_reason", "").strip().lower()
    if end_reason and end_reason not in EndReason.values:
        raise _Rejected(f"end_reason is not one of {', '.join(EndReason.values)}")
    if end_reason and not ended_on:
        raise _Rejected("end_reason without an end date")
    next_service, next_on = values.get("next_service", "").strip(), _date(values, "next_date")
    if next_on and not next_service:
        raise _Rejected("next_date without a next_service")
    # No owner column: an imported next step has no owner until someone takes it in Moti
    # (the UI's Step.check() that asks for one is not for imports).
    step = Step(service_name=service, intensity=INTENSITIES.get(intensity, Intensity.LIGHT),
                starts_on=starts_on, planned_end_on=planned_end_on, ended_on=ended_on,
                end_reason=end_reason, next_service_name=next_service, next_owner=None,
                next_on=next_on)
    return _Parsed(row.line, source_id, hetu.compact(code).upper(), step)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def _unique(parsed: list[_Parsed], report: Report) -> list[_Parsed]:
    """The rows whose episode_id no other row has: of two, neither can be trusted."""
    lines: dict[str, list[int]] = defaultdict(list)
    for row in parsed:
        lines[row.source_id].append(row.line)
    for row in parsed:
        others = [str(line) for line in lines[row.source_id] if line != row.line]
        if others:
            report.reject(row.line, f"the same episode_id as line {', '.join(others)} "
                                    "(none of them imported)")
    return [row for row in parsed if len(lines[row.source_id]) == 1]


def _clients(codes: Iterable[str]) -> dict[str, int]:
    """Identity code → client id, for the codes that have a client."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(codes)):
        found.update((code, pk) for code, pk in Client.objects.filter(
            identity_code__in=chunk).values_list("identity_code", "id") if code)
    return found


def _existing(filed: dict[str, Any], source_ids: Iterable[str]) -> dict[str, ServiceEpisode]:
    """source_id → the episode imported earlier into the same register."""
    found: dict[str, ServiceEpisode] = {}
    for chunk in _chunks(sorted(source_ids)):
        found.update((episode.source_id, episode) for episode in ServiceEpisode.objects.filter(
            controller_id=filed["controller_id"], register=filed["register"],
            source_id__in=chunk).select_related("service", "organisation", "next_service",
                                                "next_owner"))
    return found


def _differs(episode: ServiceEpisode, name: str, value: Any) -> bool:
    model_field = ServiceEpisode._meta.get_field(name)
    if model_field.is_relation:
        return bool(getattr(episode, model_field.attname) != (value.pk if value else None))  # type: ignore[union-attr]
    return bool(getattr(episode, name) != value)


def _validate(episode: ServiceEpisode) -> None:
    # The relations come from the database, the check constraints are clean()'s rules, and
    # episode_id is unique in the file and looked up in the register.
    episode.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)


def _reason(error: ValidationError) -> str:
    with translation.override("en"):  # the report is in English, as the rest of it
        return "; ".join(f"{name}: {' '.join(messages)}" if name != "__all__"
                         else " ".join(messages) for name, messages in error.message_dict.items())


def importer(username: str) -> Person:
    """The professional whose organisation's register the rows are filed in."""
    person = (Person.objects.select_related("user", "organisation")
              .filter(user__username=username).first())
    if person is None or person.user is None or not person.user.is_active:
        raise ImportRefused(f"no active professional with the username {username!r}")
    return person


# --- Importing ----------------------------------------------------------------------------

def episodes_import(*, path: Path, by: Person,
                    out: IO[str] | OutputWrapper | None = None) -> Report:
    """Import the extract at `path` into `by`'s register; a malformed file is refused whole
    (`ImportRefused`) before the first write, all writes are one transaction."""
    assert by.user is not None
    extract = read_extract(path)
    filed = authored_by(by)
    report = Report(ignored_columns=extract.ignored_columns)
    parsed = []
    for each in extract.rows:
        try:
            parsed.append(_parse(each))
        except _Rejected as rejected:
            report.reject(each.line, str(rejected))
    parsed = _unique(parsed, report)
    clients = _clients({row.identity_code for row in parsed})
    existing = _existing(filed, {row.source_id for row in parsed})
    creates: list[ServiceEpisode] = []
    updates: list[tuple[int, ServiceEpisode, dict[str, Any]]] = []
    named = service_lookup()
    for row in parsed:
        client_id = clients.get(row.identity_code)
        if client_id is None:
            report.reject(row.line, "no client with this identity code (not created)")
            continue
        fields = {**row.step.fields(named), "next_owner": None, "next_on": row.step.next_on}
        episode = existing.get(row.source_id)
        try:
            if episode is None:
                new = ServiceEpisode(client_id=client_id, source_id=row.source_id,
                                     updated_by=by.user, **filed, **fields)
                _validate(new)
                creates.append(new)
                continue
            if episode.client_id != client_id:
                report.reject(row.line, "this episode_id was imported for another client "
                                        "(not changed)")
                continue
            if episode.next_owner_id and (fields["next_service"] or fields["next_service_name"]):
                fields.pop("next_owner")  # the owner someone took the next step on stays
            changed = {name: value for name, value in fields.items()
                       if _differs(episode, name, value)}
            if not changed:
                report.unchanged += 1
                continue
            proposed = copy.copy(episode)
            for name, value in changed.items():
                setattr(proposed, name, value)
            _validate(proposed)
            updates.append((row.line, episode, changed))
        except ValidationError as error:
            report.reject(row.line, _reason(error))
    try:
        _write(creates, updates, by, report, out)
    except IntegrityError as error:
        raise ImportRefused("the database refused a row (was the same extract being imported "
                            "at the same time?); nothing was saved") from error
    return report


def _write(creates: list[ServiceEpisode], updates: list[tuple[int, ServiceEpisode,
           dict[str, Any]]], by: Person, report: Report,
           out: IO[str] | OutputWrapper | None) -> None:
    assert by.user is not None
    total, done = len(creates) + len(updates), 0
    every = max(total // 100, 1)  # about a hundred redraws, however long the file

    def step(count: int = 1) -> None:
        nonlocal done
        before, done = done, done + count
        if done // every != before // every or done == total:
            progress("service episodes", done, total, out)

    # One transaction: a failure half-way leaves nothing half-imported.
    with transaction.atomic():
        for chunk in _chunks(creates):
            ServiceEpisode.objects.bulk_create(chunk)
            report.created += len(chunk)
            step(len(chunk))
        for line, episode, changed in updates:
            try:
                versioned_update(instance=episode, expected_version=episode.version,
                                 user=by.user, fields=changed)
            except EditConflict:
                report.reject(line, "changed in Moti during the import (not changed); import "
                                    "the file again")
            else:
                report.updated += 1
            step()
