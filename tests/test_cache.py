"""The result cache of ``hanke check``: hits, invalidation on every key part, broken
entries, concurrent runs, ``--no-cache``. Every test here keeps the cache in a temporary
folder (``HANKELASKURI_CACHE_DIR``, set for all tests in conftest)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from contextlib import closing
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hankelaskuri
from hankelaskuri import batch, cache
from hankelaskuri.cli import app
from hankelaskuri.rules import BUILTIN_DIR

from .conftest import EXAMPLES, ROOT

KEMI = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
runner = CliRunner()


@pytest.fixture
def cache_dir():
    return Path(os.environ["HANKELASKURI_CACHE_DIR"])


@pytest.fixture
def kemi(tmp_path):
    folder = tmp_path / "hankkeet"
    folder.mkdir()
    path = folder / "kemi.toml"
    path.write_text(KEMI, encoding="utf-8")
    return path


def entries(cache_dir: Path) -> dict[str, bytes]:
    """The stored entries, read straight from the cache database."""
    path = cache_dir / f"check-{cache.FORMAT}.sqlite"
    if not path.exists():
        return {}
    with closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT key, value FROM entry"))


def overwrite(cache_dir: Path, key: str, raw: bytes) -> None:
    with closing(sqlite3.connect(cache_dir / f"check-{cache.FORMAT}.sqlite")) as db, db:
        db.execute("UPDATE entry SET value = ? WHERE key = ?", (raw, key))


class Counting:
    """Wraps ``batch.check_file`` to count the files actually computed."""

    def __init__(self, monkeypatch):
        self.calls = 0
        real = batch.check_file

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(batch, "check_file", counted)


def run(files, cache_dir, rules=(), municipalities=False, jobs=1):
    return list(
        batch.check_files(
            files, list(rules), jobs, municipalities=municipalities, cache_dir=cache_dir
        )
    )


def test_second_run_is_read_from_the_cache_and_equal(kemi, cache_dir, monkeypatch):
    counter = Counting(monkeypatch)
    first = run([kemi], cache_dir, municipalities=True)
    assert counter.calls == 1 and len(entries(cache_dir)) == 1
    second = run([kemi], cache_dir, municipalities=True)
    assert counter.calls == 1  # nothing computed again
    assert second == first
    # Kemi example: 276 605 € in total, support 80 %, the city of Kemi the only municipality
    assert second[0].total_cost == D("276605.00") and second[0].support_rate == D("0.8000")
    assert second[0].path == str(kemi)


def test_same_content_elsewhere_is_a_hit_with_its_own_path(kemi, cache_dir, monkeypatch):
    copy = kemi.parent / "kopio.toml"
    shutil.copy(kemi, copy)
    counter = Counting(monkeypatch)
    a, b = run([kemi, copy], cache_dir)
    assert counter.calls == 1
    assert (a.path, b.path) == (str(kemi), str(copy)) and a.total_cost == b.total_cost


def test_changed_content_is_computed_again(kemi, cache_dir, monkeypatch):
    assert run([kemi], cache_dir)[0].status == "ok"
    kemi.write_text(KEMI.replace("support_rate = 0.80", "support_rate = 0.90"), encoding="utf-8")
    counter = Counting(monkeypatch)
    again = run([kemi], cache_dir)[0]
    assert counter.calls == 1
    assert again.status == "error" and again.items[0].code == "support_rate_above_max"


def test_cached_findings_show_in_any_language(kemi, cache_dir):
    # findings are kept as data, so one entry serves every language
    kemi.write_text(KEMI.replace("support_rate = 0.80", "support_rate = 0.90"), encoding="utf-8")
    run([kemi], cache_dir)
    fi = run([kemi], cache_dir)[0].items[0].message("fi")
    en = run([kemi], cache_dir)[0].items[0].message("en")
    assert fi != en and "support" in en.lower() and "tuki" in fi.lower()


def test_municipal_split_flag_is_part_of_the_key(cache_dir):
    path = EXAMPLES / "sydansuomi-pikastartti.toml"
    members = tomllib.loads(path.read_text(encoding="utf-8"))["municipal"]["members"]
    assert run([path], cache_dir, municipalities=False)[0].municipalities == ()
    split = run([path], cache_dir, municipalities=True)[0].municipalities
    assert sorted(m.name_fi for m in split) == sorted(members) and len(members) == 7


def test_rules_folder_content_is_part_of_the_key(kemi, cache_dir, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    jtf = (BUILTIN_DIR / "jtf-2021-2027.toml").read_text(encoding="utf-8")
    (rules / "jtf.toml").write_text(jtf, encoding="utf-8")
    assert run([kemi], cache_dir, rules=[rules])[0].status == "ok"
    # the user's rules lower the development measure's maximum from 80 % to 70 %
    stricter = jtf.replace(
        "max_support_rate = { value = 0.80,", "max_support_rate = { value = 0.70,"
    )
    assert stricter != jtf
    (rules / "jtf.toml").write_text(stricter, encoding="utf-8")
    again = run([kemi], cache_dir, rules=[rules])[0]
    assert again.status == "error" and again.items[0].code == "support_rate_above_max"
    # a file added to the folder changes the key too
    before = cache.context([rules])
    (rules / "extra.toml").write_text(jtf.replace('id = "jtf-2021-2027"', 'id = "x"'), "utf-8")
    assert cache.context([rules]) != before
    # and so does a missing folder versus an empty one
    empty = tmp_path / "empty"
    assert cache.context([empty]) != (empty.mkdir(), cache.context([empty]))[1]


def package_copy(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "package"
    shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
    return copy


@pytest.mark.parametrize(
    "changed",
    [
        "data/municipalities.csv",
        "rules/jtf-2021-2027.toml",
        "engine.py",
        "locale/sv/LC_MESSAGES/hankelaskuri.mo",
    ],
)
def test_bundled_data_rules_and_code_are_part_of_the_key(tmp_path, monkeypatch, changed):
    copy = package_copy(tmp_path, monkeypatch)
    before = cache.context([])
    assert cache.context([]) == before  # repeatable
    with (copy / changed).open("ab") as fh:
        fh.write(b"\n")
    assert cache.context([]) != before


def test_package_version_is_part_of_the_key(monkeypatch):
    before = cache.context([])
    monkeypatch.setattr(hankelaskuri, "__version__", "99.0.0")
    assert cache.context([]) != before


def test_library_versions_are_part_of_the_key(monkeypatch):
    before = cache.context([])
    monkeypatch.setattr(cache, "LIBRARIES", (*cache.LIBRARIES, "jsonschema"))
    assert cache.context([]) != before


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short (a crash mid-write elsewhere)
        lambda raw: raw[:-3] + b"9" + raw[-2:],  # a changed figure
        lambda raw: b"",  # empty
        lambda raw: b"\x00" * 40,  # garbage
    ],
)
def test_broken_entry_is_recomputed_never_trusted(kemi, cache_dir, monkeypatch, damage):
    first = run([kemi], cache_dir)
    ((k, raw),) = entries(cache_dir).items()
    overwrite(cache_dir, k, damage(raw))
    counter = Counting(monkeypatch)
    assert run([kemi], cache_dir) == first
    assert counter.calls == 1  # recomputed ...
    assert run([kemi], cache_dir) == first and counter.calls == 1  # ... and written again


def test_entry_with_a_valid_checksum_but_wrong_content_is_not_trusted(kemi, cache_dir, monkeypatch):
    first = run([kemi], cache_dir)
    (k,) = entries(cache_dir)
    store = cache.Store(cache_dir)
    store.put(k, {"status": "ok"})  # an entry that does not decode to a summary
    counter = Counting(monkeypatch)
    assert run([kemi], cache_dir) == first and counter.calls == 1
    other = "0" * len(k)
    store.put(other, batch.summary_to_json(first[0]))  # an entry stored under another key
    overwrite(cache_dir, k, entries(cache_dir)[other])
    assert store.get(k) is None
    store.close()


def test_damaged_database_is_set_aside_and_started_anew(kemi, cache_dir, monkeypatch):
    first = run([kemi], cache_dir)
    database = cache_dir / f"check-{cache.FORMAT}.sqlite"
    cache.Store(cache_dir).close()
    database.write_bytes(b"not a database, " * 512)
    assert run([kemi], cache_dir) == first  # computed, no error
    assert (cache_dir / f"check-{cache.FORMAT}.sqlite.broken").exists()
    run([kemi], cache_dir)
    counter = Counting(monkeypatch)
    assert run([kemi], cache_dir) == first and counter.calls == 0  # a new, working cache


def test_no_cache_option_writes_nothing(kemi, cache_dir):
    res = runner.invoke(app, ["check", str(kemi), "--no-cache", "-f", "json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["total_cost"] == "276605.00"
    assert entries(cache_dir) == {}
    runner.invoke(app, ["check", str(kemi), "-f", "json"])
    assert len(entries(cache_dir)) == 1


def test_unusable_cache_folder_does_not_stop_the_check(kemi, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("HANKELASKURI_CACHE_DIR", str(blocked))
    res = runner.invoke(app, ["check", str(kemi), "-f", "json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["status"] == "ok"


def test_parallel_run_mixes_hits_and_misses_in_order(tmp_path, cache_dir, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):
        text = KEMI.replace('name = "Kestävän', f'name = "{i} Kestävän')
        if i % 2:
            text = text.replace("support_rate = 0.80", "support_rate = 0.90")
        (folder / f"p{i}.toml").write_text(text, encoding="utf-8")
    files, _ = batch.expand([str(folder)])
    serial = run(files, None)
    run(files[::2], cache_dir)  # half of them cached
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "CHUNK", 2)
    mixed = run(files, cache_dir, jobs=2)
    assert mixed == serial
    assert [s.status for s in mixed] == ["ok", "error"] * 3
    assert len(entries(cache_dir)) == 6  # the workers stored the others


def test_concurrent_runs_share_the_cache_safely(tmp_path, cache_dir):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        text = KEMI.replace('name = "Kestävän', f'name = "{i} Kestävän')
        (folder / f"p{i:02d}.toml").write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "hankelaskuri", "check", str(folder), "-f", "json"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE) for _ in range(4)]
    outputs = [p.communicate()[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    data = [json.loads(o) for o in outputs]
    assert all(d == data[0] for d in data) and len(data[0]) == 40
    assert all(item["total_cost"] == "276605.00" for item in data[0])
    assert len(entries(cache_dir)) == 40
    again = subprocess.run(cmd, env=env, capture_output=True, check=True)
    assert json.loads(again.stdout) == data[0]


def test_default_folder_is_the_users_cache_folder(monkeypatch):
    monkeypatch.delenv("HANKELASKURI_CACHE_DIR")
    folder = cache.default_dir()
    assert folder.name == "hankelaskuri" and "cache" in str(folder).lower()


def test_fifo_is_not_waited_for_by_the_cache(tmp_path, cache_dir):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    store = batch._Cached(str(cache_dir), "context")
    assert store.read(fifo) is None  # returns at once; the loader reports the file
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (batch.READ_LIMIT + 1))
    assert store.read(big) is None
