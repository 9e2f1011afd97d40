"""The feeds' image: its kind and size read from the file's header, and the size RSS states."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from tce_toolkit.feed_image import read_image_size, rss_size


def image_bytes(kind: str, width: int, height: int) -> bytes:
    """An image file of that kind and size, written by Pillow (not by the code under test)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 105, 92)).save(out, format=kind)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "GIF", "JPEG"])
@pytest.mark.parametrize(("width", "height"), [(144, 144), (300, 100), (1, 400), (1200, 90)])
def test_kind_and_size_come_from_the_file(kind: str, width: int, height: int) -> None:
    assert read_image_size(image_bytes(kind, width, height)) == (kind.lower(), width, height)


def test_progressive_jpeg_with_metadata_first() -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 120)).save(out, format="JPEG", progressive=True, dpi=(300, 300), comment=b"x" * 500)
    assert read_image_size(out.getvalue()) == ("jpeg", 200, 120)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>',
        b"\x89PNG\r\n\x1a\n",  # a PNG cut short
        b"\xff\xd8\xff",  # a JPEG cut short
        b"GIF8",
        image_bytes("WEBP", 10, 10),
        image_bytes("BMP", 10, 10),
    ],
    ids=["empty", "svg", "short-png", "short-jpeg", "short-gif", "webp", "bmp"],
)
def test_anything_else_is_no_image(data: bytes) -> None:
    assert read_image_size(data) is None


@pytest.mark.parametrize(
    ("size", "stated"),
    [
        ((144, 144), (144, 144)),  # within the limits: as it is
        ((88, 31), (88, 31)),
        ((512, 512), (144, 144)),  # too wide: scaled to 144 wide, same shape
        ((300, 100), (144, 48)),
        ((100, 800), (50, 400)),  # too high: scaled to 400 high
        ((1000, 2000), (144, 288)),
    ],
)
def test_rss_states_a_size_within_144_by_400(size: tuple[int, int], stated: tuple[int, int]) -> None:
    assert rss_size(*size) == stated
