"""Unit tests of the bridge protocol helpers: topics, batch header decoding, gap detection with wrap."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from tickwire import TICK_DTYPE, symbol_id
from tickwire.bridge_protocol import (
    TICK_BATCH_HEADER,
    Gap,
    ProtocolError,
    SequenceTracker,
    decode_tick_batch,
    order_update_topic,
    parse_tick_batch_header,
    source_topic,
    tick_topic,
    topics_for,
)


def make_records(source: int, symbol: int, sequences) -> np.ndarray:
    records = np.zeros(len(sequences), dtype=TICK_DTYPE)
    records["source"] = source
    records["symbol_id"] = symbol
    records["sequence"] = np.asarray(sequences, dtype=np.uint64).astype(np.uint32)
    records["bid"] = 100.0
    records["ask"] = 100.25
    return records


def make_payload(records: np.ndarray, session: int = 7, batch_sequence: int = 0) -> bytes:
    return TICK_BATCH_HEADER.pack(1, 16, 32, 1, len(records), session, batch_sequence) + records.tobytes()


def test_topics_match_the_typescript_form():
    assert tick_topic(7, 0xABC) == b"t.7.00000abc"
    assert tick_topic("sim", "AAPL") == b"t.7.%08x" % symbol_id("AAPL")
    assert source_topic(200) == b"t.200."
    assert order_update_topic("alpha") == b"o.alpha."
    assert topics_for(None, None) == [b"t."]
    assert topics_for([3, 7], None) == [b"t.3.", b"t.7."]
    assert topics_for([7], [1, 2]) == [b"t.7.00000001", b"t.7.00000002"]
    with pytest.raises(ValueError, match="unknown source name 'nasdaq'"):
        tick_topic("nasdaq", "AAPL")


def test_decodes_a_batch_without_copying():
    records = make_records(7, 0xABC, [5, 6, 7])
    payload = bytearray(make_payload(records, session=0xDEADBEEF, batch_sequence=41))
    header, decoded = decode_tick_batch(memoryview(payload))
    assert (header.count, header.session_id, header.batch_sequence) == (3, 0xDEADBEEF, 41)
    assert decoded.dtype == TICK_DTYPE
    assert decoded["sequence"].tolist() == [5, 6, 7]
    payload[16 + 28] = 99  # the array is a view of the payload
    assert decoded["sequence"][0] == 99


@pytest.mark.parametrize(
    "payload, problem",
    [
        (b"\x01\x10", "shorter than the 16-byte header"),
        (TICK_BATCH_HEADER.pack(2, 16, 32, 1, 0, 0, 0), "speaks protocol 2"),
        (TICK_BATCH_HEADER.pack(1, 16, 48, 1, 0, 0, 0), "48-byte records"),
        (TICK_BATCH_HEADER.pack(1, 16, 32, 1, 2, 0, 0) + b"\x00" * 32, "declares a 16-byte header and 2 records"),
        (TICK_BATCH_HEADER.pack(1, 16, 32, 9, 0, 0, 0), "tick format 9"),
    ],
)
def test_refuses_malformed_headers(payload, problem):
    with pytest.raises(ProtocolError, match=problem):
        parse_tick_batch_header(payload)


def test_reads_a_longer_header_of_a_later_minor_revision():
    records = make_records(7, 1, [1, 2])
    payload = struct.pack("<BBBBIII", 1, 24, 32, 1, 2, 5, 0) + b"\xaa" * 8 + records.tobytes()
    header, decoded = decode_tick_batch(payload)
    assert header.header_size == 24
    assert decoded["sequence"].tolist() == [1, 2]


def test_contiguous_batches_have_no_gap():
    tracker = SequenceTracker()
    assert tracker.check_batch(7, 1, np.array([1, 2, 3], dtype=np.uint32)) == []
    assert tracker.check_batch(7, 1, np.array([4, 5], dtype=np.uint32)) == []
    assert tracker.expected(7, 1) == 6


def test_reports_a_gap_between_batches_and_inside_one():
    tracker = SequenceTracker()
    tracker.check_batch(7, 1, np.array([1, 2, 3], dtype=np.uint32))
    assert tracker.check_batch(7, 1, np.array([6, 7, 9], dtype=np.uint32)) == [
        Gap(7, 1, expected=4, received=6, missing=2, kind="gap"),
        Gap(7, 1, expected=8, received=9, missing=1, kind="gap"),
    ]


def test_wraps_at_two_to_the_32():
    tracker = SequenceTracker()
    assert tracker.check_batch(7, 1, np.array([0xFFFFFFFE, 0xFFFFFFFF, 0, 1], dtype=np.uint32)) == []
    assert tracker.check_batch(7, 1, np.array([2], dtype=np.uint32)) == []
    tracker.check_batch(7, 2, np.array([0xFFFFFFFD], dtype=np.uint32))
    assert tracker.check_batch(7, 2, np.array([1], dtype=np.uint32)) == [
        Gap(7, 2, expected=0xFFFFFFFE, received=1, missing=3, kind="gap")
    ]


def test_a_sequence_going_back_is_not_counted_as_missing_ticks():
    tracker = SequenceTracker()
    tracker.check_batch(7, 1, np.array([100, 101], dtype=np.uint32))
    assert tracker.check_batch(7, 1, np.array([5], dtype=np.uint32)) == [
        Gap(7, 1, expected=102, received=5, missing=0, kind="backwards")
    ]


def test_keeps_each_source_and_symbol_apart_and_resets():
    tracker = SequenceTracker()
    tracker.check_batch(7, 1, np.array([10], dtype=np.uint32))
    assert tracker.check_batch(8, 1, np.array([500], dtype=np.uint32)) == []
    assert tracker.check_batch(7, 2, np.array([900], dtype=np.uint32)) == []
    tracker.reset()
    assert tracker.expected(7, 1) is None
    assert tracker.check_batch(7, 1, np.array([3], dtype=np.uint32)) == []


def test_checks_mixed_records_per_source_and_symbol():
    records = np.concatenate(
        [make_records(7, 1, [1]), make_records(7, 2, [50]), make_records(7, 1, [2]), make_records(7, 1, [4]), make_records(3, 1, [9])]
    )
    assert SequenceTracker().check_records(records) == [Gap(7, 1, expected=3, received=4, missing=1, kind="gap")]


def test_the_documented_test_vector_decodes_to_the_fields_the_page_lists():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "bridge-protocol.md").read_text(encoding="utf-8")
    block = re.search(r"```\n([0-9a-f \n]+)```", doc[doc.index("## Test vector") :]).group(1)
    header, records = decode_tick_batch(bytes.fromhex(block.replace("\n", " ")))
    assert (header.count, header.session_id, header.batch_sequence) == (2, 0x01020304, 0)
    assert records["symbol_id"].tolist() == [symbol_id("AAPL")] * 2
    assert records["sequence"].tolist() == [41, 42]
    assert records["timestamp_ns"].tolist() == [1_700_000_000_000_000_000, 1_700_000_000_000_001_000]
    assert records["bid"].tolist() == [189.5, 189.5] and records["ask"].tolist() == [189.75, 189.75]
    assert records["volume"].tolist() == [100.0, 100.0] and records["spread_bps"].tolist() == [13, 13]
    assert records["source"].tolist() == [7, 7] and records["flags"].tolist() == [0, 0]
