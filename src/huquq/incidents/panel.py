"""What the incidents panel on a case page shows: linked incidents, suggestions, forms."""

from huquq.cases.models import Case
from huquq.incidents import forms
from huquq.incidents.places import guess_place_type
from huquq.incidents.selectors import incidents_of_case
from huquq.incidents.services import act_type_for_case
from huquq.incidents.suggest import case_words, incidents_suggested_for_case
from huquq.security.models import User
from huquq.security.roles import can


def case_panel_context(*, viewer: User, case: Case) -> dict:
    """Empty for staff who may not see incidents (operators): the panel is then not shown."""
    if not can(viewer, "incident.view"):
        return {"show_panel": False}
    can_edit = can(viewer, "incident.edit")
    context = {
        "show_panel": True,
        "case": case,
        "linked": list(incidents_of_case(viewer=viewer, case=case)),
        "suggestions": incidents_suggested_for_case(case=case),
        "can_edit": can_edit,
    }
    if can_edit:
        context["create_form"] = forms.CreateFromCaseForm(
            initial={
                "place_type": guess_place_type(case_words(case)),
                "act_type": act_type_for_case(case),
            }
        )
    return context
