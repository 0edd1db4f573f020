"""What the signed-in person may do, for the navigation: shown only what they can use."""

from typing import Any

from django.http import HttpRequest

from .helpers import person_of
from .models import Capability, RoleKind
from .roles import can, does_client_work, has_role


def capabilities(request: HttpRequest) -> dict[str, Any]:
    person = person_of(request.user)
    if person is None:
        return {}
    return {"may": {
        "client_work": does_client_work(person),
        "add_client": can(person, Capability.ADD_CLIENT),
        "look_up": can(person, Capability.LOOK_UP_CLIENT),
        "set_ban": can(person, Capability.SET_DISCLOSURE_BAN),
        "set_turvakielto": can(person, Capability.SET_TURVAKIELTO),
        "dpo": has_role(person, RoleKind.DPO),
        "administer_access": has_role(person, RoleKind.ACCESS_ADMIN),
        "figures": has_role(person, RoleKind.COORDINATOR, RoleKind.MANAGER),
    }}
