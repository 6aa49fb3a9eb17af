"""Fuzzing the public form, the API and the upload path: never a server error, and a refused
input never leaves a partial record behind."""

import io
import json
import time

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from huquq.cases.models import Attachment, Case, CaseEvent, Person, Request
from huquq.security import humanity
from huquq.security.tokens import token_create
from huquq.security.uploads import UploadError, attachment_store

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORM_FIELDS = ["text", "name", "contact", "city", "consent", "website", "form_token", "lang"]
any_text = st.text(st.characters(codec="utf-8"), max_size=300)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Request, Case, Person, CaseEvent, Attachment))


@pytest.fixture
def no_rate_limit(settings):
    settings.INTAKE_RATE_PER_ADDRESS = 1_000_000


def _good_token() -> str:
    return humanity.token_issue(now=time.time() - 30)


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(FORM_FIELDS) | any_text, any_text, max_size=8),
    valid_token=st.booleans(),
)
def test_help_form_never_fails(no_rate_limit, fields, valid_token):
    if valid_token:
        fields["form_token"] = _good_token()
    before = counts()
    answer = Client().post("/help/", fields)
    assert answer.status_code < 500
    stored = counts()[0] - before[0]
    if answer.status_code != 200:
        assert counts() == before
    else:
        assert stored in {0, 1}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
request_like = st.fixed_dictionaries(
    {"external_id": any_text, "text": any_text},
    optional={
        "contact_name": json_values,
        "contact_phone": json_values,
        "contact_telegram": json_values,
        "subject_name": json_values,
        "city": json_values,
        "language": json_values,
    },
)


@pytest.fixture
def api_token(db) -> str:
    return token_create(name="fuzz")


def _post_api(token: str, body: bytes):
    return Client().post(
        "/api/requests",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@FUZZ
@given(payload=json_values | request_like)
def test_api_never_fails_on_any_json(api_token, payload):
    before = counts()
    answer = _post_api(api_token, json.dumps(payload).encode())
    assert answer.status_code < 500
    if answer.status_code not in {200, 201}:
        assert counts() == before


@FUZZ
@given(body=st.binary(max_size=500))
def test_api_never_fails_on_any_bytes(api_token, body):
    before = counts()
    answer = _post_api(api_token, body)
    assert answer.status_code < 500
    assert counts() == before  # random bytes are never a valid request


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), "green").save(out, format=fmt)
    return out.getvalue()


VALID_FILES = [_image("JPEG"), _image("PNG"), b"%PDF-1.4\n%%EOF\n"]


@st.composite
def damaged_files(draw) -> bytes:
    """A valid file with some bytes overwritten, cut short or extended."""
    data = bytearray(draw(st.sampled_from(VALID_FILES)))
    for _ in range(draw(st.integers(0, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=64))


@pytest.fixture
def case(receive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return Case.objects.get(code=receive(external_id="fuzz", channel="api").case_code)


@FUZZ
@given(data=st.binary(max_size=2000) | damaged_files())
def test_upload_path_never_fails(case, settings, data):
    before = Attachment.objects.count()
    files_before = set(settings.MEDIA_ROOT.iterdir()) if settings.MEDIA_ROOT.exists() else set()
    try:
        attachment_store(case=case, data=data, declared_name="x.jpg")
    except UploadError:
        assert Attachment.objects.count() == before
        files_after = set(settings.MEDIA_ROOT.iterdir()) if settings.MEDIA_ROOT.exists() else set()
        assert files_after == files_before
    else:
        assert Attachment.objects.count() == before + 1
