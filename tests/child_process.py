"""Running a test's crash-capable calls in a child interpreter, so that a segfault, an abort or a
panic fails that one test instead of ending the whole run.

The child runs with its working directory outside the repository, so it imports the installed
package, not the source tree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

TESTS_DIR = Path(__file__).parent
# Words that only appear in a Rust panic or an uncaught Python error, never in a chosen message.
CRASH_MARKERS = ("panicked", "Traceback", "RUST_BACKTRACE", "PanicException")


def run_python(
    code: str, *args: str, cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``sys.executable -c code *args`` in ``cwd`` (which should lie outside the repository)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        # A crash may print the very bytes that were not UTF-8.
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=cwd,
    )


# Imports a module beside this one and prints the JSON of one of its functions' result.
CALL_IN_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
print(json.dumps(getattr(module, sys.argv[3])(*sys.argv[4:])))
"""


def call_in_child(module: str, function: str, *args: str, cwd: Path, timeout: float = 300) -> Any:
    """``module.function(*args)`` in a child process (``module`` sits in tests/), its JSON result
    parsed back. The child must exit normally, with nothing on stderr that looks like a crash."""
    done = run_python(
        CALL_IN_CHILD, str(TESTS_DIR), module, function, *args, cwd=cwd, timeout=timeout
    )
    assert done.returncode == 0, f"the child exited with {done.returncode}:\n{done.stderr[-4000:]}"
    for marker in CRASH_MARKERS:
        assert marker not in done.stderr, done.stderr[-4000:]
    return json.loads(done.stdout.splitlines()[-1])


def attempt(call: Callable[[], object]) -> dict[str, object]:
    """``{"value": call()}``, or the ordinary exception it raised as ``{"error", "message"}``.

    Only ``Exception`` is caught: a Rust panic that reaches Python (pyo3's ``PanicException``
    derives from ``BaseException``) ends the child, and so fails the test."""
    try:
        return {"value": call()}
    except Exception as error:
        return {"error": type(error).__name__, "message": str(error)}
