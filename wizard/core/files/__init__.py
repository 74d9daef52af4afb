"""Files the app reads and writes safely: atomic saves, bounded safe JSON, regular files only,
safe names, and the sweep of a killed run's leftovers."""
