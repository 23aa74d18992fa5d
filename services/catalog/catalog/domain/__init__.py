"""Catalog rules, free of HTTP: mission lifecycle, offering validation, capacity and holds."""
