#!/usr/bin/env python3
"""FAISS IndexIVFScalarQuantizer and USearch HNSW beside `Benchmarks city`, answering one
measurement at a time so that the benchmark can interleave them with FaceMatch in rounds.

Usage: city_peers.py GALLERY_NPY PROBES_NPY LISTS TRAINING_ROWS
GALLERY_NPY is the gallery as numpy.save writes a float32 (n, d) matrix; it is memory-mapped and
added in blocks, never loaded whole. The first TRAINING_ROWS rows train FAISS's coarse
quantiser, as they train FaceMatch's, into LISTS lists.

Each index is configured as its documentation advises:
- FAISS: `IndexIVFScalarQuantizer` with `QT_8bit` codes of the residual (`by_residual`, the
  default) under an `IndexFlatIP` coarse quantiser, inner product on unit vectors; OpenMP threads
  as asked; `distance_compute_blas_threshold` tried at its default and at 1 for batches (the
  coarse search of a batch may go to BLAS), the faster kept.
- USearch: `Index(metric="ip")` with its defaults (connectivity 16, expansion 128 on add, and
  in USearch 2.26 bfloat16 storage, which this CPU multiplies natively), added on every core;
  `expansion_search` is the knob that trades speed for recall, as `nprobe` is for FAISS.

Commands on stdin, one per line, each answered with one JSON line:
  `build NAME`                            -> {"seconds": s, "bytes": what the index holds,
                                              "resident_growth": the process's growth while building}
  `search NAME PARAMETER`                 -> {"ids": top-10 ids of each probe}
  `rate NAME PARAMETER THREADS BATCH SECONDS` -> {"rate": probes searched per second}
  `quit`
NAME is `faiss` or `usearch`; PARAMETER is `nprobe` or `expansion_search`. Prints
{"skipped": reason} first when a package is missing, else the versions as the first line.
"""
import json
import sys
import time


def resident_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Peers:
    def __init__(self, gallery_file, probes_file, lists, training_rows):
        import faiss
        import numpy as np
        import usearch.index
        self.faiss, self.np, self.usearch = faiss, np, usearch.index
        self.gallery = np.load(gallery_file, mmap_mode="r")
        self.probes = np.ascontiguousarray(np.load(probes_file))
        self.lists, self.training_rows = lists, training_rows
        self.indexes = {}
        self.blas_threshold = {1: faiss.cvar.distance_compute_blas_threshold, 64: faiss.cvar.distance_compute_blas_threshold}

    def blocks(self, rows=65_536):
        for first in range(0, self.gallery.shape[0], rows):
            yield first, self.np.ascontiguousarray(self.gallery[first:first + rows])

    def build(self, name):
        before, start = resident_bytes(), time.perf_counter()
        count, dimension = self.gallery.shape
        if name == "faiss":
            quantizer = self.faiss.IndexFlatIP(dimension)
            index = self.faiss.IndexIVFScalarQuantizer(quantizer, dimension, self.lists, self.faiss.ScalarQuantizer.QT_8bit,
                                                      self.faiss.METRIC_INNER_PRODUCT)
            self.faiss.omp_set_num_threads(self.faiss.omp_get_max_threads())
            index.train(self.np.ascontiguousarray(self.gallery[:self.training_rows]))
            for first, block in self.blocks():
                index.add_with_ids(block, self.np.arange(first, first + len(block), dtype="int64"))
            self.quantizer = quantizer  # the index does not own it from Python
        else:
            index = self.usearch.Index(ndim=dimension, metric="ip")
            for first, block in self.blocks():
                index.add(self.np.arange(first, first + len(block), dtype="uint64"), block, threads=0)
        self.indexes[name] = index
        seconds = time.perf_counter() - start
        if name == "faiss":
            self.tune_blas(index)
        if name == "faiss":
            # Codes and ids in the inverted lists, and the centroids.
            held = index.ntotal * (index.code_size + 8) + self.lists * dimension * 4
        else:
            held = index.memory_usage
        return {"seconds": seconds, "bytes": held, "resident_growth": resident_bytes() - before,
                **({"dtype": str(index.dtype).replace("ScalarKind.", "")} if name == "usearch" else {})}

    def tune_blas(self, index):
        index.nprobe = 16
        default = self.faiss.cvar.distance_compute_blas_threshold
        for batch in (1, 64):
            rates = {}
            for threshold in sorted({default, 1}):
                self.faiss.cvar.distance_compute_blas_threshold = threshold
                rates[threshold] = self.measure("faiss", 16, self.faiss.omp_get_max_threads(), batch, 0.5)
            self.blas_threshold[batch] = max(rates, key=rates.get)

    def configure(self, name, parameter, threads, batch):
        index = self.indexes[name]
        if name == "faiss":
            index.nprobe = parameter
            self.faiss.omp_set_num_threads(threads)
            self.faiss.cvar.distance_compute_blas_threshold = self.blas_threshold[1 if batch == 1 else 64]
        else:
            index.expansion_search = parameter
        return index

    def query(self, name, index, probes, threads):
        if name == "faiss":
            return index.search(probes, 10)[1]
        return index.search(probes, 10, threads=threads).keys

    def search(self, name, parameter):
        index = self.configure(name, parameter, self.faiss.omp_get_max_threads(), 64)
        ids = self.query(name, index, self.probes[:100], self.faiss.omp_get_max_threads())
        return {"ids": [[int(i) for i in row] for row in ids]}

    def measure(self, name, parameter, threads, batch, seconds):
        index = self.configure(name, parameter, threads, batch)
        single = batch == 1
        probes = self.probes
        self.query(name, index, probes[:batch], threads)
        searched, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            offset = (searched % (len(probes) - batch + 1))
            chunk = probes[offset] if single and name == "usearch" else probes[offset:offset + batch]
            self.query(name, index, chunk, threads)
            searched += batch
        return searched / (time.perf_counter() - start)


def main():
    try:
        import faiss
        import numpy  # noqa: F401
        import usearch
    except ImportError as error:
        print(json.dumps({"skipped": str(error)}), flush=True)
        return
    peers = Peers(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    options = faiss.get_compile_options() if hasattr(faiss, "get_compile_options") else "unknown"
    print(json.dumps({"faiss_version": faiss.__version__, "faiss_compile_options": options,
                      "usearch_version": usearch.__version__, "max_threads": faiss.omp_get_max_threads()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] == "build":
            print(json.dumps(peers.build(words[1])), flush=True)
        elif words[0] == "search":
            print(json.dumps(peers.search(words[1], int(words[2]))), flush=True)
        elif words[0] == "rate":
            name, parameter, threads, batch, seconds = words[1], int(words[2]), int(words[3]), int(words[4]), float(words[5])
            print(json.dumps({"rate": peers.measure(name, parameter, threads, batch, seconds), "blas_threshold": peers.blas_threshold}), flush=True)


if __name__ == "__main__":
    main()
