from zotlint.cli import main

main()
