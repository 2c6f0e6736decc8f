"""Measures intent round trips for bench/bridge.bench.ts.

    python3 intent_client.py <intent endpoint> <count> tickwire|raw [busy poll us]

tickwire: OrderClient.submit (JSON intent, reply parsed into a Reply) against the tickwire bridge.
raw: a plain pyzmq DEALER sending the same JSON and reading one frame back, against a zeromq.js echo ROUTER.
busy poll us (default 0): both wait for the reply the same way, spinning on the socket's events (yielding the CPU on
every turn) for up to that many microseconds before a blocking poll (OrderClient's busy_poll_us; the raw loop below
does the same by hand).
Prints one JSON line: round-trip percentiles and every sample in microseconds, and how many replies were caught
while spinning (warm-up included).
"""

import json
import os
import sys
import time

import zmq

from tickwire import OrderClient

endpoint, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
busy_poll_us = int(sys.argv[4]) if len(sys.argv) > 4 else 0
WARM_UP = 500
order = {"symbol": "AAPL", "side": "buy", "type": "limit", "quantity": 1, "limitPrice": 101.5, "timeInForce": "day"}
samples = []

if mode == "tickwire":
    client = OrderClient(endpoint, client="bench", timeout=2.0, busy_poll_us=busy_poll_us)
    for index in range(WARM_UP + count):
        started = time.perf_counter()
        reply = client.submit("AAPL", "buy", 1, type="limit", limit_price=101.5, intent_id=f"i{index}")
        elapsed = time.perf_counter() - started
        assert reply.accepted, reply
        if index >= WARM_UP:
            samples.append(elapsed)
    spin_hits = client.busy_poll_hits
    client.close()
else:
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    spin_hits = 0
    for index in range(WARM_UP + count):
        started = time.perf_counter()
        message = {"v": 1, "type": "submit", "client": "bench", "intent": f"i{index}", "order": order}
        socket.send(json.dumps(message, separators=(",", ":")).encode())
        frame = None
        spin_until = time.perf_counter() + busy_poll_us / 1e6
        while busy_poll_us > 0:
            if socket.getsockopt(zmq.EVENTS) & zmq.POLLIN:
                frame = socket.recv(zmq.NOBLOCK)
                spin_hits += 1
                break
            if time.perf_counter() >= spin_until:
                break
            os.sched_yield()
        if frame is None:
            if not socket.poll(2000):
                raise SystemExit("no echo")
            frame = socket.recv()
        reply = json.loads(frame)
        elapsed = time.perf_counter() - started
        if index >= WARM_UP:
            samples.append(elapsed)
    socket.close()

samples.sort()


def percentile(fraction):
    return samples[min(len(samples) - 1, int(fraction * len(samples)))] * 1e6


print(json.dumps({"count": len(samples), "p50": percentile(0.5), "p99": percentile(0.99), "max": samples[-1] * 1e6,
                  "spinHits": spin_hits, "samplesUs": [round(sample * 1e6, 1) for sample in samples]}), flush=True)
