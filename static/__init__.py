"""static, shipped inside the jamcheck package as jamcheck.data.static (see jamcheck/data)."""
