"""A Python strategy stand-in for bridge-python-peer.test.ts: subscribes, counts ticks, sends two intents.

    python3 python-peer.py <publish endpoint> <intent endpoint> <expected ticks>

Prints JSON lines: {"ready": true} once subscribed, then one result line. Bounded: gives up after 20 s.
"""

import json
import sys
import time

from tickwire import OrderClient, TickSubscriber

publish, intent, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])


def say(message):
    print(json.dumps(message), flush=True)


with TickSubscriber(publish, sources=[7]) as subscriber:
    if not subscriber.wait_ready(10.0):
        say({"error": "no heartbeat from the bridge"})
        sys.exit(1)
    say({"ready": True})
    sequences = {}
    deadline = time.monotonic() + 20.0
    while subscriber.ticks_received < expected and time.monotonic() < deadline:
        records = subscriber.receive(timeout_ms=100)
        if records is not None:
            sequences.setdefault(str(int(records["symbol_id"][0])), []).extend(records["sequence"].tolist())
    ticks = {"received": subscriber.ticks_received, "gaps": subscriber.gap_count, "sequences": sequences}

with OrderClient(intent, client="py-peer", timeout=2.0) as client:
    replies = [
        client.submit("AAPL", "buy", 5, type="limit", limit_price=99.5, intent_id="peer-1"),
        client.submit("AAPL", "buy", 500, intent_id="peer-2"),
    ]
say({
    "ticks": ticks,
    "replies": [
        {"type": r.type, "intent": r.intent_id, "clientOrderId": r.client_order_id, "reasonCode": r.reason_code,
         "reasonName": r.reason_name}
        for r in replies
    ],
})
