"""The who-does-what directory: search in three languages, team suggestions and their reasons,
NGO members from the directory, and the maintainers' versioned edits."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moti.access.models import RoleKind
from moti.core.models import Change
from moti.directory import search, services
from moti.directory.models import Organisation, Person, SearchEntry, Service, ServicePoint
from moti.directory.suggestions import Need, suggest
from moti.teams.models import TeamMember
from tests.conftest import login
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 2)


def _service(user, org, **fields) -> Service:
    base = dict(organisation=org, need_domains=["income"], languages=["fi"],
                channels=["in_person"])
    return services.entry_create(model=Service, user=user, fields={**base, **fields})


def _point(user, org, service, lat, lon, place) -> ServicePoint:
    return services.entry_create(model=ServicePoint, user=user, fields=dict(
        organisation=org, name_fi=f"Toimipiste {place}", municipality=place,
        street_address="Kauppakatu 1", latitude=lat, longitude=lon), many={"services": [service]})


@pytest.fixture
def region(world):
    user = world.member.user
    org = world.member.organisation
    near = _service(user, org, name_fi="Talous- ja velkaneuvonta Varkaus",
                    name_sv="Ekonomi- och skuldrådgivning", name_en="Debt counselling",
                    languages=["fi", "sv"], channels=["in_person", "phone", "home_visit"],
                    municipalities=["Varkaus"], decisions="Neuvoo velkajärjestelyssä.",
                    waiting_days=180, waiting_measured_on=TODAY)
    far = _service(user, org, name_fi="Sosiaalinen luototus Kuopio", channels=["in_person"],
                   decisions="Myöntää sosiaalisen luoton.", waiting_days=10,
                   waiting_measured_on=TODAY)
    housing = _service(user, org, name_fi="Asumisneuvonta", need_domains=["housing"],
                       channels=["phone"])
    _point(user, org, near, 62.3150, 27.8730, "Varkaus")
    _point(user, org, far, 62.8924, 27.6783, "Kuopio")
    adviser = PersonFactory(organisation=org, title="talousneuvoja")
    adviser.services.set([near])
    search.index(adviser)
    return {"near": near, "far": far, "housing": housing, "adviser": adviser}


def titles(text="", **filters) -> list[str]:
    return [e.title for e in search.entries(text, search.Filters(**filters))]


def test_search_finds_a_service_by_its_swedish_english_and_finnish_words(region):
    service = {"kinds": ("service",)}
    assert titles("skuldråd", **service) == [region["near"].name]
    assert titles("counsel", **service) == [region["near"].name]
    assert titles("velkaneuv", **service) == [region["near"].name]
    # The need domains' names are searched in each language too: "skulder", "debt".
    for word in ("skuld", "debt"):
        assert set(titles(word, **service)) == {region["near"].name, region["far"].name}
    # The people are found by the services they give.
    assert titles("skuldråd", kinds=("person",)) == [str(region["adviser"])]
    # Every word must match, each as the start of a word; and a filter narrows.
    assert titles("velka varkaus", kinds=("service",)) == [region["near"].name]
    assert titles("velka tampere") == []
    assert titles(domain="housing") == ["Asumisneuvonta"]
    assert "Talous- ja velkaneuvonta Varkaus" not in titles(kinds=("service",), language="sv",
                                                            municipality="Kuopio")


def test_search_refuses_no_query_syntax(region):
    for text in ['"', "velka*", "a:b & !c", "') OR 1=1 --", "NEAR(", "\x00"]:
        list(search.entries(text))  # no error from FTS5 or tsquery syntax


def test_who_decides_lists_decision_powers(world, region):
    page = login(world.member).get(reverse("directory_decisions"), {"q": "luoto"})
    assert page.status_code == 200
    assert "Myöntää sosiaalisen luoton." in page.content.decode()
    assert "Neuvoo velkajärjestelyssä." not in page.content.decode()


def test_suggestions_rank_by_fit_and_say_why(region, world):
    need = Need(domains=("income",), municipality="Varkaus", language="sv", cannot_travel=True)
    [income] = suggest(need=need, people=Person.objects.all())
    first, second = income.suggestions[:2]
    assert first.service == region["near"] and second.service == region["far"]
    reasons = [r.text for r in first.reasons]
    # The reasons are in the reader's language (Finnish here).
    assert "Palvelua kielellä: ruotsi." in reasons, reasons
    assert any("0 km" in r for r in reasons), reasons
    assert any("kotikäynti" in r.lower() for r in reasons), reasons
    assert [p.pk for p in first.people] == [region["adviser"].pk]
    against = [r.text for r in second.reasons if r.tone == "against"]
    assert "Ei palvelua kielellä: ruotsi." in against, against
    assert any("vain paikan päällä" in r.lower() for r in against), against


def test_suggestions_name_no_place_under_a_non_disclosure(region):
    need = Need(domains=("income",), municipality="Varkaus", private=True)
    [income] = suggest(need=need, people=Person.objects.all())
    texts = " ".join(r.text for s in income.suggestions for r in s.reasons)
    assert "km" not in texts and "Varkaus" not in texts


def test_suggestions_leave_out_members(region):
    need = Need(domains=("income",), municipality="Varkaus")
    [income] = suggest(need=need, people=Person.objects.all(),
                       exclude=frozenset({region["adviser"].pk}))
    assert all(not s.people for s in income.suggestions)


def test_suggestions_take_the_same_queries_for_3_and_30_services(world):
    org = world.member.organisation

    def count(n):
        for i in range(n):
            s = _service(world.member.user, org, name_fi=f"Palvelu {i}")
            _point(world.member.user, org, s, 62.3 + i / 100, 27.8, "Varkaus")
            PersonFactory(organisation=org).services.add(s)
        with CaptureQueriesContext(connection) as ctx:
            suggest(need=Need(domains=("income", "housing"), municipality="Varkaus"),
                    people=Person.objects.all())
        return len(ctx.captured_queries)

    assert count(3) == count(27) <= 3


def test_a_coordinator_adds_a_suggested_person_with_one_click(world, region):
    team = world.team
    team.concern.need_domains = ["income"]
    team.concern.save()
    team.client.municipality = "Varkaus"
    team.client.save()
    http = login(world.member)
    page = http.get(reverse("team_suggestions", args=[team.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert region["near"].name in html and str(region["adviser"]) in html
    key = page.context["domains"][0][1][0][1][0][1]  # domain → its suggestions → first → adds
    done = http.post(reverse("member_add", args=[team.pk]), {
        "form_key": key, "kind": "professional", "person": region["adviser"].pk,
        "role": region["near"].name, "back": "suggestions"})
    assert done.status_code == 302 and done.url == reverse("team_suggestions", args=[team.pk])
    assert team.members.get(person=region["adviser"]).role == region["near"].name
    # The second click of the same button adds nobody twice.
    again = http.post(reverse("member_add", args=[team.pk]), {
        "form_key": key, "kind": "professional", "person": region["adviser"].pk,
        "role": region["near"].name, "back": "suggestions"})
    assert again.status_code == 302
    assert team.members.filter(person=region["adviser"]).count() == 1


def test_an_ngo_worker_from_the_directory_joins_as_an_ngo_representative(world):
    ngo = OrganisationFactory(name="Savon Polku ry", kind=Organisation.Kind.NGO)
    worker = PersonFactory(organisation=ngo, roles=[], user=None, first_name="Niina",
                           last_name="Järjestö", municipalities=["Varkaus"],
                           expertise=["loneliness"], email="niina@polku.example")
    search.index(worker)
    http = login(world.member)
    found = http.get(reverse("member_add", args=[world.team.pk]),
                     {"q": "polku", "kind": "ngo"})
    assert "Niina Järjestö" in found.content.decode()
    by_domain = http.get(reverse("member_search"), {"domain": "loneliness",
                                                    "municipality": "varkaus"})
    assert "Niina Järjestö" in by_domain.content.decode()
    done = http.post(reverse("member_add", args=[world.team.pk]), {
        "form_key": "8b0d5c2e-1111-4a5b-9c3d-1234567890ab", "kind": "ngo",
        "person": worker.pk})
    assert done.status_code == 302, done.content.decode()[:2000]
    member = world.team.members.get(person=worker)
    assert member.kind == TeamMember.Kind.NGO and member.affiliation.endswith("Savon Polku ry")
    # Joining gives no way into the record: the NGO worker has no role that works with clients.
    assert not member.is_coordinator and not member.is_lead


def test_an_ngo_worker_cannot_join_as_a_professional(world):
    ngo = OrganisationFactory(name="Kohtaamo ry", kind=Organisation.Kind.NGO)
    worker = PersonFactory(organisation=ngo, roles=[])
    search.index(worker)
    page = login(world.member).post(reverse("member_add", args=[world.team.pk]), {
        "form_key": "8b0d5c2e-2222-4a5b-9c3d-1234567890ab", "kind": "professional",
        "person": worker.pk})
    assert page.status_code == 422
    assert not world.team.members.filter(person=worker).exists()


@pytest.fixture
def maintainer(world):
    return PersonFactory(organisation=world.member.organisation.parent,
                         roles=[RoleKind.DIRECTORY_MAINTAINER])


def test_a_maintainer_edits_a_service_and_a_stale_edit_names_who_saved(world, region,
                                                                        maintainer):
    service = region["near"]
    url = reverse("directory_edit", args=["service", service.pk])
    http = login(maintainer)
    form = http.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"organisation": service.organisation_id, "need_domains": ["income"],
                 "languages": ["fi", "sv"], "channels": ["phone"], "municipalities": "Varkaus",
                 "service_classes": "P10.1", "waiting_days": 150, "version": service.version,
                 "waiting_measured_on": "2026-11-20", "decisions": "Tekee velkaselvityksen."})
    data.pop("id", None)
    saved = http.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    service.refresh_from_db()
    assert service.decisions == "Tekee velkaselvityksen." and service.version == 2
    assert Change.objects.filter(kind="directory.service", object_id=service.pk,
                                 field="decisions").exists()
    assert service.checked_by == maintainer.user
    stale = http.post(url, {**data, "decisions": "Toinen teksti."})
    assert stale.status_code == 409
    assert "Toinen teksti." in stale.content.decode()  # what they typed is kept
    assert titles("velkaselvity") == [service.name]  # the search follows the edit


def test_only_maintainers_change_the_directory(world, region):
    http = login(world.member)
    url = reverse("directory_edit", args=["service", region["near"].pk])
    assert http.get(url).status_code == 403
    assert http.post(url, {"name_fi": "Muutettu"}).status_code == 403
    region["near"].refresh_from_db()
    assert region["near"].name_fi != "Muutettu"


def test_an_entry_unchecked_for_a_year_is_flagged_until_checked(world, region, maintainer):
    Service.objects.filter(pk=region["far"].pk).update(
        checked_at=timezone.now() - datetime.timedelta(days=400))
    http = login(maintainer)
    assert region["far"].name in http.get(reverse("directory_stale")).content.decode()
    page = http.get(reverse("directory_entry", args=["service", region["far"].pk]))
    assert "hds-notification--alert" in page.content.decode()
    http.post(reverse("directory_check", args=["service", region["far"].pk]))
    assert region["far"].name not in http.get(reverse("directory_stale")).content.decode()


def test_a_wrong_business_id_is_refused_in_words(world, maintainer):
    org = world.member.organisation
    page = login(maintainer).post(reverse("directory_edit", args=["organisation", org.pk]), {
        "name": org.name, "kind": org.kind, "register": org.register,
        "business_id": "1234567-2", "version": org.version})
    assert page.status_code == 422
    assert "1234567-2" in page.content.decode()
    org.refresh_from_db()
    assert org.business_id == ""


def test_opening_hours_are_written_as_people_write_them(world, maintainer):
    from moti.directory.forms import OpeningHoursField

    field = OpeningHoursField()
    assert field.clean("ma-pe 8.00-16.00\nla 10-14") == [
        {"days": [0, 1, 2, 3, 4], "from": "08:00", "to": "16:00"},
        {"days": [5], "from": "10:00", "to": "14:00"}]
    assert field.prepare_value(field.clean("må-fr 9:00–15:30")) == "ma-pe 09:00-15:30"
    with pytest.raises(ValidationError):
        field.clean("every day")


def test_directory_pages_take_the_same_queries_at_two_sizes(world, maintainer):
    org = world.member.organisation
    http = login(maintainer)

    def counts(n):
        for i in range(n):
            s = _service(world.member.user, org, name_fi=f"Neuvonta {i}",
                         decisions="Päättää asiasta.")
            _point(world.member.user, org, s, 62.3, 27.8, "Varkaus")
        http.get(reverse("directory"))  # the session is saved on the first page only
        found = []
        for name, args, query in (("directory", [], {"q": "neuvonta"}),
                                  ("directory_decisions", [], {"q": "päättää"}),
                                  ("directory_stale", [], {}),
                                  ("directory_entry", ["organisation", org.pk], {})):
            with CaptureQueriesContext(connection) as ctx:
                assert http.get(reverse(name, args=args), query).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    small = counts(2)
    assert small == counts(25)
    assert max(small) <= 12




def test_a_stopword_of_one_language_does_not_hide_a_match(region, world):
    mental = _service(world.member.user, world.member.organisation,
                      name_fi="Mielenterveys- ja päihdepalvelut", name_sv="Psykvård och missbruk",
                      name_en="Mental health and substance use services")
    for text in ("Mielenterveys- ja päihdepalvelut", "psykvård och", "health and substance"):
        assert mental.name in titles(text, kinds=("service",)), text


def test_suggestions_read_the_concern_only_for_who_may_read_it(world, region):
    team = world.team
    team.concern.need_domains, team.concern.cannot_travel = ["income"], True
    team.concern.save()
    team.client.municipality = "Varkaus"
    team.client.save()
    url = reverse("team_suggestions", args=[team.pk])
    world.revoke_consents()  # social care's concern is now closed to the health care lead
    page = login(world.lead).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert region["near"].name not in html and "ei pääse matkustamaan" not in html
    assert "rekisterissä, jota et voi nähdä" in html
    # The lead chooses the needs; the concern's own flags still stay unread.
    chosen = login(world.lead).get(url, {"domains": ["income"]}).content.decode()
    assert region["near"].name in chosen and "ei pääse matkustamaan" not in chosen
    # The coordinator, whose register it is, gets them from the concern.
    own = login(world.member).get(url).content.decode()
    assert region["near"].name in own and "ei pääse matkustamaan" in own


# --- Findings of the review, each closed by its mechanism ------------------------------------

def test_a_maintainer_cannot_change_what_decides_access(world, maintainer):
    org = world.member.organisation
    register, kind = org.register, org.kind
    page = login(maintainer).post(reverse("directory_edit", args=["organisation", org.pk]), {
        "name": org.name, "description": "Aikuissosiaalityö.", "register": "health",
        "kind": "ngo", "version": org.version})
    assert page.status_code == 302
    org.refresh_from_db()
    assert (org.register, org.kind, org.description) == (register, kind, "Aikuissosiaalityö.")


def test_a_maintainer_writes_a_persons_role_not_their_contact(world, maintainer):
    person = world.lead
    url = reverse("directory_edit", args=["person", person.pk])
    http = login(maintainer)
    page = http.post(url, {"title": "lääkäri", "languages": "fi", "version": person.version,
                           "email": "hijack@example.com", "organisation": world.member
                           .organisation_id, "responsibilities": "Vastaanotto."})
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.email != "hijack@example.com" and person.responsibilities == "Vastaanotto."
    assert http.get(reverse("directory_new", args=["person"])).status_code == 404


def test_a_person_gives_only_their_own_organisations_services(world, region, maintainer):
    other = OrganisationFactory(name="Toinen organisaatio")
    theirs = _service(world.member.user, other, name_fi="Toisen palvelu")
    person = world.lead
    url = reverse("directory_edit", args=["person", person.pk])
    data = {"title": person.title, "languages": "fi", "version": person.version}
    http = login(maintainer)
    for organisation in (other.pk, "²", "1" * 30):
        page = http.post(url, {**data, "organisation": organisation, "services": [theirs.pk]})
        assert page.status_code == 422, organisation
    assert not person.services.exists()


def test_a_value_cannot_bring_a_tag_of_its_own(world, region):
    service = region["far"]
    services.entry_update(entry=service, expected_version=service.version,
                          user=world.member.user,
                          fields={"municipalities": ["Kuopio|d:health|w:soon|m:*"]})
    assert service.name not in titles(domain="health")
    assert service.name not in titles(municipality="Tampere", kinds=("service",))
    from moti.directory.models import SearchEntry
    assert "|w:soon|" not in SearchEntry.objects.get(kind="service", object_id=service.pk).tags
    suggest(need=Need(domains=("income",)), people=Person.objects.all())  # reads it whole


def test_no_place_narrows_the_suggestions_under_a_non_disclosure(world, region):
    team = world.team
    team.concern.need_domains = ["income"]
    team.concern.save()
    team.client.municipality, team.client.turvakielto = "Tampere", True
    team.client.save()
    html = login(world.member).get(reverse("team_suggestions", args=[team.pk])).content.decode()
    # Varkaus's own service is suggested to a client of Tampere: no municipality was used.
    assert region["near"].name in html and "Tampere" not in html and " km" not in html


def test_the_same_person_under_two_services_gets_two_add_buttons(world, region):
    region["adviser"].services.add(region["far"])
    team = world.team
    team.concern.need_domains = ["income"]
    team.concern.save()
    team.client.municipality = "Varkaus"
    team.client.save()
    page = login(world.member).get(reverse("team_suggestions", args=[team.pk]))
    keys = [key for _domain, suggestions in page.context["domains"]
            for _service, adds in suggestions for _person, key in adds]
    assert len(keys) == 2 and len(set(keys)) == 2


def test_an_invalid_search_lists_nothing_and_pages_keep_their_words(world, region):
    http = login(world.member)
    page = http.get(reverse("directory"), {"q": "x" * 201})
    assert page.status_code == 200 and not page.context["results"]
    for i in range(25):
        _service(world.member.user, world.member.organisation, name_fi=f"Tuki {i}",
                 decisions="Päättää tuesta #1.")
    html = http.get(reverse("directory_decisions"), {"q": "päättää #1"}).content.decode()
    assert "q=p%C3%A4%C3%A4tt%C3%A4%C3%A4+%231&amp;page=2" in html


def test_opening_hours_past_the_hour_are_refused():
    from moti.directory.forms import OpeningHoursField

    with pytest.raises(ValidationError):
        OpeningHoursField().clean("ma 23:99-24")


def test_a_service_shows_a_few_of_its_people_and_counts_the_rest(world, region):
    from moti.directory.suggestions import PEOPLE_SHOWN

    givers = [PersonFactory(organisation=world.member.organisation, first_name=name)
              for name in ("Veera", "Aino", "Eino", "Aaro", "Öllö")[:PEOPLE_SHOWN + 3]]
    for person in givers:
        person.services.add(region["near"])
    # One of them may not join the team (`people` leaves them out): neither shown nor counted.
    [income] = suggest(need=Need(domains=("income",), municipality="Varkaus"),
                       people=Person.objects.exclude(pk=givers[-1].pk))
    near = next(s for s in income.suggestions if s.service == region["near"])
    assert len(near.people) == PEOPLE_SHOWN and near.more_people == 3  # and the adviser
    joiners = Person.objects.filter(pk__in=[p.pk for p in (*givers[:-1], region["adviser"])])
    # The first by name, in the database's order of names (its collation: Finnish on a
    # Finnish server).
    assert near.people == list(joiners.order_by("first_name", "last_name", "pk")[:PEOPLE_SHOWN])


def test_a_service_given_by_one_person_counts_nobody_more(world, region):
    [income] = suggest(need=Need(domains=("income",), municipality="Varkaus"),
                       people=Person.objects.all())
    near = next(s for s in income.suggestions if s.service == region["near"])
    assert near.people == [region["adviser"]] and near.more_people == 0
    team = world.team
    team.client.municipality = "Varkaus"
    team.client.save()
    html = login(world.member).get(reverse("team_suggestions", args=[team.pk]),
                                   {"domains": ["income"]}).content.decode()
    assert "Palvelua antaa lisäksi" not in html  # "N more people give this service"


def test_a_number_too_long_for_an_id_is_a_form_error(world, region, maintainer):
    person = world.lead
    page = login(maintainer).post(reverse("directory_edit", args=["person", person.pk]), {
        "title": person.title, "languages": "fi", "version": person.version,
        "services": ["1" * 30]})
    assert page.status_code == 422
    page = login(maintainer).post(reverse("directory_new", args=["agreement"]), {
        "title": "Sopimus", "purpose": "Yhteistyö", "parties": ["1" * 30]})
    assert page.status_code == 422


def test_the_same_choices_in_another_order_are_no_change(world, region):
    service = region["near"]
    before = Change.objects.count()
    services.entry_update(entry=service, expected_version=service.version,
                          user=world.member.user,
                          fields={"channels": list(reversed(service.channels))})
    assert Change.objects.count() == before and service.version == 1


def test_after_an_add_the_suggestions_keep_the_needs_chosen(world, region):
    team = world.team
    team.client.municipality = "Varkaus"
    team.client.save()
    http = login(world.member)
    page = http.get(reverse("team_suggestions", args=[team.pk]), {"domains": ["income"]})
    key = page.context["domains"][0][1][0][1][0][1]
    done = http.post(reverse("member_add", args=[team.pk]), {
        "form_key": key, "kind": "professional", "person": region["adviser"].pk,
        "back": "suggestions", "domains": ["income", "nonsense"]})
    assert done.url == reverse("team_suggestions", args=[team.pk]) + "?domains=income"


def test_reindexing_rebuilds_every_entry_from_the_directory(world, region):
    from io import StringIO

    from django.core.management import call_command

    from moti.directory.models import SearchEntry
    SearchEntry.objects.filter(kind="service").update(tags="|d:health|", text_fi="väärä")
    out = StringIO()
    call_command("reindex_directory", stdout=out)
    assert titles("velkaneuv", kinds=("service",)) == [region["near"].name]
    assert region["near"].name not in titles(domain="health")
    assert out.getvalue().splitlines()[1].endswith(": 3")  # the services, in their order


def test_a_service_is_added_from_its_organisation_and_no_picker_lists_them_all(world,
                                                                               maintainer):
    org = world.member.organisation
    http = login(maintainer)
    entry = http.get(reverse("directory_entry", args=["organisation", org.pk])).content.decode()
    url = reverse("directory_new", args=["service"])
    assert f'{url}?organisation={org.pk}' in entry
    assert http.get(url).status_code == 404  # from an organisation's page, or not at all
    form = http.get(url, {"organisation": org.pk})
    assert "organisation" not in form.context["form"].fields
    done = http.post(f"{url}?organisation={org.pk}", {"name_fi": "Uusi palvelu",
                                                      "need_domains": ["housing"]})
    assert done.status_code == 302
    assert Service.objects.get(name_fi="Uusi palvelu").organisation == org


def test_an_entry_lists_a_bounded_number_of_its_links(world, region, monkeypatch):
    from moti.directory import selectors

    monkeypatch.setattr(selectors, "LINKS_SHOWN", 2)
    html = login(world.member).get(reverse(
        "directory_entry", args=["organisation", world.member.organisation_id])).content.decode()
    assert html.count('href="/directory/service/') == 2  # of three
    assert "ensimmäiset 2" in html.lower()


def test_a_tag_is_held_exactly_as_written_no_wildcards_no_case():
    """`tags__holds` is a substring test: `_` and `%` are themselves, as they were under
    Django's escaped LIKE; case counts on SQLite too, where LIKE ignored it (tags are folded
    when written and asked); a tag's part is not the tag."""
    entry = SearchEntry.objects.create(kind=SearchEntry.Kind.SERVICE, object_id=1,
                                       tags="|c:home_visit||d:housing||m:*|")

    def holds(text):
        return SearchEntry.objects.filter(pk=entry.pk, tags__holds=text).exists()

    assert holds("|c:home_visit|") and holds("|m:*|")
    assert not holds("|c:home%visit|") and not holds("|c:homexvisit|")
    assert not holds("|D:HOUSING|") and not holds("|d:hous|")


def test_letters_written_decomposed_find_what_composed_ones_do(region):
    """"ä" pasted as "a" and a combining diaeresis searches as "ä", in words and in filters."""
    decomposed = unicodedata.normalize("NFD", "velkajärjestely Ekonomi- och skuldrådgivning")
    assert search.words_of(decomposed) == search.words_of(unicodedata.normalize(
        "NFC", decomposed))
    assert titles(unicodedata.normalize("NFD", "skuldråd"), kinds=("service",)) == [
        region["near"].name]
    point = region["near"].points.get()
    point.municipality = "Siilinjärvi"
    point.save()
    search.index(point)
    assert titles(kinds=("point",), municipality=unicodedata.normalize(
        "NFD", "Siilinjärvi")) == [point.name_fi]


def test_a_search_with_no_word_in_it_finds_nothing(world, region):
    http = login(world.member)
    for text in ("%", "'", "🙂", "*"):
        page = http.get(reverse("directory"), {"q": text})
        assert page.status_code == 200 and page.context["results"] == [], text
    assert http.get(reverse("directory"), {"domain": "housing"}).context["results"]


def test_suggestions_list_each_need_once_and_keep_the_concerns_needs_unasked(world, region):
    team = world.team
    team.concern.need_domains = ["income"]
    team.concern.save()
    http = login(world.member)
    url = reverse("team_suggestions", args=[team.pk])
    twice = http.get(url, {"domains": ["housing", "housing"]})
    assert [d.domain for d, _suggestions in twice.context["domains"]] == ["housing"]
    other = http.get(url, {"utm_source": "mail"})  # not a question about the needs
    assert [d.domain for d, _suggestions in other.context["domains"]] == ["income"]
