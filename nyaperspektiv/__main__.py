import sys

from nyaperspektiv.cli import main

sys.exit(main())
