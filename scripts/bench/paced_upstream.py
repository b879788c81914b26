#!/usr/bin/env python3
"""A streaming OpenAI upstream for the load harness whose chunks are spaced in time, as a model's tokens are.

    paced_upstream.py PORT CHUNKS INTERVAL_MS

Answers every POST, on keep-alive connections, with a chat-completion stream (`text/event-stream`, chunked): a role
chunk, CHUNKS content chunks INTERVAL_MS apart, a finish chunk, a usage chunk and `data: [DONE]`. Each content
chunk's text is `t` and the CLOCK_MONOTONIC time in nanoseconds at which it was written, then a space — so that a
client on the same machine can tell how long each chunk took to reach it, directly or through a gateway.
"""

import asyncio
import json
import socket
import sys
import time


def event(delta, finish=None, usage=None):
    body = {"id": "chatcmpl-paced", "object": "chat.completion.chunk", "created": 1764806400, "model": "gpt-4o-mini",
            "choices": [] if usage else [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}
    if usage:
        body["usage"] = usage
    return b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n"


def chunked(data):
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


async def serve(reader, writer, chunks, interval):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                         + chunked(event({"role": "assistant", "content": ""})))
            await writer.drain()
            for _ in range(chunks):
                await asyncio.sleep(interval)
                writer.write(chunked(event({"content": f"t{time.monotonic_ns()} "})))
                await writer.drain()
            writer.write(chunked(event({}, finish="stop"))
                         + chunked(event(None, usage={"prompt_tokens": 11, "completion_tokens": chunks, "total_tokens": 11 + chunks}))
                         + chunked(b"data: [DONE]\n\n") + b"0\r\n\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port, chunks, interval):
    server = await asyncio.start_server(lambda r, w: serve(r, w, chunks, interval), "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000))
