"""Render an evaluation report (report.html) in headless Chromium and check it is not blank.

    summarize eval eval/sample --model extractive --model lead --format html --out eval/out/sample
    python eval/screenshot.py eval/out/sample/report.html --png eval/out/sample/report.png

Prints the share of non-background pixels. Exit status: 0 rendered, 1 blank page,
2 no Chromium on PATH. Chromium runs offline with a throwaway profile (tests/chromium.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarize.testing.chromium import find_chromium, ink_fraction, is_blank, screenshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the report page to render")
    parser.add_argument("--png", type=Path, default=None, help="screenshot path (default: next to the page)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args(argv)
    if not args.html.is_file():
        parser.error(f"{args.html}: no such file")
    if find_chromium() is None:
        print("screenshot: no Chromium on PATH (apt-get install chromium)", file=sys.stderr)
        return 2
    png = screenshot(args.html, args.png or args.html.with_suffix(".png"), width=args.width, height=args.height)
    fraction = ink_fraction(png)
    print(f"{png}: {fraction:.1%} of pixels drawn")
    if is_blank(png):
        print("screenshot: the page rendered blank", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
