"""End to end with real processes: `tickwire run` (the built CLI) with the sim connector and the bridge, and this
Python process as the strategy: every tick arrives with contiguous sequences, orders go through the risk gate,
denials come back with reason codes and fills come back as order updates."""

from __future__ import annotations

import json
import math
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tickwire import OrderClient, TickSubscriber, symbol_id

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "packages" / "core" / "dist" / "cli.js"
SIM_SOURCE = 7
SYMBOLS = ["SIM-AAPL", "SIM-MSFT"]
MAX_ORDER_QUANTITY = 16  # the risk gate's reason code (packages/core/src/risk/risk-reasons.ts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def runtime(tmp_path: Path):
    node = shutil.which("node")
    assert node is not None, "node is not on PATH"
    assert CLI.exists(), f"{CLI} is missing: run npm run build (npm test does it first)"
    publish = f"tcp://127.0.0.1:{free_port()}"
    intents = f"tcp://127.0.0.1:{free_port()}"
    config = {
        "connectors": [
            {
                "package": "@tickwire/connector-sim",
                "instruments": {symbol: {"priceIncrement": 0.01} for symbol in SYMBOLS},
            }
        ],
        "bridge": {"publishEndpoint": publish, "intentEndpoint": intents, "maxBatchDelayMicros": 200},
        "auditLog": str(tmp_path / "audit.jsonl"),
    }
    config_path = tmp_path / "tickwire.config.json"
    config_path.write_text(json.dumps(config))
    summary_path = tmp_path / "summary.json"
    process = subprocess.Popen(
        [node, str(CLI), "run", "--config", str(config_path), "--summary-json", str(summary_path), "--quiet"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield {"publish": publish, "intents": intents, "process": process, "summary": summary_path}
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def stop(runtime) -> dict:
    process = runtime["process"]
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr[-2000:]
    return json.loads(runtime["summary"].read_text())


def test_ticks_orders_denials_and_fills_over_the_bridge(runtime):
    names = {symbol_id(symbol): symbol for symbol in SYMBOLS}
    gaps = []
    subscriber = TickSubscriber(runtime["publish"], sources=[SIM_SOURCE], symbols=SYMBOLS, on_gap=gaps.append)
    client = OrderClient(runtime["intents"], client="e2e", updates_endpoint=runtime["publish"], timeout=2.0, connect=False)
    try:
        assert subscriber.wait_ready(15.0), f"no heartbeat from {runtime['publish']}"
        client._connect()
        received = {symbol: 0 for symbol in SYMBOLS}
        last_ask = {}
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            records = subscriber.receive(timeout_ms=100)
            if records is None or len(records) == 0:
                continue
            symbol = names[int(records["symbol_id"][0])]
            received[symbol] += len(records)
            asks = records["ask"][~((records["flags"] & 0x01) != 0)]
            if len(asks) > 0 and not math.isnan(float(asks[-1])):
                last_ask[symbol] = float(asks[-1])
        assert all(count > 100 for count in received.values()), received
        assert gaps == [], f"sequence gaps on the bridge: {gaps[:5]}"

        denied = client.submit("SIM-AAPL", "buy", 5_000, type="limit", limit_price=round(last_ask["SIM-AAPL"], 2))
        assert denied.denied, denied
        assert denied.reason_code == MAX_ORDER_QUANTITY
        assert denied.reason_name == "MAX_ORDER_QUANTITY"

        # Marketable: a limit a little above the ask fills at the ask.
        limit = math.ceil(last_ask["SIM-AAPL"] * 1.002 * 100) / 100
        accepted = client.submit("SIM-AAPL", "buy", 3, type="limit", limit_price=limit, time_in_force="ioc")
        assert accepted.accepted, accepted
        fills = []
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline and sum(fill["quantity"] for fill in fills) < 3:
            subscriber.receive(timeout_ms=20)
            for update in client.poll_updates(timeout_ms=50):
                if update.get("clientOrderId") == accepted.client_order_id and update.get("fill") is not None:
                    fills.append(update["fill"])
        assert sum(fill["quantity"] for fill in fills) == 3, fills
        assert all(fill["price"] <= limit for fill in fills)
    finally:
        subscriber.close()
        client.close()

    summary = stop(runtime)
    ticks = summary["ticks"]
    assert ticks["received"] == ticks["published"] + ticks["dropped"] + ticks["refused"]
    assert ticks["consumed"] == ticks["published"]
    assert ticks["bridged"] == ticks["published"]
    assert summary["orders"]["riskDenials"] >= 1
