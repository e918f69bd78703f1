"""Widgets the tabs are built from: forms, cards, tables, panels, the message bar."""
