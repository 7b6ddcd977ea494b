"""help, shipped inside the jamcheck package as jamcheck.data.help (see jamcheck/data)."""
