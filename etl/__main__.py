"""`python -m etl <command>` is kept as the familiar name of the product's command line.

The command line lives in the `nyaperspektiv` package, which composes the write side, the read side and the
exports; the write side must not import the read side, so this hands over by process, not by import.
"""

import os
import sys

os.execv(sys.executable, [sys.executable, "-m", "nyaperspektiv", *sys.argv[1:]])
