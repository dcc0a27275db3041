"""`python -m zotlint` and the `zotlint` console script (pyproject's entry point is ``main``)."""

import sys


def main() -> None:
    # `--version` answers before click and the rest of zotlint are imported (the imports are most
    # of a run's start-up); the same text click's version option prints.
    if sys.argv[1:] in (["--version"], ["-V"]):
        from zotlint import __version__

        sys.stdout.write(f"zotlint {__version__}\n")
        sys.exit(0)

    import gc

    # Start-up imports and loads the rules: ~100,000 objects that live until exit, and the
    # collector's passes over them find nothing (3 % of `check` on a small repository). The
    # command turns collection back on once it has loaded what it needs
    # (zotlint.cliutil.start_up_done); an error before that ends the process anyway.
    gc.disable()
    from zotlint.lazyregex import lazy_compiles_from, precompiled_patterns

    # The patterns the run compiles come compiled with the package (6 % of `check` on a small
    # repository): zotlint.lazyregex.precompiled_patterns.
    with precompiled_patterns():
        # Importing click also imports platform, tokenize and locale, which compile patterns a
        # run seldom uses (2 % of `check` on a small repository): compiled on first use
        # instead. Each module uses them only through their methods (read in Python 3.11 and
        # click 8.1).
        with lazy_compiles_from("click", "platform", "tokenize", "locale"):
            from zotlint.cli import main as cli_main

        try:
            cli_main()
        finally:
            # The process ends here. The interpreter's shutdown would run full garbage
            # collections over everything still alive (modules, the whole loaded project) to
            # find nothing worth finding: a tenth of a small run. Frozen objects are skipped;
            # output is already written, and standard streams are still flushed.
            gc.freeze()


if __name__ == "__main__":
    main()
