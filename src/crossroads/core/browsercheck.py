"""Say loudly, before the test run, whether the browser tests will run.

``make test`` calls this; the browser tests themselves skip with the same
message when Debian's chromium is not installed.
"""

from __future__ import annotations

import shutil
import sys

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    """Path of the system chromium, or None."""
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def main() -> None:
    """Print a banner when the browser tests will be skipped."""
    if chromium_path() is None:
        bar = "!" * 72
        sys.stdout.write(
            f"{bar}\n"
            "!! chromium is not installed: the BROWSER TESTS WILL BE SKIPPED.\n"
            "!! Install it with: sudo apt-get install chromium\n"
            f"{bar}\n"
        )
    else:
        sys.stdout.write(f"Browser tests will drive {chromium_path()}.\n")


if __name__ == "__main__":
    main()
