"""Reliability tests: the kill harness and its writer, disk-full faults, the file-writer audit."""
