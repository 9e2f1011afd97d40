"""The feeds' image: RSS 2.0's channel `<image>` and Atom's `<logo>`.

RSS allows only a GIF, JPEG or PNG image, at most 144 pixels wide and 400 high. Pure functions: the
image's bytes in, its kind and size out, read from the file's own header (no imaging library needed).
"""

from __future__ import annotations

from dataclasses import dataclass

RSS_IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg")  # the kinds RSS 2.0's <image> allows
RSS_MAX_WIDTH = 144
RSS_MAX_HEIGHT = 400
_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG markers that start a frame and so hold the image's size (every SOFn but DHT, JPG and DAC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class FeedImage:
    """The image every feed of the site shows: its absolute URL and the size the RSS feed states."""

    url: str
    width: int
    height: int


def read_image_size(data: bytes) -> tuple[str, int, int] | None:
    """The kind ("png", "gif" or "jpeg"), width and height of an image file, or None for anything else."""
    if data.startswith(_PNG) and data[12:16] == b"IHDR" and len(data) >= 24:
        return "png", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return "gif", int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    # A JPEG is a run of segments (0xFF, a marker, a two-byte length); the frame header holds the size.
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:  # markers without a length
            at += 2
            continue
        if marker in _JPEG_FRAMES:
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return "jpeg", width, height
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


def rss_size(width: int, height: int) -> tuple[int, int]:
    """The size to state in RSS's <image>: the image's own, scaled down (keeping its shape) to fit
    144 x 400 pixels when it is larger, since readers draw it at the stated size."""
    scale = min(1.0, RSS_MAX_WIDTH / width, RSS_MAX_HEIGHT / height) if width and height else 1.0
    return max(1, min(RSS_MAX_WIDTH, round(width * scale))), max(1, min(RSS_MAX_HEIGHT, round(height * scale)))
