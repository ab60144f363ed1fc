/* main.c: one binary, two faces. With no arguments (or double-clicked on
 * Windows) it opens the window, and with files and folders as arguments
 * (`ferry FILE...`, the desktop entry's `Exec=ferry %F`) the window with
 * those in the send list; with a command it is a terminal tool. */
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
    if (argc < 2 || fy_cli_wants_window(argc, argv))
        return fy_ui_run(argc, argv);
#endif
    return fy_cli_main(argc, argv);
}
