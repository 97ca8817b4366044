"""`python -m gi_reports`: the same commands as `gi-reports`."""

import sys

from .cli import main

sys.exit(main())
