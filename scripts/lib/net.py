#!/usr/bin/env python3
"""Loopback port helpers for scripts/lib/emulators.sh (system python3, standard library only).

  net.py free-port               print a TCP port free on 127.0.0.1 and on all interfaces
  net.py wait PID PORT TIMEOUT   wait until process PID listens on PORT and answers HTTP there
  net.py probe URL TIMEOUT       wait until URL answers HTTP (any status)
  net.py is-free PORT            exit 0 if nothing listens on PORT
  net.py localstack URL SERVICES TIMEOUT PID
                                 wait until the LocalStack at URL (process PID) says each of the
                                 comma-separated SERVICES is running; print its version

`wait` and `localstack` exit codes: 0 ready, 2 timed out, 3 the process exited (e.g. the port was
taken between choosing and binding: the caller picks another port and retries).
"""
import json
import os
import random
import socket
import sys
import time
import urllib.error
import urllib.request

# Below Linux's ephemeral range (32768+), so outgoing connections do not take our ports.
PORT_RANGE = (20000, 32767)


def _bindable(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def free_port():
    # DynamoDB Local binds every interface, so the port must be free on both.
    for _ in range(200):
        port = random.randint(*PORT_RANGE)
        if _bindable("127.0.0.1", port) and _bindable("0.0.0.0", port):
            return port
    raise SystemExit("net.py: no free port found in %d-%d" % PORT_RANGE)


def _listening_inodes(port):
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    local, state, inode = cols[1], cols[3], cols[9]
                    if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                        inodes.add(inode)
        except FileNotFoundError:
            pass
    return inodes


def _owns_listener(pid, port):
    """True if process pid holds a socket listening on port: the answer is really ours."""
    wanted = {"socket:[%s]" % i for i in _listening_inodes(port)}
    if not wanted:
        return False
    fd_dir = "/proc/%d/fd" % pid
    try:
        fds = os.listdir(fd_dir)
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(os.path.join(fd_dir, fd)) in wanted:
                return True
        except OSError:
            continue
    return False


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


# Straight to the endpoint: an http_proxy in the environment must not answer for it.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url):
    try:
        _OPENER.open(url, timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means a server is there and speaking HTTP
    except (urllib.error.URLError, OSError):
        return False


def wait(pid, port, timeout):
    deadline = time.monotonic() + timeout
    url = "http://127.0.0.1:%d/" % port
    while time.monotonic() < deadline:
        if not _alive(pid):
            return 3
        if _owns_listener(pid, port) and _answers(url):
            return 0
        time.sleep(0.2)
    return 2


def probe(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _answers(url):
            return 0
        time.sleep(0.5)
    return 2


def localstack(url, services, timeout, pid):
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not _alive(pid):
            return 3
        try:
            with _OPENER.open(url.rstrip("/") + "/_localstack/health", timeout=5) as r:
                answer = json.load(r)
            states = answer.get("services", {})
            waiting = {s: states.get(s, "missing") for s in services if states.get(s) not in ("running", "available")}
            if not waiting:
                print(answer.get("version", "unknown"))
                return 0
            last = "services not running yet: %s" % waiting
        except (OSError, ValueError) as e:
            last = str(e)
        time.sleep(0.3)
    sys.stderr.write("net.py: LocalStack at %s: %s\n" % (url, last))
    return 2


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "free-port" and len(argv) == 2:
        print(free_port())
        return 0
    if cmd == "wait" and len(argv) == 5:
        return wait(int(argv[2]), int(argv[3]), float(argv[4]))
    if cmd == "probe" and len(argv) == 4:
        return probe(argv[2], float(argv[3]))
    if cmd == "localstack" and len(argv) == 6:
        return localstack(argv[2], argv[3].split(","), float(argv[4]), int(argv[5]))
    if cmd == "is-free" and len(argv) == 3:
        return 1 if _listening_inodes(int(argv[2])) else 0
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
