"""Helsinki Design System components as template tags, so that their markup lives in one place.

    {% load hds %}
    {% hds_button _("Save") %}                                  a submit button
    {% hds_button _("Shared plan") kind="secondary" href=url %} a link that looks like a button
    {% hds_breadcrumb my_work home_url team.client team_url _("Shared plan") %}
    {% hds_pagination page query %}
"""

from django import template
from django.core.paginator import Page, Paginator
from django.utils.html import format_html

from moti.core.contact import contact_kind, phone_digits

register = template.Library()

BUTTON_KINDS = {"primary", "secondary", "supplementary", "clear", "success", "danger"}
BUTTON_SIZES = {None, "", "small"}


@register.simple_tag
def hds_button(label, kind="primary", href=None, size=None, type="submit", id=None,
               pressed=None, hidden_suffix=None):
    """An HDS button: a <button type="submit">, or with `href` a link styled as one.

    kind: primary, secondary, supplementary, clear, success or danger. size="small".
    id; pressed=True/False for a toggle button (aria-pressed);
    hidden_suffix: text after the visible label for screen readers only.
    Markup built here rather than in a template of its own: a plan of sixty actions draws
    sixty buttons, and a sub-template each was a fifth of the page's time.
    """
    if kind not in BUTTON_KINDS:
        raise template.TemplateSyntaxError(f"hds_button: unknown kind {kind!r}")
    if size not in BUTTON_SIZES:
        raise template.TemplateSyntaxError(f"hds_button: unknown size {size!r}")
    classes = " ".join(["hds-button", f"hds-button--{kind}"]
                       + ([f"hds-button--{size}"] if size else []))
    id_attribute = format_html(' id="{}"', id) if id else ""
    inside = format_html('<span class="hds-button__label">{}</span>{}', label, format_html(
        '<span class="visually-hidden">{}</span>', hidden_suffix) if hidden_suffix else "")
    if href:
        return format_html('<a class="{}" href="{}"{}>{}</a>', classes, href, id_attribute,
                           inside)
    pressed_attribute = format_html(' aria-pressed="{}"', "true" if pressed else "false") \
        if pressed is not None else ""
    return format_html('<button type="{}" class="{}"{}{}>{}</button>', type, classes,
                       id_attribute, pressed_attribute, inside)


@register.inclusion_tag("core/breadcrumbs.html")
def hds_breadcrumb(*trail):
    """An HDS breadcrumb (templates/core/breadcrumbs.html).

    The arguments are label, address pairs from the top down, then the current page's label:
    `{% hds_breadcrumb my_work home_url client client_url _("Consents and disclosure") %}`.
    On a narrow screen only a link back to the last address is shown, as HDS does.
    """
    links = list(zip(trail[0::2], trail[1::2], strict=False))
    current = trail[-1] if len(trail) % 2 else None
    return {"links": links, "current": current, "parent": links[-1] if links else None}


@register.inclusion_tag("core/pagination.html")
def hds_pagination(page: Page, query: str = ""):
    """HDS pagination for a Django Page (templates/core/pagination.html).

    query: the rest of the query string (urlencoded, without page=), kept in every link.
    Long page ranges are elided around the current page.
    """
    paginator = page.paginator
    return {"page": page, "query": query, "ellipsis": Paginator.ELLIPSIS,
            "numbers": list(paginator.get_elided_page_range(page.number, on_each_side=2,
                                                            on_ends=1))}


@register.filter
def contact_link(text: str):
    """Contact details as written for someone without an account: a phone number or an
    e-mail address becomes a link a phone can tap; anything else stays text."""
    text = (text or "").strip()
    kind = contact_kind(text)
    if kind == "phone":
        return format_html('<a href="tel:{}">{}</a>', phone_digits(text), text)
    if kind == "email":
        return format_html('<a href="mailto:{}">{}</a>', text, text)
    return text
