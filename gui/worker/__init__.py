"""The corridor to the engine: one EngineWorker on one engine QThread, and its GUI-side client."""
