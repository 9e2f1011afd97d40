"""What a page needs to know about the rest of the site, for an engine that renders one page at a time.

Zensical runs no MkDocs hooks: it converts each page on its own. The MkDocs adapter reads the series as
Material's blog places it and writes this model (`tce model --output FILE`); the Zensical adapter
(`tce_site.zensical`) reads it back in Zensical's process. Both sides share these plain types only.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .models import Series
from .related import Related
from .worksheets.names import Paper

MODEL_FORMAT = 3


@dataclass(frozen=True)
class FeedRef:
    """One feed of the site as pages name it (no content): what the Subscribe fragments and heads show."""

    path: str  # relative to the site folder, e.g. feed.xml
    url: str  # absolute
    title: str
    label: str
    media_type: str
    category: str | None = None


@dataclass(frozen=True)
class SiteModel:
    """What a page needs to know about the rest of the site, read once by the engine's adapter."""

    series: Series
    site_name: str = ""
    post_terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # post src_uri -> entry slugs
    related: Mapping[str, tuple[Related, ...]] = field(default_factory=dict)  # post src_uri -> related parts
    feeds: tuple[FeedRef, ...] = ()  # the series feeds first, then the category feeds
    page_feeds: Mapping[str, tuple[FeedRef, ...]] = field(default_factory=dict)  # page URL -> its own feeds
    worksheet_pdfs: bool = False  # whether the worksheets come with PDFs
    # The paper the pages offer first: `extra.worksheets.paper` as the settings' one reader read and checked it.
    worksheet_paper: Paper | None = None
    directory_urls: bool = True  # pages at `x/` (MkDocs' use_directory_urls), not `x.html`
    format: int = MODEL_FORMAT


class ModelError(RuntimeError):
    """The extension runs under Zensical but cannot find the model of the series."""


def dump_model(model: SiteModel) -> bytes:
    """The model as bytes for `read_model` in another process of the same build (same code, same machine)."""
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)


def read_model(path: str | Path) -> SiteModel:
    """The model `dump_model` wrote to `path`; a clear stop when the file is not one."""
    try:
        model = pickle.loads(Path(path).read_bytes())  # written by this build's `model` step: see dump_model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
        raise ModelError(f"{path} cannot be read as the toolkit's model ({error})") from None
    if not isinstance(model, SiteModel) or model.format != MODEL_FORMAT:
        raise ModelError(f"{path} is not a model written by this toolkit: write it again")
    return model
