/* fy_ui.h: the Ferry window. */
#ifndef FY_UI_H
#define FY_UI_H

/* Opens the window and runs until it is closed; returns the exit status
 * (1 when there is no display to open it on). argv[1...] are files and
 * folders to put in the send list. */
int fy_ui_run(int argc, char **argv);

#endif
