"""Time and peak memory of importing every hostile file of issue #20, one child process per file.

    .venv/bin/python benchmarks/hostile_files.py [--code DIR] [--timeout 60] [--memory-mb 1536] [--only NAME]

Each file is imported by ``tests/helpers/import_child.py`` under ``prlimit --as`` (address space
cap) and a wall-clock timeout, so a bomb cannot take the machine down; ``--code`` points at
another checkout (e.g. the code before the fix, from ``git archive``) to measure that instead.
Prints a Markdown table: case, exit code, seconds, peak MB, outcome. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.helpers.hostile_files import all_cases  # noqa: E402  found through the sys.path entry added above


def _hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(path: Path, code_dir: Path, timeout: float, memory_mb: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sidekick-hostile-home-") as home:
        env = {**os.environ, "SIDEKICK_HOME": home, "PYTHONPATH": str(code_dir)}
        command = ["prlimit", f"--as={memory_mb << 20}", sys.executable, str(REPO / "tests/helpers/import_child.py"),
                   str(path)]
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, _hwm_mb(child.pid))
            if time.perf_counter() - started > timeout:
                child.kill()
                child.wait()
                return {"code": "killed", "seconds": round(time.perf_counter() - started, 1),
                        "peak_mb": round(peak), "outcome": f"killed after {timeout:.0f} s"}
            time.sleep(0.05)
        out, err = child.communicate()
        lines = [line for line in out.splitlines() if line.startswith("{")]
        if not lines:
            last = (err.strip().splitlines() or ["?"])[-1]
            return {"code": child.returncode, "seconds": round(time.perf_counter() - started, 1),
                    "peak_mb": round(peak), "outcome": f"child died: {last[:80]}"}
        result = json.loads(lines[0])
        message = result["err"].strip().splitlines()
        if result["traceback"]:
            outcome = "traceback: " + (message[-1][:90] if message else "?")
        elif result["code"] == 0:
            outcome = "accepted" + (" with warnings" if "warning" in result["err"] else "")
        else:
            outcome = "refused: " + (message[1].strip()[:90] if len(message) > 1 else message[0][:90])
        return {"code": result["code"], "seconds": result["seconds"], "peak_mb": round(result["peak_mb"]),
                "outcome": outcome}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose sidekick package is measured")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=1536)
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args()
    wanted = {n for n in args.only.split(",") if n}
    print("| case | issue item | exit | seconds | peak MB | outcome |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="sidekick-hostile-") as folder:
        for case in all_cases():
            if wanted and case.name not in wanted:
                continue
            path = Path(folder) / case.name
            path.write_bytes(case.data)
            result = measure(path, args.code, args.timeout, args.memory_mb)
            print(f"| {case.name} | {case.issue} | {result['code']} | {result['seconds']} | {result['peak_mb']} | "
                  f"{result['outcome']} |", flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
