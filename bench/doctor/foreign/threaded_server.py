"""A server of another model for the doctor: Python's threaded http.server, a thread per connection.

No event loop: a blocking call holds only its own thread, so time.sleep in a handler is healthy
here, while CPU work contends for the one interpreter lock (the process's one core). Routes: a
blocking sleep (healthy here), CPU work, a global lock, a pool of 4 with and without a bounded
wait, shedding, calls in turn and at once. /metrics is what Python's Prometheus client
exports: the process's CPU time. Standard library only. Prints its port on stdout.
"""
import concurrent.futures
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Calls of 100 ms, not the other servers' 30: a thread switch costs the interpreter CPU, and at
# 30 ms the healthy routes took 0.5-0.9 of its core at 64 connections, near where the doctor would
# call them CPU-bound on a slower machine.
CALL_S = 0.1
pool = threading.BoundedSemaphore(4)
lock = threading.Lock()


def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


# Threads for calls made at once, started once: a thread started per call costs more CPU than the call.
calls = concurrent.futures.ThreadPoolExecutor(max_workers=256)


def route(path):
    if path == "/health":
        return 200, "ok"
    if path == "/metrics":
        return 200, f"# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {time.process_time()}\n"
    if path == "/sleep":  # a blocking call: it holds its own thread only
        time.sleep(CALL_S)
    elif path == "/cpu":  # CPU work: every thread shares the interpreter's one lock
        spin(0.03)
    elif path == "/locked":  # one request at a time behind a global lock
        with lock:
            time.sleep(0.03)
    elif path == "/pool-bounded":  # a pool of 4; callers wait at most 0.5 s, then 503
        if not pool.acquire(timeout=0.5):
            return 503, "busy"
        try:
            time.sleep(0.02)
        finally:
            pool.release()
    elif path == "/pool-unbounded":  # the same pool; callers wait as long as it takes
        with pool:
            time.sleep(0.02)
    elif path == "/shed":  # the pool of 4, refused at once when full
        if not pool.acquire(blocking=False):
            return 503, "busy"
        try:
            time.sleep(0.02)
        finally:
            pool.release()
    elif path == "/sequential":  # three independent calls in turn
        for _ in range(3):
            time.sleep(CALL_S)
    elif path == "/concurrent":  # the same three at once, a thread each
        for done in [calls.submit(time.sleep, CALL_S) for _ in range(3)]:
            done.result()
    else:
        return 404, "not found"
    return 200, "ok"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK, 40 ms a reply.
    disable_nagle_algorithm = True

    def do_GET(self):
        status, text = route(self.path.split("?")[0])
        body = text.encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass  # a client gone away mid-reply: the load generator's, at the end of a level


server = Server(("127.0.0.1", 0), Handler)
sys.stdout.write(f"{server.server_address[1]}\n")
sys.stdout.flush()
server.serve_forever()
