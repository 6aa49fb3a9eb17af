"""Background work of the case desk. Tasks take ids, reload, and are safe to run twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from huquq.cases.models import Case
from huquq.core.vocab import Urgency
from huquq.security.models import User


@task()
def notify_duty_staff(case_id: str) -> int:
    """E-mail staff on duty about a person held or pressed right now; returns mails sent.

    The mail names the case code and a link only: no personal data leaves the server.
    (Staff see the alert in the queue at once, without any mail.)
    """
    case = Case.objects.filter(pk=case_id, urgency=Urgency.IMMEDIATE).first()
    if case is None or case.assignee_id is not None:
        return 0  # already taken, or relabelled since: nothing to wake anyone for
    recipients = list(
        User.objects.filter(on_duty=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Urgent case %(code)s") % {"code": case.code}
        body = _("Someone is held or pressed right now: %(url)s") % {
            "url": f"{settings.PUBLIC_URL}/staff/cases/{case.code}/"
        }
    return send_mail(subject, body, None, recipients)
