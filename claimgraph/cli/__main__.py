"""Run the command line as ``python -m claimgraph.cli``."""

import sys

from claimgraph.cli import main

sys.exit(main())
