"""Entry point of the bundled app (tools/app/fundledger.spec): the ``fundledger`` command."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())
