"""One handler per use case: find out from peers what is needed (no transaction open),
then apply the aggregate's command in one unit of work."""
