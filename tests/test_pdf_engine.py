"""WeasyPrint is loaded without the library search that runs ldconfig, gcc and ld in
subprocesses, and loads the same native libraries as with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from .test_attachment import need_pdf

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the soname route is for Linux"
)

LOADED = textwrap.dedent("""
    import json, re, subprocess, sys
    started = []

    class Counting(subprocess.Popen):
        def __init__(self, args, *more, **kw):
            started.append(args)
            super().__init__(args, *more, **kw)

    subprocess.Popen = Counting
    if sys.argv[1] == "ordinary":
        import weasyprint
    else:
        if sys.argv[1] == "sonames-fail":  # the dynamic linker knows none of the sonames
            import cffi, ctypes.util
            real_dlopen = cffi.FFI.dlopen

            def dlopen(self, name, flags=0):
                if ctypes.util.find_library.__name__ == "<lambda>" and ".so." in name:
                    raise OSError("not found: " + name)
                return real_dlopen(self, name, flags)

            cffi.FFI.dlopen = dlopen
        from hankelaskuri.render.document import pdf_engine
        pdf_engine()
    import ctypes.util
    libs = sorted({
        line.split()[-1].rsplit("/", 1)[-1]
        for line in open("/proc/self/maps")
        if re.search(r"lib(gobject|pango|pangoft2|harfbuzz|fontconfig)[-.]", line)
    })
    print(json.dumps({"started": len(started), "libs": libs,
                      "restored": ctypes.util.find_library.__name__}))
""")


def load(how: str) -> tuple[dict, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", LOADED, how], capture_output=True, text=True, env=env, check=True
    )
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1])


def test_weasyprint_loads_the_same_libraries_without_subprocesses():
    need_pdf()
    ordinary, _ = load("ordinary")
    ours, printed = load("sonames")
    assert ours["started"] == 0 and ordinary["started"] > 0
    assert ours["libs"] == ordinary["libs"] and ours["libs"]
    assert ours["restored"] == "find_library" and printed == ""


def test_where_the_sonames_fail_the_ordinary_search_still_loads_weasyprint():
    need_pdf()
    ordinary, _ = load("ordinary")
    ours, printed = load("sonames-fail")
    assert ours["started"] > 0  # the ordinary search ran
    assert ours["libs"] == ordinary["libs"]
    assert ours["restored"] == "find_library"
    assert printed == ""  # WeasyPrint's note on the first, failed attempt is not shown
