"""Reads the golden tick vectors written by the TypeScript encoder and checks them against the JSON and the docs."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from tickwire import SOURCE, TICK_DTYPE, TICK_RECORD_SIZE, TickFlag, recover_prices, symbol_id
from tickwire.tick_format import TICK_FLAGS_RESERVED_MASK

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "packages" / "core" / "fixtures"
DOC = (REPO / "docs" / "tick-format.md").read_text(encoding="utf-8")
GOLDEN = json.loads((FIXTURES / "ticks-v1.json").read_text(encoding="utf-8"))
RECORDS = np.frombuffer((FIXTURES / "ticks-v1.bin").read_bytes(), dtype=TICK_DTYPE)
EXPECTED = GOLDEN["ticks"]


def doc_section(title: str) -> str:
    start = DOC.index(f"\n{title}\n")
    end = DOC.find("\n## ", start + len(title) + 2)
    return DOC[start : end if end >= 0 else len(DOC)]


def same_f32(actual: np.float32, expected: float | None) -> bool:
    if expected is None:
        return bool(np.isnan(actual))
    return float(actual) == expected and math.copysign(1.0, float(actual)) == math.copysign(1.0, expected)


def test_dtype_is_the_32_byte_layout():
    assert TICK_DTYPE.itemsize == TICK_RECORD_SIZE == GOLDEN["record_size"] == 32
    offsets = {name: TICK_DTYPE.fields[name][1] for name in TICK_DTYPE.names}
    assert offsets == {
        "timestamp_ns": 0,
        "symbol_id": 8,
        "bid": 12,
        "ask": 16,
        "volume": 20,
        "source": 24,
        "flags": 25,
        "spread_bps": 26,
        "sequence": 28,
    }


def test_doc_dtype_matches_the_package():
    block = re.search(r"```python\n(.*?)```", doc_section("### numpy"), re.S)
    assert block is not None, "docs/tick-format.md lost its numpy block"
    namespace: dict = {}
    exec(block.group(1), namespace)  # noqa: S102 - our own documentation
    assert namespace["TICK_DTYPE"] == TICK_DTYPE


def test_golden_file_holds_every_record():
    assert len(RECORDS) == GOLDEN["count"] == len(EXPECTED)
    assert len(RECORDS) >= 36


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_record_fields_match_json(index: int):
    record = RECORDS[index]
    expected = EXPECTED[index]
    note = expected["note"]
    assert int(record["timestamp_ns"]) == int(expected["timestamp_ns"]), note
    assert int(record["symbol_id"]) == expected["symbol_id"], note
    assert same_f32(record["bid"], expected["bid"]), note
    assert same_f32(record["ask"], expected["ask"]), note
    assert same_f32(record["volume"], expected["volume"]), note
    assert int(record["source"]) == expected["source"], note
    assert int(record["flags"]) == expected["flags"], note
    assert int(record["spread_bps"]) == expected["spread_bps"], note
    assert int(record["sequence"]) == expected["sequence"], note


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_record_obeys_the_documented_rules(index: int):
    record = RECORDS[index]
    expected = EXPECTED[index]
    flags = int(record["flags"])
    bid = float(record["bid"])
    ask = float(record["ask"])
    assert flags & TICK_FLAGS_RESERVED_MASK == 0
    assert 1 <= int(record["source"]) <= 254
    assert math.isnan(bid) == bool(flags & TickFlag.BID_MISSING)
    assert math.isnan(ask) == bool(flags & TickFlag.ASK_MISSING)
    if flags & TickFlag.TRADE:
        assert bid == ask
    # The encoder adds only missing-side and inexact bits to what the parser gave it.
    added = flags & ~expected["input"]["flags"]
    assert added & ~(TickFlag.BID_MISSING | TickFlag.ASK_MISSING | TickFlag.PRICE_INEXACT) == 0
    if expected["symbol"] is not None:
        assert symbol_id(expected["symbol"]) == int(record["symbol_id"])
    seconds, nanos = expected["input"]["epoch_seconds"], expected["input"]["nanoseconds"]
    assert int(record["timestamp_ns"]) == seconds * 1_000_000_000 + nanos


def test_spread_is_recomputable_from_the_record():
    bid = RECORDS["bid"].astype(np.float64)
    ask = RECORDS["ask"].astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        raw = np.floor(200000.0 * (ask - bid) / (ask + bid) + 0.5)
    expected = np.where(
        np.isnan(bid) | np.isnan(ask),
        65535,
        np.where(ask <= bid, 0, np.where(ask + bid <= 0, 65535, np.minimum(raw, 65535))),
    )
    np.testing.assert_array_equal(RECORDS["spread_bps"], expected.astype(np.uint16))
    assert {0, 65535} <= set(RECORDS["spread_bps"].tolist())


def test_golden_covers_every_flag_and_both_ends_of_each_field():
    flags = np.bitwise_or.reduce(RECORDS["flags"])
    assert flags == 0x7F
    assert RECORDS["sequence"].min() == 0 and RECORDS["sequence"].max() == 2**32 - 1
    assert RECORDS["symbol_id"].min() == 0 and RECORDS["symbol_id"].max() == 2**32 - 1
    assert RECORDS["timestamp_ns"].min() == 0 and RECORDS["timestamp_ns"].max() == 2**64 - 1
    assert RECORDS["source"].min() == 1 and RECORDS["source"].max() == 254
    assert RECORDS["volume"].min() == 0 and RECORDS["volume"].max() == np.finfo(np.float32).max


def test_exact_prices_are_recovered_and_inexact_ones_are_flagged():
    checked_exact = checked_inexact = 0
    for record, expected in zip(RECORDS, EXPECTED):
        increment = expected["price_increment"]
        if increment == 0 or expected["input"]["flags"] & TickFlag.PRICE_INEXACT:
            continue
        sides = [(record[side], expected["input"][side]) for side in ("bid", "ask") if expected["input"][side] is not None]
        recovered_all = all(float(recover_prices(stored, increment)) == given for stored, given in sides)
        if int(record["flags"]) & TickFlag.PRICE_INEXACT:
            assert not recovered_all, expected["note"]
            checked_inexact += 1
        else:
            assert recovered_all, expected["note"]
            checked_exact += 1
    assert checked_exact >= 10 and checked_inexact >= 3


def test_recover_prices_keeps_nan_and_refuses_bad_increments():
    result = recover_prices(np.array([np.float32(189.52), np.nan], dtype=np.float32), 0.01)
    assert result[0] == 189.52 and math.isnan(result[1])
    assert recover_prices(np.float32(110.5078125), 1 / 128) == 110.5078125
    for bad in (0.0, -0.01, math.nan, math.inf):
        with pytest.raises(ValueError):
            recover_prices(1.0, bad)


def test_symbol_id_vectors_in_the_doc():
    rows = re.findall(r"^\| `([^`]+)`\s*\| (\d+)\s*\| `0x([0-9a-f]{8})`\s*\|$", doc_section("## symbol_id"), re.M)
    assert len(rows) >= 10
    for symbol, decimal, hexadecimal in rows:
        assert symbol_id(symbol) == int(decimal) == int(hexadecimal, 16), symbol


def test_symbol_id_matches_published_fnv1a_vectors_and_refuses_bad_symbols():
    assert symbol_id("a") == 0xE40C292C
    assert symbol_id("foobar") == 0xBF9CF968
    assert symbol_id("costarring") == symbol_id("liquid")
    with pytest.raises(ValueError):
        symbol_id("")
    with pytest.raises(UnicodeEncodeError):
        symbol_id("AB\ud800")


def test_flag_and_source_constants_match_the_doc():
    rows = re.findall(r"^\| (\d)\s*\| `0x([0-9a-f]{2})`\s*\| `([A-Z_]+)`\s*\|", doc_section("## Flags"), re.M)
    assert {name: int(value, 16) for _, value, name in rows} == {flag.name: int(flag) for flag in TickFlag}
    for bit, value, _ in rows:
        assert 1 << int(bit) == int(value, 16)
    sources = dict(re.findall(r"^\| (\d)\s*\| (\S[^|]*?)\s*\|$", doc_section("## Source ids"), re.M))
    assert sorted(int(key) for key in sources if key != "0") == sorted(SOURCE.values())
