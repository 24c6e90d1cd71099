"""`python -m launcher ...` is the same as `tdkt ...`."""

from launcher.cli import _exit, main

_exit(main())
