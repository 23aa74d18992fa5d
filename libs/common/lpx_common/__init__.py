"""Infrastructure shared by every Lunar Payload Exchange service.

Nothing in here knows about missions, bookings or payments: only settings, databases,
errors, observability, auth, idempotency, the outbox and HTTP clients.
"""
