#!/usr/bin/env python3
"""Lists the async functions of a Swift binary by the size of their frame (the context each call allocates from
its task's allocator), largest first.

    scripts/bench/async-frames.py .build-release/release/switchyard [REGEX]

Each async function has an "async function pointer" (a symbol ending in `Tu`): a 32-bit relative offset to the
function, then the 32-bit size of its initial context. The frames alive at a call's deepest moment decide how much
memory a connection's task keeps (docs/architecture.md, "Async frames on the call path"). Needs binutils (`nm`,
`readelf`) and `swift demangle`.
"""
import re
import signal
import struct
import subprocess
import sys


def sections(binary):
    """(virtual address, file offset, size) of the binary's sections that have bytes in the file."""
    found = []
    listing = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match and match.group(2) != "NOBITS":
            found.append((int(match.group(3), 16), int(match.group(4), 16), int(match.group(5), 16)))
    return found


def frame_sizes(binary):
    """(frame size, mangled name) of every async function pointer in the binary."""
    data = open(binary, "rb").read()
    places = sections(binary)
    sizes = []
    symbols = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    for line in symbols.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[2].endswith("Tu"):
            continue
        address = int(parts[0], 16)
        for start, offset, size in places:
            if start <= address < start + size:
                _, frame = struct.unpack("<iI", data[offset + address - start: offset + address - start + 8])
                sizes.append((frame, parts[2]))
                break
    return sorted(sizes, reverse=True)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quietly stop when piped into head
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sizes = frame_sizes(sys.argv[1])
    names = subprocess.run(
        ["swift", "demangle", "--simplified"], input="\n".join(name for _, name in sizes),
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    pattern = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
    for (size, _), name in zip(sizes, names):
        name = name.removeprefix("async function pointer to ")
        if pattern is None or pattern.search(name):
            print(f"{size:6d}  {name}")


if __name__ == "__main__":
    main()
