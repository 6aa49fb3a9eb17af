"""The webhook: Telegram POSTs updates here; each is stored before the 200 that confirms it.

The URL holds a secret and Telegram repeats it in ``X-Telegram-Bot-Api-Secret-Token`` (set
both with ``setWebhook(url=.../bot/webhook/<secret>/, secret_token=<secret>)``). Processing
and replies are done by ``huquq bot --no-poll``, from the stored table.
"""

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from huquq.bot import services


def _secret_matches(given: str) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, secret: str) -> HttpResponse:
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not (_secret_matches(secret) and _secret_matches(header)):
        raise Http404
    try:
        payload = json.loads(request.body)
        services.updates_store([payload])
    except (ValueError, services.BadUpdate):
        return HttpResponseBadRequest()
    return HttpResponse(status=200)
