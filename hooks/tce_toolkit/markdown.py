"""`tce_toolkit.markdown`: the name sites write for the toolkit's Python-Markdown extension.

Zensical configurations (`markdown_extensions: - tce_toolkit.markdown`, with `model: FILE`), the README and
`tce zensical-config` name the extension by this module, so it stays importable here. The extension itself
is the Zensical adapter, `tce_site.zensical`, beside the MkDocs adapter: this module only re-exports it,
and it is the one module of the core that imports an adapter (a test keeps it so).
"""

from __future__ import annotations

from tce_site.zensical import Page, ToolkitExtension, makeExtension

__all__ = ["Page", "ToolkitExtension", "makeExtension"]
