"""The toolkit's adapter to MkDocs and Material: the only code that sees their objects.

`hooks/toolkit.py` holds the `on_*` functions; they call this package, which turns MkDocs and Material
objects into the core's plain types (`tce_toolkit`) and the core's results back into pages and files.
"""
