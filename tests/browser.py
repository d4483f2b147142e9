"""A screenshot of an HTML report in headless Chromium: the check that a real browser renders it."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from hwverify.errors import ToolFailed
from hwverify.tools import require_tool

#: Flags that keep headless Chromium off the network and away from any profile but a fresh one.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")


def screenshot_html(html: Path | str, png: Path | str, window: tuple[int, int] = (1200, 1600),
                    timeout_seconds: float = 120.0) -> Path:
    """Render ``html`` in headless Chromium and save a ``window``-sized PNG screenshot to ``png``."""
    chromium = require_tool("chromium", "rendering the HTML report in a real browser",
                            "Install it with: apt-get install -y --no-install-recommends chromium")
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hwverify-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                   f"--window-size={window[0]},{window[1]}", Path(html).resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_seconds, check=False)
        except subprocess.TimeoutExpired:
            raise ToolFailed("chromium", -1, f"no screenshot after {timeout_seconds:.0f} s") from None
    if done.returncode != 0 or not png.is_file():
        raise ToolFailed("chromium", done.returncode, "\n".join((done.stderr or "").splitlines()[-15:]))
    return png
