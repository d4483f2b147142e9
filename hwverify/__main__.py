"""``python -m hwverify``: the ``hwverify`` command."""

from hwverify.cli import main

raise SystemExit(main())
