"""`IdList`: a many-to-many relation's ids in the object's own row, on either database."""

import pytest

from moti.access.models import Consent
from moti.core.models import IdList, ids_of
from tests.factories import ConsentFactory, OrganisationFactory


@pytest.mark.django_db
def test_each_row_holds_exactly_its_related_ids_and_none_for_none():
    organisations = OrganisationFactory.create_batch(3)
    many = ConsentFactory(organisations=organisations)
    one = ConsentFactory(organisations=organisations[1:2])
    none = ConsentFactory()
    rows = {c.pk: ids_of(c.covered) for c in Consent.objects.filter(
        pk__in=[many.pk, one.pk, none.pk]).annotate(covered=IdList("organisations"))}
    assert rows == {many.pk: {o.pk for o in organisations},
                    one.pk: {organisations[1].pk}, none.pk: frozenset()}
