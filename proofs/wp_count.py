#!/usr/bin/env python3
"""proofs/wp_count.py -- reads WP's JSON reports (-wp-report-json) for make proofs.

WP proves in two passes (mk/proofs.mk, proofs/wp_pool.py, which picks the
second pass's functions with functions() and unproved() below): a first pass
with cvc4 alone, which proves nearly every goal at half the CPU of racing z3
and cvc4 on each one, then a second pass, with both provers and the full
timeout, over the functions that have a goal the first pass left unproved.
WP re-proves such a function whole (goals are selected by function), so the
second pass's report replaces the first's for it.

  wp_count.py count F,G,... FIRST.json[:SECOND.json] ...
      for each job's first report (and its second-pass report, when there
      is one), the goals of every function: from SECOND.json for the functions
      it has, from FIRST.json otherwise. Prints each unproved goal, then the
      line "P T" (proved, total). Exit status 1 when a report is missing or
      malformed, when a function of F,G,... (the functions to prove) is in
      no report, or when a function of SECOND.json has not the goals it had
      in FIRST.json (the two passes must count the same goals).
"""
import json
import sys


def functions(path):
    with open(path) as f:
        d = json.load(f)
    fs = d.get("wp:functions")
    if not isinstance(fs, dict):
        raise ValueError("%s: no wp:functions" % path)
    return fs


def section(path, name, f):
    m = f.get("wp:section", {}).get("wp:main")
    if not isinstance(m, dict) or "total" not in m:
        raise ValueError("%s: %s: no wp:section totals" % (path, name))
    return m["total"], m.get("valid", 0)


def unproved(f):
    return sorted(p for p, c in f.items()
                  if p != "wp:section" and c["wp:main"].get("valid", 0) < c["wp:main"]["total"])


def main(argv):
    if len(argv) >= 4 and argv[1] == "count":
        expect = set(x for x in argv[2].split(",") if x)
        seen = set()
        p_all = t_all = 0
        for arg in argv[3:]:
            first, _, second = arg.partition(":")
            fs1 = functions(first)
            fs2 = functions(second) if second else {}
            for name in sorted(set(fs1) | set(fs2)):
                if name in seen:
                    raise ValueError("%s: in two jobs" % name)
                seen.add(name)
                if name in fs2:
                    if name in fs1:
                        t1, _ = section(first, name, fs1[name])
                        t2, _ = section(second, name, fs2[name])
                        if t1 != t2:
                            raise ValueError("%s: %d goals in the first pass, %d in the second"
                                             % (name, t1, t2))
                    path, f_used = second, fs2[name]
                else:
                    path, f_used = first, fs1[name]
                t, v = section(path, name, f_used)
                for g in unproved(f_used):
                    print("proofs: not proved: %s (%s)" % (g, path))
                p_all += v
                t_all += t
        if expect - seen:
            raise ValueError("no goals reported for %s" % ",".join(sorted(expect - seen)))
        print("%d %d" % (p_all, t_all))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
        print("proofs: wp_count.py: %s" % e)
        sys.exit(1)
