/* fy_ui_apply.h: carrying out the model's actions against the engine, and
 * the settings file. Shared by the window and the headless tests. */
#ifndef FY_UI_APPLY_H
#define FY_UI_APPLY_H

#include "fy_ui_model.h"

/* Reads settings.txt from the config folder (defaults if missing). */
void fy_ui_settings_load(fy_settings *s);
/* Writes it atomically; returns 0 or -1 with a message in the model. */
int fy_ui_settings_save(fy_ui_model *m);

/* Creates the engine from the model's settings. */
fy_result fy_ui_engine_create(fy_ui_model *m, void (*wake)(void *), void *ud, fy_engine **out, fy_err *err);

/* Applies every queued action the engine can carry out; actions for the
 * window itself (file dialogs, quit) are handed to other(), if given. */
void fy_ui_apply(fy_ui_model *m, fy_engine *e, void (*other)(const fy_ui_action *a, void *ud), void *ud);

/* Moves every queued engine event into the model; returns how many. */
int fy_ui_drain(fy_ui_model *m, fy_engine *e);

#endif
