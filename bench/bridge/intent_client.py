"""Measures intent round trips for bench/bridge.bench.ts.

    python3 intent_client.py <intent endpoint> <count> tickwire|raw

tickwire: OrderClient.submit (JSON intent, reply parsed into a Reply) against the tickwire bridge.
raw: a plain pyzmq DEALER sending the same JSON and reading one frame back, against a zeromq.js echo ROUTER.
Prints one JSON line: round-trip percentiles in microseconds.
"""

import json
import sys
import time

import zmq

from tickwire import OrderClient

endpoint, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
WARM_UP = 500
order = {"symbol": "AAPL", "side": "buy", "type": "limit", "quantity": 1, "limitPrice": 101.5, "timeInForce": "day"}
samples = []

if mode == "tickwire":
    client = OrderClient(endpoint, client="bench", timeout=2.0)
    for index in range(WARM_UP + count):
        started = time.perf_counter()
        reply = client.submit("AAPL", "buy", 1, type="limit", limit_price=101.5, intent_id=f"i{index}")
        elapsed = time.perf_counter() - started
        assert reply.accepted, reply
        if index >= WARM_UP:
            samples.append(elapsed)
    client.close()
else:
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    for index in range(WARM_UP + count):
        started = time.perf_counter()
        message = {"v": 1, "type": "submit", "client": "bench", "intent": f"i{index}", "order": order}
        socket.send(json.dumps(message, separators=(",", ":")).encode())
        if not socket.poll(2000):
            raise SystemExit("no echo")
        reply = json.loads(socket.recv())
        elapsed = time.perf_counter() - started
        if index >= WARM_UP:
            samples.append(elapsed)
    socket.close()

samples.sort()


def percentile(fraction):
    return samples[min(len(samples) - 1, int(fraction * len(samples)))] * 1e6


print(json.dumps({"count": len(samples), "p50": percentile(0.5), "p99": percentile(0.99), "max": samples[-1] * 1e6}), flush=True)
