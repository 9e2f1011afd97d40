"""The toolkit's adapters to the site engines: the only code that sees their objects.

MkDocs and Material: `hooks/toolkit.py` (or the `tce` plugin) holds the `on_*` functions; they call this
package, which turns MkDocs and Material objects into the core's plain types (`tce_toolkit`) and the
core's results back into pages and files. Zensical: `zensical.py`, a Python-Markdown extension that
gets each page from Zensical's rendering context. The core imports neither.
"""
