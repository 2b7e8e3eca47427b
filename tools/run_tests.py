"""Run the whole test suite once per backend and print a per-backend summary.

Usage: python tools/run_tests.py [--backends numpy,jax,torch,tensorflow] [--jobs N] [pytest args...]
Backends run in N parallel processes (default: 2, or 1 on a single core); each backend's
output is printed whole when it finishes. Fails if any backend fails; a backend whose suite
collects no test counts as passed.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import time

BACKENDS = ("numpy", "jax", "torch", "tensorflow")
SLOWEST_FIRST = ("jax", "tensorflow", "torch", "numpy")
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
    ok = proc.returncode in (0, NO_TESTS_COLLECTED)
    return ok, parse_counts(proc.stdout), elapsed, proc.stdout


def main(argv):
    backends = BACKENDS
    jobs = min(2, os.cpu_count() or 1)
    while argv[:1] in (["--backends"], ["--jobs"]):
        if argv[0] == "--backends":
            backends = tuple(argv[1].split(","))
        else:
            jobs = int(argv[1])
        argv = argv[2:]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        slowest_first = sorted(backends, key=lambda b: SLOWEST_FIRST.index(b) if b in SLOWEST_FIRST else 0)
        futures = {pool.submit(run_backend, b, argv): b for b in slowest_first}
        for future in concurrent.futures.as_completed(futures):
            backend = futures[future]
            ok, counts, elapsed, output = future.result()
            print(f"\n===== KERAS_BACKEND={backend} ({elapsed:.0f}s) =====", flush=True)
            sys.stdout.write(output)
            sys.stdout.flush()
            results[backend] = (ok, counts, elapsed)
    results = {b: results[b] for b in backends}
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
