import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from moti.core.models import Change
from moti.core.services import EditConflict
from moti.plans import services
from tests.factories import ActionFactory, GoalFactory, MemberFactory

TODAY = timezone.localdate


@pytest.mark.django_db
def test_plan_update_keeps_history(world):
    plan = world.plan
    services.plan_update(plan=plan, user=world.member.user, expected_version=1,
                         client_view="Haluan asua yksin.", dissenting_view="",
                         next_review=TODAY() + datetime.timedelta(days=30))
    services.plan_update(plan=plan, user=world.lead.user, expected_version=2,
                         client_view="Haluan asua lähellä siskoa.", dissenting_view="",
                         next_review=plan.next_review)
    plan.refresh_from_db()
    assert plan.version == 3 and plan.updated_by == world.lead.user
    change = Change.objects.filter(kind="plans.plan", field="client_view").first()
    assert change.old_value == "Haluan asua yksin."
    assert change.new_value == "Haluan asua lähellä siskoa."
    assert change.changed_by == world.lead.user


@pytest.mark.django_db
def test_concurrent_plan_edit_is_refused_naming_who(world):
    plan = world.plan
    opened_by_a = type(plan).objects.get(pk=plan.pk)
    opened_by_b = type(plan).objects.get(pk=plan.pk)
    services.plan_update(plan=opened_by_a, user=world.member.user, expected_version=1,
                         client_view="A:n teksti", dissenting_view="", next_review=None)
    with pytest.raises(EditConflict) as conflict:
        services.plan_update(plan=opened_by_b, user=world.lead.user, expected_version=1,
                             client_view="B:n teksti", dissenting_view="", next_review=None)
    assert conflict.value.updated_by == world.member.user
    plan.refresh_from_db()
    assert plan.client_view == "A:n teksti"


@pytest.mark.django_db
def test_goal_add_and_update(world):
    goal = services.goal_add(plan=world.plan, author=world.lead,
                             text="Haluan päästä töihin.")
    assert goal.register == "health"
    services.goal_update(goal=goal, user=world.member.user, expected_version=goal.version,
                         text="Haluan päästä kokeilemaan työtä.", achieved=False)
    assert Change.objects.get(kind="plans.goal").old_value == "Haluan päästä töihin."


@pytest.mark.django_db
def test_action_needs_one_owner_from_the_team_and_a_future_due_date(world):
    owner = world.team.members.first()
    stranger = MemberFactory()
    due = TODAY() + datetime.timedelta(days=3)
    cases = [({"owner": None, "due_date": due}, "owner"),
             ({"owner": stranger, "due_date": due}, "owner"),
             ({"owner": owner, "due_date": None}, "due_date"),
             ({"owner": owner, "due_date": TODAY() - datetime.timedelta(days=1)}, "due_date")]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            services.action_add(plan=world.plan, author=world.member,
                                text="Tehtävä", **kwargs)
        assert field in error.value.message_dict
    action = services.action_add(plan=world.plan, author=world.member,
                                 text="Tehtävä", owner=owner, due_date=due)
    assert action.owner == owner


@pytest.mark.django_db
def test_overdue_action_can_be_edited_without_moving_its_date(world):
    action = ActionFactory(plan=world.plan, due_date=TODAY() - datetime.timedelta(days=5))
    services.action_update(action=action, user=world.member.user, expected_version=1,
                           text="Uusi teksti", owner=action.owner, due_date=action.due_date,
                           goal=None)
    action.refresh_from_db()
    assert action.text == "Uusi teksti"


@pytest.mark.django_db
def test_action_set_done_is_idempotent_and_logged(world):
    action = ActionFactory(plan=world.plan)
    services.action_set_done(action=action, user=world.member.user, done=True)
    services.action_set_done(action=action, user=world.member.user, done=True)
    action.refresh_from_db()
    assert action.is_done and action.version == 2
    services.action_set_done(action=action, user=world.member.user, done=False)
    action.refresh_from_db()
    assert not action.is_done


@pytest.mark.django_db
def test_goal_of_another_plan_is_refused(world):
    foreign = GoalFactory()
    with pytest.raises(ValidationError):
        services.action_add(plan=world.plan, author=world.member,
                            text="x", owner=world.team.members.first(),
                            due_date=TODAY() + datetime.timedelta(days=1), goal=foreign)
