"""What a contact written as free text is: a phone number, an e-mail address, or neither."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

PHONE = re.compile(r"^\+?[\d\s()-]{6,20}$")


def contact_kind(text: str) -> str:
    """"phone", "email" or "" for anything else (a name, "ask at the desk")."""
    text = (text or "").strip()
    if PHONE.match(text):
        return "phone"
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return "email"


def phone_digits(text: str) -> str:
    """A phone number as a tel: link wants it."""
    return re.sub(r"[\s()-]", "", text)
