"""Booking service: bookings and their lifecycle, from hold to flight."""
