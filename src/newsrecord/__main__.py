"""``python -m newsrecord``: the same command line as ``newsrecord``."""

import sys

from ._cli import main

sys.exit(main())
