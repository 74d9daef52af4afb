"""dmgbuild settings for the macOS disk image (build_installer.py passes -D app=... -D icon=...).

dmgbuild executes this file with a ``defines`` dictionary holding the -D values; the names
assigned below are the settings it reads.
"""

import os.path

defines: dict[str, str] = globals().get("defines", {})

app = defines.get("app", "dist/MiniApp Publisher.app")
app_name = os.path.basename(app)

format = defines.get("format", "UDZO")  # dmgbuild setting name (shadows the builtin)
filesystem = "HFS+"
files = [app]
symlinks = {"Applications": "/Applications"}
icon = defines.get("icon") or None
badge_icon = None

# A window with the app on the left and an arrow towards Applications on the right.
background = "builtin-arrow"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
window_rect = ((200, 120), (640, 300))
default_view = "icon-view"
icon_size = 128
text_size = 13
icon_locations = {app_name: (160, 140), "Applications": (480, 140)}
