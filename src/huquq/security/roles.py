"""The one role x action table. Selectors and views ask ``can(user, action)``; nothing else
decides who may do what."""

from huquq.core.vocab import Role

#: action -> roles allowed to perform it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "queue.view": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.view": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.view_any": frozenset({Role.OPERATOR, Role.ADMIN}),
    "case.note": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.reply": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.assign": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.relabel": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.close": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "case.close_legal_outcome": frozenset({Role.LAWYER, Role.ADMIN}),
    "case.merge": frozenset({Role.LAWYER, Role.ADMIN}),
    "attachment.view": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "attachment.upload": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "request.create": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
    "incident.view": frozenset({Role.LAWYER, Role.COORDINATOR, Role.ADMIN}),
    "incident.edit": frozenset({Role.LAWYER, Role.COORDINATOR, Role.ADMIN}),
    "casualty.view_names": frozenset({Role.LAWYER, Role.ADMIN}),
    "reports.view": frozenset({Role.COORDINATOR, Role.LAWYER, Role.ADMIN}),
    "accounts.manage": frozenset({Role.ADMIN}),
    # Everyone's own account page: their passkeys.
    "account.passkeys": frozenset({Role.OPERATOR, Role.LAWYER, Role.COORDINATOR, Role.ADMIN}),
    "duty.toggle": frozenset({Role.OPERATOR, Role.LAWYER, Role.ADMIN}),
}

#: Outcomes that record a legal result; only lawyers (and admins) may close with them.
LEGAL_OUTCOMES = frozenset({"released", "contract_annulled", "deported", "sent_to_front"})


def can(user, action: str) -> bool:
    """Whether ``user`` may perform ``action``; unknown actions are refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.role in PERMISSIONS.get(action, frozenset())


def permissions_markdown() -> str:
    """The table above as Markdown, one row per action (``huquq roles``; docs/access.md)."""
    roles = [role.value for role in Role]
    lines = ["| action | " + " | ".join(roles) + " |", "|---" * (len(roles) + 1) + "|"]
    for action in sorted(PERMISSIONS):
        marks = ["yes" if role in PERMISSIONS[action] else "" for role in roles]
        lines.append(f"| `{action}` | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"


#: Where each kind of work starts: the first of these pages the user may open.
_HOME_PAGES = (
    ("queue.view", "cases:queue"),
    ("reports.view", "reports:dashboard"),
    ("incident.view", "incidents:list"),
)


def home_url(user) -> str:
    """The page a user lands on after login: the queue, or the figures for coordinators."""
    from django.urls import reverse

    for action, url_name in _HOME_PAGES:
        if can(user, action):
            return reverse(url_name)
    return reverse("cases:queue")
