/* test_scan.c: scan_command splitting, "{}" substitution, and the verdict
 * on each way a scanner can end (src/core/fy_scan.c); the scan settings;
 * running a real program through the platform seam (fy_plat_run). */
#include <stdlib.h>

#include "core/fy_scan.h"
#include "core/fy_settings.h"
#include "fy_test.h"
#include "platform/fy_platform.h"

static void test_parse(void)
{
    static const struct {
        const char *cmd;
        int ok, argc;
        const char *a0, *alast;
        fy_scanner_kind kind;
    } cases[] = {
        {"clamscan --no-summary {}", 1, 3, "clamscan", "{}", FY_SCANNER_CLAMAV},
        {"  clamdscan\t--fdpass --no-summary {}  ", 1, 4, "clamdscan", "{}", FY_SCANNER_CLAMAV},
        {"/usr/bin/clamscan -d \"/my db/x.hdb\" {}", 1, 4, "/usr/bin/clamscan", "{}", FY_SCANNER_CLAMAV},
        {"\"C:\\Program Files\\Windows Defender\\MpCmdRun.exe\" -Scan -ScanType 3 -File {} -DisableRemediation", 1, 7,
         "C:\\Program Files\\Windows Defender\\MpCmdRun.exe", "-DisableRemediation", FY_SCANNER_DEFENDER},
        {"MPCMDRUN -Scan -File {}", 1, 4, "MPCMDRUN", "{}", FY_SCANNER_DEFENDER},
        {"myscan --file={}", 1, 2, "myscan", "--file={}", FY_SCANNER_OTHER},
        {"myscan", 1, 2, "myscan", "{}", FY_SCANNER_OTHER}, /* no {}: the path goes last */
        {"'single quoted' {}", 1, 2, "single quoted", "{}", FY_SCANNER_OTHER},
        {"", 0, 0, NULL, NULL, 0},
        {"   ", 0, 0, NULL, NULL, 0},
        {"scan \"unclosed {}", 0, 0, NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_scan_cmd c;
        fy_err err = {0};
        fy_test_case = cases[i].cmd;
        CHECK_INT(fy_scan_parse_command(cases[i].cmd, &c, &err) == FY_OK, cases[i].ok);
        if (!cases[i].ok) {
            CHECK(err.msg[0] != '\0');
            continue;
        }
        CHECK_INT(c.argc, cases[i].argc);
        CHECK_STR(c.argv[0], cases[i].a0);
        CHECK_STR(c.argv[c.argc - 1], cases[i].alast);
        CHECK_INT(c.kind, cases[i].kind);
    }
    {
        /* 40 arguments: over the cap, refused with a message */
        char big[400] = "scan";
        fy_scan_cmd c;
        fy_err err = {0};
        for (int k = 0; k < 40; k++)
            strcat(big, " a");
        fy_test_case = "40 arguments";
        CHECK_INT(fy_scan_parse_command(big, &c, &err), FY_ERR_USAGE);
    }
}

static void test_argv(void)
{
    fy_scan_cmd c;
    const char *argv[FY_SCAN_ARGS_MAX + 1];
    char buf[256], small[16];
    fy_test_case = "argv";
    CHECK_INT(fy_scan_parse_command("scan --file={} -x {} {}{}", &c, NULL), FY_OK);
    /* A name with spaces, quotes and ';' stays one argument: no shell. */
    CHECK_INT(fy_scan_argv(&c, "/d/a b;\"c\".part", argv, buf, sizeof buf), 5);
    CHECK_STR(argv[0], "scan");
    CHECK_STR(argv[1], "--file=/d/a b;\"c\".part");
    CHECK_STR(argv[2], "-x");
    CHECK_STR(argv[3], "/d/a b;\"c\".part");
    CHECK_STR(argv[4], "/d/a b;\"c\".part/d/a b;\"c\".part");
    CHECK(argv[5] == NULL);
    CHECK_INT(fy_scan_argv(&c, "/a/long/path/to/file.part", argv, small, sizeof small), -1);
}

static fy_run_outcome *outcome(fy_run_end end, long code, const char *output)
{
    static fy_run_outcome o;
    memset(&o, 0, sizeof o);
    o.end = end;
    o.code = code;
    snprintf(o.output, sizeof o.output, "%s", output);
    o.output_len = strlen(o.output);
    snprintf(o.why, sizeof o.why, "Permission denied");
    return &o;
}

static void test_judge(void)
{
    static const struct {
        const char *name, *cmd;
        fy_run_end end;
        long code;
        const char *output;
        fy_scan_verdict want;
        const char *words;
    } cases[] = {
        {"clam clean", "clamscan {}", FY_RUN_EXITED, 0, "/d/x.part: OK\n", FY_SCAN_CLEAN, ""},
        {"clam found", "clamscan {}", FY_RUN_EXITED, 1, "/d/x: y.part: Eicar-Test-Signature FOUND\n", FY_SCAN_INFECTED,
         "Eicar-Test-Signature"},
        {"clam found, control bytes", "clamscan {}", FY_RUN_EXITED, 1, "/d/x.part: Bad\033[31mName FOUND\n",
         FY_SCAN_INFECTED, "Bad?[31mName"},
        {"clam error", "clamscan {}", FY_RUN_EXITED, 2, "LibClamAV Error: cli_loaddbdir(): No supported database files "
         "found\nERROR: Can't open file or directory\n", FY_SCAN_NOT_SCANNED,
         "the scanner failed (exit status 2): LibClamAV Error: cli_loaddbdir(): No supported database files found"},
        {"clam found, CRLF", "clamscan.exe {}", FY_RUN_EXITED, 1, "C:\\d\\x.part: Fake.Virus FOUND\r\n", FY_SCAN_INFECTED,
         "Fake.Virus"},
        {"clamd found", "clamdscan --fdpass {}", FY_RUN_EXITED, 1, "/d/e.part: Win.Test.EICAR_HDB-1 FOUND\n",
         FY_SCAN_INFECTED, "Win.Test.EICAR_HDB-1"},
        {"defender clean", "MpCmdRun.exe -Scan -File {}", FY_RUN_EXITED, 0, "Scan starting...\r\nScan finished.\r\n",
         FY_SCAN_CLEAN, ""},
        {"defender threat", "C:/x/MpCmdRun.exe -Scan -File {}", FY_RUN_EXITED, 2,
         "Scan starting...\r\nScan finished.\r\nScanning C:\\d\\e.part found 1 threats.\r\n"
         "<===========================LIST OF DETECTED THREATS==========================>\r\n"
         "----------------------------- Threat information ------------------------------\r\n"
         "Threat                  : Virus:DOS/EICAR_Test_File\r\n",
         FY_SCAN_INFECTED, "Virus:DOS/EICAR_Test_File"},
        {"defender exit 1 is an error", "MpCmdRun -Scan -File {}", FY_RUN_EXITED, 1, "", FY_SCAN_NOT_SCANNED,
         "the scanner failed (exit status 1)"},
        {"defender 0x80508023", "MpCmdRun -Scan -File {}", FY_RUN_EXITED, 0x80508023L,
         "CmdTool: Failed with hr = 0x80508023.\r\n", FY_SCAN_NOT_SCANNED,
         "the scanner failed (exit status 2152759331): CmdTool: Failed with hr = 0x80508023."},
        {"other: 1 with a line", "fake {}", FY_RUN_EXITED, 1, "\n  Fake.Virus found here  \n", FY_SCAN_INFECTED,
         "Fake.Virus found here"},
        {"other: 1 silent", "fake {}", FY_RUN_EXITED, 1, "", FY_SCAN_INFECTED, "infected (the scanner gave no name)"},
        {"other: 7", "fake {}", FY_RUN_EXITED, 7, "", FY_SCAN_NOT_SCANNED, "the scanner failed (exit status 7)"},
        {"missing", "/no/such {}", FY_RUN_NOT_FOUND, 0, "", FY_SCAN_NOT_SCANNED,
         "the scanner \"/no/such\" was not found"},
        {"cannot start", "x {}", FY_RUN_FAILED, 0, "", FY_SCAN_NOT_SCANNED,
         "the scanner could not be started (Permission denied)"},
        {"timeout", "x {}", FY_RUN_TIMED_OUT, 0, "", FY_SCAN_NOT_SCANNED,
         "the scanner took longer than 2 s (scan_timeout)"},
        {"segv", "x {}", FY_RUN_SIGNALED, 11, "", FY_SCAN_NOT_SCANNED, "the scanner crashed (signal 11)"},
        {"windows access violation", "x.exe {}", FY_RUN_EXITED, 0xC0000005L, "", FY_SCAN_NOT_SCANNED,
         "the scanner crashed (exception 0xC0000005)"},
        {"stopped", "x {}", FY_RUN_STOPPED, 0, "", FY_SCAN_NOT_SCANNED, "the transfer stopped before the scan ended"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_scan_cmd c;
        char words[FY_SCAN_WORDS_MAX + 64];
        fy_test_case = cases[i].name;
        CHECK_INT(fy_scan_parse_command(cases[i].cmd, &c, NULL), FY_OK);
        CHECK_INT(fy_scan_judge(&c, outcome(cases[i].end, cases[i].code, cases[i].output), 2000, words, sizeof words),
                  cases[i].want);
        CHECK_STR(words, cases[i].words);
    }
}

static void test_settings(void)
{
    static const char text[] = "scan=off\nscan_command=clamscan -d \"/x y\" {}\nscan_timeout=5\nscan_timeout=0\nscan=maybe\n";
    fy_settings s;
    char out[2048];
    fy_test_case = "settings";
    fy_settings_defaults(&s);
    CHECK_INT(fy_settings_parse(&s, text, sizeof text - 1), 2); /* timeout 0 and "maybe" refused */
    CHECK_INT(s.scan_off, 1);
    CHECK_STR(s.scan_command, "clamscan -d \"/x y\" {}");
    CHECK_INT(s.scan_timeout, 5);
    /* The window rewrites settings.txt: the scan keys survive. */
    CHECK(fy_settings_format(&s, out, sizeof out) > 0);
    CHECK(strstr(out, "scan=off\n") != NULL);
    CHECK(strstr(out, "scan_command=clamscan -d \"/x y\" {}\n") != NULL);
    CHECK(strstr(out, "scan_timeout=5\n") != NULL);
}

/* fy_plat_run with real programs (Linux: /bin/sh; under wine: cmd.exe). */
static void test_run(void)
{
    fy_run_outcome *o = malloc(sizeof *o);
    int windows = fy_plat_windows_names();
    uint64_t t0;
    const char *echo_fail[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    const char *echo_fail_w[] = {"cmd.exe", "/d", "/c", "echo out& exit 3", NULL};
    const char *hang[] = {"/bin/sh", "-c", "sleep 30", NULL};
    const char *hang_w[] = {"cmd.exe", "/d", "/c", "ping -n 30 127.0.0.1 >NUL", NULL};
    const char *missing[] = {"/no/such/scanner-program", "x", NULL};
    const char *missing_w[] = {"C:\\no\\such\\scanner-program.exe", "x", NULL};

    fy_test_case = "run: exit 3 with output";
    fy_plat_run(windows ? echo_fail_w : echo_fail, 20000, NULL, NULL, o);
    CHECK_INT(o->end, FY_RUN_EXITED);
    CHECK_INT(o->code, 3);
    CHECK(strstr(o->output, "out") != NULL);
    if (!windows)
        CHECK(strstr(o->output, "err") != NULL);

    fy_test_case = "run: killed at the timeout";
    t0 = fy_plat_now_ms();
    fy_plat_run(windows ? hang_w : hang, 500, NULL, NULL, o);
    CHECK_INT(o->end, FY_RUN_TIMED_OUT);
    CHECK(fy_plat_now_ms() - t0 < 10000);

    fy_test_case = "run: missing program";
    fy_plat_run(windows ? missing_w : missing, 5000, NULL, NULL, o);
    CHECK_INT(o->end, FY_RUN_NOT_FOUND);
    free(o);
}

int main(void)
{
    test_parse();
    test_argv();
    test_judge();
    test_settings();
    test_run();
    fy_test_case = NULL;
    return fy_test_done("scan");
}
