"""rules, shipped inside the jamcheck package as jamcheck.data.rules (see jamcheck/data)."""
