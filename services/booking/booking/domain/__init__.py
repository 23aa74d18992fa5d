"""Booking rules with no HTTP in them: the state machine, money arithmetic, policies."""
