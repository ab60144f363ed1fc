/* main.c: one binary, two faces. With no arguments (or double-clicked on
 * Windows) it opens the window; with a command it is a terminal tool. */
#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "cli/fy_cli.h"
#include "platform/fy_platform.h"
#ifdef FERRY_HAVE_UI
#include "ui/fy_ui.h"
#endif

int main(int argc, char **argv)
{
    fy_plat_init_args(&argc, &argv);
    SDL_SetMainReady();
#ifdef FERRY_HAVE_UI
    if (argc < 2)
        return fy_ui_run(argc, argv);
#endif
    return fy_cli_main(argc, argv);
}
