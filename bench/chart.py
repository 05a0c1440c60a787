#!/usr/bin/env python3
"""Draws the scale figure as an SVG chart (Python stdlib only): upsert rows/s against rows, per store,
Freight beside its yardstick.

    bench/chart.py SCALE_TSV OUT_SVG [TITLE]

SCALE_TSV is what bench/run --scale writes (bench/out/scale.tsv): store, series, rows, seconds,
rows_per_s, peak_rss_mib. The x axis is logarithmic (the sizes grow tenfold), the y axis starts at 0.
"""
import csv
import math
import sys
from xml.sax.saxutils import escape

LINES = [  # (store, series, label, colour, dashed)
    ("postgresql", "freight-upsert", "Freight upsert, PostgreSQL", "#1f5fa8", False),
    ("postgresql", "psql-upsert", "psql \\copy → staging + ON CONFLICT", "#1f5fa8", True),
    ("sqlite", "freight-upsert", "Freight upsert, SQLite", "#2e8b3d", False),
    ("sqlite", "java-upsert", "Java SQLite loader (batched upsert)", "#2e8b3d", True),
]
W, H = 840, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 300, 50, 60


def rows_label(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def nice_step(top):
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def main():
    tsv, out = sys.argv[1], sys.argv[2]
    title = sys.argv[3] if len(sys.argv) > 3 else "Upsert throughput against job size"
    with open(tsv, newline="") as f:
        data = list(csv.DictReader(f, delimiter="\t"))
    series = []
    for store, name, label, colour, dashed in LINES:
        pts = sorted((int(r["rows"]), float(r["rows_per_s"])) for r in data if r["store"] == store and r["series"] == name)
        if pts:
            series.append((label, colour, dashed, pts))
    if not series:
        sys.exit(f"chart.py: no upsert lines in {tsv}")
    sizes = sorted({x for *_, pts in series for x, _ in pts})
    ymax = max(y for *_, pts in series for _, y in pts)
    step = nice_step(ymax * 1.05)
    ytop = step * math.ceil(ymax * 1.05 / step)
    lo, hi = math.log10(sizes[0]), math.log10(sizes[-1])
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(n):
        return LEFT + (pw / 2 if hi == lo else (math.log10(n) - lo) / (hi - lo) * pw)

    def y(v):
        return TOP + ph - v / ytop * ph

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{LEFT}" y="28" font-size="15" font-weight="bold">{escape(title)}</text>']
    v = 0.0
    while v <= ytop + step / 2:
        s.append(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{LEFT + pw}" y2="{y(v):.1f}" stroke="#ddd"/>')
        s.append(f'<text x="{LEFT - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v / 1000:,.0f}k</text>')
        v += step
    for n in sizes:
        s.append(f'<line x1="{x(n):.1f}" y1="{TOP}" x2="{x(n):.1f}" y2="{TOP + ph}" stroke="#eee"/>')
        s.append(f'<text x="{x(n):.1f}" y="{TOP + ph + 18}" text-anchor="middle">{rows_label(n)}</text>')
    s.append(f'<line x1="{LEFT}" y1="{TOP + ph}" x2="{LEFT + pw}" y2="{TOP + ph}" stroke="#333"/>')
    s.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + ph}" stroke="#333"/>')
    s.append(f'<text x="{LEFT + pw / 2}" y="{H - 15}" text-anchor="middle">rows in the job (log scale)</text>')
    s.append(f'<text x="18" y="{TOP + ph / 2}" text-anchor="middle" transform="rotate(-90 18 {TOP + ph / 2})">rows/s</text>')
    for i, (label, colour, dashed, pts) in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in pts)
        s.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for n, v in pts:
            if dashed:
                s.append(f'<rect x="{x(n) - 3.5:.1f}" y="{y(v) - 3.5:.1f}" width="7" height="7" fill="white" stroke="{colour}"/>')
            else:
                s.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}"/>')
        ly = TOP + 10 + i * 22
        lx = LEFT + pw + 20
        s.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/>')
        s.append(f'<text x="{lx + 36}" y="{ly + 4}">{escape(label)}</text>')
    s.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(s) + "\n")


if __name__ == "__main__":
    main()
