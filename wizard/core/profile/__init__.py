"""The provider profile: reading and checking it, where it is kept, its texts."""
