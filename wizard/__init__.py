"""MiniApp Publisher: a guided desktop wizard for publishing a ByteDance mini-program."""

__version__ = "0.1.0"

APP_NAME = "MiniApp Publisher"
APP_ID = "miniapp-publisher"
# The keyring service name and platformdirs app name: stable, never translated.
KEYRING_SERVICE = "miniapp-publisher"
