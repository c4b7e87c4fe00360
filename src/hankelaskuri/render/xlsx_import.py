"""openpyxl imported without the optional libraries a workbook of ours never needs.

When numpy or Pillow is installed, ``import openpyxl`` imports them too: numpy only so
that numpy numbers are accepted as cell values, Pillow only to embed pictures. Our
workbooks hold neither, and on a machine that has both the two imports cost more than
building and writing a large workbook (about 0.1 s of ``hanke export``). While openpyxl
itself is imported they are marked as missing, as openpyxl allows (it checks for them
with ``try: import … except ImportError``), and unmarked right after: whatever imports
numpy or Pillow later in the process gets them as usual.
"""

from __future__ import annotations

import sys

OPTIONAL = ("numpy", "PIL")


def import_openpyxl() -> None:
    """Import openpyxl (once per process) without numpy and Pillow; does nothing if
    openpyxl is already imported, and leaves alone a library already imported."""
    if "openpyxl" in sys.modules:
        return
    hidden = [name for name in OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # ``import name`` → ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
