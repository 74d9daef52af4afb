"""Decisions about downloading the merchant's code package, as plain functions (no Qt).

The QtNetwork adapter (wizard.net.download) moves bytes; what a response means (is it a zip
or a login page, can we resume, may we follow this redirect, what do we tell the merchant)
is decided here, one concern per module: links, resume, failures, progress, filenames,
recent.
"""
