"""core: errors, paths, atomic file writes, logging, callback types, file and memory checks.

May import: the standard library and small third-party helpers only (platformdirs, psutil);
never another engine package.
"""
