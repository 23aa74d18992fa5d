"""Booking's own typed clients of its peers (catalog, payments)."""
