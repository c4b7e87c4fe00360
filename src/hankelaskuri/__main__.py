"""``python -m hankelaskuri`` and the ``hanke`` command."""

import gc


def run() -> None:
    # The cyclic garbage collector stays off from the start, over the command line's own
    # libraries too (see cli.main): its passes over what importing them makes free nothing.
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
