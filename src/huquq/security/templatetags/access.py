from django import template

from huquq.security.roles import can

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    """``{% if user|may:"incident.view" %}``: the role table, for links in shared templates."""
    return can(user, action)
