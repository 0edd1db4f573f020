"""The directory's search: one table of entries (`SearchEntry`) kept on every write, searched
by PostgreSQL's full text with a language configuration per column, or by SQLite's FTS5.

Every word must match, as a prefix (Finnish inflects: "velka" finds "velkaneuvonta"), in any
of the three languages. Filters are tags on the entry, so any filter is one substring test.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, connections, models
from django.utils import translation

from moti.core.models import NeedDomain
from moti.core.search import MAX_WORDS, composed

from .models import Agreement, Checked, Organisation, Person, SearchEntry, Service, ServicePoint

LANGUAGES = ("fi", "sv", "en")
Kind = SearchEntry.Kind
KIND_OF = {Service: Kind.SERVICE, Person: Kind.PERSON, Organisation: Kind.ORGANISATION,
           ServicePoint: Kind.POINT, Agreement: Kind.AGREEMENT}
EVERYWHERE = "*"  # the municipality tag of an entry not limited to some municipalities
DECIDES = "|k:decides|"  # a service or a person with its decision powers written down

# PostgreSQL: the stored vector of the three languages (migration 0009), unqualified so that
# the same SQL serves as a subquery, where Django renames the table.
_VECTOR = "search_vector"
# Ranking reads every match; past this many, the words and filters do not tell entries apart
# and the list comes in the directory's order, asking for another word or a filter.
FOUND_AT_MOST = 500
_IN_EACH = ("to_tsquery('finnish'::regconfig, %s)", "to_tsquery('swedish'::regconfig, %s)",
            "to_tsquery('english'::regconfig, %s)")
# A word matches in any language; a stopword of any one language ("ja", "och", "and") is left
# out, as that language's vector never holds it.
_WORD = ("(CASE WHEN " + " * ".join(f"numnode({q})" for q in _IN_EACH) + " = 0 THEN ''::tsquery"
         " ELSE (" + " || ".join(_IN_EACH) + ") END)")
_WORD_PARAMS = 2 * len(_IN_EACH)


def words_of(text: str) -> list[str]:
    """The words searched for: letters and digits only, so no query syntax gets through."""
    return re.findall(r"\w+", composed(text).lower())[:MAX_WORDS]


def tag(prefix: str, value: str, fold: bool = True) -> str:
    """One filter of an entry, case-folded unless it is shown (`fold=False`). The separator
    cannot come in with a value (a municipality written "Kuopio|d:health", a PTV language
    code): each tag is exactly what its field says."""
    value = composed(value).replace("|", " ").strip()
    return f"|{prefix}:{value.lower() if fold else value}|"


# --- Keeping the entries ------------------------------------------------------------------

def _labels(codes: Iterable[str], choices, language: str) -> str:
    labels = dict(choices)
    with translation.override(language):
        return " ".join(str(labels[code]) for code in codes if code in labels)


def _entry_texts(obj) -> tuple[dict, dict, dict, list[str]]:
    """(titles, subtitles, texts per language, tags) of one directory object."""
    titles: dict[str, str] = {}
    subtitles: dict[str, str] = {}
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    tags: list[str] = []
    if isinstance(obj, Service):
        for lang in LANGUAGES:
            titles[lang] = getattr(obj, f"name_{lang}")
            texts[lang] += [getattr(obj, f"name_{lang}"), getattr(obj, f"description_{lang}"),
                            _labels(obj.need_domains, NeedDomain.choices, lang)]
            subtitles[lang] = obj.organisation.name
        # Written in one language by its maintainer: searched in Finnish, the county's own.
        texts["fi"] += [obj.organisation.name, obj.decisions, obj.eligibility,
                        obj.target_groups, " ".join(obj.service_classes),
                        " ".join(obj.municipalities)]
        tags += [tag("d", d) for d in obj.need_domains] + [tag("c", c) for c in obj.channels]
        tags += [tag("l", lang) for lang in obj.languages]
        tags += [tag("m", m) for m in obj.municipalities] or [tag("m", EVERYWHERE)]
        tags += [DECIDES] if obj.decisions.strip() else []
        # Read back by the suggestions, which score every candidate from its tags alone.
        tags += [tag("w", str(obj.waiting_days))] if obj.waiting_days is not None else []
        tags += [tag("p", f"{p.latitude:.5f};{p.longitude:.5f};" + ", ".join(
            x.replace(";", ",") for x in (p.street_address, p.municipality) if x), fold=False)
            for p in obj.points.all() if p.latitude is not None]
    elif isinstance(obj, Person):
        name = str(obj)
        titles = {"fi": name}
        services = list(obj.services.all())
        for lang in LANGUAGES:
            subtitles[lang] = f"{obj.title}, {obj.organisation.name}"
            texts[lang] += [_labels(obj.expertise, NeedDomain.choices, lang),
                            *(getattr(s, f"name_{lang}") for s in services)]
        texts["fi"] += [name, obj.title, obj.organisation.name, obj.responsibilities,
                        obj.decisions, " ".join(obj.municipalities)]
        tags += [tag("d", d) for d in obj.expertise]
        tags += [tag("l", lang) for lang in obj.language_list]
        tags += [tag("m", m) for m in obj.municipalities] or [tag("m", EVERYWHERE)]
        tags += [DECIDES] if obj.decisions.strip() else []
    elif isinstance(obj, Organisation):
        titles = {"fi": obj.name}
        for lang in LANGUAGES:
            with translation.override(lang):
                subtitles[lang] = str(obj.get_kind_display())
            texts[lang].append(subtitles[lang])
        texts["fi"] += [obj.name, obj.description, obj.business_id]
        tags.append(tag("m", EVERYWHERE))
    elif isinstance(obj, ServicePoint):
        place = ", ".join(p for p in (obj.street_address, obj.municipality) if p)
        for lang in LANGUAGES:
            titles[lang] = getattr(obj, f"name_{lang}")
            subtitles[lang] = place
            texts[lang] += [getattr(obj, f"name_{lang}"), getattr(obj, f"description_{lang}")]
        texts["fi"] += [place, obj.postal_code, obj.post_office, obj.organisation.name]
        tags.append(tag("m", obj.municipality or EVERYWHERE))
    elif isinstance(obj, Agreement):
        parties = ", ".join(o.name for o in obj.parties.all())
        titles = {"fi": obj.title}
        subtitles = {"fi": parties}
        texts["fi"] += [obj.title, obj.purpose, obj.roles, parties]
        tags.append(tag("m", EVERYWHERE))
    return (titles, subtitles, {lang: " ".join(t for t in texts[lang] if t) for lang in texts},
            tags)


def _entry(obj) -> SearchEntry:
    titles, subtitles, texts, tags = _entry_texts(obj)
    return SearchEntry(kind=KIND_OF[type(obj)], object_id=obj.pk, titles=titles,
                       subtitles=subtitles, text_fi=texts["fi"], text_sv=texts["sv"],
                       text_en=texts["en"], tags="".join(sorted(set(tags))))


def index(*objs) -> None:
    """Write (or rewrite) the search entries of these directory objects."""
    for obj in objs:
        entry = _entry(obj)
        SearchEntry.objects.update_or_create(
            kind=entry.kind, object_id=entry.object_id,
            defaults={f: getattr(entry, f) for f in ("titles", "subtitles", "text_fi",
                                                     "text_sv", "text_en", "tags")})


# What an entry's words are read from besides its own row: (select_related, prefetch_related).
READS_WITH: dict[type[Checked], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Service: (("organisation",), ("points",)), ServicePoint: (("organisation",), ()),
    Person: (("organisation",), ("services",)), Organisation: ((), ()),
    Agreement: ((), ("parties",)),
}


def index_all(model: type[Checked], batch: int = 2000) -> int:
    """Rebuild every entry of one kind in batches (imports, the seed)."""
    kind = KIND_OF[model]
    related, prefetched = READS_WITH[model]
    query = model._default_manager.select_related(*related).prefetch_related(*prefetched) \
        .order_by("pk")
    SearchEntry.objects.filter(kind=kind).delete()
    done = 0
    last = 0
    while True:
        chunk = list(query.filter(pk__gt=last)[:batch])
        if not chunk:
            return done
        SearchEntry.objects.bulk_create([_entry(obj) for obj in chunk])
        done += len(chunk)
        last = chunk[-1].pk


# --- Searching ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    domain: str = ""
    municipality: str = ""
    language: str = ""
    channel: str = ""
    kinds: tuple[str, ...] = ()
    decides: bool = False


def _matches(words: list[str]) -> tuple[str, list[str]]:
    """The SQL that picks the entries matching every word (an `id IN` on SQLite), and its
    parameters."""
    if connection.vendor == "postgresql":
        tsquery = "(" + " && ".join([_WORD] * len(words)) + ")"
        return f"{_VECTOR} @@ {tsquery}", [f"{word}:*" for word in words
                                           for _ in range(_WORD_PARAMS)]
    return ("id IN (SELECT rowid FROM directory_search_fts WHERE directory_search_fts "
            "MATCH %s)", [" ".join(f'"{word}"*' for word in words)])


def entries(text: str = "", filters: Filters = Filters(),
            ranked: bool = True) -> models.QuerySet[SearchEntry]:
    """Entries matching every word of `text` and every filter, best match first; unranked
    (`ranked=False`: in the directory's order, or to be used as a subquery)."""
    query = SearchEntry.objects.all()
    if filters.kinds:
        query = query.filter(kind__in=filters.kinds)
    if filters.decides:
        query = query.filter(tags__holds=DECIDES)
    for prefix, value in (("d", filters.domain), ("l", filters.language),
                          ("c", filters.channel)):
        if value:
            query = query.filter(tags__holds=tag(prefix, value))
    if filters.municipality:
        query = query.filter(models.Q(tags__holds=tag("m", filters.municipality))
                             | models.Q(tags__holds=tag("m", EVERYWHERE)))
    words = words_of(text)
    if not words:
        return query.order_by("kind", "id")
    where, params = _matches(words)
    if not ranked:
        return query.extra(where=[where], params=params).order_by("kind", "id")
    return _ranked(query.extra(where=[where], params=params), words)


def _ranked(query: models.QuerySet[SearchEntry], words: list[str]) -> models.QuerySet[SearchEntry]:
    _where, params = _matches(words)
    if connection.vendor == "postgresql":
        rank = f"-ts_rank({_VECTOR}, {_where.split(' @@ ', 1)[1]})"
        return query.extra(select={"rank": rank}, select_params=params).order_by("rank", "id")
    return query.extra(tables=["directory_search_fts"],
                       where=["directory_search_fts.rowid = directory_searchentry.id",
                              "directory_search_fts MATCH %s"], params=params,
                       select={"rank": "bm25(directory_search_fts)"}).order_by("rank", "id")


@dataclass(frozen=True)
class Found:
    """A search's entries, best first, as ids: at most `FOUND_AT_MOST`. `more`: the words and
    filters matched more than that, so they came in the directory's order, unranked (ranking
    reads every match: a broad word on a county's directory took half a second)."""

    ids: list[int]
    more: bool


def find(text: str = "", filters: Filters = Filters()) -> Found:
    """Two bounded queries whatever the directory's size: the first matches (up to one more
    than the limit, in no order), then those ranked. Text with no word in it ("%", an emoji)
    finds nothing, where no text at all lists what the filters do."""
    words = words_of(text)
    if text.strip() and not words:
        return Found([], more=False)
    first = _first_matches(entries(text, filters, ranked=False))
    if len(first) > FOUND_AT_MOST or not words:
        return Found(sorted(first)[:FOUND_AT_MOST], more=len(first) > FOUND_AT_MOST)
    ranked = _ranked(SearchEntry.objects.filter(id__in=first), words)
    return Found(list(ranked.values_list("id", flat=True)), more=False)


def _first_matches(query: models.QuerySet[SearchEntry]) -> list[int]:
    """Up to one more than FOUND_AT_MOST of the query's ids, in no order."""
    ids = query.order_by().values_list("id", flat=True)
    if connections[ids.db].vendor != "postgresql":
        return list(ids[:FOUND_AT_MOST + 1])
    # Planned as if every match were wanted, then read until the limit: with the limit in
    # view PostgreSQL trusted its guess of a word's matches (5,300 where there were 500) and
    # read every entry's vector to find them ("velka": 50 ms; by the index 0.9).
    sql, params = ids.query.get_compiler(ids.db).as_sql()
    with connections[ids.db].cursor() as cursor:
        cursor.execute(f"WITH matches AS MATERIALIZED ({sql}) SELECT id FROM matches LIMIT %s",
                       [*params, FOUND_AT_MOST + 1])
        return [pk for (pk,) in cursor.fetchall()]


def entries_of(ids: list[int]) -> list[SearchEntry]:
    """The entries of these ids, in their order (a page of a `Found`)."""
    found = SearchEntry.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
