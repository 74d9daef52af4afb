"""The update channel: a signed JSON feed says which version is newest and where its
installer is (feed.py checks it, fetch.py reads it, channel.py says which feed and when,
installer.py checks the downloaded installer). Contract in docs/architecture.md."""

from wizard.core.updates.feed import FeedError, Release, verify_feed

__all__ = ["FeedError", "Release", "verify_feed"]
