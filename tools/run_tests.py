"""Run the whole test suite once per backend and print a per-backend summary.

Usage: python tools/run_tests.py [--backends numpy,jax,torch,tensorflow] [pytest args...]
Fails if any backend fails; a backend whose suite collects no test counts as passed.
"""

import os
import re
import subprocess
import sys
import time

BACKENDS = ("numpy", "jax", "torch", "tensorflow")
NO_TESTS_COLLECTED = 5


def parse_counts(output):
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed|skipped|error)", line)]
    if summary:
        for number, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", summary[-1]):
            counts["errors" if word.startswith("error") else word] += int(number)
    return counts


def run_backend(backend, pytest_args):
    env = dict(os.environ, KERAS_BACKEND=backend)
    cmd = [sys.executable, "-m", "pytest", *pytest_args]
    start = time.time()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.time() - start
    sys.stdout.write(proc.stdout)
    ok = proc.returncode in (0, NO_TESTS_COLLECTED)
    return ok, parse_counts(proc.stdout), elapsed


def main(argv):
    backends = BACKENDS
    if argv[:1] == ["--backends"]:
        backends = tuple(argv[1].split(","))
        argv = argv[2:]
    results = {}
    for backend in backends:
        print(f"\n===== KERAS_BACKEND={backend} =====", flush=True)
        results[backend] = run_backend(backend, argv)
    print("\n===== per-backend summary =====")
    total = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    for backend, (ok, counts, elapsed) in results.items():
        for key in total:
            total[key] += counts[key]
        status = "ok" if ok else "FAILED"
        print(f"{backend:<11} {status:<7} passed {counts['passed']:>5}  failed {counts['failed']:>4}  "
              f"errors {counts['errors']:>3}  skipped {counts['skipped']:>4}  {elapsed:7.1f}s")
    failed = total["failed"] + total["errors"]
    print(f"{total['passed']} passed, {failed} failed, {total['skipped']} skipped")
    return 0 if all(ok for ok, _, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
