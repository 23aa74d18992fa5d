"""Gateway service: the one public entry: routing, identity, rate limits and storefront pages."""
