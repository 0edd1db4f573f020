"""factory_boy factories with Finnish fakers."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from moti.clients.models import (
    Client,
    Consent,
    birth_date_from_identity_code,
    identity_code_make,
)
from moti.core.models import Register
from moti.directory.models import Organisation, Person
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember


def artificial_hetu(n: int, sign: str = "-") -> str:
    """A valid artificial identity code (individual number 900–999)."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=97 * n)
    return identity_code_make(born=born, individual=900 + n % 100, sign=sign)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    password = factory.django.Password("pw-for-tests-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisaatio {n}")
    kind = Organisation.Kind.SOCIAL
    register = Register.SOCIAL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    title = "sosiaalityöntekijä"
    organisation = factory.SubFactory(OrganisationFactory)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    identity_code = factory.Sequence(artificial_hetu)
    birth_date = factory.LazyAttribute(lambda o: birth_date_from_identity_code(o.identity_code))
    municipality = "Kuopio"
    street_address = "Puijonkatu 1"
    created_by = factory.SubFactory(UserFactory)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    client = factory.SubFactory(ClientFactory)
    need_domains = ["housing", "mental_health"]
    description = "Asunto on menossa alta."
    client_agreed = True
    author = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("author.organisation")
    register = factory.SelfAttribute("author.organisation.register")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    concern = factory.SubFactory(ConcernFactory)
    client = factory.SelfAttribute("concern.client")
    created_by = factory.SelfAttribute("concern.author.user")
    plan = factory.RelatedFactory("tests.factories.PlanFactory", factory_related_name="team")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    team = factory.SubFactory(TeamFactory, plan=None)
    register = Register.SOCIAL
    author = factory.SelfAttribute("team.concern.author")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    kind = TeamMember.Kind.PROFESSIONAL
    person = factory.SubFactory(PersonFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    team = factory.SubFactory(TeamFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    place = "Kuopion sosiaalitoimisto"
    register = Register.SOCIAL
    author = factory.SubFactory(PersonFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = "Haluan oman asunnon."
    register = Register.SOCIAL
    author = factory.SubFactory(PersonFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    text = "Haetaan asumisneuvontaa."
    owner = factory.SubFactory(MemberFactory, team=factory.SelfAttribute("..plan.team"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    register = Register.SOCIAL
    author = factory.SubFactory(PersonFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    registers = ["social", "health", "other"]
    data_kinds = ["concern", "meeting", "plan", "note"]
    purpose = "Monialainen yhteistyö MOTI-tiimissä"
    given_how = Consent.GivenHow.SIGNED
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
