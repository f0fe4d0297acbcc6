"""The content of the demo: plain Python data, read by :mod:`buurtkracht.demo.loader`."""
