"""Recalculate a workbook with LibreOffice headless and read back its defined names."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def need_libreoffice() -> None:
    """Skip without LibreOffice, except under CI where it must be installed."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice not installed")


def recalculate(paths: list[Path], out_dir: Path) -> list[Path]:
    """Open and save each workbook in LibreOffice, which computes every formula."""
    return convert(paths, out_dir, "xlsx")


def convert(paths: list[Path], out_dir: Path, to: str) -> list[Path]:
    """Each workbook opened in LibreOffice and saved as ``to`` (xlsx, pdf)."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--calc",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            *map(str, paths),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return [out_dir / f"{p.stem}.{to}" for p in paths]


def named_values(path: Path) -> dict[str, Decimal]:
    wb = load_workbook(path, data_only=True)
    out = {}
    for name, dn in wb.defined_names.items():
        sheet, cell = dn.attr_text.rsplit("!", 1)
        value = wb[sheet.strip("'")][cell.replace("$", "")].value
        out[name] = Decimal(str(value)) if value is not None else None
    return out
