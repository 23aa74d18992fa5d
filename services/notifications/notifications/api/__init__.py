"""HTTP routes of the notifications service: thin, they parse, call a handler and shape answers."""
