#!/usr/bin/env python3
"""Turn a captured terminal pane of half-block QR art into a PGM picture.

Usage: qr_pane.py OUT.pgm < pane.txt
The longest run of lines made only of half blocks and spaces is the code
(status lines and text around it are left out); each cell is one module
wide and two tall; dark halves become black pixels.
"""
import sys

SCALE = 4
TOP, BOTTOM = {"\u2580": (1, 0), "\u2584": (0, 1), "\u2588": (1, 1)}, None


def main():
    art = set(" \u2580\u2584\u2588")
    best, run = [], []
    for line in sys.stdin.read().split("\n"):
        if set(line) <= art:
            run.append(line)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    lines = best
    width = max((len(l) for l in lines), default=0) + 8
    rows = []
    for line in lines:
        top, bot = [], []
        for ch in line.ljust(width - 8):
            t, b = TOP.get(ch, (0, 0))
            top.append(t)
            bot.append(b)
        rows += [top, bot]
    h = len(rows) + 8
    out = bytearray()
    for y in range(h * SCALE):
        my = y // SCALE - 4
        for x in range(width * SCALE):
            mx = x // SCALE - 4
            dark = 0 <= my < len(rows) and 0 <= mx < len(rows[my]) and rows[my][mx]
            out.append(0 if dark else 255)
    with open(sys.argv[1], "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (width * SCALE, h * SCALE))
        f.write(bytes(out))


main()
