"""A small mean-reversion strategy on the tickwire bridge: ticks in, orders out through the risk gate.

    # terminal 1: the runtime with the simulated market and the bridge on loopback
    npx tickwire run -c examples/python-strategy/tickwire.config.json
    # terminal 2: this strategy
    PYTHONPATH=python /usr/bin/python3 examples/python-strategy/strategy.py --duration 30

It follows an exponential moving average of the mid price per symbol and trades small lots against deviations:
buy when the mid is `--band` basis points under the average, sell when above, within a position limit of its own.
The risk gate in the runtime checks every order; its denials come back with reason codes, fills as order updates.
This is an example of the plumbing, not a strategy to trade.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

# Run from a checkout without installing: the package lives in python/ at the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))

from tickwire import BridgeError, IntentTimeout, OrderClient, TickSubscriber, symbol_id  # noqa: E402

SIM_SOURCE = 7


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publish", default="tcp://127.0.0.1:7701", help="the bridge's PUB endpoint")
    parser.add_argument("--intents", default="tcp://127.0.0.1:7702", help="the bridge's ROUTER endpoint")
    parser.add_argument("--client", default="py-meanrev", help="stable client name (replies and updates are keyed by it)")
    parser.add_argument("--symbols", nargs="+", default=["SIM-AAPL", "SIM-MSFT"])
    parser.add_argument("--quantity", type=float, default=10)
    parser.add_argument("--max-position", type=float, default=50, help="this strategy's own limit, per symbol")
    parser.add_argument("--band", type=float, default=5.0, help="deviation from the average that triggers, in bps")
    parser.add_argument("--half-life", type=float, default=200, help="ticks for the average to forget half")
    parser.add_argument("--cooldown", type=float, default=1.0, help="seconds between orders per symbol")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds to run")
    parser.add_argument("--probe-risk", action="store_true", help="send one oversized order first, to see a denial")
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    names = {symbol_id(symbol): symbol for symbol in arguments.symbols}
    alpha = 1 - 0.5 ** (1 / arguments.half_life)
    average = {symbol: math.nan for symbol in arguments.symbols}
    position = {symbol: 0.0 for symbol in arguments.symbols}
    last_order_at = {symbol: 0.0 for symbol in arguments.symbols}
    counts = {"ticks": 0, "accepted": 0, "denied": 0, "unknown": 0, "fills": 0}

    subscriber = TickSubscriber(
        arguments.publish,
        sources=[SIM_SOURCE],
        symbols=arguments.symbols,
        on_gap=lambda gap: print(f"gap: {names.get(gap.symbol_id, gap.symbol_id)} missed {gap.missing} ticks"),
    )
    client = OrderClient(arguments.intents, client=arguments.client, updates_endpoint=arguments.publish, timeout=1.0)
    try:
        if not subscriber.wait_ready(5.0):
            print(f"no heartbeat from {arguments.publish}: is `tickwire run` up with the bridge enabled?")
            return 1
        print(f"connected: session {client.session}, heartbeat every {client.heartbeat_ms} ms")

        def send(symbol: str, side: str, quantity: float, price: float) -> None:
            try:
                reply = client.submit(symbol, side, quantity, type="limit", limit_price=round(price, 2), time_in_force="day")
            except (IntentTimeout, BridgeError) as error:
                print(f"{symbol} {side} {quantity}: {error}")
                return
            if reply.accepted:
                counts["accepted"] += 1
                print(f"{symbol} {side} {quantity} @ {price:.2f}: accepted as {reply.client_order_id}")
            elif reply.denied:
                counts["denied"] += 1
                print(f"{symbol} {side} {quantity}: denied by risk ({reply.reason_code} {reply.reason_name}): {reply.message}")
            else:
                counts["unknown"] += 1
                print(f"{symbol} {side} {quantity}: outcome unknown ({reply.why}); watching order updates")

        if arguments.probe_risk:
            send(arguments.symbols[0], "buy", 1_000_000, 1.0)

        deadline = time.monotonic() + arguments.duration
        while time.monotonic() < deadline:
            records = subscriber.receive(timeout_ms=100)
            client.keepalive()
            for update in client.poll_updates():
                fill = update.get("fill")
                if fill is not None and update.get("symbol") in position:
                    sign = 1 if update.get("side") == "buy" else -1
                    position[update["symbol"]] += sign * fill["quantity"]
                    counts["fills"] += 1
                print(f"update #{update['seq']}: {update['clientOrderId']} {update['status']}"
                      + (f", filled {fill['quantity']} @ {fill['price']}" if fill else ""))
            if records is None or len(records) == 0:
                continue
            counts["ticks"] += len(records)
            symbol = names.get(int(records["symbol_id"][0]))
            if symbol is None:
                continue
            mids = (records["bid"].astype("f8") + records["ask"].astype("f8")) / 2
            for mid in mids[~(mids != mids)]:  # skip NaN (a missing side)
                average[symbol] = mid if math.isnan(average[symbol]) else average[symbol] + alpha * (mid - average[symbol])
            mid = float(mids[-1])
            if math.isnan(mid) or time.monotonic() - last_order_at[symbol] < arguments.cooldown:
                continue
            deviation_bps = (mid - average[symbol]) / average[symbol] * 1e4
            if deviation_bps <= -arguments.band and position[symbol] + arguments.quantity <= arguments.max_position:
                last_order_at[symbol] = time.monotonic()
                send(symbol, "buy", arguments.quantity, mid)
            elif deviation_bps >= arguments.band and position[symbol] - arguments.quantity >= -arguments.max_position:
                last_order_at[symbol] = time.monotonic()
                send(symbol, "sell", arguments.quantity, mid)
    except KeyboardInterrupt:
        pass
    finally:
        subscriber.close()
        client.close()
    print(f"done: {counts}, positions {position}, tick gaps {subscriber.gap_count} ({subscriber.missing_ticks} ticks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
