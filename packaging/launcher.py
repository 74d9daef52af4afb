"""PyInstaller entry point: runs ``wizard.__main__.main()``, as ``python -m wizard`` does."""

import sys

from wizard.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
