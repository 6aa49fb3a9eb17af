"""Files clients send: sniffed by content, size-limited, images re-encoded without metadata,
everything kept only sealed, the original's SHA-256 in the audit log as evidence.

``attachment_store`` is the one entry point (staff upload form, Telegram bot). On disk under
``HUQUQ_DATA_DIR/uploads``: ``<id>`` is the sealed original, ``<id>.view`` the sealed copy staff
look at (for images the re-encoded one; PDFs and voice messages are served as sent).
"""

import hashlib
import io
import os
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from huquq.cases.models import Attachment, Case, Request
from huquq.security import audit, crypto, sealing
from huquq.security.models import User

_TABLE = Attachment._meta.db_table

#: Images with more pixels than this are refused before they are decoded (decompression bombs).
MAX_IMAGE_PIXELS = 40_000_000


class UploadError(Exception):
    """A file we will not keep; ``message`` is safe to show to the person who sent it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    pillow_format: str = ""


JPEG = FileType(Attachment.Kind.IMAGE, "image/jpeg", "jpg", "JPEG")
PNG = FileType(Attachment.Kind.IMAGE, "image/png", "png", "PNG")
PDF = FileType(Attachment.Kind.PDF, "application/pdf", "pdf")
OPUS = FileType(Attachment.Kind.VOICE, "audio/ogg", "ogg")
_BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in (JPEG, PNG, PDF, OPUS)}


def max_upload_bytes() -> int:
    return settings.FILE_UPLOAD_MAX_MEMORY_SIZE


def sniff(data: bytes) -> FileType:
    """The type from the first bytes; the name a file was sent under is never trusted."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    # An Ogg page header is 27 bytes plus a one-entry segment table; Opus starts its stream
    # with an "OpusHead" packet in the first page.
    if data.startswith(b"OggS") and data[28:36] == b"OpusHead":
        return OPUS
    raise UploadError(
        "unsupported_type", _("Only photos (JPEG, PNG), PDF files and voice messages are accepted.")
    )


def reencode_image(data: bytes, file_type: FileType) -> bytes:
    """Decode the image fully and write its pixels into a new file: no EXIF, GPS, ICC or text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _reencode(data, file_type)
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise UploadError("unreadable_image", _("This image could not be read.")) from None


def _reencode(data: bytes, file_type: FileType) -> bytes:
    with Image.open(io.BytesIO(data), formats=[file_type.pillow_format]) as image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise UploadError("image_too_large", _("This image is too large."))
        image.load()
        upright = ImageOps.exif_transpose(image)
    keeps_alpha = file_type is PNG and upright.mode in {"RGBA", "LA", "L"}
    mode = upright.mode if keeps_alpha else "RGB"
    pixels = upright.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # a fresh, empty ``info``
    out = io.BytesIO()
    clean.save(out, format=file_type.pillow_format, quality=90)
    return out.getvalue()


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def seal_bytes(data: bytes, *, attachment_id: uuid.UUID, part: str) -> bytes:
    """Seal one stored file under the attachment's own data key (crypto-shredded with its
    case), bound to the attachment and to its part ("original" or "view")."""
    sealed = sealing.seal(crypto.b64(data), table=_TABLE, column=part, owner=attachment_id.hex)
    return sealed.encode("ascii")


def open_bytes(sealed: bytes, *, attachment_id: uuid.UUID, part: str) -> bytes:
    """The opened file; raises ``DecryptionError`` if it was changed, moved or shredded."""
    try:
        text = sealed.decode("ascii")
    except UnicodeDecodeError:
        raise crypto.DecryptionError("malformed ciphertext") from None
    plain, _owner = sealing.open_sealed(text, table=_TABLE, column=part, owner=attachment_id.hex)
    return crypto.unb64(plain)


def _write_sealed(path: Path, sealed: bytes) -> None:
    """Write to a temporary name and rename, so a crash never leaves half a file."""
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(sealed)
    temporary.replace(path)


def _paths(attachment_id: uuid.UUID) -> tuple[Path, Path]:
    base = upload_dir() / str(attachment_id)
    return base, base.with_name(f"{attachment_id}.view")


def attachment_store(
    *,
    case: Case,
    request: Request | None = None,
    data: bytes,
    declared_name: str,
    actor: User | None = None,
) -> Attachment:
    """Check, clean and keep one file for ``case``; raises ``UploadError`` and keeps nothing
    when the file is refused. ``declared_name`` is neither trusted nor stored: a file name can
    itself be personal data."""
    if not data:
        raise UploadError("empty", _("The file is empty."))
    if len(data) > max_upload_bytes():
        raise UploadError("too_large", _("The file is too large."))
    file_type = sniff(data)
    view = reencode_image(data, file_type) if file_type.kind == Attachment.Kind.IMAGE else data
    attachment = Attachment(
        case=case,
        request=request,
        kind=file_type.kind,
        content_type=file_type.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        needs_review=file_type.kind == Attachment.Kind.VOICE,
    )
    original_path, view_path = _paths(attachment.id)
    try:
        with transaction.atomic():  # the data key sealing creates is rolled back on failure
            sealed_original = seal_bytes(data, attachment_id=attachment.id, part="original")
            _write_sealed(original_path, sealed_original)
            _write_sealed(view_path, seal_bytes(view, attachment_id=attachment.id, part="view"))
            attachment.save(force_insert=True)
            audit.record(
                actor,
                "security.attachment.stored",
                attachment,
                {
                    "case": case.code,
                    "kind": file_type.kind,
                    "size": len(data),
                    "sha256": attachment.sha256,
                },
            )
    except BaseException:
        original_path.unlink(missing_ok=True)
        view_path.unlink(missing_ok=True)
        raise
    return attachment


def attachment_read(attachment: Attachment, *, original: bool = False) -> bytes:
    """The file staff look at, or with ``original`` the evidence copy exactly as sent."""
    original_path, view_path = _paths(attachment.id)
    path, part = (original_path, "original") if original else (view_path, "view")
    return open_bytes(path.read_bytes(), attachment_id=attachment.id, part=part)


def download_name(attachment: Attachment, *, original: bool = False) -> str:
    extension = _BY_CONTENT_TYPE[attachment.content_type].extension
    suffix = "-original" if original else ""
    return f"{attachment.kind}-{str(attachment.id)[:8]}{suffix}.{extension}"
