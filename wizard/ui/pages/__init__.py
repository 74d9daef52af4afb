"""One module per journey step; PAGE_CLASSES maps each step id of the journey to its page."""
