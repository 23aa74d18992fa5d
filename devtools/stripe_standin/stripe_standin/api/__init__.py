"""The stand-in's HTTP surface, one router per Stripe resource family."""
