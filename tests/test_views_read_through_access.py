"""Every read of a client's data goes through the access helper, which decides and logs it.

A view that queries a client-data model itself (`Team.objects…`, `get_object_or_404(Plan, …)`)
would read without a decision and without a log row. This walks the source of every view
module and fails on such a read; the models are found from the register-item base class and
the client's own relations, so a new client-data model is covered without editing this test.
"""

import ast
import inspect
from pathlib import Path

from django.apps import apps
from django.conf import settings

from moti.clients.models import Client, RegisterItem

SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def client_data_models() -> set[str]:
    """Models holding a client's data: the client, every register item, and every model that
    points at one of those, transitively (teams, members, consents, bans, emergency access)."""
    found = {Client} | {m for m in apps.get_models() if issubclass(m, RegisterItem)}
    while True:
        more = {model for model in apps.get_models() if model not in found and any(
            field.many_to_one and field.related_model in found
            for field in model._meta.get_fields())}
        if not more:
            return {m.__name__ for m in found}
        found |= more


def view_modules() -> list[Path]:
    root = Path(settings.BASE_DIR) / "moti"
    return sorted(root.glob("*/views.py"))


def direct_reads(source: str, models: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager") \
                and isinstance(node.value, ast.Name) and node.value.id in models:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in SHORTCUTS \
                and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in models:
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id})")
    return found


def test_the_walk_finds_the_models_and_the_views():
    models = client_data_models()
    assert {"Client", "Team", "TeamMember", "Plan", "Goal", "Action", "Meeting", "Note",
            "Concern", "Consent", "DisclosureBan", "EmergencyAccess"} <= models
    assert {p.parent.name for p in view_modules()} >= {"clients", "teams", "plans", "dpo",
                                                        "access"}


def test_no_view_reads_a_client_data_model_itself():
    models = client_data_models()
    offenders = {str(path): reads for path in view_modules()
                 if (reads := direct_reads(path.read_text(), models))}
    assert not offenders, f"read through moti.access.helpers instead: {offenders}"


def test_the_guard_catches_a_direct_read():
    """The check itself can fail: a view that reads a team directly is caught."""
    bad = inspect.cleandoc('''
        from django.shortcuts import get_object_or_404
        from moti.teams.models import Team

        def team_detail(request, pk):
            team = Team.objects.get(pk=pk)
            return get_object_or_404(Team, pk=pk)
    ''')
    assert len(direct_reads(bad, client_data_models())) == 2
