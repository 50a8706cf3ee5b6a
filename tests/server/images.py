"""Real JPEGs made with Pillow for blob tests."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw


def jpeg(
    width: int = 640, height: int = 480, exif: bytes | None = None, colour=(200, 80, 40)
) -> bytes:
    """A JPEG of the given size, with optional EXIF bytes."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 16):
        image.putpixel((x, height // 2), (0, 0, 0))
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def gps_exif(orientation: int = 1) -> bytes:
    """EXIF with GPS coordinates, a camera model and an orientation."""
    exif = Image.Exif()
    exif[0x0110] = "Tablette Test"  # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (45.0, 46.0, 12.5), 3: "E", 4: (4.0, 52.0, 3.1)}  # GPSInfo
    return exif.tobytes()


def sha(data: bytes) -> str:
    """SHA-256 hex."""
    return hashlib.sha256(data).hexdigest()


def signature_png(seed: int) -> bytes:
    """A signature as signature_pad gives it (a PNG stroke); `seed` makes each one different."""
    image = Image.new("RGB", (300, 100), (255, 255, 255))
    ImageDraw.Draw(image).line([(10, 80 - seed * 20), (150, 20), (290, 70)], fill=0, width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
