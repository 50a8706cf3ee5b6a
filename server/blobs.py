"""Photo blobs: checks, EXIF orientation, metadata stripping, thumbnails, and storage."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask import current_app
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_BLOB_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 12-megapixel photo fits three times over
MAX_SIDE = 2048
THUMB_SIDE = 320
JPEG_QUALITY = 85
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class ImageRejected(ValueError):
    """Bytes that cannot be stored as a photo; `code` is stable, the message French."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded photo without metadata, and its thumbnail."""

    data: bytes
    thumb: bytes
    width: int
    height: int


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False)
    return out.getvalue()


def _open(data: bytes, draft_side: int | None) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    "invalid_image", "Format d'image non pris en charge (JPEG attendu)."
                )
            if image.width * image.height > MAX_PIXELS:
                raise ImageRejected(
                    "image_too_large", "Image trop grande (bombe de décompression ?)."
                )
            if draft_side:
                # Decode at the smallest JPEG scale (1/2, 1/4, 1/8) that still leaves the
                # longest side over half of `draft_side`: several times faster, and the
                # result is at most `draft_side` after the final resize.
                half = draft_side // 2 + 1
                image.draft("RGB", (half, half))
            # WeasyPrint turns this on when imported (weasyprint/images.py): an upload cut short
            # must still be refused, whatever else the process imported.
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(
                "image_too_large", "Image trop grande (bombe de décompression ?)."
            ) from None
        except UnidentifiedImageError:
            raise ImageRejected("invalid_image", "Ce fichier n'est pas une image.") from None
        except (OSError, SyntaxError, ValueError) as err:
            if isinstance(err, ImageRejected):
                raise
            raise ImageRejected("invalid_image", "Image illisible ou tronquée.") from None
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with transparent pixels on white (a signature_pad PNG would turn black otherwise)."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def process_image(data: bytes) -> ProcessedImage:
    """Decode, orient, shrink to 2048 px, strip all metadata (GPS too), re-encode, thumbnail."""
    image = _open(data, MAX_SIDE)
    image = ImageOps.exif_transpose(image) or image
    if image.mode != "RGB":
        image = _flatten(image)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    # Saving without exif= / icc_profile= drops every metadata block.
    return ProcessedImage(_encode(image), _encode(thumb), image.width, image.height)


def sha256_hex(data: bytes) -> str:
    """SHA-256 of bytes, lowercase hex."""
    return hashlib.sha256(data).hexdigest()


class BlobStore(Protocol):
    """Where photo bytes live: a directory now, an S3-compatible store later."""

    def put(self, sha256: str, data: bytes, thumb: bytes) -> None: ...

    def open(self, sha256: str, thumb: bool = False) -> bytes | None: ...

    def exists(self, sha256: str) -> bool: ...

    def remove(self, sha256: str) -> None: ...


class DirectoryStore:
    """Blobs as files under one directory, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str, thumb: bool) -> Path:
        suffix = ".thumb.jpg" if thumb else ".jpg"
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def put(self, sha256: str, data: bytes, thumb: bytes) -> None:
        """Store the photo and its thumbnail."""
        self._write(self._path(sha256, True), thumb)
        self._write(self._path(sha256, False), data)

    def open(self, sha256: str, thumb: bool = False) -> bytes | None:
        """The stored bytes, or None."""
        path = self._path(sha256, thumb)
        return path.read_bytes() if path.is_file() else None

    def exists(self, sha256: str) -> bool:
        """Whether the photo is stored."""
        return self._path(sha256, False).is_file()

    def remove(self, sha256: str) -> None:
        """Delete the photo and its thumbnail (retention: no record names it any more)."""
        for thumb in (False, True):
            self._path(sha256, thumb).unlink(missing_ok=True)


def get_store() -> BlobStore:
    """The configured blob store."""
    return DirectoryStore(Path(current_app.config["PALIER_BLOB_DIR"]))
