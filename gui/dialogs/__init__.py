"""Dialogs: the model manager and the brand voice presets."""
