#!/usr/bin/env python3
"""Largest functions of a wasm file by body size, grouped by crate (reads the `name` section).

Usage: python3 benches/wasm-sizes.py target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm [N]
"""
import re
import sys
from collections import Counter


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i


def main(path, top):
    b = open(path, "rb").read()
    i = 8
    imports = 0
    bodies = []
    names = {}
    while i < len(b):
        sid = b[i]; i += 1
        size, i = leb(b, i)
        end = i + size
        if sid == 2:  # imports: count function imports (index space offset)
            n, j = leb(b, i)
            for _ in range(n):
                l, j = leb(b, j); j += l
                l, j = leb(b, j); j += l
                kind = b[j]; j += 1
                if kind == 0:
                    _, j = leb(b, j); imports += 1
                elif kind == 1:
                    j += 1; fl, j = leb(b, j); _, j = leb(b, j)
                    if fl & 1: _, j = leb(b, j)
                elif kind == 2:
                    fl, j = leb(b, j); _, j = leb(b, j)
                    if fl & 1: _, j = leb(b, j)
                elif kind == 3:
                    j += 2
                else:
                    j += 2
        elif sid == 10:
            n, j = leb(b, i)
            for _ in range(n):
                s, j = leb(b, j); bodies.append(s); j += s
        elif sid == 0:
            l, j = leb(b, i)
            name = b[j:j + l].decode(); j += l
            if name == "name":
                while j < end:
                    sub = b[j]; j += 1
                    ss, j = leb(b, j); se = j + ss
                    if sub == 1:
                        n, k = leb(b, j)
                        for _ in range(n):
                            idx, k = leb(b, k); l, k = leb(b, k)
                            names[idx] = b[k:k + l].decode("utf-8", "replace"); k += l
                    j = se
        i = end
    rows = [(s, names.get(imports + k, f"func{imports + k}")) for k, s in enumerate(bodies)]
    rows.sort(reverse=True)
    total = sum(bodies)
    print(f"code: {total} bytes in {len(bodies)} functions")
    by = Counter()
    for s, n in rows:
        m = re.search(r"([a-z_][a-z0-9_]*)::", n.replace("_ZN", "").replace("<", "").replace("&", ""))
        by[m.group(1) if m else "?"] += s
    for k, v in by.most_common(15):
        print(f"{v:8d}  {k}")
    print()
    for s, n in rows[:top]:
        print(f"{s:8d}  {n[:150]}")


main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
