#!/usr/bin/python3
"""FAISS peers for bench/retrieval.ts (bench only; the product never runs Python).

Loads what the bench wrote, as raw little-endian files:
  --base/--queries            E (n x d float32) and Q (nq x d float32): IndexFlatIP, the general similarity
                              (one-hot values + pi), exact inner product.
  --bits-base/--bits-queries  one-hot bit codes (n x nbytes, nq x nbytes): IndexBinaryFlat, the match-count
                              special case (equal weights, no pi term), where Hamming/2 = F - matches, so
                              Hamming kNN is exact.
and, unless --no-shards, each again split in two halves under IndexShards / IndexBinaryShards (threaded):
in FAISS 1.7 one query is scored by one thread (exhaustive_inner_product_seq and hammings_knn_hc
parallelise over queries), so sharding is how FAISS itself puts a second core on a single query.

It then prints one line {"ready": ..., "info": {...}} (FAISS and numpy versions, the BLAS library loaded and
its threading layer and kernel, OpenMP threads, the thread-related environment, build times) and serves
requests, one JSON object per line on stdin, one JSON answer per line on stdout:

  {"op": "single", "index": "flat"|"binary", "config": C, "queries": [i, ...], "k": 11}
      -> {"ms": [per query], "rows": [[...]], "dist": [[...]]}          one search() call per query
  {"op": "batch", "index": ..., "config": C, "queries": [i, ...], "batch": 64, "k": 11}
      -> {"ms": [per batch]}                                            one search() call per batch
  {"op": "quit"}

C = {"path": "plain"|"blas"|"shards", "omp": OpenMP threads, "blas": BLAS threads, "loop": bool}:
  plain   Index{,Binary}Flat.search as FAISS ships it (a batch of >= 20 goes through sgemm)
  blas    IndexFlatIP with distance_compute_blas_threshold = 1: a single query too goes through sgemm, so the
          BLAS library's threads score it (FAISS's own loop is built GENERIC in Debian, without AVX2)
  shards  the two-shard index, one thread per shard
  loop    (batch requests) the batch searched one query per call: FAISS 1.7 scores a batch of bit codes
          with no gain over single queries, so a caller with a batch would do this
"""
import argparse
import json
import os
import sys
import time

import faiss
import numpy as np

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # Debian's python3-threadpoolctl; without it BLAS threads stay the library's default
    threadpool_info = None
    threadpool_limits = None

THREAD_ENV = [
    "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OMP_WAIT_POLICY",
    "OMP_THREAD_LIMIT", "GOMP_SPINCOUNT", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "LD_LIBRARY_PATH",
]


def loaded_blas() -> list:
    """Shared objects mapped into this process whose name says BLAS (catches reference BLAS, which
    threadpoolctl does not list)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if "blas" in name or "blis" in name or "mkl" in name:
                libs.add(path)
    return sorted(libs)


def sharded(make, parts, d):
    # successive_ids: a shard's ids are shifted by the sizes of the shards before it, so rows stay global.
    shards = make(d, True, True)
    subs = []
    for part in parts:
        sub = part()
        shards.add_shard(sub)
        subs.append(sub)  # the Python wrapper does not own the shards: keep them alive
    return shards, subs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base")
    ap.add_argument("--queries")
    ap.add_argument("--d", type=int)
    ap.add_argument("--bits-base")
    ap.add_argument("--bits-queries")
    ap.add_argument("--nbytes", type=int)
    ap.add_argument("--no-shards", action="store_true")
    args = ap.parse_args()

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    indexes = {}
    queries = {}
    keep = []
    build = {}
    if args.base:
        t0 = time.perf_counter()
        xb = np.memmap(args.base, dtype=np.float32, mode="r").reshape(-1, args.d)
        flat = faiss.IndexFlatIP(args.d)
        flat.add(np.ascontiguousarray(xb))
        build["flat_s"] = time.perf_counter() - t0
        indexes["flat", "plain"] = flat
        indexes["flat", "blas"] = flat
        if not args.no_shards:
            h = len(xb) // 2

            def half(lo, hi):
                def make():
                    sub = faiss.IndexFlatIP(args.d)
                    sub.add(np.ascontiguousarray(xb[lo:hi]))
                    return sub
                return make

            indexes["flat", "shards"], subs = sharded(faiss.IndexShards, [half(0, h), half(h, len(xb))], args.d)
            keep += subs
        del xb
        queries["flat"] = np.fromfile(args.queries, dtype=np.float32).reshape(-1, args.d)
    if args.bits_base:
        t0 = time.perf_counter()
        cb = np.fromfile(args.bits_base, dtype=np.uint8).reshape(-1, args.nbytes)
        binary = faiss.IndexBinaryFlat(args.nbytes * 8)
        binary.add(cb)
        build["binary_s"] = time.perf_counter() - t0
        indexes["binary", "plain"] = binary
        if not args.no_shards:
            h = len(cb) // 2

            def bhalf(lo, hi):
                def make():
                    sub = faiss.IndexBinaryFlat(args.nbytes * 8)
                    sub.add(np.ascontiguousarray(cb[lo:hi]))
                    return sub
                return make

            indexes["binary", "shards"], subs = sharded(faiss.IndexBinaryShards, [bhalf(0, h), bhalf(h, len(cb))], args.nbytes * 8)
            keep += subs
        queries["binary"] = np.fromfile(args.bits_queries, dtype=np.uint8).reshape(-1, args.nbytes)

    blas = None
    if threadpool_info is not None:
        blas = [
            {k: i.get(k) for k in ("internal_api", "threading_layer", "architecture", "version", "num_threads", "filepath")}
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
    info = {
        "faiss": faiss.__version__,
        "faiss_build": faiss.get_compile_options(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "omp_max_threads": faiss.omp_get_max_threads(),
        "blas": blas,
        "blas_libs": loaded_blas(),
        "threadpoolctl": threadpool_info is not None,
        "env": {k: os.environ[k] for k in THREAD_ENV if k in os.environ},
        "build": build,
    }
    print(json.dumps({"ready": True, "info": info}), flush=True)

    default_threshold = faiss.cvar.distance_compute_blas_threshold
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "quit":
            break
        cfg = req["config"]
        index = indexes[req["index"], cfg["path"]]
        xq = queries[req["index"]][req["queries"]]
        faiss.omp_set_num_threads(cfg.get("omp", os.cpu_count() or 1))
        if threadpool_limits is not None and "blas" in cfg:
            threadpool_limits(limits=cfg["blas"], user_api="blas")
        faiss.cvar.distance_compute_blas_threshold = 1 if cfg["path"] == "blas" else default_threshold
        k = req["k"]
        if req["op"] == "single":
            ms, rows, dist = [], [], []
            for i in range(len(xq)):
                t = time.perf_counter()
                d, ids = index.search(xq[i : i + 1], k)
                ms.append((time.perf_counter() - t) * 1000)
                rows.append(ids[0].tolist())
                dist.append(d[0].tolist())
            out = {"ms": ms, "rows": rows, "dist": dist}
        else:
            b = req["batch"]
            ms = []
            for b0 in range(0, len(xq) - b + 1, b):
                t = time.perf_counter()
                if cfg.get("loop"):
                    for i in range(b0, b0 + b):
                        index.search(xq[i : i + 1], k)
                else:
                    index.search(xq[b0 : b0 + b], k)
                ms.append((time.perf_counter() - t) * 1000)
            out = {"ms": ms}
        faiss.cvar.distance_compute_blas_threshold = default_threshold
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
