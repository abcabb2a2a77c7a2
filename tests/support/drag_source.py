#!/usr/bin/python3
"""A tiny GTK window that lets a file be dragged from it, as from a file manager.

Used by the desktop end-to-end tests to drop a real file on the real app over X (XDND):
  drag_source.py FILE X Y   # a 40x40 window at (X, Y) on the screen; drag starts inside it
Prints "ready" once mapped; exits after the drop (or when killed).
"""
import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main() -> None:
    path, x, y = Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3])
    win = Gtk.Window(title="gerbang-drag-source")
    win.set_decorated(False)
    win.set_default_size(40, 40)
    win.move(x, y)
    box = Gtk.EventBox()
    box.add(Gtk.Label(label="PDF"))
    win.add(box)
    box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    box.drag_source_add_uri_targets()

    def on_get(_w, _ctx, data, _info, _time):
        data.set_uris([path.as_uri()])

    box.connect("drag-data-get", on_get)
    box.connect("drag-end", lambda *_: GLib.timeout_add(300, Gtk.main_quit))
    win.connect("destroy", Gtk.main_quit)
    win.connect("map-event", lambda *_: print("ready", flush=True))
    win.show_all()
    GLib.timeout_add_seconds(60, Gtk.main_quit)
    Gtk.main()


if __name__ == "__main__":
    main()
