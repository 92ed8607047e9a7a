#!/usr/bin/python3
"""FAISS IndexFlatIP baseline for bench/retrieval.ts (bench only; the product never runs Python).

Reads the base vectors E (n x d float32, raw little-endian) and queries Q (nq x d float32) that the bench
wrote, times batch-1 searches (one query per call) and batch searches, and prints one JSON line with the
timings and the top-k rows of the batch-1 queries (for an agreement check).
"""
import argparse
import json
import time

import faiss
import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--single", type=int, default=50, help="queries timed one per call")
    args = ap.parse_args()

    t0 = time.perf_counter()
    xb = np.fromfile(args.base, dtype=np.float32).reshape(-1, args.d)
    xq = np.fromfile(args.queries, dtype=np.float32).reshape(-1, args.d)
    index = faiss.IndexFlatIP(args.d)
    index.add(xb)
    build_s = time.perf_counter() - t0

    index.search(xq[:1], args.k)  # warm-up
    lat = []
    rows = []
    for i in range(min(args.single, len(xq))):
        t = time.perf_counter()
        _, ids = index.search(xq[i : i + 1], args.k)
        lat.append((time.perf_counter() - t) * 1000)
        rows.append(ids[0].tolist())
    lat.sort()
    nb = max(1, min(3, len(xq) // args.batch))
    index.search(xq[: args.batch], args.k)  # warm-up of the batch path (BLAS)
    t = time.perf_counter()
    for b in range(nb):
        index.search(xq[b * args.batch : (b + 1) * args.batch], args.k)
    batch_s = time.perf_counter() - t
    print(
        json.dumps(
            {
                "threads": faiss.omp_get_max_threads(),
                "build_s": build_s,
                "b1_p50_ms": lat[len(lat) // 2],
                "b1_p95_ms": lat[min(len(lat) - 1, int(len(lat) * 0.95))],
                "b1_qps": 1000 * len(lat) / sum(lat),
                "batch_qps": nb * args.batch / batch_s,
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
