"""``python -m ukcsa_data.cli``: the ``ukcsa-data`` command."""

import sys

from ukcsa_data.cli import main

sys.exit(main())
