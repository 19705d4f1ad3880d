"""Services layer: search, precedents, drafting, marked copies, and other work on the record."""
