"""The window's tabs: each a QWidget whose flows are coroutines awaiting engine jobs."""
