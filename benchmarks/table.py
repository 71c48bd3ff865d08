"""Prints the tables of a JMH JSON result (-rf json) of GuardOverheadBenchmark and
GuardBreakdownBenchmark.

Ratios are guard / bare of the same run, by CPU time per operation (CpuTimeProfiler's
cpu.us/op) and by wall-clock score. The verdict is "met" only when the whole error range of the
ratio is at or under the target. On a shared machine InterleavedRatio gives the steadier ratio
(see README.md).
"""
import json
import sys

TARGET = 1.3


def metric(row, cpu):
    m = row["secondaryMetrics"].get("cpu.us/op") if cpu else row["primaryMetric"]
    if m is None:
        return None
    err = m["scoreError"]
    return m["score"], (0.0 if err != err else err)  # NaN error (one iteration) -> 0


def ratio(g, b):
    (gs, ge), (bs, be) = g, b
    lo = (gs - ge) / (bs + be)
    hi = (gs + ge) / (bs - be) if bs > be else float("inf")
    return gs / bs, lo, hi


def verdict(lo, hi):
    if hi <= TARGET:
        return "met"
    if lo > TARGET:
        return "NOT met"
    return "inconclusive (error range spans %.1f)" % TARGET


def alloc(row):
    m = row["secondaryMetrics"].get("gc.alloc.rate.norm")
    return "%.0f" % m["score"] if m else "–"


def breakdown(rows):
    rows = [r for r in rows if ".GuardBreakdownBenchmark." in r["benchmark"]]
    if not rows:
        return
    print("#### Breakdown: pieces of Guard.handle (GuardBreakdownBenchmark)")
    print()
    print("| piece | alg | CPU µs/op | wall µs/op | allocated B/op |")
    print("|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r["benchmark"], r["params"]["alg"])):
        c = metric(r, True)
        w = metric(r, False)
        cpu = "%.2f ± %.2f" % c if c else "–"
        print("| %s | %s | %s | %.2f ± %.2f | %s |" % (
            r["benchmark"].rsplit(".", 1)[1], r["params"]["alg"], cpu, w[0], w[1], alloc(r)))
    print()


def main(path):
    rows = json.load(open(path))
    by = {}
    for r in rows:
        if ".GuardOverheadBenchmark." in r["benchmark"]:
            by[(r["params"]["alg"], r["benchmark"].rsplit(".", 1)[1])] = r
    algs = sorted({a for a, _ in by})
    if algs:
        overhead(by, algs)
    breakdown(rows)


def overhead(by, algs):
    for cpu, title in ((True, "JMH: CPU time per operation (cpu.us/op of CpuTimeProfiler)"),
                       (False, "JMH: wall-clock time per operation (avgt score)")):
        print("#### " + title)
        print()
        print("| alg | bare Nimbus µs/op | WritVerifier.verify µs/op | Guard.handle µs/op "
              "| verify / bare | guard / bare (error range) | guard ≤ %.1f× bare |" % TARGET)
        print("|---|---|---|---|---|---|---|")
        for alg in algs:
            b = metric(by[(alg, "bareNimbus")], cpu)
            v = metric(by[(alg, "verifier")], cpu)
            g = metric(by[(alg, "guard")], cpu)
            if None in (b, v, g):
                print("| %s | (no cpu.us/op: run with -prof dev.writ.bench.CpuTimeProfiler) |||||" % alg)
                continue
            r, lo, hi = ratio(g, b)
            print("| %s | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.2f | %.2f (%.2f–%.2f) | %s |" % (
                alg, b[0], b[1], v[0], v[1], g[0], g[1], v[0] / b[0], r, lo, hi, verdict(lo, hi)))
        print()
    print("Allocation per operation (B/op): " + ", ".join(
        "%s %s %s" % (alg, name, alloc(by[(alg, name)]))
        for alg in algs for name in ("bareNimbus", "verifier", "guard")))
    print()


if __name__ == "__main__":
    main(sys.argv[1])
