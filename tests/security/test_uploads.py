"""Uploads: sniffed by content, size-limited, images cleaned of metadata, kept only sealed."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from huquq.cases.models import Attachment, Case
from huquq.security import crypto
from huquq.security.models import AuditEvent
from huquq.security.uploads import UploadError, attachment_read, attachment_store
from tests.conftest import client_for

CANARY = "CANARY-GPS-55.7558-37.6173"


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = CANARY  # camera maker
    exif.get_ifd(0x8825)[2] = (55.0, 45.0, 20.0)  # GPSLatitude
    exif[0x0112] = 6  # orientation: rotate, so we see it is applied before stripping
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


OPUS = (
    b"OggS\x00\x02"
    + bytes(8)
    + b"\x01\x00\x00\x00"
    + bytes(8)
    + b"\x01\x13"
    + b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(receive):
    return Case.objects.get(code=receive(external_id="u1", channel="api").case_code)


def stored_files(uploads) -> list:
    return sorted(p.name for p in uploads.iterdir()) if uploads.exists() else []


def test_photo_is_reencoded_without_metadata_and_kept_sealed(case, uploads, operator):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the test photo really carries a position
    attachment = attachment_store(
        case=case, data=original, declared_name="IMG_1.jpg", actor=operator
    )
    assert (attachment.kind, attachment.content_type) == ("image", "image/jpeg")
    assert attachment.sha256 == hashlib.sha256(original).hexdigest()
    view = attachment_read(attachment)
    with Image.open(io.BytesIO(view)) as image:
        assert not image.getexif()
        assert image.size == (20, 40)  # the orientation was applied, then dropped
        assert "exif" not in image.info
    assert CANARY.encode() not in view
    assert attachment_read(attachment, original=True) == original
    for name in stored_files(uploads):
        raw = (uploads / name).read_bytes()
        assert CANARY.encode() not in raw
        assert b"JFIF" not in raw
        assert b"Exif" not in raw
    event = AuditEvent.objects.get(action="security.attachment.stored")
    assert event.data["sha256"] == attachment.sha256
    assert CANARY not in str(event.data)


def test_png_text_chunks_are_dropped_and_transparency_kept(case, uploads):
    attachment = attachment_store(case=case, data=png_with_text(), declared_name="a.png")
    view = attachment_read(attachment)
    assert CANARY.encode() not in view
    with Image.open(io.BytesIO(view)) as image:
        assert image.mode == "RGBA"
        assert "Comment" not in image.info


def test_pdf_and_voice_are_accepted(case, uploads):
    pdf = attachment_store(case=case, data=PDF, declared_name="contract.jpg")
    voice = attachment_store(case=case, data=OPUS, declared_name="voice")
    assert (pdf.kind, pdf.content_type, pdf.needs_review) == ("pdf", "application/pdf", False)
    assert (voice.kind, voice.content_type, voice.needs_review) == ("voice", "audio/ogg", True)
    assert attachment_read(voice) == OPUS


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"GIF89a\x01\x00\x01\x00", "unsupported_type"),
        (b"<html><script>alert(1)</script></html>", "unsupported_type"),
        (b"MZ\x90\x00 executable", "unsupported_type"),
        (b"OggS" + bytes(40), "unsupported_type"),  # Ogg, but not Opus
        (b"\xff\xd8\xff\xe0 not really a jpeg", "unreadable_image"),
        (b"\x89PNG\r\n\x1a\n" + bytes(30), "unreadable_image"),
    ],
)
def test_refused_files_leave_nothing_behind(case, uploads, data, code):
    with pytest.raises(UploadError) as refused:
        attachment_store(case=case, data=data, declared_name="photo.jpg")
    assert refused.value.code == code
    assert str(refused.value.message)
    assert Attachment.objects.count() == 0
    assert stored_files(uploads) == []


def test_size_limit(case, uploads, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    with pytest.raises(UploadError) as refused:
        attachment_store(case=case, data=PDF + bytes(1000), declared_name="big.pdf")
    assert refused.value.code == "too_large"


def test_decompression_bomb_is_refused_before_decoding(case, uploads):
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")  # tiny file, 81 million pixels
    with pytest.raises(UploadError) as refused:
        attachment_store(case=case, data=out.getvalue(), declared_name="bomb.png")
    assert refused.value.code == "image_too_large"
    assert stored_files(uploads) == []


def test_a_changed_sealed_file_fails_closed(case, uploads):
    attachment = attachment_store(case=case, data=PDF, declared_name="x.pdf")
    path = uploads / f"{attachment.id}.view"
    sealed = bytearray(path.read_bytes())
    sealed[20] ^= 1
    path.write_bytes(bytes(sealed))
    with pytest.raises(crypto.DecryptionError):
        attachment_read(attachment)


def test_sealed_files_cannot_be_swapped_between_attachments(case, uploads):
    first = attachment_store(case=case, data=PDF, declared_name="a.pdf")
    second = attachment_store(case=case, data=OPUS, declared_name="b.ogg")
    (uploads / f"{first.id}.view").write_bytes((uploads / f"{second.id}.view").read_bytes())
    with pytest.raises(crypto.DecryptionError):
        attachment_read(first)


def test_staff_upload_and_download_as_attachment(case, uploads, operator):
    client = client_for(operator)
    upload = SimpleUploadedFile("scan.jpg", jpeg_with_gps(), content_type="image/jpeg")
    answer = client.post(f"/staff/security/cases/{case.code}/attachments/", {"file": upload})
    assert answer.status_code == 302
    attachment = Attachment.objects.get(case=case)
    page = client.get(f"/staff/cases/{case.code}/").content.decode()
    assert f"/staff/security/attachments/{attachment.id}/" in page
    download = client.get(f"/staff/security/attachments/{attachment.id}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/jpeg"
    assert CANARY.encode() not in download.content
    assert AuditEvent.objects.filter(
        action="security.attachment.viewed", actor=operator, object_id=str(attachment.id)
    ).exists()


def test_staff_upload_of_a_wrong_file_is_refused_politely(case, uploads, operator):
    client = client_for(operator)
    upload = SimpleUploadedFile("cv.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    answer = client.post(
        f"/staff/security/cases/{case.code}/attachments/", {"file": upload}, follow=True
    )
    assert answer.status_code == 200
    assert "JPEG, PNG" in answer.content.decode() or "PDF" in answer.content.decode()
    assert Attachment.objects.count() == 0


def test_coordinators_and_strangers_cannot_download(case, uploads, coordinator):
    attachment = attachment_store(case=case, data=PDF, declared_name="x.pdf")
    path = f"/staff/security/attachments/{attachment.id}/"
    assert client_for(coordinator).get(path).status_code == 403
    from django.test import Client

    assert Client().get(path).status_code == 302
