"""QtNetwork adapters: HTTP work for the pages; what answers mean is decided in core."""
