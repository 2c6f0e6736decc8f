"""The round-trip floor for bench/bridge.bench.ts: a pyzmq ROUTER that echoes every message, libzmq on both ends.

    python3 echo_router.py <messages> [endpoint]

Binds the endpoint (default: tcp://127.0.0.1 on a free port), prints {"endpoint": ...} on one line, echoes <messages>
messages with blocking receives (as a server thread that does not spin would) and exits; it also exits after 10 s
without a message.
"""

import json
import sys

import zmq

messages = int(sys.argv[1])
socket = zmq.Context.instance().socket(zmq.ROUTER)
socket.setsockopt(zmq.LINGER, 0)
if len(sys.argv) > 2:
    endpoint = sys.argv[2]
    socket.bind(endpoint)
else:
    endpoint = f"tcp://127.0.0.1:{socket.bind_to_random_port('tcp://127.0.0.1')}"
print(json.dumps({"endpoint": endpoint}), flush=True)
for _ in range(messages):
    if not socket.poll(10_000):
        break
    socket.send_multipart(socket.recv_multipart())
socket.close()
