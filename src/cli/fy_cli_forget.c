/* fy_cli_forget.c: `ferry forget NAME` removes a paired device, so the
 * next transfer with it asks for a pairing code again. */
#include <stdio.h>
#include <string.h>

#include "core/fy_trust.h"
#include "fy_cli.h"
#include "platform/fy_platform.h"

int fy_cli_forget(int argc, char **argv)
{
    char dir[1024];
    fy_trust t;
    fy_err err = {0};
    int status;

    if (argc == 1 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        printf("Usage: ferry forget NAME\n\nForgets a paired device; the next transfer with it asks for a pairing "
               "code again.\n");
        return FY_EXIT_OK;
    }
    if (argc != 1 || argv[0][0] == '-') {
        fprintf(stderr, "ferry forget: name exactly one paired device\nTry 'ferry forget --help'.\n");
        return FY_EXIT_USAGE;
    }
    if (fy_plat_config_dir(dir, sizeof dir, &err) != FY_OK || fy_trust_load(dir, &t, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        return fy_cli_exit_code(err.code);
    }
    if (!fy_trust_remove(&t, argv[0])) {
        fprintf(stderr, "ferry: no paired device is called \"%s\"\n", argv[0]);
        status = FY_EXIT_LOCAL_IO;
    } else if (fy_trust_save(dir, &t, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        status = fy_cli_exit_code(err.code);
    } else {
        printf("Forgot \"%s\": the next transfer with it asks for a pairing code again.\n", argv[0]);
        status = FY_EXIT_OK;
    }
    fy_trust_free(&t);
    return status;
}
