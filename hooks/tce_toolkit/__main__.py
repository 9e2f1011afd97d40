"""`python -m tce_toolkit check | pack`: the toolkit's command line.

The commands need the site engine's rules (Material decides URLs and drafts), so they live in the adapter
package `tce_site`; this file only hands over to it, and the core itself still imports no MkDocs.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from tce_site.cli import main

    sys.exit(main())
