"""Catalog service: missions, offerings, capacity and holds (the inventory authority)."""
