"""Read models: what the pages, their /api twins and the command line show of the record,
as typed pydantic models built in one place (the web declares them as response models, so
/api/openapi.json describes every response; the pages and `reviewdesk review` read the same
objects)."""
