"""Dask distributed or Ray for `rulebook check --cluster`: the measurement behind the choice (README).

    python -m bench.cluster_choice dask
    python -m bench.cluster_choice ray      # needs `pip install ray` (not a dependency of rulebook)

A local cluster of two worker processes: time to start it, 500 tasks of ~1 ms each, and the resident memory of the
whole process tree once it ran them.
"""
from __future__ import annotations

import sys
import time


def tree_rss_mb() -> float:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def work(x: int) -> int:
    s = 0
    for i in range(20000):
        s += i
    return x


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "dask"
    start = time.perf_counter()
    if which == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        client.wait_for_workers(2)
        up = time.perf_counter() - start
        start = time.perf_counter()
        client.gather(client.map(work, range(500), pure=False))
        run = time.perf_counter() - start
        mem = tree_rss_mb()
        client.close()
        cluster.close()
    else:
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        remote = ray.remote(work)
        ray.get([remote.remote(i) for i in range(2)])
        up = time.perf_counter() - start
        start = time.perf_counter()
        ray.get([remote.remote(i) for i in range(500)])
        run = time.perf_counter() - start
        mem = tree_rss_mb()
        ray.shutdown()
    print(f"{which}: start {up:.2f} s, 500 small tasks {run:.2f} s, tree RSS {mem:.0f} MB")


if __name__ == "__main__":
    main()
