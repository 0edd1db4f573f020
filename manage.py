#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

from moti.__main__ import main

if __name__ == "__main__":
    main()
