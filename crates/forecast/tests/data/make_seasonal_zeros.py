#!/usr/bin/env python3
"""Generate monthly demand series with strong multiplicative seasonality and zeros in the
history, for comparing the theta forecasts with their reference (standard library only,
deterministic: the same file every time).

  python3 make_seasonal_zeros.py > seasonal_zeros_train.csv

Kinds, six series each: a quiet season that sells nothing (zeros every year), occasional
stock-out months (random zeros), a launch (zeros before the first sale) and a single zero.
The reference forecasts beside this file come from the benchmark kit's peer script:

  peer_statsforecast.py --train seasonal_zeros_train.csv --h 12 --m 12 \\
      --models Theta,OptimizedTheta --out seasonal_zeros_statsforecast-2.1.1.csv
"""
import hashlib
import math
import random

# The demo company's peak profile: a 15x swing from the June low to the December peak.
PEAK = [0.55, 0.45, 0.40, 0.30, 0.20, 0.10, 0.15, 0.25, 0.45, 0.80, 1.20, 1.50]


def series(kind, i):
    rng = random.Random(int(hashlib.sha256(("%s:%d" % (kind, i)).encode()).hexdigest(), 16))
    n = rng.randrange(60, 97)
    level = rng.uniform(40, 400)
    growth = rng.uniform(-0.005, 0.015)
    start = rng.randrange(12)
    y = []
    for t in range(n):
        season = PEAK[(start + t) % 12] / 0.5
        mean = level * (1 + growth) ** t * season
        v = max(0, round(rng.gauss(mean, 0.12 * mean)))
        y.append(v)
    if kind == "quiet":
        y = [0 if PEAK[(start + t) % 12] <= 0.15 else v for t, v in enumerate(y)]
    elif kind == "stockout":
        y = [0 if rng.random() < 0.06 else v for v in y]
        y[rng.randrange(n // 2, n)] = 0
    elif kind == "launch":
        launch = rng.randrange(6, 20)
        y = [0] * launch + y[launch:]
    elif kind == "single":
        y[rng.randrange(n)] = 0
    return y


def main():
    print("unique_id,ds,y")
    for kind in ["quiet", "stockout", "launch", "single"]:
        for i in range(6):
            for t, v in enumerate(series(kind, i), start=1):
                print("%s_%d,%d,%d" % (kind, i, t, v))


if __name__ == "__main__":
    main()
