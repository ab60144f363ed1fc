/* fy_platform_win32_term.c: the platform seam on Windows for the process
 * and the console: the wide command line as UTF-8 argv, attaching to the
 * console of cmd or PowerShell (ferry.exe is a GUI-subsystem program),
 * Ctrl-C, the terminal's width, and prompts read from the console. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>
#include <shellapi.h>

#include <io.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- identity ------------------------------------------------------------------ */

const char *fy_plat_os_name(void) { return "Windows"; }
int fy_plat_names_fold_case(void) { return 1; }
int fy_plat_windows_names(void) { return 1; }

void fy_plat_host_name(char *out, size_t cap)
{
    wchar_t w[256];
    DWORD n = sizeof w / sizeof w[0];
    if (GetComputerNameExW(ComputerNamePhysicalDnsHostname, w, &n) && n > 0)
        fy_win_utf8_copy(out, cap, w);
    else
        out[0] = '\0';
    if (!out[0])
        snprintf(out, cap, "windows");
}

/* ---- start-up and the console ----------------------------------------------- */

static char **g_argv;
static int g_from_gui;
static UINT g_old_output_cp;

static int std_handle_ok(DWORD which)
{
    HANDLE h = GetStdHandle(which);
    return h && h != INVALID_HANDLE_VALUE && GetFileType(h) != FILE_TYPE_UNKNOWN;
}

/* A console, not just a character device: _isatty says yes to NUL. */
static int is_console(DWORD which)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode;
    return h && h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

static void reopen_std(FILE *f, const wchar_t *dev, const wchar_t *mode, DWORD which)
{
    if (_wfreopen(dev, mode, f))
        SetStdHandle(which, (HANDLE)_get_osfhandle(_fileno(f)));
}

static void restore_output_cp(void) { SetConsoleOutputCP(g_old_output_cp); }

/* Ferry is a GUI-subsystem program, so Windows gives it no console. Run
 * from cmd or PowerShell with a command, it borrows its parent's console
 * and points at it only the standard streams that have nowhere to go:
 * `ferry send x > log.txt` and pipes must keep their redirection. Returns 1
 * when there is a console (attached, or ours already). */
static int attach_console(int with_command)
{
    int in_ok = std_handle_ok(STD_INPUT_HANDLE), out_ok = std_handle_ok(STD_OUTPUT_HANDLE),
        err_ok = std_handle_ok(STD_ERROR_HANDLE);
    if (AttachConsole(ATTACH_PARENT_PROCESS)) {
        if (!with_command) {
            /* The window is the interface; holding the console would only
             * mix stray output into the prompt the user types at next. */
            FreeConsole();
            return 1;
        }
        if (!in_ok)
            reopen_std(stdin, L"CONIN$", L"r", STD_INPUT_HANDLE);
        if (!out_ok)
            reopen_std(stdout, L"CONOUT$", L"w", STD_OUTPUT_HANDLE);
        if (!err_ok)
            reopen_std(stderr, L"CONOUT$", L"w", STD_ERROR_HANDLE);
    } else if (GetLastError() != ERROR_ACCESS_DENIED && !is_console(STD_ERROR_HANDLE) &&
               !is_console(STD_OUTPUT_HANDLE) && !is_console(STD_INPUT_HANDLE)) {
        /* (Access denied: this process has a console already, as a console
         * build does. Wine hands one straight to a GUI program started
         * from a terminal.) */
        return 0;
    }
    /* Ferry prints UTF-8. The code page belongs to the console, shared with
     * the shell that stays after us, so it is put back at exit. */
    if ((g_old_output_cp = GetConsoleOutputCP()) != 0 && g_old_output_cp != CP_UTF8 &&
        SetConsoleOutputCP(CP_UTF8))
        atexit(restore_output_cp);
    return 1;
}

void fy_plat_init_args(int *argc, char ***argv)
{
    int n = 0, i;
    wchar_t **wv = CommandLineToArgvW(GetCommandLineW(), &n);
    /* The C runtime's argv went through the ANSI code page: a file name it
     * cannot spell arrives as '?'. The wide command line has it all. No
     * SIGPIPE to ignore here: a send to a closed socket returns an error. */
    if (wv && n > 0 && (g_argv = calloc((size_t)n + 1, sizeof *g_argv)) != NULL) {
        for (i = 0; i < n && (g_argv[i] = fy_win_utf8_dup(wv[i])) != NULL; i++)
            ;
        if (i == n) {
            *argc = n;
            *argv = g_argv;
        } else {
            while (i > 0)
                free(g_argv[--i]);
            free(g_argv);
            g_argv = NULL;
        }
    }
    if (wv)
        LocalFree(wv);
    g_from_gui = !attach_console(*argc > 1) && *argc < 2;
}

int fy_plat_started_from_gui(void) { return g_from_gui; }

/* ---- terminal ----------------------------------------------------------------- */

static volatile LONG g_interrupted;

static BOOL WINAPI on_console_event(DWORD ev)
{
    if (ev != CTRL_C_EVENT && ev != CTRL_BREAK_EVENT && ev != CTRL_CLOSE_EVENT)
        return FALSE;
    /* A second Ctrl-C means "now": the default handler ends the process. */
    if (InterlockedExchange(&g_interrupted, 1) && ev != CTRL_CLOSE_EVENT)
        return FALSE;
    /* Windows ends the process as soon as this returns from a close event
     * (and at most 5 s later anyway): waiting here gives the main thread
     * that time to cancel the transfer and tell the peer, then exit. */
    if (ev == CTRL_CLOSE_EVENT)
        Sleep(5000);
    return TRUE;
}

void fy_plat_catch_interrupt(void) { SetConsoleCtrlHandler(on_console_event, TRUE); }

int fy_plat_interrupted(void) { return g_interrupted != 0; }

int fy_plat_isatty_stderr(void) { return is_console(STD_ERROR_HANDLE); }
int fy_plat_isatty_stdin(void) { return is_console(STD_INPUT_HANDLE); }
int fy_plat_isatty_stdout(void) { return is_console(STD_OUTPUT_HANDLE); }

void fy_plat_stdio_binary(void)
{
    fflush(stdout);
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
}

int fy_plat_term_width(void)
{
    CONSOLE_SCREEN_BUFFER_INFO ci;
    if (GetConsoleScreenBufferInfo(GetStdHandle(STD_ERROR_HANDLE), &ci) && ci.srWindow.Right > ci.srWindow.Left)
        return ci.srWindow.Right - ci.srWindow.Left + 1;
    return 80;
}

int fy_plat_term_ask(const char *prompt, char *out, size_t cap)
{
    /* The console itself, not stdin: stdin may be a pipe of data, and an
     * answer must come from a person. The W calls: the answer may be in any
     * script, whatever the console's code page. */
    HANDLE in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                            OPEN_EXISTING, 0, NULL);
    HANDLE con = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                             OPEN_EXISTING, 0, NULL);
    wchar_t buf[256], *line = NULL, *wp = NULL;
    DWORD mode = 0, n;
    size_t len = 0;
    int rc = -1, done = 0;

    if (!cap || in == INVALID_HANDLE_VALUE || con == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode) ||
        !(line = malloc((cap + 1) * sizeof *line)))
        goto cleanup;
    SetConsoleMode(in, mode | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT);
    if ((wp = fy_win_wide_dup(prompt)) != NULL)
        WriteConsoleW(con, wp, (DWORD)wcslen(wp), &n, NULL);
    /* A line longer than buf comes in several reads; what does not fit in
     * out is read and dropped, so it does not answer the next question. */
    while (!done) {
        if (!ReadConsoleW(in, buf, sizeof buf / sizeof buf[0], &n, NULL) || n == 0)
            goto restore; /* Ctrl-C, or the console went away */
        for (DWORD i = 0; i < n && !done; i++) {
            if (buf[i] == L'\n')
                done = 1;
            else if (len < cap)
                line[len++] = buf[i];
        }
    }
    while (len > 0 && line[len - 1] == L'\r')
        len--;
    line[len] = L'\0';
    /* Ctrl-Z then Enter is how a Windows console types end of input. */
    if (line[0] == 0x1A)
        goto restore;
    fy_win_utf8_copy(out, cap, line);
    rc = 0;

restore:
    SetConsoleMode(in, mode);
cleanup:
    if (in != INVALID_HANDLE_VALUE)
        CloseHandle(in);
    if (con != INVALID_HANDLE_VALUE)
        CloseHandle(con);
    free(line);
    free(wp);
    return rc;
}
