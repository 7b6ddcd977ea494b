"""templates, shipped inside the jamcheck package as jamcheck.data.templates (see jamcheck/data)."""
