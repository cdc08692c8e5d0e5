"""Risk warnings and the disclaimer must reach every output verbatim."""
