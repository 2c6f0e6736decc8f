"""read_ticks against files that the TypeScript tick store wrote (ring -> worker thread -> files).

The files come from packages/core/src/store/__fixtures__/write-python-fixture.ts, run with node + tsx, which also
prints a manifest of what each file must hold, prices as the decimal strings it encoded.
"""

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tickwire import TICK_DTYPE, TickFlag, symbol_id
from tickwire.tick_file import (
    TICK_FILE_HEADER_SIZE,
    TickArray,
    TickFileError,
    exact_prices,
    list_tick_files,
    read_tick_header,
    read_ticks,
)

REPO = Path(__file__).resolve().parents[2]
WRITER = REPO / "packages/core/src/store/__fixtures__/write-python-fixture.ts"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    node = shutil.which("node")
    assert node is not None, "node is needed to write the fixture files (the TypeScript tick store)"
    directory = tmp_path_factory.mktemp("ticks")
    result = subprocess.run(
        [node, "--import", "tsx", str(WRITER), str(directory)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    return directory, manifest


def test_every_file_is_listed_and_mapped_without_a_copy(written):
    directory, manifest = written
    paths = list_tick_files(str(directory))
    assert sorted(paths) == sorted(file["path"] for file in manifest["files"])
    assert len(paths) == 4  # EUR/USD on two days, BTC-USD, AAPL
    for path in paths:
        ticks = read_ticks(path)
        assert isinstance(ticks, TickArray) and isinstance(ticks, np.memmap)
        assert ticks.dtype == TICK_DTYPE
        assert ticks.offset == TICK_FILE_HEADER_SIZE
        assert not ticks.flags.writeable


def test_plain_numpy_memmap_reads_a_whole_file_as_documented(written):
    _, manifest = written
    for file in manifest["files"]:
        if file["path"] == manifest["torn"]["path"]:
            continue
        plain = np.memmap(file["path"], dtype=TICK_DTYPE, mode="r", offset=TICK_FILE_HEADER_SIZE)
        assert len(plain) == len(file["ticks"])
        # Byte for byte (NaN sides would fail an element-wise comparison).
        assert plain.tobytes() == read_ticks(file["path"]).tobytes()


def test_headers_carry_what_a_reader_needs(written):
    _, manifest = written
    for file in manifest["files"]:
        header = read_ticks(file["path"]).header
        assert header["symbol"] == file["symbol"]
        assert header["symbol_id"] == file["symbol_id"] == symbol_id(file["symbol"])
        assert header["source_id"] == file["source_id"]
        assert header["source_name"] == file["source_name"]
        assert header["price_increment"] == file["price_increment"]
        assert header["day"] == file["day"]
        assert header["record_count"] == len(file["ticks"])
        assert header["format_version"] == 1 and header["record_size"] == 32 and header["header_size"] == 256
    days = sorted(file["day"] for file in manifest["files"] if file["symbol"] == "EUR/USD")
    assert days == ["2024-03-15", "2024-03-16"]


def test_records_and_exact_prices_match_what_was_published(written):
    _, manifest = written
    for file in manifest["files"]:
        ticks = read_ticks(file["path"])
        expected = file["ticks"]
        assert ticks["timestamp_ns"].tolist() == [int(tick["timestamp_ns"]) for tick in expected]
        assert ticks["sequence"].tolist() == [tick["sequence"] for tick in expected]
        assert ticks["flags"].tolist() == [tick["flags"] for tick in expected]
        assert ticks["volume"].tolist() == [float(np.float32(tick["volume"])) for tick in expected]
        assert (ticks["source"] == file["source_id"]).all()
        for field in ("bid", "ask"):
            exact = ticks.exact_prices(field)
            for index, tick in enumerate(expected):
                text = tick[field]
                if text is None:
                    assert math.isnan(exact[index])
                    continue
                inexact = tick["flags"] & TickFlag.PRICE_INEXACT
                if inexact:
                    # f32 could not hold the price: the stored value is its nearest f32.
                    assert ticks[field][index] == np.float32(float(text))
                else:
                    assert exact[index] == float(text), (file["symbol"], index, exact[index], text)


def test_inexact_prices_are_flagged_where_f32_cannot_hold_cents(written):
    _, manifest = written
    bitcoin = next(file for file in manifest["files"] if file["symbol"] == "BTC-USD")
    ticks = read_ticks(bitcoin["path"])
    inexact = (ticks["flags"] & TickFlag.PRICE_INEXACT) != 0
    # f32 spacing at 150,000 is 1/64: some cent prices land close enough to recover, many do not.
    assert inexact.sum() > 50
    recovered = ticks.exact_prices("bid")
    published = np.array([float(tick["bid"]) for tick in bitcoin["ticks"]])
    assert (recovered[~inexact] == published[~inexact]).all()
    assert (recovered[inexact] != published[inexact]).any()
    euro = [file for file in manifest["files"] if file["symbol"] == "EUR/USD"]
    assert all(not (read_ticks(file["path"])["flags"] & TickFlag.PRICE_INEXACT).any() for file in euro)


def test_a_torn_tail_is_left_out_and_reported(written):
    _, manifest = written
    torn = manifest["torn"]
    header = read_tick_header(torn["path"])
    assert header["torn_bytes"] == torn["bytes"]
    ticks = read_ticks(torn["path"])
    assert len(ticks) == header["record_count"] == 300
    assert ticks.header["torn_bytes"] == torn["bytes"]


def test_slices_keep_the_header_and_exact_prices_take_an_explicit_increment(written):
    _, manifest = written
    apple = next(file for file in manifest["files"] if file["symbol"] == "AAPL")
    ticks = read_ticks(apple["path"])
    window = ticks[10:20]
    assert window.header["symbol"] == "AAPL"
    assert window.exact_prices("bid").tolist() == [float(tick["bid"]) for tick in apple["ticks"][10:20]]
    plain = np.asarray(ticks)
    assert exact_prices(plain, "ask", 0.01).tolist() == [float(tick["ask"]) for tick in apple["ticks"]]


def test_a_file_that_is_not_a_tick_file_is_refused(tmp_path):
    bogus = tmp_path / "bogus.tick"
    bogus.write_bytes(b"x" * 300)
    with pytest.raises(TickFileError, match="not a tick file"):
        read_ticks(str(bogus))
    short = tmp_path / "short.tick"
    short.write_bytes(b"TICKWIRE")
    with pytest.raises(TickFileError, match="shorter"):
        read_ticks(str(short))


def test_a_damaged_header_fails_its_checksum(written, tmp_path):
    _, manifest = written
    source = manifest["files"][0]["path"]
    damaged = tmp_path / "damaged.tick"
    data = bytearray(Path(source).read_bytes())
    data[70] ^= 0xFF  # inside the symbol
    damaged.write_bytes(bytes(data))
    with pytest.raises(TickFileError, match="checksum"):
        read_ticks(str(damaged))
    assert os.path.getsize(damaged) == os.path.getsize(source)
