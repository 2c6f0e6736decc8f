"""Tick files written by the tickwire tick store, read with numpy and no copy.

A tick file is a 256-byte header followed by 32-byte tick records (docs/tick-format.md, "Tick files").
``read_ticks(path)`` maps the records with ``numpy.memmap`` and returns them as a :class:`TickArray`: a
``numpy.memmap`` subclass of dtype ``TICK_DTYPE`` that also carries the file's header as ``.header``.

    >>> ticks = read_ticks("ticks/truefx/EUR%2FUSD/2024-03-15.tick")
    >>> ticks.header["symbol"], len(ticks)
    ('EUR/USD', 81234)
    >>> ticks["bid"][:3]                       # float32, as stored
    >>> ticks.exact_prices("bid")[:3]          # float64 on the price grid: 1.08451, not 1.0845099687576294
"""

from __future__ import annotations

import os
import struct
import zlib
from typing import Any, Dict, List, Optional

import numpy as np

from .tick_format import TICK_DTYPE, TICK_RECORD_SIZE, recover_prices

TICK_FILE_HEADER_SIZE = 256
"""Bytes before the first record; a multiple of 32, so records stay aligned."""

TICK_FILE_MAGIC = b"TICKWIRE"
TICK_FILE_FORMAT_VERSION = 1

# Offsets 0..63 of the header, little-endian (see docs/tick-format.md, "Tick files").
_FIXED = struct.Struct("<8sHHHBBIIdQQIIBB")
_SYMBOL_OFFSET = 64
_SOURCE_NAME_OFFSET = 192
_CRC_OFFSET = 252


class TickFileError(ValueError):
    """The file is not a tick file this version can read (bad magic, version, sizes or header checksum)."""


def read_tick_header(path: str) -> Dict[str, Any]:
    """The header of a tick file as a dict, plus ``record_count`` and ``torn_bytes`` from the file size.

    Keys: format_version, header_size, record_size, source_id, source_name, symbol, symbol_id,
    price_increment (0.0 when unknown), price_decimals (255 when unknown), day ('YYYY-MM-DD'),
    day_start_ns, part, created_ns, writer_pid, record_count, torn_bytes.

    Raises TickFileError when the header is not valid.
    """
    with open(path, "rb") as file:
        raw = file.read(TICK_FILE_HEADER_SIZE)
        size = os.fstat(file.fileno()).st_size
    if len(raw) < TICK_FILE_HEADER_SIZE:
        raise TickFileError(f"{path}: {len(raw)} bytes, shorter than the {TICK_FILE_HEADER_SIZE}-byte tick file header")
    (
        magic,
        format_version,
        header_size,
        record_size,
        source_id,
        price_decimals,
        symbol_id,
        day,
        price_increment,
        created_ns,
        day_start_ns,
        part,
        writer_pid,
        symbol_length,
        source_name_length,
    ) = _FIXED.unpack_from(raw, 0)
    if magic != TICK_FILE_MAGIC:
        raise TickFileError(f"{path}: starts with {magic!r}, not {TICK_FILE_MAGIC!r}; not a tick file")
    if format_version != TICK_FILE_FORMAT_VERSION:
        raise TickFileError(f"{path}: format version {format_version}, this reader knows {TICK_FILE_FORMAT_VERSION}")
    (stored_crc,) = struct.unpack_from("<I", raw, _CRC_OFFSET)
    actual_crc = zlib.crc32(raw[:_CRC_OFFSET])
    if stored_crc != actual_crc:
        raise TickFileError(f"{path}: header checksum {actual_crc:#x} does not match the stored {stored_crc:#x}")
    if header_size != TICK_FILE_HEADER_SIZE or record_size != TICK_RECORD_SIZE:
        raise TickFileError(f"{path}: header size {header_size} / record size {record_size} are not 256 / 32")
    body = size - TICK_FILE_HEADER_SIZE
    return {
        "format_version": format_version,
        "header_size": header_size,
        "record_size": record_size,
        "source_id": source_id,
        "source_name": raw[_SOURCE_NAME_OFFSET : _SOURCE_NAME_OFFSET + source_name_length].decode("utf-8"),
        "symbol": raw[_SYMBOL_OFFSET : _SYMBOL_OFFSET + symbol_length].decode("utf-8"),
        "symbol_id": symbol_id,
        "price_increment": price_increment,
        "price_decimals": price_decimals,
        "day": f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}",
        "day_start_ns": day_start_ns,
        "part": part,
        "created_ns": created_ns,
        "writer_pid": writer_pid,
        "record_count": body // TICK_RECORD_SIZE,
        "torn_bytes": body % TICK_RECORD_SIZE,
    }


class TickArray(np.memmap):
    """A ``numpy.memmap`` of ``TICK_DTYPE`` records that also carries its file's header as ``.header``.

    Slices and field views keep ``.header``. A partial record at the end of the file (a crash mid-write,
    ``header["torn_bytes"]`` > 0) is left out.
    """

    header: Optional[Dict[str, Any]]

    def __array_finalize__(self, obj: Any) -> None:
        super().__array_finalize__(obj)
        self.header = getattr(obj, "header", None)

    def exact_prices(self, field: str = "bid") -> np.ndarray:
        """``field`` ('bid' or 'ask') as float64, rounded to the file's price increment when it is known.

        Exact for every tick whose PRICE_INEXACT flag is clear; NaN (a missing side) stays NaN. Without a
        known increment, the float32 values widened to float64.
        """
        return exact_prices(self, field)


def exact_prices(ticks: np.ndarray, field: str = "bid", price_increment: Optional[float] = None) -> np.ndarray:
    """Prices of ``ticks[field]`` recovered to the grid of ``price_increment`` (default: ``ticks.header``'s)."""
    if price_increment is None:
        header = getattr(ticks, "header", None) or {}
        price_increment = float(header.get("price_increment", 0.0))
    values = np.asarray(ticks[field], dtype=np.float64)
    if not price_increment > 0:
        return values
    return recover_prices(values, price_increment)


def read_ticks(path: str) -> TickArray:
    """Maps the records of a tick file read-only, with no copy, as a :class:`TickArray` with ``.header``.

    Equivalent to ``numpy.memmap(path, dtype=TICK_DTYPE, mode='r', offset=256, shape=(record_count,))``.
    Raises TickFileError when the file is not a tick file.
    """
    header = read_tick_header(path)
    count = header["record_count"]
    if count == 0:
        # mmap cannot map zero bytes; an empty array of the same type stands in.
        ticks = np.zeros(0, dtype=TICK_DTYPE).view(TickArray)
    else:
        ticks = TickArray(path, dtype=TICK_DTYPE, mode="r", offset=TICK_FILE_HEADER_SIZE, shape=(count,))
    ticks.header = header
    return ticks


def list_tick_files(directory: str) -> List[str]:
    """Every ``*.tick`` file below ``directory``, sorted by path (source, symbol, day, part)."""
    found = []
    for root, _, names in os.walk(directory):
        found.extend(os.path.join(root, name) for name in names if name.endswith(".tick"))

    def order(path: str) -> tuple:
        folder, name = os.path.split(path)
        stem = name[: -len(".tick")]
        day, _, part = stem.partition(".")
        return (folder, day, int(part) if part.isdigit() else 0)

    return sorted(found, key=order)
