"""More requests at once than nginx lets in: the excess is 503 in the JSON shape, at once.

The test stack lets in SAFEGRID_MAX_CONNECTIONS=256 requests at once, 64 per client
address (tests/run-integration.sh). A request here is held in flight by sending its
header and then not its body (nginx waits for the body before it asks safegridd, so
nothing reaches a worker). Past either limit, nginx answers 503 service_unavailable
without waiting; requests from elsewhere are still served while the slots are held,
and everyone is served again once they are let go. The sockets come from several
loopback addresses (any 127.x reaches 127.0.0.1).
"""
import asyncio
import json
import os
import time
from urllib.parse import urlsplit

from conftest import BASE_URL, anonymous

PER_ADDR = int(os.environ.get("SAFEGRID_CONN_PER_ADDR", "64"))
TOTAL = int(os.environ.get("SAFEGRID_MAX_CONNECTIONS", "256"))
URL = urlsplit(BASE_URL)
HELD = (b"POST /api/v1/hazards HTTP/1.1\r\nHost: safegrid\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n")


async def hold(source):
    """A request whose body never comes: it keeps its slot, or is refused at once."""
    reader, writer = await asyncio.open_connection(URL.hostname, URL.port, local_addr=(source, 0))
    writer.write(HELD)
    await writer.drain()
    return reader, writer


async def answer(reader, wait):
    """The status and body nginx sends within wait seconds, or None."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), wait)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length:"))
    body = await asyncio.wait_for(reader.readexactly(length), wait)
    return status, json.loads(body)


async def crowd(sources, each):
    """each held requests from every source: [(source, reader, writer)] in order."""
    held = []
    for source in sources:
        for _ in range(each):
            reader, writer = await hold(source)
            held.append((source, reader, writer))
    # nginx takes them in order of arrival; give it a moment to have read every header.
    await asyncio.sleep(0.5)
    return held


async def settle(held, wait=2.0):
    return await asyncio.gather(*(answer(reader, wait) for _, reader, _ in held))


def close(held):
    for _, _, writer in held:
        writer.close()


def is_json_503(got):
    return (got is not None and got[0] == 503
            and got[1]["error"]["code"] == "service_unavailable"
            and set(got[1]["error"]) == {"code", "message", "details"})


def served_from(source):
    """An ordinary request from source, answered normally."""
    async def ping():
        reader, writer = await asyncio.open_connection(URL.hostname, URL.port, local_addr=(source, 0))
        writer.write(b"GET /api/v1/ping HTTP/1.1\r\nHost: safegrid\r\nConnection: close\r\n\r\n")
        await writer.drain()
        got = await answer(reader, 5)
        writer.close()
        return got
    return asyncio.run(ping())


def test_past_the_per_address_limit_the_excess_is_503_json_at_once():
    async def run():
        extra = 10
        held = await crowd(["127.0.0.5"], PER_ADDR + extra)
        started = time.monotonic()
        answers = await settle(held)
        took = time.monotonic() - started
        # Served from another address while this one is at its limit.
        other = await asyncio.get_running_loop().run_in_executor(None, served_from, "127.0.0.6")
        close(held)
        return answers, took, other

    answers, took, other = asyncio.run(run())
    refused = [a for a in answers if a is not None]
    assert len(refused) == 10, [a and a[0] for a in answers]
    assert all(is_json_503(a) for a in refused), refused[:3]
    assert took < 2.5
    assert other is not None and other[0] == 200
    assert served_from("127.0.0.5")[0] == 200
    assert anonymous().get("/api/v1/ping").status_code == 200


def test_past_the_overall_limit_the_excess_is_503_json_and_the_stack_recovers():
    sources = [f"127.0.1.{i}" for i in range(1, 6)]
    each = TOTAL // len(sources) + 4            # 5 x 55 = 275 > 256, each under 64

    async def run():
        held = await crowd(sources, each)
        answers = await settle(held)
        close(held)
        return answers

    answers = asyncio.run(run())
    refused = [a for a in answers if a is not None]
    assert len(refused) == len(sources) * each - TOTAL, len(refused)
    assert all(is_json_503(a) for a in refused), refused[:3]
    # The held requests let go: everyone is served again at once.
    time.sleep(0.5)
    for source in sources:
        assert served_from(source)[0] == 200
