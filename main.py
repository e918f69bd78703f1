"""ShopScribe: open the window (``python main.py [--data-dir DIR]``)."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
