"""The REST API (django-ninja); OpenAPI at /api/docs. Each app contributes a router."""

from ninja import NinjaAPI

from huquq.cases.api import router as cases_router
from huquq.core import api_errors
from huquq.intake.api import router as intake_router

api = NinjaAPI(title="Huquq API", version="1", urls_namespace="api")
api_errors.install(api)
api.add_router("/requests", intake_router)
api.add_router("/cases", cases_router)
