import sys

# `python -m zotlint --version` answers before click (about half the start-up time) is imported;
# the same text click's version option prints.
if sys.argv[1:] in (["--version"], ["-V"]):
    from zotlint import __version__

    sys.stdout.write(f"zotlint {__version__}\n")
    sys.exit(0)

from zotlint.cli import main

main()
