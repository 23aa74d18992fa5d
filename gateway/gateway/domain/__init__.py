"""Identity rules of the gateway, free of HTTP: accounts, sessions, partners, API keys."""
