"""decoding: one Generator protocol, its decoders, sampling, devices and the GGUF tools.

The torch loop, llama.cpp and the remote OpenAI-compatible client (``remote``, ``sse``)
implement the protocol; int8 quantisation and chat templates serve the local ones.

May import: engine.core.
"""
