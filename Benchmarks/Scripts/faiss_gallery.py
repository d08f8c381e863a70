#!/usr/bin/env python3
"""FAISS beside `Benchmarks gallery`, configured as well as its documentation allows, answering
one measurement at a time so that the benchmark can interleave it with FaceMatch in rounds.

Usage: faiss_gallery.py GALLERY_FILE PROBES_FILE DIMENSION
The files hold little-endian float32 vectors, one after the other.

First it finds FAISS's best configuration on this machine and prints it as one JSON line:
- the OpenBLAS core type (OPENBLAS_CORETYPE, which the faiss-cpu wheel's OpenBLAS otherwise
  guesses, falling back to SSE3 kernels on some CPUs): each type the CPU supports is tried in a
  child process, on the batch search BLAS serves, and the fastest is kept;
- `distance_compute_blas_threshold` (FAISS uses BLAS for a search only when the number of probes
  reaches it): the default and 1 are tried for each batch size, and the faster kept;
- the SIMD level FAISS was built with and the one it loaded.
Then it reads commands on stdin, one per line, and answers each with one JSON line:
  `rate INDEX THREADS BATCH SECONDS` -> {"rate": templates scanned per second}
  `recall`                           -> {"sq8_recall_at_10": ...}
  `quit`
Prints {"skipped": reason} and exits when faiss or numpy is missing.
"""
import json
import os
import subprocess
import sys
import time

CORE_TYPES = {"avx512f": ["SkylakeX", "Cooperlake"], "avx2": ["Haswell", "Zen"]}


def cpu_flags() -> set:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def candidate_core_types() -> list:
    flags = cpu_flags()
    candidates = [""]  # OpenBLAS's own guess
    for flag, types in CORE_TYPES.items():
        if flag in flags:
            candidates += types
    return candidates


def load(gallery_file, probes_file, dimension):
    import faiss
    import numpy as np
    gallery = np.fromfile(gallery_file, dtype="<f4").reshape(-1, dimension)
    probes = np.fromfile(probes_file, dtype="<f4").reshape(-1, dimension)
    flat = faiss.IndexFlatIP(dimension)
    flat.add(gallery)
    sq8 = faiss.IndexScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    sq8.train(gallery)
    sq8.add(gallery)
    return faiss, np, gallery, probes, {"flat": flat, "sq8": sq8}


def measure(faiss, index, probes, count, threads, batch, seconds):
    """Templates scanned per second: gallery size times probes searched per second."""
    faiss.omp_set_num_threads(threads)
    index.search(probes[:batch], 10)
    searched, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        offset = (searched * batch) % (len(probes) - batch + 1)
        index.search(probes[offset:offset + batch], 10)
        searched += batch
    return count * searched / (time.perf_counter() - start)


def probe_core_type(arguments):
    """Child mode: the batch-64 flat rate on one thread under the OPENBLAS_CORETYPE set for it."""
    gallery_file, probes_file, dimension = arguments[0], arguments[1], int(arguments[2])
    faiss, _, gallery, probes, indexes = load(gallery_file, probes_file, dimension)
    faiss.cvar.distance_compute_blas_threshold = 1
    print(json.dumps({"rate": measure(faiss, indexes["flat"], probes, gallery.shape[0], 1, 64, 1.0)}))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--probe-core-type":
        probe_core_type(sys.argv[2:])
        return
    try:
        import faiss  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as error:
        print(json.dumps({"skipped": str(error)}), flush=True)
        return
    gallery_file, probes_file, dimension = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if "VIDK_FAISS_CONFIGURED" not in os.environ:
        # Find the OpenBLAS core type in children, then run again under the best one.
        rates = {}
        for core_type in candidate_core_types():
            environment = dict(os.environ, OPENBLAS_CORETYPE=core_type) if core_type else dict(os.environ)
            environment.pop("OPENBLAS_CORETYPE", None) if not core_type else None
            output = subprocess.run([sys.executable, __file__, "--probe-core-type", gallery_file, probes_file, str(dimension)],
                                    env=environment, capture_output=True, text=True).stdout
            try:
                rates[core_type or "auto"] = json.loads(output.strip().splitlines()[-1])["rate"]
            except (IndexError, ValueError, KeyError):
                continue
        best = max(rates, key=rates.get) if rates else "auto"
        environment = dict(os.environ, VIDK_FAISS_CONFIGURED=json.dumps(rates), VIDK_FAISS_CORETYPE=best)
        if best != "auto":
            environment["OPENBLAS_CORETYPE"] = best
        os.execve(sys.executable, [sys.executable, __file__, *sys.argv[1:]], environment)

    faiss, np, gallery, probes, indexes = load(gallery_file, probes_file, dimension)
    count = gallery.shape[0]
    default_threshold = faiss.cvar.distance_compute_blas_threshold
    thresholds = {}
    for batch in (1, 64):
        best_threshold, best_rate = default_threshold, 0.0
        for threshold in sorted({default_threshold, 1}):
            faiss.cvar.distance_compute_blas_threshold = threshold
            rate = measure(faiss, indexes["flat"], probes, count, 1, batch, 0.5)
            if rate > best_rate:
                best_threshold, best_rate = threshold, rate
        thresholds[batch] = best_threshold
    options = faiss.get_compile_options() if hasattr(faiss, "get_compile_options") else "unknown"
    print(json.dumps({
        "openblas_core_type": os.environ.get("VIDK_FAISS_CORETYPE", "auto"),
        "core_type_rates": json.loads(os.environ.get("VIDK_FAISS_CONFIGURED", "{}")),
        "blas_threshold": thresholds, "default_blas_threshold": default_threshold,
        "compile_options": options, "loaded_module": getattr(faiss, "swigfaiss", faiss).__name__,
        "faiss_version": faiss.__version__, "max_threads": faiss.omp_get_max_threads(),
    }), flush=True)

    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] == "recall":
            faiss.omp_set_num_threads(faiss.omp_get_max_threads())
            _, exact = indexes["flat"].search(probes[:100], 10)
            _, approximate = indexes["sq8"].search(probes[:100], 10)
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approximate)]))
            print(json.dumps({"sq8_recall_at_10": recall}), flush=True)
        elif words[0] == "rate":
            name, threads, batch, seconds = words[1], int(words[2]), int(words[3]), float(words[4])
            faiss.cvar.distance_compute_blas_threshold = thresholds[1 if batch == 1 else 64]
            print(json.dumps({"rate": measure(faiss, indexes[name], probes, count, threads, batch, seconds)}), flush=True)


if __name__ == "__main__":
    main()
