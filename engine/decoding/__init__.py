"""decoding: one Generator protocol, its decoders, sampling, devices and the GGUF tools.

The torch loop and llama.cpp implement the protocol; int8 quantisation and chat templates
serve them.

May import: engine.core.
"""
