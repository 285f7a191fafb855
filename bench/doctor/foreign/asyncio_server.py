"""A server in another language for the doctor: Python's asyncio, standard library only.

Each route has a blind spot the doctor must name from outside, as in an async Python web app:
a synchronous call in an async handler (time.sleep), CPU work on the loop, a global asyncio.Lock,
a pool of 4 with and without a bounded wait, a thread pool whose queue has no bound, shedding,
a healthy route that saturates its one core, a client (its TLS context) built per request,
awaits in turn and at once, and healthy awaits. /metrics is what Python's Prometheus client exports on Linux: the process's
CPU time and memory, no event-loop series. Prints its port on stdout, then serves until killed.
"""
import asyncio
import concurrent.futures
import os
import ssl
import sys
import time

WORK_S = 0.03
pool = asyncio.Semaphore(4)
lock = asyncio.Lock()
threads = concurrent.futures.ThreadPoolExecutor(max_workers=4)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def metrics():
    with open("/proc/self/statm") as statm:
        rss = int(statm.read().split()[1]) * PAGE_SIZE
    return (
        "# TYPE process_cpu_seconds_total counter\n"
        f"process_cpu_seconds_total {time.process_time()}\n"
        "# TYPE process_resident_memory_bytes gauge\n"
        f"process_resident_memory_bytes {rss}\n"
        'python_info{implementation="CPython"} 1.0\n'
    )


async def route(path):
    if path == "/health":
        return 200, "ok"
    if path == "/metrics":
        return 200, metrics()
    if path == "/sync-sleep":  # a blocking call in an async handler: the loop waits
        time.sleep(WORK_S)
    elif path == "/cpu":  # CPU work on the loop
        end = time.perf_counter() + WORK_S
        while time.perf_counter() < end:
            pass
    elif path == "/locked":  # one request at a time behind a global lock
        async with lock:
            await asyncio.sleep(WORK_S)
    elif path == "/pool-bounded":  # a pool of 4; callers wait at most 0.5 s, then 503
        try:
            await asyncio.wait_for(pool.acquire(), 0.5)
        except asyncio.TimeoutError:
            return 503, "busy"
        try:
            await asyncio.sleep(0.02)
        finally:
            pool.release()
    elif path == "/pool-unbounded":  # the same pool; callers wait as long as it takes
        async with pool:
            await asyncio.sleep(0.02)
    elif path == "/threads":  # blocking work in a thread pool of 4 whose queue has no bound
        await asyncio.get_running_loop().run_in_executor(threads, time.sleep, 0.02)
    elif path == "/shed":  # the pool of 4, refused at once when full
        if pool.locked():
            return 503, "busy"
        async with pool:
            await asyncio.sleep(0.02)
    elif path == "/compute":  # a healthy route on a saturated core: 1 ms of CPU, then a 20 ms await
        end = time.perf_counter() + 0.001
        while time.perf_counter() < end:
            pass
        await asyncio.sleep(0.02)
    elif path == "/client-per-request":  # a client built per call: its TLS context loads the CA bundle, ~20 ms of CPU
        ssl.create_default_context()
        await asyncio.sleep(0.02)
    elif path == "/sequential":  # three independent awaits in turn: latency, not capacity
        for _ in range(3):
            await asyncio.sleep(0.03)
    elif path == "/concurrent":  # the same three at once
        await asyncio.gather(*(asyncio.sleep(0.03) for _ in range(3)))
    elif path == "/fine":  # an awaited call of 100 ms: the loop is free
        await asyncio.sleep(0.1)
    else:
        return 404, "not found"
    return 200, "ok"


REASONS = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}


async def serve(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            target = line.decode("latin-1").split(" ")[1]
            length = 0
            while True:
                header = await reader.readline()
                if header in (b"\r\n", b"\n", b""):
                    break
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            status, text = await route(target.split("?")[0])
            body = text.encode()
            head = f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: text/plain\r\ncontent-length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, IndexError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=1024)
    sys.stdout.write(f"{server.sockets[0].getsockname()[1]}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


asyncio.run(main())
