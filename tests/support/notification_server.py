"""A desktop notification server (org.freedesktop.Notifications) on a D-Bus bus the desktop test
starts: it answers as a notification daemon would and writes each notification it receives, as a
JSON line, to a file the test reads. Usage: notification_server.py BUS_ADDRESS LOG_FILE"""

import json
import sys

from gi.repository import Gio, GLib

INTERFACE = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""


def main():
    address, log = sys.argv[1], sys.argv[2]
    conn = Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None,
        None,
    )
    info = Gio.DBusNodeInfo.new_for_xml(INTERFACE).interfaces[0]
    counter = [0]

    def call(_conn, _sender, _path, _iface, method, params, invocation):
        if method == "Notify":
            app, _replaces, _icon, summary, body = params.unpack()[:5]
            counter[0] += 1
            with open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"app": app, "summary": summary, "body": body}) + "\n")
            invocation.return_value(GLib.Variant("(u)", (counter[0],)))
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["body"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("gerbang-test", "gerbang", "1", "1.2")))
        else:
            invocation.return_value(None)

    conn.register_object("/org/freedesktop/Notifications", info, call, None, None)
    loop = GLib.MainLoop()

    def acquired(*_):
        print("ready", flush=True)

    Gio.bus_own_name_on_connection(
        conn, "org.freedesktop.Notifications", Gio.BusNameOwnerFlags.NONE, acquired, None
    )
    loop.run()


if __name__ == "__main__":
    main()
