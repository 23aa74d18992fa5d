"""Finance rules, free of HTTP: invoices, payout sync and reconciliation."""
