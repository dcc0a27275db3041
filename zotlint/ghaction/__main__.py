"""`python -m zotlint.ghaction`, as action.yml runs it."""

from zotlint.ghaction import entry

entry()
