/* fy_platform_win32_run.c: running the virus scanner on Windows, and
 * finding Microsoft Defender's command-line scanner. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void fy_plat_native_path(char *path)
{
    for (char *p = path; *p; p++)
        if (*p == '/')
            *p = '\\';
}

/* Appends one argument as CommandLineToArgvW (and the C runtime) reads it
 * back: quoted when it holds a space, a tab or a quote, with backslashes
 * doubled only before a quote. always: quote even a plain one (cmd.exe). */
static int put_arg(wchar_t *out, size_t cap, size_t *o, const wchar_t *a, int always, int first)
{
#define PUT(c)                                                                                             \
    do {                                                                                                   \
        if (*o + 1 >= cap)                                                                                 \
            return -1;                                                                                     \
        out[(*o)++] = (c);                                                                                 \
    } while (0)
    int quote = always || !*a || wcspbrk(a, L" \t\"\n\v");
    if (!first)
        PUT(L' ');
    if (quote)
        PUT(L'"');
    for (const wchar_t *p = a;; p++) {
        size_t bs = 0;
        while (*p == L'\\')
            bs++, p++;
        if (!*p) {
            for (size_t k = 0; k < (quote ? 2 * bs : bs); k++)
                PUT(L'\\');
            break;
        }
        if (*p == L'"') {
            for (size_t k = 0; k < 2 * bs + 1; k++)
                PUT(L'\\');
        } else {
            for (size_t k = 0; k < bs; k++)
                PUT(L'\\');
        }
        PUT(*p);
    }
    if (quote)
        PUT(L'"');
    out[*o] = 0;
    return 0;
#undef PUT
}

static int is_batch(const char *prog)
{
    size_t n = strlen(prog);
    return n > 4 && (!_stricmp(prog + n - 4, ".bat") || !_stricmp(prog + n - 4, ".cmd"));
}

/* The command line for argv; NULL with out->end/why set if it cannot be
 * made. A batch file runs under cmd.exe, which expands %VAR% and !VAR!
 * even inside quotes: an argument holding those (a received file's name
 * may) is refused rather than handed to it. */
static wchar_t *command_line(const char *const *argv, fy_run_outcome *out)
{
    size_t cap = 64, o = 0;
    int batch = is_batch(argv[0]);
    wchar_t *line, *w;
    for (int i = 0; argv[i]; i++)
        cap += strlen(argv[i]) * 2 + 4;
    if (!(line = malloc(cap * sizeof *line)))
        goto nomem;
    line[0] = 0;
    if (batch) {
        for (int i = 0; argv[i]; i++)
            if (strpbrk(argv[i], "%!\"\r\n")) {
                free(line);
                out->end = FY_RUN_FAILED;
                snprintf(out->why, sizeof out->why,
                         "a batch file scanner cannot safely be given a name with %% ! or \" in it: %.80s", argv[i]);
                return NULL;
            }
        wcscpy(line, L"cmd.exe /d /s /c \"");
        o = wcslen(line);
    }
    for (int i = 0; argv[i]; i++) {
        if (!(w = fy_win_wide_dup(argv[i])))
            goto nomem;
        if (put_arg(line, cap, &o, w, batch, i == 0) != 0) {
            free(w);
            goto nomem;
        }
        free(w);
    }
    if (batch) {
        if (o + 2 >= cap)
            goto nomem;
        line[o++] = L'"';
        line[o] = 0;
    }
    return line;
nomem:
    free(line);
    out->end = FY_RUN_FAILED;
    snprintf(out->why, sizeof out->why, "out of memory");
    return NULL;
}

/* 1 if prog can be found (as CreateProcess would, for a batch file that
 * cmd.exe would otherwise report missing with a status of its own). */
static int program_exists(const char *prog)
{
    wchar_t *w = fy_win_wide_dup(prog), found[MAX_PATH];
    DWORD n = w ? SearchPathW(NULL, w, NULL, MAX_PATH, found, NULL) : 0;
    free(w);
    return n > 0 && n < MAX_PATH;
}

static void read_some(HANDLE rd, fy_run_outcome *out)
{
    DWORD avail = 0, got = 0;
    char buf[4096];
    while (PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL) && avail > 0) {
        if (!ReadFile(rd, buf, avail < sizeof buf ? avail : sizeof buf, &got, NULL) || !got)
            return;
        if (out->output_len < FY_RUN_OUTPUT_MAX) {
            size_t n = got < FY_RUN_OUTPUT_MAX - out->output_len ? got : FY_RUN_OUTPUT_MAX - out->output_len;
            memcpy(out->output + out->output_len, buf, n);
            out->output_len += n;
            out->output[out->output_len] = '\0';
        }
    }
}

/* The scanner and whatever it starts run in a job that dies with it: a
 * timeout kills the whole tree. Only the pipe and NUL are inherited (a
 * handle list), not the transfer's sockets. */
void fy_plat_run(const char *const *argv, unsigned timeout_ms, int (*stop)(void *ud), void *ud,
                 fy_run_outcome *out)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    STARTUPINFOEXW si;
    PROCESS_INFORMATION pi;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION lim;
    HANDLE rd = NULL, wr = NULL, nul = INVALID_HANDLE_VALUE, job = NULL, inherit[2];
    LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
    SIZE_T asize = 0;
    wchar_t *line = NULL;
    uint64_t until = fy_plat_now_ms() + timeout_ms;
    DWORD code = 0, e;
    BOOL ok;

    memset(out, 0, sizeof *out);
    memset(&pi, 0, sizeof pi);
    if (is_batch(argv[0]) && !program_exists(argv[0])) {
        out->end = FY_RUN_NOT_FOUND;
        return;
    }
    if (!(line = command_line(argv, out)))
        return;
    if (!CreatePipe(&rd, &wr, &sa, 0) || !SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0)) {
        out->end = FY_RUN_FAILED;
        fy_win_err_text(GetLastError(), out->why, sizeof out->why);
        goto out;
    }
    nul = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    memset(&si, 0, sizeof si);
    si.StartupInfo.cb = sizeof si;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = nul;
    si.StartupInfo.hStdOutput = wr;
    si.StartupInfo.hStdError = wr;
    inherit[0] = wr;
    inherit[1] = nul;
    InitializeProcThreadAttributeList(NULL, 1, 0, &asize);
    if ((attrs = malloc(asize)) && InitializeProcThreadAttributeList(attrs, 1, 0, &asize) &&
        UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit,
                                  (nul == INVALID_HANDLE_VALUE ? 1 : 2) * sizeof(HANDLE), NULL, NULL))
        si.lpAttributeList = attrs;
    ok = CreateProcessW(NULL, line, NULL, NULL, TRUE,
                        CREATE_NO_WINDOW | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT |
                            (si.lpAttributeList ? EXTENDED_STARTUPINFO_PRESENT : 0),
                        NULL, NULL, &si.StartupInfo, &pi);
    e = GetLastError();
    CloseHandle(wr);
    wr = NULL;
    if (!ok) {
        out->end = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? FY_RUN_NOT_FOUND : FY_RUN_FAILED;
        fy_win_err_text(e, out->why, sizeof out->why);
        goto out;
    }
    if ((job = CreateJobObjectW(NULL, NULL))) {
        memset(&lim, 0, sizeof lim);
        lim.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &lim, sizeof lim);
        AssignProcessToJobObject(job, pi.hProcess);
    }
    ResumeThread(pi.hThread);
    for (;;) {
        DWORD w = WaitForSingleObject(pi.hProcess, 20);
        uint64_t now;
        read_some(rd, out);
        if (w == WAIT_OBJECT_0)
            break;
        now = fy_plat_now_ms();
        if (now >= until || (stop && stop(ud))) {
            out->end = now >= until ? FY_RUN_TIMED_OUT : FY_RUN_STOPPED;
            if (job)
                TerminateJobObject(job, 1);
            TerminateProcess(pi.hProcess, 1);
            WaitForSingleObject(pi.hProcess, 5000);
            goto out;
        }
    }
    read_some(rd, out);
    GetExitCodeProcess(pi.hProcess, &code);
    out->end = FY_RUN_EXITED;
    out->code = (long)code;
    if (code >= 0xC0000000u && code != 0xC000013Au) { /* an exception; not Ctrl-C */
        out->end = FY_RUN_SIGNALED;
    }
out:
    if (pi.hProcess)
        CloseHandle(pi.hProcess);
    if (pi.hThread)
        CloseHandle(pi.hThread);
    if (job)
        CloseHandle(job); /* kills anything left in it */
    if (attrs) {
        if (si.lpAttributeList)
            DeleteProcThreadAttributeList(attrs);
        free(attrs);
    }
    if (nul != INVALID_HANDLE_VALUE)
        CloseHandle(nul);
    if (wr)
        CloseHandle(wr);
    if (rd)
        CloseHandle(rd);
    free(line);
}

/* Version folders under Defender's Platform folder: "4.18.24090.11-0".
 * Compared number by number, so 4.18.10 comes after 4.18.9. */
static int version_cmp(const wchar_t *a, const wchar_t *b)
{
    while (*a || *b) {
        unsigned long x = wcstoul(a, (wchar_t **)&a, 10), y = wcstoul(b, (wchar_t **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        while (*a && (*a < L'0' || *a > L'9'))
            a++;
        while (*b && (*b < L'0' || *b > L'9'))
            b++;
    }
    return 0;
}

static int exists_w(const wchar_t *w)
{
    DWORD a = GetFileAttributesW(w);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

int fy_plat_find_scanner(char *out, size_t cap)
{
    wchar_t base[MAX_PATH], pat[MAX_PATH + 8], best[MAX_PATH] = L"", exe[MAX_PATH * 2] = L"";
    WIN32_FIND_DATAW fd;
    HANDLE h;
    char *u;

    out[0] = '\0';
    /* The platform folder is where updates put the current MpCmdRun. */
    if (GetEnvironmentVariableW(L"ProgramData", base, MAX_PATH) - 1u < MAX_PATH - 1u) {
        _snwprintf(pat, MAX_PATH + 8, L"%ls\\Microsoft\\Windows Defender\\Platform\\*", base);
        pat[MAX_PATH + 7] = 0;
        if ((h = FindFirstFileW(pat, &fd)) != INVALID_HANDLE_VALUE) {
            do {
                wchar_t cand[MAX_PATH * 2];
                if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || fd.cFileName[0] == L'.')
                    continue;
                _snwprintf(cand, MAX_PATH * 2, L"%ls\\Microsoft\\Windows Defender\\Platform\\%ls\\MpCmdRun.exe",
                           base, fd.cFileName);
                cand[MAX_PATH * 2 - 1] = 0;
                if (exists_w(cand) && (!best[0] || version_cmp(fd.cFileName, best) > 0)) {
                    wcsncpy(best, fd.cFileName, MAX_PATH - 1);
                    wcscpy(exe, cand);
                }
            } while (FindNextFileW(h, &fd));
            FindClose(h);
        }
    }
    if (!exe[0] && GetEnvironmentVariableW(L"ProgramFiles", base, MAX_PATH) - 1u < MAX_PATH - 1u) {
        _snwprintf(exe, MAX_PATH * 2, L"%ls\\Windows Defender\\MpCmdRun.exe", base);
        exe[MAX_PATH * 2 - 1] = 0;
        if (!exists_w(exe))
            exe[0] = 0;
    }
    if (!exe[0] || !(u = fy_win_utf8_dup(exe)))
        return 0;
    /* -DisableRemediation: Defender only reports; Ferry moves the file. */
    snprintf(out, cap, "\"%s\" -Scan -ScanType 3 -File {} -DisableRemediation", u);
    free(u);
    return 1;
}
