"""The wizard's plain-Python core: journey, checks, state, platform facts (no Qt here)."""
