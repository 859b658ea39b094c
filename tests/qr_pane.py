#!/usr/bin/env python3
"""Turn a captured terminal pane of QR art into a PGM picture.

Usage: qr_pane.py OUT.pgm < pane.txt
       qr_pane.py --cells OUT.pgm < pane-with-escapes.txt

Without --cells the pane is plain text (tmux capture-pane -p): the longest
run of lines made only of half blocks and spaces is the code (status lines
and text around it are left out); each cell is one module wide and two
tall; dark halves become black pixels.

With --cells the pane carries its colours (tmux capture-pane -e -N -p) and
is drawn the way a terminal whose font leaves seams shows it: each cell is
its background colour, whole, and no glyph is drawn. With --seams the half
and full blocks are drawn as such a font draws them, in the foreground
colour but one pixel short of the cell's right and bottom edges, so that a
seam of the background runs along every cell (xterm and st with a CJK
font). Reverse video swaps a cell's colours; the terminal draws light text
on a dark background, as most do.
"""
import re
import sys

SCALE = 4
TOP = {"\u2580": (1, 0), "\u2584": (0, 1), "\u2588": (1, 1)}
CELL_W, CELL_H = 8, 16
DEFAULT_FG, DEFAULT_BG = 229, 0


def grey(n):
    """The grey level of xterm colour n (0-255)."""
    base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
            (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
            (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
    if n < 16:
        r, g, b = base[n]
    elif n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[n // 6 % 6], steps[n % 6]
    else:
        r = g = b = 8 + 10 * (n - 232)
    return int(0.299 * r + 0.587 * g + 0.114 * b)


def sgr(params, state):
    """Apply one SGR sequence's parameters to state [fg, bg, reverse]."""
    p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
    i = 0
    while i < len(p):
        c = p[i]
        if c == 0:
            state[:] = [None, None, False]
        elif c == 7:
            state[2] = True
        elif c == 27:
            state[2] = False
        elif 30 <= c <= 37:
            state[0] = c - 30
        elif 90 <= c <= 97:
            state[0] = c - 90 + 8
        elif c == 39:
            state[0] = None
        elif 40 <= c <= 47:
            state[1] = c - 40
        elif 100 <= c <= 107:
            state[1] = c - 100 + 8
        elif c == 49:
            state[1] = None
        elif c in (38, 48) and i + 2 < len(p) and p[i + 1] == 5:
            state[0 if c == 38 else 1] = p[i + 2]
            i += 2
        elif c in (38, 48) and i + 4 < len(p) and p[i + 1] == 2:
            r, g, b = p[i + 2:i + 5]
            # Keep a true colour as the nearest grey of the cube's ends.
            state[0 if c == 38 else 1] = 231 if r + g + b > 381 else 16
            i += 4
        i += 1


def cell_rows(text):
    """Rows of cells (character, foreground, background grey levels) from
    a pane with escapes."""
    rows = []
    state = [None, None, False]
    for line in text.split("\n"):
        row = []
        for m in re.finditer(r"\x1b\[([0-9;]*)m|\x1b[^\[]|(.)", line):
            if m.group(1) is not None:
                sgr(m.group(1), state)
            elif m.group(2) is not None:
                fg = DEFAULT_FG if state[0] is None else grey(state[0])
                bg = DEFAULT_BG if state[1] is None else grey(state[1])
                if state[2]:
                    fg, bg = bg, fg
                row.append((m.group(2), fg, bg))
        rows.append(row)
    return rows


def write_pgm(path, w, h, px):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(bytes(px))


def fill(px, w, x0, y0, cw, ch, level):
    for yy in range(y0, y0 + ch):
        px[yy * w + x0:yy * w + x0 + cw] = bytes([level]) * cw


def cells(path, glyphs):
    rows = cell_rows(sys.stdin.read())
    cols = max((len(r) for r in rows), default=0) + 2
    w, h = cols * CELL_W, (len(rows) + 2) * CELL_H
    px = bytearray([DEFAULT_BG]) * (w * h)
    half = CELL_H // 2
    for y, row in enumerate(rows):
        for x, (ch, fg, bg) in enumerate(row):
            x0, y0 = (x + 1) * CELL_W, (y + 1) * CELL_H
            fill(px, w, x0, y0, CELL_W, CELL_H, bg)
            if not glyphs or ch not in TOP:
                continue
            top, bot = TOP[ch]
            if top:
                fill(px, w, x0, y0, CELL_W - 1, half - (0 if bot else 1), fg)
            if bot:
                fill(px, w, x0, y0 + half, CELL_W - 1, CELL_H - half - 1, fg)
    write_pgm(path, w, h, px)


def halfblocks(path):
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
    write_pgm(path, width * SCALE, h * SCALE, out)


def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("--cells", "--seams"):
        cells(sys.argv[2], sys.argv[1] == "--seams")
    else:
        halfblocks(sys.argv[1])


main()
