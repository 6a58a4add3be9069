"""Files a reporter sends with a report (a photo of a contract, a payslip), cleaned of what
could identify them before anything is kept.

A photo carries the phone's make and model, the time it was taken and often where (GPS),
in EXIF and XMP; a PDF carries its author, the software and dates in its document
information and XMP. Images are decoded and written again from their pixels only
(Pillow), so no metadata block of the original survives; the EXIF orientation is applied
first so the picture still stands the right way up. PDFs are rewritten page by page
(pypdf) without the document information, the XMP metadata, embedded files or scripts.
Any other kind of file is refused: the reporter is asked for a photo or a PDF instead.

The cleaned file, its name and its type are then sealed with the report to the receiving
organisation's key (:mod:`crossroads.reporting.sealing`): the file name may name a person.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# At most this many files with one report, each at most MAX_BYTES, together MAX_TOTAL.
MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_TOTAL = 10 * 1024 * 1024
# A photo is refused beyond this many pixels (a "decompression bomb" of a few kilobytes
# can expand to gigabytes); 40 megapixels is more than any phone camera.
MAX_PIXELS = 40_000_000

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"


class AttachmentRefused(ValueError):
    """A file that cannot be taken; the message names the file and says what to do."""


@dataclass(frozen=True)
class CleanFile:
    """A file ready to be sealed: its cleaned bytes, a safe name and its type."""

    name: str
    content_type: str
    data: bytes

    def to_bytes(self) -> bytes:
        """The file as one payload for sealing: a JSON header line, then the bytes."""
        header = json.dumps({"name": self.name, "type": self.content_type}).encode()
        return header + b"\n" + self.data

    @classmethod
    def from_bytes(cls, payload: bytes) -> CleanFile:
        """The file back from :meth:`to_bytes`."""
        header, _sep, data = payload.partition(b"\n")
        meta = json.loads(header)
        return cls(str(meta["name"]), str(meta["type"]), data)


def safe_name(name: str, extension: str) -> str:
    """A file name for staff: letters, digits, dots, dashes and underscores of the
    original (at most 80), with the extension of what the file really is."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._")[:80] or "file"
    return f"{stem}.{extension}"


def clean(name: str, data: bytes) -> CleanFile:
    """The file ``name`` with ``data``, without its metadata; :class:`AttachmentRefused`
    if it is too large, not a photo or a PDF, or damaged."""
    if len(data) > MAX_BYTES:
        raise AttachmentRefused(
            _("%(name)s is too large: a file can be at most %(size)d MB.")
            % {"name": name, "size": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"%PDF-"):
        return CleanFile(safe_name(name, "pdf"), PDF_TYPE, _clean_pdf(name, data))
    return _clean_image(name, data)


def _refused_kind(name: str) -> AttachmentRefused:
    return AttachmentRefused(
        _(
            "%(name)s cannot be sent: send a photo (JPEG, PNG or WebP) or a PDF. A photo "
            "of a document on the screen works too."
        )
        % {"name": name}
    )


def _clean_image(name: str, data: bytes) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                kind = original.format or ""
                if kind not in IMAGE_FORMATS:
                    raise _refused_kind(name)
                if original.width * original.height > MAX_PIXELS:
                    raise AttachmentRefused(
                        _("%(name)s has too many pixels: send a smaller photo.") % {"name": name}
                    )
                upright = ImageOps.exif_transpose(original)
                pixels = upright.convert("RGBA" if upright.mode in {"RGBA", "LA", "P"} else "RGB")
                # A new image from the pixels alone: no EXIF, XMP, ICC, comment or text chunk
                # of the original is carried over.
                bare = Image.new(pixels.mode, pixels.size)
                bare.paste(pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, AttachmentRefused):
            raise
        raise _refused_kind(name) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise AttachmentRefused(
            _("%(name)s has too many pixels: send a smaller photo.") % {"name": name}
        ) from error
    out = io.BytesIO()
    if kind == "JPEG" and bare.mode == "RGB":
        bare.save(out, "JPEG", quality=90)
        return CleanFile(safe_name(name, "jpg"), "image/jpeg", out.getvalue())
    bare.save(out, "PNG", optimize=True)
    return CleanFile(safe_name(name, "png"), "image/png", out.getvalue())


def _clean_pdf(name: str, data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AttachmentRefused(
                _("%(name)s is protected by a password: send it without one, or a photo of it.")
                % {"name": name}
            )
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            # A page may carry XMP of its own (some scanners write it there).
            if "/Metadata" in page:
                del page["/Metadata"]
        # Only the pages were copied: the document information, the XMP stream, embedded
        # files, scripts and the outline of the original stay behind.
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except AttachmentRefused:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        raise AttachmentRefused(
            _("%(name)s could not be read as a PDF: it may be damaged.") % {"name": name}
        ) from error
    return out.getvalue()


def clean_all(files: list[tuple[str, bytes]]) -> list[CleanFile]:
    """Every file cleaned, or :class:`AttachmentRefused` for the first that cannot be
    taken (so that nothing is kept of a refused report)."""
    if len(files) > MAX_FILES:
        raise AttachmentRefused(
            _("You can send at most %(count)d files with a report.") % {"count": MAX_FILES}
        )
    if sum(len(data) for _name, data in files) > MAX_TOTAL:
        raise AttachmentRefused(
            _("The files are too large together: at most %(size)d MB in all.")
            % {"size": MAX_TOTAL // (1024 * 1024)}
        )
    return [clean(name, data) for name, data in files]
