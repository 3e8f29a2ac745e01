"""A split service for the `strata up` tests: answers /health and /hello on
127.0.0.1:$PORT with its own name and pid, and logs each request."""
import http.server
import json
import os
import sys

NAME = sys.argv[1]
SICK = False  # set by GET /sick: /health answers 503 from then on


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        global SICK
        if self.path == "/health":
            self.reply(503 if SICK else 200, {"status": "sick" if SICK else "ok"})
        elif self.path == "/sick":
            SICK = True
            self.reply(200, {"status": "sick"})
        elif self.path == "/hello":
            print(f"{NAME} served /hello", flush=True)
            self.reply(200, {"service": NAME, "pid": os.getpid()})
        else:
            self.reply(404, {"error": "not found"})

    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
print(f"{NAME} listening on {os.environ['PORT']} (pid {os.getpid()})", flush=True)
server.serve_forever()
