"""Receives tick batches for bench/bridge.bench.ts and reports how fast they arrived.

    python3 tick_receiver.py <publish endpoint> <expected ticks> tickwire|raw

tickwire: the tickwire package's TickSubscriber (numpy batches, per-symbol gap detection).
raw: plain pyzmq SUB + numpy.frombuffer, no checks: the baseline.
Both subscribe to source 7 only: the sender warms up with source-9 ticks, which the PUB socket drops unsent.
Prints {"ready": true} once subscribed (after the first heartbeat), then one JSON result line.
"""

import json
import sys
import time

import numpy as np
import zmq

from tickwire import TICK_DTYPE, TickSubscriber

endpoint, expected, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
IDLE_LIMIT_MS = 3000


def say(message):
    print(json.dumps(message), flush=True)


def run_tickwire():
    subscriber = TickSubscriber(endpoint, sources=[7], receive_high_water_mark=0)
    if not subscriber.wait_ready(10.0):
        raise SystemExit("no heartbeat")
    say({"ready": True})
    first = last = None
    messages = 0
    while subscriber.ticks_received < expected:
        records = subscriber.receive(timeout_ms=IDLE_LIMIT_MS)
        if records is None:
            break
        last = time.perf_counter()
        first = first or last
        messages += 1
        float(records["bid"][-1])  # touch the data, as a strategy would
    subscriber.close()
    return subscriber.ticks_received, messages, first, last, subscriber.gap_count


def run_raw():
    socket = zmq.Context.instance().socket(zmq.SUB)
    socket.setsockopt(zmq.RCVHWM, 0)
    socket.connect(endpoint)
    socket.setsockopt(zmq.SUBSCRIBE, b"t.7.")
    socket.setsockopt(zmq.SUBSCRIBE, b"h.")
    while socket.recv_multipart()[0] != b"h.":
        pass
    say({"ready": True})
    first = last = None
    received = messages = 0
    while received < expected:
        if not socket.poll(IDLE_LIMIT_MS):
            break
        topic, payload = socket.recv_multipart(copy=False)
        if topic.bytes[:2] != b"t.":
            continue
        records = np.frombuffer(payload.buffer, dtype=TICK_DTYPE, offset=16)
        last = time.perf_counter()
        first = first or last
        received += len(records)
        messages += 1
        float(records["bid"][-1])
    socket.close(linger=0)
    return received, messages, first, last, 0


cpu_before = time.process_time()  # all threads of this process, libzmq's I/O thread included
received, messages, first, last, gaps = run_tickwire() if mode == "tickwire" else run_raw()
seconds = (last - first) if first is not None and last is not None else 0.0
say({"received": received, "messages": messages, "seconds": seconds, "gaps": gaps, "cpuSeconds": time.process_time() - cpu_before})
