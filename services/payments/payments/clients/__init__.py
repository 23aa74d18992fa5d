"""Clients of the services this one calls: Stripe (official SDK) and booking."""
