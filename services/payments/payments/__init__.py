"""Payments service: Stripe payments, refunds, the ledger and reconciliation."""
