#!/usr/bin/env python3
"""A stand-in for Runway's API on 127.0.0.1, for keywarden's --verify tests. Never reaches the internet.

Usage: runway-api-stub.py SCENARIOS.json LOG.jsonl
SCENARIOS.json maps the SHA-256 of a key to how the server answers a request carrying it:
  live            200 with an organization body
  invalid         401
  throttled-once  429 with Retry-After: 1, then 200
  unavailable     503 with Retry-After: 0, always
  bad-gateway     502, always (no Retry-After)
  gateway-timeout 504 with Retry-After: 0, then 200
  throttled-long  429 with Retry-After: 120 (longer than a client should wait)
  slow            200, but only after 3 seconds
  malformed       200 with a body that is not JSON
  redirect        302 to another path of this server (a client that follows it would be seen)
A key not in the file gets 401. The first line on stdout is the port. Each request is logged as one
JSON line (method, path, SHA-256 of the bearer token, X-Runway-Version, monotonic time); the key
itself is never written anywhere.
"""
import hashlib
import http.server
import json
import sys
import threading
import time

scenarios = json.load(open(sys.argv[1]))
log = open(sys.argv[2], "a")
lock = threading.Lock()
seen = {}

ORGANIZATION = json.dumps({
    "tier": {"maxMonthlyCreditSpend": 10000, "models": {}},
    "creditBalance": 1234,
    "usage": {"models": {}},
}).encode()


# Scenarios that answer this once, then 200.
ONCE_THEN_LIVE = {
    "throttled-once": (429, b'{"error":"rate limited"}', [("Retry-After", "1")]),
    "gateway-timeout": (504, b'{"error":"gateway timeout"}', [("Retry-After", "0")]),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow scenario): that is the point

    def do_GET(self):
        authorization = self.headers.get("Authorization", "")
        token = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else ""
        digest = hashlib.sha256(token.encode()).hexdigest() if token else ""
        with lock:
            count = seen.get((digest, self.path), 0) + 1
            seen[(digest, self.path)] = count
            log.write(json.dumps({
                "method": "GET", "path": self.path, "keySha256": digest,
                "version": self.headers.get("X-Runway-Version"), "time": time.monotonic(),
            }) + "\n")
            log.flush()
        if self.path != "/v1/organization":
            return self.answer(404, b'{"error":"not found"}')
        scenario = scenarios.get(digest, "invalid")
        if scenario == "live":
            return self.answer(200, ORGANIZATION, [("Content-Type", "application/json")])
        if scenario in ONCE_THEN_LIVE:
            if count == 1:
                return self.answer(*ONCE_THEN_LIVE[scenario])
            return self.answer(200, ORGANIZATION, [("Content-Type", "application/json")])
        if scenario == "unavailable":
            return self.answer(503, b'{"error":"unavailable"}', [("Retry-After", "0")])
        if scenario == "bad-gateway":
            return self.answer(502, b'{"error":"bad gateway"}')
        if scenario == "throttled-long":
            return self.answer(429, b'{"error":"rate limited"}', [("Retry-After", "120")])
        if scenario == "slow":
            time.sleep(3)
            return self.answer(200, ORGANIZATION, [("Content-Type", "application/json")])
        if scenario == "malformed":
            return self.answer(200, b'{"tier": {"maxMonthly', [("Content-Type", "application/json")])
        if scenario == "redirect":
            return self.answer(302, b"", [("Location", "/elsewhere")])
        return self.answer(401, b'{"error":"Invalid API key"}', [("Content-Type", "application/json")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
