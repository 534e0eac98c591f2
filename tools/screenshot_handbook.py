#!/usr/bin/env python3
"""Screenshot the handbook in headless Chromium, at desktop and phone widths.

The publishing check of issue 3: build the HTML, then look at the pages as a reader
would. Each shot is taken through chromedriver after scrolling the page (or a
requirement anchor) into view, so that fragments such as ``#req-go-version`` work.

Usage::

    python tools/screenshot_handbook.py                 # build docs/, shoot, list PNGs
    python tools/screenshot_handbook.py --html build/html --out /tmp/shots
    python tools/screenshot_handbook.py kernel.html "building.html#req-dockerinit-static"
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.docs.chromium import open_browser  # noqa: E402  (the browser tests' set-up)

DEFAULT_PAGES = (
    "index.html",
    "build-dependencies.html",
    "building.html#req-dockerinit-search-path",
    "runtime-dependencies.html#req-cgroup-hierarchy",
    "kernel.html",
    "all-requirements.html",
    "reference.html",
)
SIZES = {"desktop": (1280, 2000), "phone": (390, 1800)}


def build_html(out: Path) -> None:
    """Build the handbook (``-c . docs``) as HTML into ``out`` with warnings as errors."""
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html"]
    subprocess.run([*argv, "-c", str(ROOT), str(ROOT / "docs"), str(out)], check=True)


def shoot(html: Path, out: Path, pages: list[str]) -> list[Path]:
    """Screenshot each page at each size; return the PNG files written."""
    from selenium.webdriver.common.by import By

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="reqcheck-shots-") as profile:
        driver = open_browser(profile)
        try:
            for page in pages:
                name, _, fragment = page.partition("#")
                for label, (width, height) in SIZES.items():
                    driver.set_window_size(width, height)
                    driver.get((html / name).as_uri())
                    if fragment:
                        target = driver.find_element(By.ID, fragment)
                        driver.execute_script(
                            "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
                            target,
                        )
                    stem = name.removesuffix(".html") + (f"-{fragment}" if fragment else "")
                    path = out / f"{stem}-{label}.png"
                    driver.save_screenshot(str(path))
                    written.append(path)
        finally:
            driver.quit()
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages, optionally with #fragment")
    parser.add_argument("--html", type=Path, help="an existing HTML build (default: build)")
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reqcheck-html-") as tmp:
        html = args.html
        if html is None:
            html = Path(tmp) / "html"
            build_html(html)
        for path in shoot(html, args.out, list(args.pages or DEFAULT_PAGES)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
