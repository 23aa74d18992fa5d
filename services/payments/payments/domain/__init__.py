"""Payment rules: state machines, the ledger, refunds and webhook processing. No HTTP."""
