/* fy_platform_posix_drag.c: files dragged over the window, before they are
 * dropped (X11's Xdnd).
 *
 * SDL2 (2.26) answers the Xdnd protocol itself but tells the window only
 * at the drop (SDL_DROPBEGIN and the files), never on enter, motion or
 * leave, so the drop zone could not light up while a file hovered over
 * it. The window turns SDL_SYSWMEVENT on and hands every X event here,
 * before SDL handles it: the source's XdndEnter / XdndPosition /
 * XdndLeave / XdndDrop client messages say where the drag is. SDL still
 * does the protocol (XdndStatus, fetching the URIs): this only watches.
 *
 * Xlib is loaded at run time like in fy_platform_posix_desk.c (SDL loads
 * it too); its headers are only for the event layout. Native Wayland is
 * not covered: SDL 2.26 has no hook there, and under XWayland this path
 * works as on X11. */
#include <dlfcn.h>
#include <string.h>

#include <SDL.h>
#include <SDL_syswm.h>

#include "fy_platform.h"

#if defined(SDL_VIDEO_DRIVER_X11)

static struct {
    int tried, ok;
    Display *dpy;
    Atom enter, position, leave, drop;
    Atom (*intern)(Display *, const char *, Bool);
    Bool (*translate)(Display *, Window, Window, int, int, int *, int *, Window *);
    Window (*root)(Display *);
} x;

/* Once per display: the library and the four atoms (by name, as the
 * protocol has no fixed numbers for them). */
static int ready(Display *dpy)
{
    if (x.ok && x.dpy == dpy)
        return 1;
    if (!x.tried) {
        void *h = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
        x.tried = 1;
        if (!h)
            return 0;
        *(void **)&x.intern = dlsym(h, "XInternAtom");
        *(void **)&x.translate = dlsym(h, "XTranslateCoordinates");
        *(void **)&x.root = dlsym(h, "XDefaultRootWindow");
        if (!x.intern || !x.translate || !x.root)
            return 0; /* the handle stays open: SDL holds the library anyway */
    }
    if (!x.intern || !x.translate || !x.root)
        return 0;
    x.dpy = dpy;
    x.enter = x.intern(dpy, "XdndEnter", False);
    x.position = x.intern(dpy, "XdndPosition", False);
    x.leave = x.intern(dpy, "XdndLeave", False);
    x.drop = x.intern(dpy, "XdndDrop", False);
    x.ok = 1;
    return 1;
}

int fy_plat_drag_read(const void *syswm_msg, fy_plat_drag *out)
{
    const SDL_SysWMmsg *m = syswm_msg;
    const XClientMessageEvent *c;
    memset(out, 0, sizeof *out);
    if (!m || m->subsystem != SDL_SYSWM_X11 || m->msg.x11.event.type != ClientMessage)
        return 0;
    c = &m->msg.x11.event.xclient;
    if (c->format != 32 || !ready(c->display))
        return 0;
    if (c->message_type == x.enter)
        out->kind = FY_DRAG_ENTER;
    else if (c->message_type == x.leave)
        out->kind = FY_DRAG_LEAVE;
    else if (c->message_type == x.drop)
        out->kind = FY_DRAG_DROP;
    else if (c->message_type == x.position) {
        /* data.l[2] is the pointer on the root window, x << 16 | y. */
        int rx = (int)(((unsigned long)c->data.l[2] >> 16) & 0xffff), ry = (int)(c->data.l[2] & 0xffff);
        int wx = 0, wy = 0;
        Window child;
        if (!x.translate(c->display, x.root(c->display), c->window, rx, ry, &wx, &wy, &child))
            return 0; /* another screen: nothing to say where */
        out->kind = FY_DRAG_OVER;
        out->x = wx, out->y = wy;
    }
    return out->kind != FY_DRAG_NONE;
}

#else

int fy_plat_drag_read(const void *syswm_msg, fy_plat_drag *out)
{
    (void)syswm_msg;
    memset(out, 0, sizeof *out);
    return 0;
}

#endif
