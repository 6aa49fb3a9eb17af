from django.shortcuts import render
from django.utils import timezone

from huquq.reports.forms import DashboardFilterForm
from huquq.reports.selectors import dashboard_get
from huquq.security.decorators import staff_required


@staff_required("reports.view")
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    figures = dashboard_get(viewer=request.user, scope=form.scope(), now=timezone.now())
    return render(request, "reports/dashboard.html", {"form": form, "figures": figures})
