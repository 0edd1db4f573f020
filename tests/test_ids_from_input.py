"""An id taken from input (a query string, a form's choice, a stored reference) is read by one
rule, `moti.core.urls.id_from`: 1 to 18 ASCII digits. `str.isdigit()` also holds for "²",
"①" or "٣", which `int()` refuses or the database overflows on: a 500 where a 404 or "not
found" was meant. This walks the source of every module and fails on such a check."""

import ast
from pathlib import Path

from django.conf import settings

from moti.core.urls import id_from

DIGIT_CHECKS = {"isdigit", "isnumeric", "isdecimal"}


def digit_checks(source: str) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr in DIGIT_CHECKS]


def test_no_module_takes_digits_by_isdigit():
    root = Path(settings.BASE_DIR) / "moti"
    modules = [p for p in root.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) > 100
    found = {str(p.relative_to(root)): lines for p in modules
             if (lines := digit_checks(p.read_text()))}
    assert found == {}, f"use moti.core.urls.id_from (or a [0-9] pattern): {found}"


def test_the_walk_finds_a_digit_check():
    assert digit_checks("x = '1'\nok = x.isdigit() and int(x)\n") == [2]


def test_the_id_rule_takes_ascii_digits_only():
    assert id_from("12") == 12 and id_from(12) == 12
    for given in ("²", "①", "٣", "８", "1" * 19, "-1", "1.0", " 1", "", None, "abc"):
        assert id_from(given) is None, given
