"""The per-file limits of a build, enforced on the process that parses the file.

A worker process caps what its address space may grow by (MAX_MEMORY_BYTES) and dies with the build that
started it; each file gets MAX_SECONDS of wall-clock time (a timer interrupts the parser) and
a CPU-time backstop the kernel enforces even inside C code (it kills the worker, and the build
then finds the culprit by re-running the batch file by file).
"""

import ctypes
import multiprocessing
import resource
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .. import config
from ..errors import LimitExceeded

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1
_CPU_GRACE = 10  # seconds of CPU beyond MAX_SECONDS before the kernel kills a worker stuck in C code


class _OutOfTime(BaseException):
    """Raised by the timer inside the parser; a BaseException so that no `except Exception` there swallows it."""


def start_worker() -> None:
    """Set up a worker process: bounded memory, no core dumps, and death when the build's process dies."""
    # The limit is on what parsing adds: a worker forked from a process that already maps a lot
    # (OCR models, a notebook's data) must not start out of memory.
    hard = _hard(resource.RLIMIT_AS)
    soft = _mapped_bytes() + config.MAX_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, _hard(resource.RLIMIT_CORE)))
    if sys.platform.startswith("linux"):  # a `kill -9` of the build leaves no orphan parsing on
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _mapped_bytes() -> int:
    """The address space this process maps now (0 where /proc is not there to say)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def within_limits(path: str, parse: Callable[[str], T]) -> T:
    """`parse(path)`, or LimitExceeded when it takes more than MAX_SECONDS or runs out of memory."""
    try:
        with _timer(config.MAX_SECONDS):
            return parse(path)
    except _OutOfTime:
        raise LimitExceeded(path, "MAX_SECONDS", f"parsing took more than {config.MAX_SECONDS} s") from None
    except MemoryError:
        raise LimitExceeded(
            path, "MAX_MEMORY_BYTES", f"parsing needed more than {config.MAX_MEMORY_BYTES / 1e9:.0f} GB"
        ) from None


@contextmanager
def _timer(seconds: float):
    """A wall-clock timer and a CPU-time backstop; only the main thread can take signals (a Dask worker's
    thread runs without them, under the cluster's own limits)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def out_of_time(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, out_of_time)
    cpu = resource.getrlimit(resource.RLIMIT_CPU)
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + seconds + _CPU_GRACE)
    # The backstop kills the process: only a worker's, never a build parsing in its own process.
    if multiprocessing.parent_process() is not None and (cpu[1] == resource.RLIM_INFINITY or soft <= cpu[1]):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu[1]))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_CPU, cpu)


def _hard(limit: int) -> int:
    return resource.getrlimit(limit)[1]
