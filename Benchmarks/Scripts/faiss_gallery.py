#!/usr/bin/env python3
"""Times FAISS on the gallery and probes `Benchmarks gallery` generated, for the same searches.

Usage: faiss_gallery.py GALLERY_FILE PROBES_FILE DIMENSION SECONDS
The files hold little-endian float32 vectors, one after the other. Prints one JSON object:
for IndexFlatIP and IndexScalarQuantizer(QT_8bit), with 1 thread and all threads, the templates
scanned per second for one probe and for a batch of 64, and the SQ8 recall@10 against flat.
Prints {"skipped": reason} when faiss or numpy is missing.
"""
import json
import sys
import time

try:
    import faiss
    import numpy as np
except ImportError as error:
    print(json.dumps({"skipped": str(error)}))
    sys.exit(0)

gallery_file, probes_file, dimension, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
gallery = np.fromfile(gallery_file, dtype="<f4").reshape(-1, dimension)
probes = np.fromfile(probes_file, dtype="<f4").reshape(-1, dimension)
count = gallery.shape[0]

flat = faiss.IndexFlatIP(dimension)
flat.add(gallery)
sq8 = faiss.IndexScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
sq8.train(gallery)
sq8.add(gallery)


def rate(index, batch: int) -> float:
    """Templates scanned per second: gallery size times probes searched per second."""
    index.search(probes[:batch], 10)
    searched, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        offset = (searched * batch) % (len(probes) - batch + 1)
        index.search(probes[offset:offset + batch], 10)
        searched += batch
    return count * searched / (time.perf_counter() - start)


results = {}
for threads in (1, faiss.omp_get_max_threads()):
    faiss.omp_set_num_threads(threads)
    for name, index in (("flat", flat), ("sq8", sq8)):
        results[f"{name}_{threads}t_single"] = rate(index, 1)
        results[f"{name}_{threads}t_batch64"] = rate(index, 64)
_, exact = flat.search(probes[:100], 10)
_, approximate = sq8.search(probes[:100], 10)
results["sq8_recall_at_10"] = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approximate)]))
results["threads"] = faiss.omp_get_max_threads()
print(json.dumps(results))
