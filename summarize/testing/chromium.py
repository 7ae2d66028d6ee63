"""Test helper: render an HTML file in headless Chromium and check the screenshot is not blank.

Used by the digest tests (the email's HTML part) and the evaluation report checks. Callers
skip when `find_chromium()` is None.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Offline and quiet: nothing is fetched, no profile is reused, no first-run UI.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """The path of a Chromium/Chrome binary on PATH, or None."""
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def screenshot(
    html_path: str | Path, png_path: str | Path, *, width: int = 900, height: int = 1400,
    timeout: float = 90,
) -> Path:
    """Render `html_path` to the PNG `png_path` (raises when Chromium is absent or fails)."""
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("no Chromium binary on PATH (tried: " + ", ".join(NAMES) + ")")
    png_path = Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png_path}",
             f"--window-size={width},{height}", Path(html_path).resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    if not png_path.is_file():
        raise RuntimeError(f"Chromium wrote no screenshot (exit {result.returncode}):\n"
                           + result.stderr[-2000:])
    return png_path


def ink_fraction(png_path: str | Path, tolerance: int = 16) -> float:
    """Share of pixels that differ from the most common colour (the background) by > tolerance."""
    from PIL import Image, ImageChops

    with Image.open(png_path) as opened:
        image = opened.convert("RGB")
    background = max(image.getcolors(maxcolors=image.width * image.height))[1]
    diff = ImageChops.difference(image, Image.new("RGB", image.size, background))
    red, green, blue = diff.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    ink = sum(largest.histogram()[tolerance + 1:])
    return ink / (image.width * image.height)


def is_blank(png_path: str | Path, min_fraction: float = 0.0005) -> bool:
    """True when (almost) every pixel has the background colour: nothing was rendered."""
    return ink_fraction(png_path) < min_fraction
