"""Sums a callgrind profile of Node by function, JIT code included.

    python3 callgrind_by_function.py CALLGRIND_OUT PERF_MAP [TOP]

callgrind names code it has no symbols for by its address; `node --perf-basic-prof`
writes /tmp/perf-<pid>.map with the address range and name of every piece of JIT code
(`JS:*name` optimised, `JS:^name` baseline, `JS:~name` interpreted). This maps each
function's self cost (instructions, the Ir event) to those names and prints the top
entries with their share of the total.
"""
import bisect
import collections
import re
import sys


def main() -> None:
    profile, perf_map = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    ranges = []
    with open(perf_map) as f:
        for line in f:
            address, size, name = line.rstrip("\n").split(" ", 2)
            ranges.append((int(address, 16), int(size, 16), name))
    ranges.sort()
    starts = [r[0] for r in ranges]

    names: dict[str, str] = {}
    cost: collections.Counter[str] = collections.Counter()
    current = None
    after_calls = False
    with open(profile) as f:
        for line in f:
            if line.startswith(("fn=", "cfn=")):
                m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line.strip())
                if m and m.group(2):
                    names[m.group(1)] = m.group(2)
                if line.startswith("fn=") and m:
                    current = names.get(m.group(1), m.group(1))
                    after_calls = False
                continue
            if line.startswith("calls="):
                after_calls = True  # the next cost line is inclusive cost of the call
                continue
            if line[:1].isdigit() or line[:1] in "+-*":
                if after_calls:
                    after_calls = False
                    continue
                fields = line.split()
                if current is not None and len(fields) >= 2:
                    cost[current] += int(fields[-1])

    total = sum(cost.values())
    by_name: collections.Counter[str] = collections.Counter()
    for name, c in cost.items():
        m = re.match(r"0x([0-9a-f]+)", name)
        if m:
            address = int(m.group(1), 16)
            k = bisect.bisect_right(starts, address) - 1
            if k >= 0 and address < ranges[k][0] + ranges[k][1]:
                by_name[ranges[k][2]] += c
                continue
            by_name["(JIT code outside the map)"] += c
        else:
            by_name[name] += c
    print(f"total {total / 1e6:.1f} M instructions")
    for name, c in by_name.most_common(top):
        print(f"{c / 1e6:10.1f} M {100 * c / total:5.1f}%  {name[:110]}")


main()
