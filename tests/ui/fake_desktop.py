#!/usr/bin/python3
# fake_desktop.py SESSION_ADDR SYSTEM_ADDR LOG: a desktop's two D-Bus
# services for tests, each on a bus the test started: the freedesktop
# notification service (Notify is logged) on the session bus, and logind's
# Inhibit on the "system" bus: it hands out one end of a pipe as the
# inhibitor, logs the call, and logs "released" when the caller closes it.
import os
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

session_addr, system_addr, log_path = sys.argv[1:4]
DBusGMainLoop(set_as_default=True)
log = open(log_path, "a", buffering=1)


class Notifications(dbus.service.Object):
    def __init__(self, bus):
        self.name = dbus.service.BusName("org.freedesktop.Notifications", bus)
        super().__init__(self.name, "/org/freedesktop/Notifications")
        self.next = 1

    @dbus.service.method("org.freedesktop.Notifications", in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        log.write("notify app=%s summary=%s body=%s\n" % (app, summary, body))
        self.next += 1
        return self.next - 1


class Login(dbus.service.Object):
    def __init__(self, bus):
        self.name = dbus.service.BusName("org.freedesktop.login1", bus)
        super().__init__(self.name, "/org/freedesktop/login1")

    @dbus.service.method("org.freedesktop.login1.Manager", in_signature="ssss", out_signature="h")
    def Inhibit(self, what, who, why, mode):
        r, w = os.pipe()
        log.write("inhibit what=%s who=%s why=%s mode=%s\n" % (what, who, why, mode))

        def closed(fd, cond):
            log.write("released\n")
            os.close(fd)
            return False

        GLib.io_add_watch(r, GLib.IO_HUP | GLib.IO_ERR, closed)
        fd = dbus.types.UnixFd(w)  # a copy goes to the caller
        os.close(w)
        return fd


session = dbus.bus.BusConnection(session_addr)
system = dbus.bus.BusConnection(system_addr)
keep = [Notifications(session), Login(system)]
log.write("ready\n")
GLib.MainLoop().run()
