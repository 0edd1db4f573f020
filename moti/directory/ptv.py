"""Import from the national service catalogue (PTV, Palvelutietovaranto): organisations,
services and service channels as the PTV API lists them (domain.md §6).

Every file is read and checked first; one malformed file refuses the whole import before
anything is written. Then organisations, services and channels are written in that order,
whatever the file order (services name their organisation, channels their services), one
transaction per page. An item that cannot be taken (unpublished, nameless, outside Finland,
with an organisation nobody knows) is reported as rejected and the rest go on.

Entries are matched on their PTV id, written through `entry_create`/`entry_update` (history
and search index kept) and left untouched when nothing changed, so importing the same data
twice changes nothing.
"""

import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from pyproj import Transformer
from stdnum.fi import ytunnus

from moti.core.models import NeedDomain, Register
from moti.core.progress import progress

from . import search
from .models import Channel, Organisation, Service, ServicePoint
from .services import entry_create, entry_update, organisation_create

IMPORT_USERNAME = "ptv-import"
MAX_FILE_BYTES = 50 * 2**20
LANGUAGES = ("fi", "sv", "en")
CREATED, UPDATED, UNCHANGED, MERGED = "created", "updated", "unchanged", "merged"
ORGANISATION, SERVICE, CHANNEL, POINT = "organisation", "service", "channel", "service point"
CHANNEL_TYPES = ("ServiceLocation", "EChannel", "Phone", "PrintableForm", "WebPage")
DAYS = {day: n for n, day in enumerate(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))}
# Mainland Finland and Åland with a margin, in WGS84 degrees.
FINLAND_LATITUDE, FINLAND_LONGITUDE = (59.0, 70.5), (19.0, 32.0)

D = NeedDomain
# PTV service classes (ptvserclass2, codes P1 … P28) → need domains (domain.md §4). A
# subclass's own row wins over its main class's; classes outside our domains map to nothing.
NEED_DOMAINS_OF_CLASS: dict[str, tuple[str, ...]] = {
    "P1": (D.HOUSING,),  # Asuminen
    "P1.4": (D.HOUSING, D.INCOME),  # Asumisen tuet
    "P3": (D.FAMILY,),  # Perheiden palvelut
    "P3.5": (D.FAMILY, D.LEGAL),  # Perheasioiden sovittelu ja perheoikeus
    "P3.9": (D.FAMILY, D.INCOME),  # Elatusapu
    "P4": (D.DAILY_LIVING,),  # Sosiaalipalvelut: elderly, home care, disability …
    "P4.1": (D.HOUSING, D.DAILY_LIVING),  # Asumispalvelut
    "P4.6": (D.FAMILY,),  # Perhehoito
    "P4.8": (D.WORK,),  # Työllistyjän tukeminen
    "P4.9": (D.WORK,),  # Koulu- ja opiskelijahuollon sosiaalipalvelut
    "P4.10": (D.INCOME,),  # Toimeentulotuki
    "P4.11": (D.ACCESS,),  # Kotouttaminen
    "P4.12": (D.LONELINESS,),  # Sosiaalipalvelujen vertais- ja vapaaehtoistoiminta
    "P5": (D.HEALTH,),  # Terveydenhuolto, sairaanhoito ja ravitsemus
    "P5.7": (D.MENTAL_HEALTH, D.SUBSTANCE),  # Päihde- ja mielenterveyspalvelut
    "P6": (D.WORK,),  # Koulutus
    "P6.1": (D.FAMILY,), "P6.2": (D.FAMILY,), "P6.3": (D.FAMILY,),  # pre- and basic school
    "P7": (D.LEGAL,),  # Oikeusturva
    "P7.5": (D.SAFETY, D.LEGAL),  # Rikosten ilmoittaminen
    "P9.4": (D.ACCESS,),  # Asioinnin tukipalvelut
    "P10": (D.WORK,),  # Työ ja työttömyys
    "P10.6": (D.WORK, D.INCOME),  # Työttömän tuet ja etuudet
    "P13": (D.INCOME,),  # Eläkkeet
    "P15.1": (D.INCOME,), "P15.3": (D.INCOME,), "P15.5": (D.INCOME,),  # debt advice …
    "P16.5": (D.ACCESS,),  # Joukkoliikenne
    "P19": (D.SAFETY,),  # Turvallisuus
    "P22": (D.ACCESS,),  # Maahan- ja maastamuutto
    "P25.5": (D.LONELINESS,),  # Vapaa-ajan palvelut
    "P28.5": (D.WORK,),  # Ohjaamot: young people's guidance
}
Kind = Organisation.Kind
# PTV's organizationType → kind; unknown types are OTHER. State agencies are told apart by
# name, the only thing PTV says about them.
KIND_OF_TYPE = {"Municipality": Kind.MUNICIPALITY, "RegionalOrganization": Kind.COUNTY,
                "WellbeingServicesCounty": Kind.COUNTY, "Company": Kind.PRIVATE,
                "Organization": Kind.NGO}
KIND_BY_NAME = ((Kind.KELA, ("kela", "kansaneläkelaitos", "folkpensionsanstalten")),
                (Kind.POLICE, ("poliisi", "polis")),
                (Kind.EMPLOYMENT, ("te-palvelut", "te-toimisto", "työllisyys")),
                (Kind.PARISH, ("seurakun", "församling")))


class PtvFormatError(ValueError):
    """A file is not a PTV list page, or holds items of the wrong shape: nothing written."""


class PtvPageError(RuntimeError):
    """Writing a page failed: that page was rolled back, the pages before it stay."""

    def __init__(self, page: "Page", error: Exception, report: "Report"):
        super().__init__(f"{page.path.name} (page {page.number}): {error}")
        self.report = report


class _Rejected(Exception):
    """An item that cannot be taken, with the reason in plain words."""


@dataclass
class Rejection:
    kind: str
    ptv_id: str
    reason: str


@dataclass
class Report:
    """What an import did, per kind of entry, and each item it rejected and why."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    merged: int = 0  # channels whose phone, e-mail or address went into their services
    rejected: list[Rejection] = field(default_factory=list)

    def add(self, other: "Report") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.merged += other.merged
        self.rejected += other.rejected

    def lines(self) -> list[str]:
        lines = [f"{kind}s: {self.created[kind]} created, {self.updated[kind]} updated, "
                 f"{self.unchanged[kind]} unchanged" for kind in (ORGANISATION, SERVICE, POINT)]
        lines.append(f"channels taken into their services: {self.merged}")
        lines.append(f"rejected: {len(self.rejected)}")
        lines += [f"  {r.kind} {r.ptv_id}: {r.reason}" for r in self.rejected]
        return lines


@dataclass
class Page:
    path: Path
    kind: str
    number: int
    items: list[dict[str, Any]]


# --- Reading and checking the files -------------------------------------------------------

Check = Callable[[Any, str], None]


def _fail(where: str, what: str) -> None:
    raise PtvFormatError(f"{where}: {what}")


def _type(*types: type) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            _fail(where, f"expected {' or '.join(t.__name__ for t in types)}, "
                         f"found {type(value).__name__}")
    return check


def _uuid(value: Any, where: str) -> None:
    _type(str)(value, where)
    try:
        uuid.UUID(value)
    except ValueError:
        _fail(where, f"{value!r} is not a UUID")


def _list_of(check: Check) -> Check:
    def run(value: Any, where: str) -> None:
        _type(list)(value, where)
        for n, element in enumerate(value):
            check(element, f"{where}[{n}]")
    return run


def _object(required: Iterable[str] = (), **fields: Check) -> Check:
    """A JSON object with these fields when present (null is absent); others are ignored."""
    def run(value: Any, where: str) -> None:
        _type(dict)(value, where)
        for name in required:
            if value.get(name) is None:
                _fail(where, f"has no {name}")
        for name, check in fields.items():
            if value.get(name) is not None:
                check(value[name], f"{where}.{name}")
    return run


_str, _int = _type(str), _type(int)
TEXTS = _list_of(_object(language=_str, value=_str, type=_str))
URLS = _list_of(_object(url=_str, value=_str, language=_str))
MUNICIPALITY = _object(code=_str, name=TEXTS)
SHAPES: dict[str, Check] = {
    ORGANISATION: _object(
        ["id"], id=_uuid, organizationNames=TEXTS, organizationDescriptions=TEXTS,
        organizationType=_str, businessCode=_str, publishingStatus=_str, webPages=URLS),
    SERVICE: _object(
        ["id"], id=_uuid, serviceNames=TEXTS, serviceDescriptions=TEXTS, publishingStatus=_str,
        serviceClasses=_list_of(_object(uri=_str, code=_str)), languages=_list_of(_str),
        organizations=_list_of(_object(roleType=_str, organization=_object(["id"], id=_uuid))),
        areas=_list_of(_object(type=_str, municipalities=_list_of(MUNICIPALITY)))),
    CHANNEL: _object(
        ["id"], id=_uuid, serviceChannelType=_str, serviceChannelNames=TEXTS,
        serviceChannelDescriptions=TEXTS, organizationId=_uuid, publishingStatus=_str,
        addresses=_list_of(_object(type=_str, streetAddress=_object(
            street=TEXTS, streetNumber=_str, postalCode=_str, postOffice=TEXTS,
            municipality=MUNICIPALITY, latitude=_type(str, int, float),
            longitude=_type(str, int, float)))),
        phoneNumbers=_list_of(_object(number=_str, prefixNumber=_str)),
        emails=_list_of(_object(value=_str)), webPages=URLS, webPage=URLS, channelUrls=URLS,
        serviceHours=_list_of(_object(serviceHourType=_str, openingHour=_list_of(_object(
            (), dayFrom=_str, dayTo=_str, **{"from": _str, "to": _str})))),
        services=_list_of(_object(["service"], service=_object(["id"], id=_uuid)))),
}
PAGE = _object(["pageNumber", "pageSize", "pageCount", "itemList"], pageNumber=_int,
               pageSize=_int, pageCount=_int, itemList=_list_of(_type(dict)))


def _item_kind(item: dict[str, Any]) -> str | None:
    if "serviceChannelType" in item or "serviceChannelNames" in item:
        return CHANNEL
    if "serviceNames" in item:
        return SERVICE
    if "organizationNames" in item or "organizationType" in item:
        return ORGANISATION
    return None


def read_page(path: Path) -> Page:
    """One file as a checked PTV list page (`PtvFormatError` if it is not one)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PtvFormatError(f"{path.name}: larger than {MAX_FILE_BYTES // 2**20} MB; "
                                 "PTV's API pages are far smaller")
        # utf-8-sig: a file saved by an editor may start with a byte-order mark.
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise PtvFormatError(f"{path.name}: cannot be read ({error})") from error
    except json.JSONDecodeError as error:
        raise PtvFormatError(f"{path.name}: not JSON ({error})") from error
    except RecursionError as error:
        raise PtvFormatError(f"{path.name}: nested too deep to be a PTV page") from error
    if not isinstance(data, dict) or "itemList" not in data:
        raise PtvFormatError(f"{path.name}: not a PTV list page (no itemList)")
    PAGE(data, path.name)
    kinds = set()
    for n, item in enumerate(data["itemList"]):
        where = f"{path.name}: itemList[{n}]"
        kind = _item_kind(item)
        if kind is None:
            raise PtvFormatError(f"{where}: is neither an organisation, a service nor a "
                                 "service channel")
        SHAPES[kind](item, where)
        kinds.add(kind)
    if len(kinds) > 1:
        _fail(path.name, "mixes kinds of items on one page")
    return Page(path, kinds.pop() if kinds else SERVICE, data["pageNumber"], data["itemList"])


def read_pages(paths: list[Path]) -> list[Page]:
    """Every page of these files and folders (a folder's *.json), in the order to write."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".json")
        elif path.is_file():
            files.append(path)
        else:
            raise PtvFormatError(f"{path}: no such file or folder")
    if not files:
        raise PtvFormatError("no JSON files to import")
    order = (ORGANISATION, SERVICE, CHANNEL)
    return sorted((read_page(f) for f in files), key=lambda page: order.index(page.kind))


# --- Converting items (no writes) ---------------------------------------------------------

def _texts(entries: list[dict[str, Any]] | None, types: tuple[str | None, ...] = (None,)
           ) -> dict[str, str]:
    """Each language's text, of the first of `types` it has (None: of any type)."""
    found: dict[str, str] = {}
    for wanted in types:
        for entry in entries or ():
            language = (entry.get("language") or "").lower()
            value = (entry.get("value") or "").strip()
            if (value and language in LANGUAGES and language not in found
                    and (wanted is None or entry.get("type") in (None, wanted))):
                found[language] = value
    return found


def _first(texts: dict[str, str]) -> str:
    return next((texts[lang] for lang in LANGUAGES if lang in texts), "")


def _translated(item: dict[str, Any], names: str, descriptions: str) -> dict[str, str]:
    name = _texts(item.get(names), ("Name",))
    if not name:
        raise _Rejected("no name in any language")
    description = _texts(item.get(descriptions), ("Description", "Summary"))
    return {**{f"name_{lang}": name.get(lang, "") for lang in LANGUAGES},
            **{f"description_{lang}": description.get(lang, "") for lang in LANGUAGES}}


def _published(item: dict[str, Any]) -> None:
    status = item.get("publishingStatus")
    if status != "Published":
        raise _Rejected(f"not published in PTV (status {status or 'missing'})")


def _url(entries: list[dict[str, Any]] | None, max_length: int) -> str:
    """The first valid web address, a Finnish one first."""
    candidates = sorted(entries or (), key=lambda e: (e.get("language") or "fi") != "fi")
    for entry in candidates:
        url = (entry.get("url") or entry.get("value") or "").strip()
        try:
            URLValidator()(url)
        except ValidationError:
            continue
        if len(url) <= max_length:
            return url
    return ""


def _phone(numbers: list[dict[str, Any]] | None) -> str:
    for entry in numbers or ():
        number = (entry.get("number") or "").strip()
        prefix = "" if entry.get("isFinnishServiceNumber") else entry.get("prefixNumber") or ""
        phone = f"{prefix} {number}".strip()
        if number and len(phone) <= 50:
            return phone
    return ""


def _email(emails: list[dict[str, Any]] | None) -> str:
    for entry in emails or ():
        try:
            validate_email(value := (entry.get("value") or "").strip())
            return value
        except ValidationError:
            continue
    return ""


def organisation_kind(ptv_type: str, names: Iterable[str]) -> str:
    """Moti's kind of organisation for PTV's organizationType (and a State agency's name)."""
    if ptv_type in ("State", "Organization"):
        text = " ".join(names).lower()
        for kind, words in KIND_BY_NAME:
            if any(word in text for word in words):
                return kind
    return KIND_OF_TYPE.get(ptv_type, Kind.OTHER)


def need_domains(codes: Iterable[str]) -> list[str]:
    """The need domains of these service classes, in NeedDomain's order."""
    found: set[str] = set()
    for code in codes:
        found.update(NEED_DOMAINS_OF_CLASS.get(code, NEED_DOMAINS_OF_CLASS.get(
            code.split(".")[0], ())))
    return [domain for domain in NeedDomain.values if domain in found]


def _organisation_data(item: dict[str, Any]) -> dict[str, Any]:
    _published(item)
    names = _texts(item.get("organizationNames"), ("Name",))
    if not names:
        raise _Rejected("no name in any language")
    business_id = (item.get("businessCode") or "").strip()
    if business_id and not ytunnus.is_valid(business_id):
        raise _Rejected(f"business ID {business_id} is not valid")
    description = _texts(item.get("organizationDescriptions"), ("Description", "Summary"))
    return {"name": _first(names),
            "kind": organisation_kind(item.get("organizationType") or "", names.values()),
            "business_id": ytunnus.format(business_id) if business_id else "",
            "description": _first(description), "web": _url(item.get("webPages"), 200)}


def _service_organisation(item: dict[str, Any]) -> uuid.UUID:
    """The responsible organisation's PTV id (else the first one named)."""
    named = [o for o in item.get("organizations") or () if o.get("organization")]
    named.sort(key=lambda o: o.get("roleType") != "Responsible")
    if not named:
        raise _Rejected("names no organisation")
    return uuid.UUID(named[0]["organization"]["id"])


def class_code(entry: dict[str, Any]) -> str:
    uri = entry.get("uri") or ""
    return uri.rsplit("/code/", 1)[1] if "/code/" in uri else (entry.get("code") or "")


def _service_fields(item: dict[str, Any]) -> dict[str, Any]:
    _published(item)
    codes = [class_code(entry) for entry in item.get("serviceClasses") or ()]
    codes = list(dict.fromkeys(code for code in codes if code))
    municipalities = []
    for area in item.get("areas") or ():
        if area.get("type") == "Municipality":
            municipalities += [_first(_texts(m.get("name"))) for m in area["municipalities"] or ()]
    languages = [language.lower() for language in item.get("languages") or ()]
    return {**_translated(item, "serviceNames", "serviceDescriptions"),
            "service_classes": codes, "need_domains": need_domains(codes),
            "languages": list(dict.fromkeys(languages)),
            "municipalities": [m for m in dict.fromkeys(municipalities) if m]}


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(3067, 4326, always_xy=True)


def wgs84(northing: Any, easting: Any) -> tuple[float | None, float | None]:
    """(latitude, longitude) of PTV's ETRS-TM35FIN (EPSG:3067) coordinates; half a pair or
    none is no place."""
    if northing in (None, "") or easting in (None, ""):
        return None, None
    try:
        north, east = float(str(northing).replace(",", ".")), float(str(easting).replace(",", "."))
    except ValueError:
        raise _Rejected(f"coordinates ({easting}, {northing}) are not numbers") from None
    longitude, latitude = _to_wgs84().transform(east, north)
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and FINLAND_LATITUDE[0] <= latitude <= FINLAND_LATITUDE[1]
            and FINLAND_LONGITUDE[0] <= longitude <= FINLAND_LONGITUDE[1]):
        raise _Rejected(f"coordinates ({easting}, {northing}) are outside Finland")
    return round(latitude, 6), round(longitude, 6)


def _hhmm(value: str | None) -> str | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(:\d{2})?", value or "")
    return f"{int(match[1]):02}:{match[2]}" if match else None


def opening_hours(service_hours: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Standard service hours as [{"days": [0..6], "from": "HH:MM", "to": "HH:MM"}]."""
    hours = []
    for block in service_hours or ():
        if block.get("serviceHourType") != "Standard" or block.get("isClosed"):
            continue
        for entry in block.get("openingHour") or ():
            first = DAYS.get(entry.get("dayFrom") or "")
            last = DAYS.get(entry.get("dayTo") or entry.get("dayFrom") or "")
            opens, closes = _hhmm(entry.get("from")), _hhmm(entry.get("to"))
            if first is None or last is None or not opens or not closes:
                continue  # a day or an hour PTV does not define: nothing to show
            days = [(first + n) % 7 for n in range((last - first) % 7 + 1)]
            hours.append({"days": days, "from": opens, "to": closes})
    return hours


def _point_fields(item: dict[str, Any]) -> dict[str, Any]:
    addresses = [a for a in item.get("addresses") or () if a.get("streetAddress")]
    # The visiting address, not the postal one.
    addresses.sort(key=lambda a: a.get("type") not in ("Location", "Visiting"))
    street = addresses[0]["streetAddress"] if addresses else {}
    municipality = street.get("municipality") or {}
    latitude, longitude = wgs84(street.get("latitude"), street.get("longitude"))
    return {**_translated(item, "serviceChannelNames", "serviceChannelDescriptions"),
            "street_address": " ".join(p for p in (_first(_texts(street.get("street"))),
                                                   street.get("streetNumber") or "") if p),
            "postal_code": street.get("postalCode") or "",
            "post_office": _first(_texts(street.get("postOffice"))),
            "municipality": _first(_texts(municipality.get("name"))),
            "municipality_code": municipality.get("code") or "",
            "latitude": latitude, "longitude": longitude,
            "opening_hours": opening_hours(item.get("serviceHours")),
            "phone": _phone(item.get("phoneNumbers")), "email": _email(item.get("emails"))}


@dataclass
class _Contacts:
    """What a service's channels add to it: how it is used, and its first contacts."""

    channels: set[str] = field(default_factory=set)
    phone: str = ""
    email: str = ""
    e_service: str = ""
    page: str = ""

    def fields(self) -> dict[str, Any]:
        return {"channels": [c for c in Channel.values if c in self.channels],
                "phone": self.phone, "email": self.email, "web": self.e_service or self.page}


# --- Writing ------------------------------------------------------------------------------

@dataclass
class _Import:
    """What the pages say about each other, known before anything is written."""

    user: User | None = None
    organisations_in_data: set[uuid.UUID] = field(default_factory=set)
    organisations_known: set[uuid.UUID] = field(default_factory=set)
    services_taken: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # → organisation
    # None when the import has no channels: the services' channel fields are left as they are.
    contacts: dict[uuid.UUID, _Contacts] | None = None

    def organisation_of(self, ptv_id: uuid.UUID) -> Organisation:
        organisation = Organisation.objects.filter(ptv_id=ptv_id).first()
        if organisation is None:
            raise _Rejected(f"its organisation {ptv_id} was rejected"
                            if ptv_id in self.organisations_in_data else
                            f"its organisation {ptv_id} is neither in the data nor in Moti")
        return organisation

    def known(self, organisation: uuid.UUID) -> uuid.UUID:
        """The organisation's id, if it is in the data or in Moti; else the reason."""
        if organisation not in self.organisations_known:
            self.organisation_of(organisation)
        return organisation

    def channel_services(self, item: dict[str, Any]) -> list[uuid.UUID]:
        """The channel's type checked, and the services of this import it belongs to."""
        _published(item)
        kind = item.get("serviceChannelType")
        if kind not in CHANNEL_TYPES:
            raise _Rejected(f"unknown channel type {kind!r}")
        linked = [uuid.UUID(s["service"]["id"]) for s in item.get("services") or ()]
        if kind != "ServiceLocation" and not any(s in self.services_taken for s in linked):
            raise _Rejected("linked to no service taken from this import")
        return linked

    def point_organisation(self, item: dict[str, Any], linked: list[uuid.UUID]) -> uuid.UUID:
        if item.get("organizationId"):
            return self.known(uuid.UUID(item["organizationId"]))
        taken = [self.services_taken[s] for s in linked if s in self.services_taken]
        if not taken:
            raise _Rejected("names no organisation and no service of this import")
        return taken[0]


def _plan(pages: list[Page]) -> _Import:
    """Which organisations and services will be taken, and what channels add to services."""
    plan = _Import()
    for item in (item for page in pages if page.kind == ORGANISATION for item in page.items):
        plan.organisations_in_data.add(uuid.UUID(item["id"]))
        try:
            _organisation_data(item)
            plan.organisations_known.add(uuid.UUID(item["id"]))
        except _Rejected:
            pass
    plan.organisations_known.update(ptv_id for ptv_id in Organisation.objects.values_list(
        "ptv_id", flat=True) if ptv_id is not None)
    for item in (item for page in pages if page.kind == SERVICE for item in page.items):
        try:
            _service_fields(item)
            plan.services_taken[uuid.UUID(item["id"])] = plan.known(_service_organisation(item))
        except _Rejected:
            pass
    channels = [item for page in pages if page.kind == CHANNEL for item in page.items]
    contacts: dict[uuid.UUID, _Contacts] = {}
    for item in channels:
        try:
            linked = plan.channel_services(item)
            if item["serviceChannelType"] == "ServiceLocation":
                _point_fields(item)
                plan.point_organisation(item, linked)
        except _Rejected:
            continue
        for service in (s for s in linked if s in plan.services_taken):
            _merge(contacts.setdefault(service, _Contacts()), item)
    plan.contacts = contacts if channels else None
    return plan


def _merge(contacts: _Contacts, item: dict[str, Any]) -> None:
    kind = item["serviceChannelType"]
    if kind == "ServiceLocation":
        contacts.channels.add(Channel.IN_PERSON)  # its contacts stay with the point
        return
    contacts.channels.update({"EChannel": [Channel.E_SERVICE], "Phone": [Channel.PHONE]}
                             .get(kind, []))
    contacts.phone = contacts.phone or _phone(item.get("phoneNumbers"))
    contacts.email = contacts.email or _email(item.get("emails"))
    urls = [*(item.get("webPage") or ()), *(item.get("webPages") or ()),
            *(item.get("channelUrls") or ())]
    if kind == "EChannel":
        contacts.e_service = contacts.e_service or _url(urls, 500)
    else:
        contacts.page = contacts.page or _url(urls, 500)


Entry = Organisation | Service | ServicePoint


def _differs(entry: Entry, name: str, value: Any) -> bool:
    if isinstance(value, Organisation):
        return getattr(entry, f"{name}_id") != value.pk
    return getattr(entry, name) != value


def _save(*, model: type[Entry], ptv_id: uuid.UUID, fields: dict[str, Any], user: User,
          many: dict[str, list[Service]] | None = None, entry: Entry | None = None) -> str:
    """Create the entry, or update what changed in it (history kept), or leave it be."""
    entry = entry or model.objects.filter(ptv_id=ptv_id).first()
    if entry is None:
        entry_create(model=model, user=user, fields={**fields, "ptv_id": ptv_id}, many=many)
        return CREATED
    changed = {name: value for name, value in fields.items() if _differs(entry, name, value)}
    links = {name: objs for name, objs in (many or {}).items()
             if set(getattr(entry, name).values_list("pk", flat=True)) != {o.pk for o in objs}}
    if not changed and not links:
        return UNCHANGED
    entry_update(entry=entry, expected_version=entry.version, user=user, fields=changed,
                 many=links)
    for name, objs in links.items():
        # entry_update compares links by their names; two services may share one.
        getattr(entry, name).set(objs)
    return UPDATED


def _write_organisation(item: dict[str, Any], plan: _Import) -> str:
    data = _organisation_data(item)
    ptv_id, user = uuid.UUID(item["id"]), plan.user
    assert user is not None
    # The kind and register are chosen once: the register decides who sees the records.
    fields = {name: data[name] for name in ("name", "business_id", "description", "web")}
    organisation = Organisation.objects.filter(ptv_id=ptv_id).first()
    if organisation is None:
        # One Moti made by hand under the same name is that organisation: link it.
        organisation = Organisation.objects.filter(name=data["name"], ptv_id=None).first()
        fields["ptv_id"] = ptv_id
    if organisation is not None:
        return _save(model=Organisation, ptv_id=ptv_id, fields=fields, user=user,
                     entry=organisation)
    organisation = organisation_create(name=data["name"], kind=data["kind"],
                                       register=Register.OTHER, business_id=data["business_id"])
    # Checked by the import as it writes it, as entry_create checks a service.
    Organisation.objects.filter(pk=organisation.pk).update(
        ptv_id=ptv_id, description=data["description"], web=data["web"], updated_by=user,
        checked_at=timezone.now(), checked_by=user)
    organisation.refresh_from_db()
    search.index(organisation)
    return CREATED


def _write_service(item: dict[str, Any], plan: _Import) -> str:
    fields = _service_fields(item)
    fields["organisation"] = plan.organisation_of(plan.known(_service_organisation(item)))
    ptv_id = uuid.UUID(item["id"])
    if plan.contacts is not None:
        fields.update(plan.contacts.get(ptv_id, _Contacts()).fields())
    assert plan.user is not None
    return _save(model=Service, ptv_id=ptv_id, fields=fields, user=plan.user)


def _write_channel(item: dict[str, Any], plan: _Import) -> str:
    linked = plan.channel_services(item)
    if item["serviceChannelType"] != "ServiceLocation":
        return MERGED
    fields = _point_fields(item)
    fields["organisation"] = plan.organisation_of(plan.point_organisation(item, linked))
    services = list(Service.objects.filter(ptv_id__in=linked).order_by("pk"))
    assert plan.user is not None
    return _save(model=ServicePoint, ptv_id=uuid.UUID(item["id"]), fields=fields,
                 user=plan.user, many={"services": services})


def _reason(error: Exception) -> str:
    if not isinstance(error, ValidationError):
        return str(error)
    with translation.override("en"):  # the report is in English, as the rest of it
        if not hasattr(error, "error_dict"):
            return " ".join(error.messages)
        return "; ".join(" ".join(messages) if name == "__all__" else
                         f"{name}: {' '.join(messages)}"
                         for name, messages in error.message_dict.items())


def _write_page(page: Page, plan: _Import, progress: Callable[[], None]) -> Report:
    """One page in one transaction: its items written or rejected, or nothing at all."""
    report = Report()
    with transaction.atomic():
        for item in page.items:
            try:
                with transaction.atomic():  # a rejected item leaves no trace
                    if page.kind == ORGANISATION:
                        outcome, kind = _write_organisation(item, plan), ORGANISATION
                    elif page.kind == SERVICE:
                        outcome, kind = _write_service(item, plan), SERVICE
                    else:
                        outcome, kind = _write_channel(item, plan), POINT
            except (_Rejected, ValidationError, IntegrityError) as error:
                report.rejected.append(Rejection(page.kind, item["id"], _reason(error)))
            else:
                if outcome == MERGED:
                    report.merged += 1
                else:
                    getattr(report, outcome)[kind] += 1
            progress()
    return report


def _import_user() -> User:
    user, _ = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"is_active": False, "password": make_password(None)})
    return user


def ptv_import(*, paths: list[Path], out: IO[str] | OutputWrapper | None = None) -> Report:
    """Import PTV list pages (files, or folders of *.json): all checked before any write."""
    pages = read_pages(paths)
    plan = _plan(pages)
    plan.user = _import_user()
    report = Report()
    labels = {ORGANISATION: "organisations", SERVICE: "services", CHANNEL: "service channels"}
    totals = Counter({kind: 0 for kind in labels})
    for page in pages:
        totals[page.kind] += len(page.items)
    done: Counter[str] = Counter()
    for page in pages:
        def step(kind: str = page.kind) -> None:
            done[kind] += 1
            progress(labels[kind], done[kind], totals[kind], out)
        try:
            report.add(_write_page(page, plan, step))
        except Exception as error:
            raise PtvPageError(page, error, report) from error
    return report
