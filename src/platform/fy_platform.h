/* fy_platform.h: the one seam between Ferry and the operating system.
 *
 * Everything that differs between Linux and Windows lives behind these
 * functions: file names (UTF-8 here, UTF-16 at the Windows boundary), file
 * I/O with 64-bit offsets, folders, interfaces, sockets options, terminals.
 * fy_platform_posix.c and fy_platform_win32.c implement it; no other file
 * tests for an operating system.
 *
 * All paths are UTF-8 with '/' or the native separator; results use '/'
 * only where noted. Every function that can fail returns fy_result and
 * records a message naming the path in err. */
#ifndef FY_PLATFORM_H
#define FY_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "../core/fy_result.h"

/* ---- identity ---------------------------------------------------------- */

/* "Linux" or "Windows": shown to peers, at most 15 bytes. */
const char *fy_plat_os_name(void);

/* 1 where file names are matched without regard to case (Windows). */
int fy_plat_names_fold_case(void);

/* 1 where the Windows name rules apply to received names (reserved device
 * names, <>:"|?*, trailing dots and spaces). */
int fy_plat_windows_names(void);

/* This machine's host name, UTF-8, truncated to fit. */
void fy_plat_host_name(char *out, size_t cap);

/* Process start-up: on Windows this turns the wide command line into UTF-8
 * argv and attaches to the parent console when started from one. The
 * returned argv stays valid until exit. */
void fy_plat_init_args(int *argc, char ***argv);

/* 1 when started by double-click (no console/terminal to talk to). */
int fy_plat_started_from_gui(void);

/* ---- time and randomness ---------------------------------------------- */

uint64_t fy_plat_now_ms(void);   /* monotonic milliseconds */
int64_t fy_plat_wall_time(void); /* seconds since 1970 UTC */
void fy_plat_sleep_ms(unsigned ms);

/* ---- files ------------------------------------------------------------- */

typedef enum {
    FY_KIND_NONE = 0, /* does not exist */
    FY_KIND_FILE,
    FY_KIND_DIR,
    FY_KIND_LINK,     /* only from fy_plat_lstat */
    FY_KIND_OTHER     /* device, fifo, socket: never sent */
} fy_file_kind;

typedef struct fy_stat {
    fy_file_kind kind;
    uint64_t size;
    int64_t mtime;   /* seconds since 1970 UTC */
    int executable;  /* owner may execute (always 0 on Windows) */
    /* Which file this is: device and inode (Linux), volume serial number
     * and file index (Windows). Two stats with the same pair name the same
     * file, so a resume can check it writes to the very file it hashed. */
    uint64_t dev, ino;
} fy_stat;

/* Follows symbolic links. A missing path gives FY_OK with kind NONE. */
fy_result fy_plat_stat(const char *path, fy_stat *st, fy_err *err) FY_MUST_USE;
/* Does not follow the last component if it is a link (kind LINK). */
fy_result fy_plat_lstat(const char *path, fy_stat *st, fy_err *err) FY_MUST_USE;

typedef struct fy_file fy_file;

typedef enum {
    FY_OPEN_READ = 0,
    FY_OPEN_WRITE_NEW,    /* create or truncate; never follows a final link */
    FY_OPEN_WRITE_KEEP,   /* create or keep contents (resume) */
    FY_OPEN_PRIVATE_NEW   /* a new file only this user can read (0600), never
                           * executable; an existing name is FY_ERR_IO with
                           * *exists semantics left to the caller (quarantine) */
} fy_open_mode;

fy_result fy_plat_open(const char *path, fy_open_mode mode, fy_file **out, fy_err *err) FY_MUST_USE;
/* Reads up to len bytes at the current position; *got is 0 only at end. */
fy_result fy_plat_read(fy_file *f, void *buf, size_t len, size_t *got, fy_err *err) FY_MUST_USE;
/* Writes all len bytes at the current position. A full disk is
 * FY_ERR_DISK_FULL. */
fy_result fy_plat_write(fy_file *f, const void *buf, size_t len, fy_err *err) FY_MUST_USE;
fy_result fy_plat_seek(fy_file *f, uint64_t offset, fy_err *err) FY_MUST_USE;
/* Cuts or extends (sparse where the file system allows) to size. */
fy_result fy_plat_truncate(fy_file *f, uint64_t size, fy_err *err) FY_MUST_USE;
/* Tells the OS the file is read from start to end (read-ahead hint). */
void fy_plat_advise_sequential(fy_file *f);
/* Closing a file written to reports late write errors (full disk on NFS). */
fy_result fy_plat_close(fy_file *f, fy_err *err);
const char *fy_plat_file_path(const fy_file *f);
/* Stat of an open file (kind, size, mtime, dev/ino). */
fy_result fy_plat_file_stat(fy_file *f, fy_stat *st, fy_err *err) FY_MUST_USE;
/* Takes an exclusive lock on the whole of an open file for as long as it
 * stays open, without waiting: FY_ERR_BUSY when another handle (this
 * process or another) holds it. flock() on Linux, LockFileEx on Windows. */
fy_result fy_plat_file_lock(fy_file *f, fy_err *err) FY_MUST_USE;
/* Applies a modification time and, when executable, the owner's execute
 * bit to an open file (before it is closed and renamed; neither changes
 * with a rename). */
fy_result fy_plat_file_finish(fy_file *f, int64_t mtime, int executable, fy_err *err) FY_MUST_USE;

/* Renames from to to, failing with *exists = 1 (and FY_OK) when to is
 * already there: a received file never replaces one that exists. */
fy_result fy_plat_rename_noreplace(const char *from, const char *to, int *exists, fy_err *err) FY_MUST_USE;
fy_result fy_plat_remove(const char *path, fy_err *err) FY_MUST_USE;
/* Creates one folder; an existing folder is success. */
fy_result fy_plat_mkdir(const char *path, fy_err *err) FY_MUST_USE;
/* Creates one folder only this user may enter (0700; on Windows the
 * user's own profile folders already are); an existing one is made so. */
fy_result fy_plat_mkdir_private(const char *path, fy_err *err) FY_MUST_USE;
/* Creates every missing folder along path. */
fy_result fy_plat_mkdirs(const char *path, fy_err *err) FY_MUST_USE;
fy_result fy_plat_set_mtime(const char *path, int64_t mtime, fy_err *err) FY_MUST_USE;
fy_result fy_plat_set_executable(const char *path, fy_err *err) FY_MUST_USE;
/* Bytes free to this user on the volume holding path. */
fy_result fy_plat_free_space(const char *path, uint64_t *bytes, fy_err *err) FY_MUST_USE;
/* Turns a path given by the user into an absolute one (for display and
 * for taking the last component of "."). */
fy_result fy_plat_abspath(const char *path, char *out, size_t cap, fy_err *err) FY_MUST_USE;
/* Writes data to path with permissions for this user only, via a temp file
 * and a rename, so a crash leaves the old file or the new one. */
fy_result fy_plat_write_file_atomic(const char *path, const void *data, size_t len, int private_to_user,
                                    fy_err *err) FY_MUST_USE;
/* Creates path, empty, readable and writable by this user only, unless it
 * exists (then it is kept as it is, and on Linux made owner-only again). A
 * file another process may already be writing is never replaced (the
 * history database). A link in path's place is not followed. */
fy_result fy_plat_create_private(const char *path, fy_err *err) FY_MUST_USE;

/* ---- a folder tree that follows no links --------------------------------
 *
 * The receiver works only through an fy_tree: a handle on the receive
 * folder, and paths relative to it ('/'-separated, no "." or "..", as
 * fy_names_map_path makes them). The folder itself may be a link the user
 * made; nothing below it is ever followed. Every component is opened
 * relative to its parent (openat with O_NOFOLLOW|O_DIRECTORY on Linux; on
 * Windows each folder is opened with FILE_FLAG_OPEN_REPARSE_POINT, refused
 * if it is a reparse point, junctions included, and held open without
 * FILE_SHARE_DELETE while the operation runs, so it cannot be swapped).
 * A link met on the way fails with FY_ERR_IO and a message naming it.
 * This is what stops a folder swapped for a link between two runs from
 * sending a resumed transfer elsewhere. */
typedef struct fy_tree fy_tree;

/* Opens (with create, also creates) the folder at path. */
fy_result fy_tree_open(const char *path, int create, fy_tree **out, fy_err *err) FY_MUST_USE;
void fy_tree_close(fy_tree *t);
/* The folder's path as given, for messages. */
const char *fy_tree_path(const fy_tree *t);
/* Like fy_plat_lstat below the tree: a missing path (or a missing folder
 * on the way) is FY_OK with kind NONE; a link as last component is kind
 * LINK; a link on the way is FY_ERR_IO. */
fy_result fy_tree_lstat(fy_tree *t, const char *rel, fy_stat *st, fy_err *err) FY_MUST_USE;
/* Creates one folder (its parent must exist). *existed (may be NULL) is set
 * to 1 when something is already there. With exclusive, whatever it is (a
 * folder, a file, a link), that is FY_OK with *existed = 1 and nothing
 * created: the name is not free. Without, an existing folder is FY_OK and
 * anything else there (a file, a link) is FY_ERR_IO. */
fy_result fy_tree_mkdir(fy_tree *t, const char *rel, int exclusive, int *existed, fy_err *err) FY_MUST_USE;
typedef enum {
    FY_TREE_READ = 0,  /* an existing file, for reading */
    FY_TREE_CREATE,    /* a new file: *existed = 1 (FY_OK, no file) if the name is taken */
    FY_TREE_WRITE      /* an existing file, for writing at the offset chosen */
} fy_tree_mode;
/* Opens a regular file below the tree. Never follows a link, never opens
 * anything but a regular file (a fifo or device is FY_ERR_IO). */
fy_result fy_tree_open_file(fy_tree *t, const char *rel, fy_tree_mode mode, int *existed, fy_file **out,
                            fy_err *err) FY_MUST_USE;
/* fy_plat_rename_noreplace for two paths below the tree. */
fy_result fy_tree_rename_noreplace(fy_tree *t, const char *from, const char *to, int *exists,
                                   fy_err *err) FY_MUST_USE;
/* Removes a file (or a link itself, never its target). */
fy_result fy_tree_remove(fy_tree *t, const char *rel, fy_err *err) FY_MUST_USE;
/* Sets a folder's modification time (after its contents are written). */
fy_result fy_tree_set_dir_mtime(fy_tree *t, const char *rel, int64_t mtime, fy_err *err) FY_MUST_USE;
/* Checks that files can be created in the folder (creates and removes a
 * temporary file): "cannot write to FOLDER: read-only file system". */
fy_result fy_tree_check_writable(fy_tree *t, fy_err *err) FY_MUST_USE;
/* Marks a received file as coming from another machine, as browsers do:
 * on Windows the Mark of the Web (an NTFS stream "Zone.Identifier" with
 * "[ZoneTransfer]\r\nZoneId=3\r\n"), so SmartScreen and Office's Protected
 * View treat it as downloaded; nothing on Linux. Cosmetic to the transfer:
 * callers ignore a failure (FAT volumes have no streams). */
fy_result fy_tree_mark_downloaded(fy_tree *t, const char *rel, fy_err *err) FY_MUST_USE;
/* Bytes free to this user on the tree's volume. */
fy_result fy_tree_free_space(fy_tree *t, uint64_t *bytes, fy_err *err) FY_MUST_USE;

/* Folder listing, names in UTF-8 without "." and "..". */
typedef struct fy_dir fy_dir;
fy_result fy_plat_opendir(const char *path, fy_dir **out, fy_err *err) FY_MUST_USE;
/* *name is NULL at the end; it stays valid until the next call. */
fy_result fy_plat_readdir(fy_dir *d, const char **name, fy_err *err) FY_MUST_USE;
void fy_plat_closedir(fy_dir *d);

/* ---- folders the user expects ------------------------------------------ */

/* Default receive folder: Downloads/Ferry. */
fy_result fy_plat_default_receive_dir(char *out, size_t cap, fy_err *err) FY_MUST_USE;
/* $FERRY_CONFIG_DIR if set, else $XDG_CONFIG_HOME/ferry (Linux) or
 * %APPDATA%\Ferry (Windows); created if missing. */
fy_result fy_plat_config_dir(char *out, size_t cap, fy_err *err) FY_MUST_USE;
/* Shows a folder in the desktop's file manager (xdg-open, ShellExecute). */
fy_result fy_plat_open_folder(const char *path, fy_err *err) FY_MUST_USE;
/* Opens a file with the application the desktop has for it (the History
 * view's Open). Never runs a program: an executable file (Linux: an
 * execute bit or a .desktop launcher; Windows: .exe, .bat, .lnk, ...) is
 * refused with a message, as is anything but a plain file. */
fy_result fy_plat_open_file(const char *path, fy_err *err) FY_MUST_USE;

/* The desktop's own file dialog, blocking (run it on a thread of its own):
 * one folder when folders_only, else one or more files. Returns the chosen
 * paths, UTF-8, each followed by '\n', to be freed; NULL if cancelled or
 * there is no dialog (Linux without zenity or kdialog). */
char *fy_plat_pick(int folders_only);
/* 1 where fy_plat_pick can show a dialog. */
int fy_plat_can_pick(void);

/* ---- desktop ------------------------------------------------------------ */

/* A font file of this system's with a glyph for code point cp, for the
 * characters the window's own font lacks (CJK, emoji): its path (UTF-8)
 * and face index in a collection (.ttc). skip passes over as many
 * candidates as were already tried. Linux asks fontconfig for fonts
 * covering cp, best first; Windows offers the Fonts folder's CJK, symbol
 * and emoji fonts that exist, and the caller checks the glyph. Returns 1
 * with path filled, 0 when there is no further candidate. */
int fy_plat_font_for_char(uint32_t cp, int skip, char *path, size_t cap, int *index);
/* Frees what fy_plat_font_for_char keeps between calls (the window's end). */
void fy_plat_fonts_release(void);

/* The desktop's scale for the window where SDL cannot tell it (X11:
 * SDL_GetDisplayDPI fails when the screen reports no size), e.g. 2.0 on a
 * 192-DPI display: Xft.dpi (what GNOME and KDE set for their scaling),
 * else GDK_SCALE, else the X screen's own DPI. 0 when unknown (Windows:
 * SDL reports the DPI itself). */
float fy_plat_desktop_scale(void);

/* Files dragged over the window before the drop, which SDL2 does not
 * report (it sends SDL_DROPBEGIN only at the drop). The window hands each
 * SDL_SYSWMEVENT's message (an SDL_SysWMmsg *) here; on X11 the Xdnd
 * client messages come back as enter / over (x, y in window coordinates,
 * the pointer's) / leave / drop. Returns 1 when *out holds one, else 0.
 * Windows: always 0 (SDL's WM_DROPFILES has no hover), so the drop works
 * there without the highlight; native Wayland likewise. */
typedef enum { FY_DRAG_NONE = 0, FY_DRAG_ENTER, FY_DRAG_OVER, FY_DRAG_LEAVE, FY_DRAG_DROP } fy_plat_drag_kind;
typedef struct {
    fy_plat_drag_kind kind;
    int x, y; /* FY_DRAG_OVER only */
} fy_plat_drag;
int fy_plat_drag_read(const void *syswm_msg, fy_plat_drag *out);

/* A desktop notification (title, one line of body), for a window that is
 * not in front: freedesktop Notifications over the session D-Bus (Linux,
 * libdbus loaded at run time), a balloon from a notification-area icon
 * (Windows; call fy_plat_notify_end before exiting to remove the icon).
 * Returns 0 when one was shown, -1 when the desktop has no way. */
int fy_plat_notify(const char *title, const char *body);
void fy_plat_notify_end(void);

/* Keeps the machine from sleeping while transfers run: every begin is
 * matched by an end ON THE SAME THREAD (Windows keeps the request per
 * thread: SetThreadExecutionState); Linux holds one logind "sleep:idle"
 * inhibitor (a file descriptor, over the system D-Bus) while any begin is
 * open and closes it at the last end. Without logind or D-Bus, nothing
 * happens. fy_plat_keep_awake_held says whether it is held now (tests). */
void fy_plat_keep_awake_begin(void);
void fy_plat_keep_awake_end(void);
int fy_plat_keep_awake_held(void);

/* ---- running a program (the virus scanner) ------------------------------- */

typedef enum {
    FY_RUN_EXITED = 0, /* code is its exit status */
    FY_RUN_SIGNALED,   /* code is the signal (Linux) or exception code (Windows) */
    FY_RUN_TIMED_OUT,  /* killed after timeout_ms */
    FY_RUN_NOT_FOUND,  /* no such program */
    FY_RUN_FAILED,     /* could not be started: why says it */
    FY_RUN_STOPPED     /* killed because stop() said so */
} fy_run_end;

#define FY_RUN_OUTPUT_MAX 4096 /* stdout and stderr kept; the rest is read and dropped */

typedef struct fy_run_outcome {
    fy_run_end end;
    long code;
    char output[FY_RUN_OUTPUT_MAX + 1]; /* stdout and stderr together, NUL-terminated */
    size_t output_len;
    char why[160];
} fy_run_outcome;

/* Runs argv[0] with argv (no shell: Linux posix_spawnp with the PATH
 * search, Windows CreateProcessW with each argument quoted as
 * CommandLineToArgvW reads it; a .bat or .cmd runs under cmd.exe, which
 * refuses arguments holding characters cmd would interpret). stdin is
 * empty; output is captured. After timeout_ms, or as soon as stop(ud)
 * returns 1 (checked every 50 ms), the program and its children are
 * killed (a process group / a job object). Returns once it is gone. */
void fy_plat_run(const char *const *argv, unsigned timeout_ms, int (*stop)(void *ud), void *ud,
                 fy_run_outcome *out);
/* The virus scanner this machine has, as a scan_command ("{}" is the file):
 * Linux: "clamdscan --fdpass --no-summary {}" when clamd's LocalSocket
 * (from clamd.conf) answers, else "clamscan --no-summary {}" when it is on
 * PATH (with "-d $FERRY_CLAMSCAN_DB" when that is set: tests use their own
 * database); Windows: Defender's MpCmdRun.exe -Scan -ScanType 3 -File {}
 * -DisableRemediation, from the newest Platform folder or Program Files.
 * Returns 0 with out empty when there is none. */
int fy_plat_find_scanner(char *out, size_t cap);
/* '/' to '\\' in place on Windows (a scanner gets the path it expects);
 * nothing on Linux. */
void fy_plat_native_path(char *path);

/* ---- network ------------------------------------------------------------ */

typedef struct fy_iface {
    char name[64];
    uint32_t addr;      /* IPv4, host byte order */
    uint32_t netmask;   /* host byte order */
    uint32_t broadcast; /* directed broadcast, host byte order */
    int loopback;
} fy_iface;

/* Up IPv4 interfaces; returns how many were written (at most cap). */
int fy_plat_list_ipv4(fy_iface *out, int cap);

/* Native socket handle as an integer (an int fd or a SOCKET). */
typedef intptr_t fy_sockfd;
/* Large buffers, no Nagle delay, and send/receive timeouts of timeout_ms so
 * a silent peer is noticed instead of blocking the thread for ever; and
 * fy_plat_sock_peer_timeout(fd, FY_PLAT_PEER_TIMEOUT_MS). */
void fy_plat_sock_tune(fy_sockfd fd, unsigned timeout_ms);
/* The documented idle timeout (docs/PROTOCOL.md, section 4). */
#define FY_PLAT_PEER_TIMEOUT_MS 30000u
/* Makes the system itself end a connection whose peer stopped answering
 * (unplugged, out of range, asleep) after about timeout_ms, so a blocked
 * send or recv fails ("Connection timed out") within the idle timeout:
 * keepalive probes while nothing is sent, and a cap on resending data the
 * peer does not acknowledge (TCP_USER_TIMEOUT, TCP_MAXRT), which otherwise
 * goes on for 15 minutes or more. A quiet peer whose system still answers
 * (its user deciding on an offer) is not cut off. 0 changes nothing. */
void fy_plat_sock_peer_timeout(fy_sockfd fd, unsigned timeout_ms);
/* Lengthens a listening socket's queue of connections not yet accepted:
 * SDL2_net listens with 5, so a burst of connections (a thousand idle
 * sockets) made real senders wait in SYN retries for a minute. Linux takes
 * a second listen() as the new length; Windows keeps the first one (a
 * no-op there). */
void fy_plat_sock_listen_backlog(fy_sockfd fd, int backlog);
/* Bytes this side sent that the peer has not acknowledged yet, or -1 where
 * the system does not say (Windows). While it shrinks, a peer that says
 * nothing is still taking data: after a 4 MiB socket buffer filled in a
 * second, a slow link (under ~280 KB/s) needs more than the idle timeout
 * to drain it, and a sender waiting for the receiver's answer must not
 * call that silence. */
long long fy_plat_sock_unacked(fy_sockfd fd);
/* The native socket inside an SDL2_net TCPsocket. SDL2_net has no call for
 * socket options, and Ferry needs timeouts and large buffers; its struct
 * starts with `int ready; SOCKET channel;` in every 2.x release, and SOCKET
 * is an OS type, so this lives here. */
fy_sockfd fy_plat_sdlnet_socket(const void *sdl_tcpsocket);
/* Allows sending to broadcast addresses (discovery). SDL2_net's UDP socket
 * starts with the same fields as its TCP one, so fy_plat_sdlnet_socket
 * gives its native socket too. */
void fy_plat_sock_broadcast(fy_sockfd fd);
/* What the window should say when the system's firewall is likely to keep
 * other machines from sending here (Windows: the firewall is on and the
 * network is Public), with what to do.
 * Returns 0 with out empty when there is nothing to say. */
int fy_plat_firewall_note(char *out, size_t cap);
/* Waits up to ms for room to send: 1 ready (or failed: the send will say
 * why), 0 not yet. */
int fy_plat_sock_wait_writable(fy_sockfd fd, unsigned ms);
/* Wakes a thread blocked on the socket (used to cancel a transfer). */
void fy_plat_sock_shutdown(fy_sockfd fd);
/* Why connecting to addr:port (host byte order) failed, in words, right
 * after SDLNet_TCP_Open failed. SDL2_net closes the socket before
 * returning, which on Windows can clear the error; there the connection
 * is tried once more, bare, to learn why. */
void fy_plat_connect_error(uint32_t addr, uint16_t port, char *out, size_t cap);
/* 1 when the last socket call failed because its timeout ran out. */
int fy_plat_sock_last_timed_out(void);
/* The text of the last socket error ("Connection refused"). */
void fy_plat_sock_last_error(char *out, size_t cap);

/* ---- the network doctor (src/core/fy_doctor.h) --------------------------- */

typedef struct fy_doc_port fy_doc_port;
typedef struct fy_doc_firewall fy_doc_firewall;
/* Who holds TCP (udp 0) or UDP port on this machine, and the program's
 * name and process id where the system says (Linux: /proc/net and
 * /proc/PID/fd, this user's processes without root; Windows:
 * GetExtendedTcpTable / GetExtendedUdpTable). */
void fy_plat_port_owner(int udp, uint16_t port, fy_doc_port *out);
/* What the firewall does to Ferry's TCP and UDP port. Linux: the rules of
 * `nft list ruleset` or `iptables-save` where permitted (root), else
 * NOT_READ. Windows: the active network profile, whether the firewall is
 * on for it and whether an allow rule for this program covers it
 * (INetFwPolicy2). */
void fy_plat_firewall(uint16_t port, fy_doc_firewall *out);
/* One TCP connection attempt to addr:port (host byte order) that gives up
 * after timeout_ms, closed at once: returns an fy_doc_conn (refused,
 * timed out, no route...), with the time the connection took (one round
 * trip) in *ms and, for FY_DOC_CONN_OTHER, the system's words in why. */
int fy_plat_connect_probe(uint32_t addr, uint16_t port, unsigned timeout_ms, double *ms, char *why, size_t cap);

/* ---- terminal ------------------------------------------------------------ */

int fy_plat_isatty_stderr(void);
int fy_plat_isatty_stdin(void);
int fy_plat_isatty_stdout(void);
/* Standard input and output carry bytes as they are: no CR LF translation
 * and no end at ^Z on Windows (a text read with `--text -`, or written
 * with `--raw-text`, stays exact). No-op elsewhere. */
void fy_plat_stdio_binary(void);
/* Width of the terminal on stderr, 80 if unknown. */
int fy_plat_term_width(void);
/* Ctrl-C (and SIGTERM / console close): after fy_plat_catch_interrupt,
 * fy_plat_interrupted() turns 1 instead of the process dying, so the
 * front end can cancel transfers and tell the peer. */
void fy_plat_catch_interrupt(void);
int fy_plat_interrupted(void);

/* Reads one line typed on the terminal (not a redirected stdin) after
 * showing prompt on it. Returns -1 if there is no terminal. */
int fy_plat_term_ask(const char *prompt, char *out, size_t cap);
/* The same, but while nothing is typed yet, stop(ud) is asked every
 * ~150 ms; when it says 1 the question is dropped (a line break ends the
 * prompt) and -2 is returned: the other side answered first. */
int fy_plat_term_ask_until(const char *prompt, char *out, size_t cap, int (*stop)(void *), void *ud);

#endif
