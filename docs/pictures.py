"""Remake the pictures of README.md: the terminal output of ``hanke budget`` at 80 columns
and the first page of a council decision attachment. Run from the repository root:

    python docs/pictures.py

Needs WeasyPrint (a dependency) and ``pdftoppm`` (poppler-utils)."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from weasyprint import HTML

from hankelaskuri.api import calculate
from hankelaskuri.render.terminal import render_budget

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "sydansuomi-pikastartti.toml"


def terminal_png(target: Path) -> None:
    console = Console(
        record=True, width=80, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    render_budget(calculate(EXAMPLE, []), console, "fi", "examples/sydansuomi-pikastartti.toml")
    html = console.export_html(inline_styles=True, code_format=(
        "<html><head><style>@page {{ size: 200mm 172mm; margin: 6mm; background: #1e1e1e }}"
        "body {{ background: #1e1e1e; color: #e6e6e6 }}"
        "pre {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 8.4pt; line-height: 1.25 }}"
        "</style></head><body><pre>$ hanke budget examples/sydansuomi-pikastartti.toml\n"
        "{code}</pre></body></html>"
    ))
    _png(HTML(string=html).write_pdf(), target)


def attachment_png(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "liite.pdf"
        subprocess.run(
            [sys.executable, "-m", "hankelaskuri", "attachment", str(EXAMPLE),
             "-m", "Karstula", "-o", str(pdf)],
            check=True,
        )
        _png(pdf.read_bytes(), target)


def _png(pdf: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
             str(source), str(target.with_suffix(""))],
            check=True,
        )


if __name__ == "__main__":
    terminal_png(ROOT / "docs" / "budget-terminal.png")
    attachment_png(ROOT / "docs" / "attachment-page.png")
