from django import template

from huquq.incidents.panel import case_panel_context

register = template.Library()


@register.inclusion_tag("incidents/_case_panel_body.html", takes_context=True)
def incident_panel(context, case) -> dict:
    """``{% incident_panel case %}``: the incidents panel of a case page (needs ``request``)."""
    request = context["request"]
    return {
        **case_panel_context(viewer=request.user, case=case),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
