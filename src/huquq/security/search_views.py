"""``/staff/search/``: find a person's cases by exact phone, Telegram or passport number.

POST only, so the identifier never lands in a URL, a log line or the browser history.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from huquq.security.decorators import staff_required
from huquq.security.search import PersonSearchForm, cases_of_person


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("case.view")
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST or None)
    cases = None
    if request.method == "POST" and form.is_valid():
        cases = cases_of_person(viewer=request.user, **form.cleaned_data)[:50]
    return render(request, "security/search.html", {"form": form, "cases": cases})
