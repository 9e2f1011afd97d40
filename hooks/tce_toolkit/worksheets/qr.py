"""QR codes of post addresses, for the foot of each worksheet."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from .cache import DiskCache


class QrCache(DiskCache):
    """QR codes kept on disk between builds (one small text file per address)."""

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory, "the QR-code cache", "QR codes will be encoded again next time")


def make_qr(url: str, cache: DiskCache | Path | None = None) -> str:
    """An SVG QR code of `url` as a data: URI (no quiet zone: the stylesheet leaves white around it).

    Encoding costs about 10 ms (most of it choosing the best mask), so codes are kept in memory and,
    with `cache` (a `QrCache`, or its folder), on disk: a rebuild encodes only URLs it has never seen.
    """
    if cache is None:
        return _encode_qr(url)
    if not isinstance(cache, DiskCache):
        cache = QrCache(cache)
    name = f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:40]}.txt"
    stored = cache.read(name)
    if stored is not None:
        try:
            return stored.decode("ascii")
        except UnicodeDecodeError:
            pass  # a damaged entry: encode again and replace it
    uri = _encode_qr(url)
    cache.write(name, uri.encode("ascii"))
    return uri


# Process-wide cache: a pure function of its argument.
@functools.lru_cache(maxsize=4096)
def _encode_qr(url: str) -> str:
    import segno  # noqa: PLC0415 - on first use: a build whose codes are all in the cache never loads it

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")
