"""One small module per use case; they own the transactions, the routes stay thin."""
