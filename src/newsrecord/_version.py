__version__ = "0.1.0"
"""The version of this installed copy of newsrecord, as on PyPI."""
