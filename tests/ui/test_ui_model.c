/* test_ui_model.c: the window's state and layout without a window
 * (SDL_VIDEODRIVER=dummy, a software renderer on a surface): settings text,
 * addresses, a drop of files and a folder, and an offer from a real engine
 * on 127.0.0.1 that shows a dialog and is declined. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_settings.h"
#include "fy_test.h"
#include "platform/fy_platform.h"
#include "ui/fy_ui_apply.h"
#include "ui/fy_ui_model.h"
#include "ui/fy_ui_words.h"
#include "ui/fy_ui_screens.h"

static char tmp[512];

static void write_file(const char *path, size_t n)
{
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; f && i < n; i++)
        fputc((int)(i * 7 % 251), f);
    if (f)
        fclose(f);
}

static void test_settings(void)
{
    static const struct {
        const char *in;
        const char *name, *dir;
        int port, nrecent, bad;
        const char *recent0;
        int scale, auto_accept;
    } cases[] = {
        {"", "", "", 0, 0, 0, "", 0, 0},
        {"ui_scale=150\nauto_accept_paired=1\n", "", "", 0, 0, 0, "", 150, 1},
        {"ui_scale=20\nui_scale=900\nui_scale=x\nauto_accept_paired=0\n", "", "", 0, 0, 3, "", 0, 0},
        {"device_name=desk\nport=4000\n", "desk", "", 4000, 0, 0, "", 0, 0},
        {"receive_dir=/home/ana/In box\r\nrecent=10.0.0.2:53317\nrecent=b\n", "", "/home/ana/In box", 0, 2, 0,
         "10.0.0.2:53317", 0, 0},
        {"# comment\nport=0\nport=70000\nport=x\nnonsense\n", "", "", 0, 0, 4, "", 0, 0},
        {"future_key=1\ndevice_name=a=b\n", "a=b", "", 0, 0, 0, "", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_settings s, back;
        char text[4096];
        size_t n;
        fy_test_case = cases[i].in;
        fy_settings_defaults(&s);
        CHECK_INT(fy_settings_parse(&s, cases[i].in, strlen(cases[i].in)), cases[i].bad);
        CHECK_STR(s.device_name, cases[i].name);
        CHECK_STR(s.receive_dir, cases[i].dir);
        CHECK_INT(s.port, cases[i].port);
        CHECK_INT(s.nrecent, cases[i].nrecent);
        CHECK_INT(s.ui_scale, cases[i].scale);
        CHECK_INT(s.auto_accept_paired, cases[i].auto_accept);
        if (s.nrecent)
            CHECK_STR(s.recent[0], cases[i].recent0);
        /* Whatever was read is written back and read again the same. */
        n = fy_settings_format(&s, text, sizeof text);
        CHECK(n > 0);
        fy_settings_defaults(&back);
        CHECK_INT(fy_settings_parse(&back, text, n), 0);
        CHECK(memcmp(&s, &back, sizeof s) == 0);
    }
    fy_test_case = "recent list";
    {
        fy_settings s;
        char addr[32];
        fy_settings_defaults(&s);
        for (int i = 0; i < FY_SETTINGS_RECENT_MAX + 3; i++) {
            snprintf(addr, sizeof addr, "10.0.0.%d", i);
            fy_settings_add_recent(&s, addr);
        }
        CHECK_INT(s.nrecent, FY_SETTINGS_RECENT_MAX);
        CHECK_STR(s.recent[0], "10.0.0.10");
        fy_settings_add_recent(&s, "10.0.0.5");
        CHECK_STR(s.recent[0], "10.0.0.5");
        CHECK_STR(s.recent[1], "10.0.0.10");
        CHECK_INT(s.nrecent, FY_SETTINGS_RECENT_MAX);
        fy_settings_add_recent(&s, "evil\nport=1");
        CHECK_STR(s.recent[0], "10.0.0.5");
    }
}

/* Queued actions of a type; *value and text of the last one. */
static int actions_of(fy_ui_model *m, fy_ui_action_type type, int *value, const char **text)
{
    int n = 0;
    for (int i = 0; i < m->nactions; i++)
        if (m->actions[i].type == type) {
            n++;
            if (value)
                *value = m->actions[i].value;
            if (text)
                *text = m->actions[i].text;
        }
    return n;
}

static void offer_event(fy_ui_model *m, fy_xfer_id id, int paired)
{
    fy_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_OFFER;
    ev.xfer = id;
    ev.paired = paired;
    ev.files_total = 2;
    ev.bytes_total = 10;
    snprintf(ev.peer_name, sizeof ev.peer_name, "studio");
    snprintf(ev.peer_addr, sizeof ev.peer_addr, "10.0.0.9:53317");
    fy_ui_model_event(m, &ev);
}

/* The Settings panel, auto-accept, notifications and the typed path: the
 * model's side (tests/ui/t_window_settings.sh drives the window). */
static void test_panel(void)
{
    fy_ui_model m;
    fy_settings s;
    fy_err err = {0};
    char dir[600], path[700];
    const char *text = NULL;
    int v = -1;
    fy_ui_xfer *x;

    fy_settings_defaults(&s);
    CHECK_INT(fy_ui_model_init(&m, &s, "host", tmp), 0);
    fy_test_case = "panel: name";
    fy_ui_model_settings_open(&m);
    CHECK_STR(m.edit_name, "host");
    CHECK_INT(fy_ui_model_set_name(&m, "  studio "), 0);
    CHECK_STR(m.device_name, "studio");
    CHECK_STR(m.settings.device_name, "studio");
    CHECK_INT(actions_of(&m, FY_ACT_SET_NAME, NULL, &text), 1);
    CHECK_STR(text, "studio");
    CHECK_INT(actions_of(&m, FY_ACT_SAVE_SETTINGS, NULL, NULL), 1);
    CHECK_INT(fy_ui_model_set_name(&m, "   "), -1);
    CHECK_STR(m.device_name, "studio");
    CHECK(m.settings_error[0] != '\0');
    m.nactions = 0;

    fy_test_case = "panel: port";
    CHECK_INT(fy_ui_model_set_port(&m, "0"), -1);
    CHECK_INT(fy_ui_model_set_port(&m, "70000"), -1);
    CHECK_INT(fy_ui_model_set_port(&m, "12ab"), -1);
    CHECK_INT(m.nactions, 0);
    CHECK_INT(fy_ui_model_set_port(&m, "4000"), 0);
    CHECK_INT(actions_of(&m, FY_ACT_SET_PORT, &v, NULL), 1);
    CHECK_INT(v, 4000);
    m.nactions = 0;
    fy_ui_model_port_result(&m, 4000, FY_DEFAULT_PORT, 0, "another program uses it");
    CHECK_INT(m.port, FY_DEFAULT_PORT);
    CHECK_INT(m.settings.port, 0);
    CHECK(strncmp(m.settings_error, "Port 4000: another program", 26) == 0);
    CHECK_INT(actions_of(&m, FY_ACT_SAVE_SETTINGS, NULL, NULL), 0);
    fy_ui_model_port_result(&m, 4000, 4000, 1, NULL);
    CHECK_INT(m.port, 4000);
    CHECK_INT(m.settings.port, 4000);
    CHECK_STR(m.edit_port, "4000");
    CHECK_STR(m.settings_error, "");
    CHECK_INT(actions_of(&m, FY_ACT_SAVE_SETTINGS, NULL, NULL), 1);
    m.nactions = 0;

    fy_test_case = "panel: discovery, scale";
    fy_ui_model_set_discovery(&m, 0);
    CHECK_INT(m.settings.no_discovery, 1);
    CHECK_INT(actions_of(&m, FY_ACT_SET_DISCOVERY, &v, NULL), 1);
    CHECK_INT(v, 0);
    fy_ui_model_set_scale(&m, 150);
    fy_ui_model_set_scale(&m, 20); /* not a size: ignored */
    CHECK_INT(m.settings.ui_scale, 150);
    CHECK_INT(actions_of(&m, FY_ACT_SET_SCALE, &v, NULL), 1);
    CHECK_INT(v, 150);
    m.nactions = 0;

    fy_test_case = "auto-accept: only paired, only when on";
    offer_event(&m, 1, 1); /* setting off: asked */
    CHECK(fy_ui_model_question(&m) != NULL);
    CHECK_INT(actions_of(&m, FY_ACT_ANSWER, NULL, NULL), 0);
    fy_ui_model_set_auto_accept(&m, 1);
    CHECK_INT(m.settings.auto_accept_paired, 1);
    offer_event(&m, 2, 1);
    x = fy_ui_model_find(&m, 2);
    CHECK(x && x->auto_accepted && x->answered);
    CHECK_INT(actions_of(&m, FY_ACT_ANSWER, &v, NULL), 1);
    CHECK_INT(v, 1);
    offer_event(&m, 3, 0); /* let in unpaired (allow_unpaired): asked */
    x = fy_ui_model_find(&m, 3);
    CHECK(x && !x->auto_accepted && !x->answered);
    m.nactions = 0;

    fy_test_case = "attention when not in front";
    CHECK_INT(actions_of(&m, FY_ACT_ATTENTION, NULL, NULL), 0); /* focused: none */
    m.focused = 0;
    offer_event(&m, 4, 0);
    CHECK_INT(actions_of(&m, FY_ACT_ATTENTION, NULL, &text), 1);
    CHECK_STR(text, "studio wants to send you 2 files");
    {
        fy_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = FY_EV_FINISHED;
        ev.xfer = 2;
        ev.result = FY_OK;
        fy_ui_model_event(&m, &ev);
        CHECK_INT(actions_of(&m, FY_ACT_ATTENTION, NULL, &text), 2);
        CHECK_STR(text, "Received 2 files from studio");
    }
    m.nactions = 0;

    fy_test_case = "typed path: completion";
    snprintf(dir, sizeof dir, "%s/typed", tmp);
    CHECK(fy_plat_mkdirs(dir, &err) == FY_OK);
    snprintf(path, sizeof path, "%s/beta", dir);
    CHECK(fy_plat_mkdirs(path, &err) == FY_OK);
    snprintf(path, sizeof path, "%s/alpha1", dir);
    write_file(path, 10);
    snprintf(path, sizeof path, "%s/alpha2", dir);
    write_file(path, 20);
    fy_ui_model_path_open(&m, FY_PATH_FILES);
    snprintf(m.path_buf, sizeof m.path_buf, "%s/al", dir);
    fy_ui_model_path_complete(&m);
    snprintf(path, sizeof path, "%s/alpha", dir);
    CHECK_STR(m.path_buf, path);
    CHECK(strncmp(m.path_note, "2 names: ", 9) == 0);
    snprintf(m.path_buf, sizeof m.path_buf, "%s/b", dir);
    fy_ui_model_path_complete(&m);
    snprintf(path, sizeof path, "%s/beta/", dir);
    CHECK_STR(m.path_buf, path);
    snprintf(m.path_buf, sizeof m.path_buf, "%s/zz", dir);
    fy_ui_model_path_complete(&m);
    CHECK(m.path_note_error);
    fy_test_case = "typed path: take";
    snprintf(m.path_buf, sizeof m.path_buf, "%s/alpha2", dir);
    fy_ui_model_path_take(&m);
    CHECK_INT(m.nitems, 1);
    CHECK_INT(m.items[0].bytes, 20);
    CHECK_INT(m.path_entry, FY_PATH_FILES);
    snprintf(path, sizeof path, "%s/", dir);
    CHECK_STR(m.path_buf, path); /* ready for the next, same folder */
    snprintf(m.path_buf, sizeof m.path_buf, "%s/nothing", dir);
    fy_ui_model_path_take(&m);
    CHECK(m.path_note_error);
    CHECK_INT(m.nitems, 1);
    fy_ui_model_path_open(&m, FY_PATH_DIR);
    snprintf(m.path_buf, sizeof m.path_buf, "%s/alpha1", dir);
    fy_ui_model_path_take(&m);
    CHECK(m.path_note_error); /* a file is no folder */
    snprintf(m.path_buf, sizeof m.path_buf, "%s/beta/", dir);
    fy_ui_model_path_take(&m);
    snprintf(path, sizeof path, "%s/beta", dir);
    CHECK_STR(m.receive_dir, path);
    CHECK_INT(m.path_entry, 0);

    fy_test_case = "open folder failed";
    fy_ui_model_folder_failed(&m, "/x/y", "there is no file manager");
    CHECK_STR(m.folder_error, "There is no file manager");
    CHECK_STR(m.folder_shown, "/x/y");
    fy_ui_model_free(&m);
}

static void test_dest(void)
{
    static const struct { const char *in; int ok; const char *host; int port; } cases[] = {
        {"192.168.1.20", 0, "192.168.1.20", 53317}, {" desk:4000 ", 0, "desk", 4000}, {"desk:", -1, "", 0},
        {"desk:0", -1, "", 0},  {"desk:65536", -1, "", 0},  {"::1", -1, "", 0},  {"", -1, "", 0},
        {"a b", -1, "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char host[256] = "";
        uint16_t port = 0;
        fy_test_case = cases[i].in;
        CHECK_INT(fy_ui_model_parse_dest(cases[i].in, host, sizeof host, &port), cases[i].ok);
        if (cases[i].ok == 0) {
            CHECK_STR(host, cases[i].host);
            CHECK_INT(port, cases[i].port);
        }
    }
}

static void test_drop(fy_ui_model *m)
{
    char a[600], b[600], dir[600], sub[600], f[1300];
    uint32_t files;
    int partial;
    fy_ui_action act;
    fy_err err = {0};

    fy_test_case = "drop";
    snprintf(a, sizeof a, "%s/one.bin", tmp);
    snprintf(b, sizeof b, "%s/two.txt", tmp);
    snprintf(dir, sizeof dir, "%s/photos", tmp);
    snprintf(sub, sizeof sub, "%s/photos/2024", tmp);
    CHECK(fy_plat_mkdirs(sub, &err) == FY_OK);
    write_file(a, 1000);
    write_file(b, 20);
    snprintf(f, sizeof f, "%s/x.jpg", sub);
    write_file(f, 300);
    snprintf(f, sizeof f, "%s/y.jpg", dir);
    write_file(f, 400);

    fy_ui_model_drop_begin(m);
    fy_ui_model_drop_path(m, a);
    fy_ui_model_drop_path(m, b);
    fy_ui_model_drop_path(m, dir);
    fy_ui_model_drop_path(m, a); /* twice in one drop: once in the list */
    fy_ui_model_drop_complete(m);
    CHECK_INT(m->nitems, 3);
    CHECK_INT(m->last_batch, 3);
    CHECK_STR(m->items[2].name, "photos");
    CHECK_INT(m->items[2].is_dir, 1);
    CHECK_INT(m->items[2].files, 2);
    CHECK_INT(fy_ui_model_total_bytes(m, &files, &partial), 1720);
    CHECK_INT(files, 4);
    CHECK_INT(partial, 0);
    CHECK_STR(m->notice, "Added 3 items.");

    /* A second drop adds to the list; a missing path is said in words. */
    snprintf(f, sizeof f, "%s/missing", tmp);
    fy_ui_model_drop_begin(m);
    fy_ui_model_drop_path(m, f);
    fy_ui_model_drop_complete(m);
    CHECK_INT(m->nitems, 3);
    CHECK(m->notice_is_error && strstr(m->notice, "Cannot read"));

    fy_ui_model_remove(m, 1);
    CHECK_INT(m->nitems, 2);
    CHECK_STR(m->items[1].name, "photos");

    /* Send needs a destination; with one it queues a send of the list. */
    m->dest[0] = '\0';
    fy_ui_model_send(m);
    CHECK(m->notice_is_error);
    CHECK_INT(fy_ui_model_take_action(m, &act), 0);
    fy_ui_model_set_dest(m, "127.0.0.1:9");
    fy_ui_model_send(m);
    CHECK_INT(fy_ui_model_take_action(m, &act), 1);
    CHECK_INT(act.type, FY_ACT_SEND);
    CHECK_STR(act.text, "127.0.0.1:9");
    /* A second click before it started (a double click) is no second send. */
    fy_ui_model_send(m);
    CHECK_INT(fy_ui_model_take_action(m, &act), 0);
    CHECK(fy_ui_model_batch_in_flight(m));
    m->send_queued = 0;
    fy_ui_model_clear(m);
    CHECK_INT(m->nitems, 0);
}

/* Draws the window into a surface and returns the ctx, for label lookups. */
static void draw_once(fy_ui_ctx *c, fy_ui_model *m, SDL_Renderer *r)
{
    SDL_Rect win = {0, 0, 980, 660};
    fy_ui_begin(c, fy_ui_model_question(m) != NULL);
    fy_ui_screen_all(c, m, win);
    fy_ui_end(c);
}

static void click(fy_ui_ctx *c, fy_ui_model *m, SDL_Renderer *r, const char *label)
{
    SDL_Rect at;
    CHECK(fy_ui_find_label(c, label, &at));
    c->mx = at.x + at.w / 2;
    c->my = at.y + at.h / 2;
    c->mouse_pressed = c->mouse_released = 1;
    draw_once(c, m, r);
}

/* Files dragged over the window before a drop (issue 17 item 8): the
 * zone is lit from enter (or a first position) to leave, drop, or the
 * drop's own begin; the Send card says "Drop to add" only then. */
static void test_drag(fy_ui_model *m, SDL_Renderer *r, fy_ui_ctx *c)
{
    static const struct {
        const char *name;
        int kinds[4]; /* ended by FY_DRAG_NONE */
        int lit, x, y;
    } cases[] = {
        {"nothing yet", {FY_DRAG_NONE}, 0, 0, 0},
        {"enter", {FY_DRAG_ENTER}, 1, -1, -1},
        {"enter, over", {FY_DRAG_ENTER, FY_DRAG_OVER}, 1, 40, 50},
        {"over without enter", {FY_DRAG_OVER}, 1, 40, 50},
        {"enter, over, leave", {FY_DRAG_ENTER, FY_DRAG_OVER, FY_DRAG_LEAVE}, 0, 40, 50},
        {"enter, over, drop", {FY_DRAG_ENTER, FY_DRAG_OVER, FY_DRAG_DROP}, 0, 40, 50},
        {"leave without enter", {FY_DRAG_LEAVE}, 0, 0, 0},
        {"unknown kind", {99}, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fy_test_case = cases[i].name;
        m->drag_over = 0, m->drag_x = m->drag_y = 0;
        for (int k = 0; k < 4 && cases[i].kinds[k] != FY_DRAG_NONE; k++)
            fy_ui_model_drag(m, cases[i].kinds[k], 40, 50);
        CHECK_INT(m->drag_over, cases[i].lit);
        CHECK_INT(m->drag_x, cases[i].x);
        CHECK_INT(m->drag_y, cases[i].y);
        fy_ui_draw_frame_begin(c->d);
        draw_once(c, m, r);
        CHECK_INT(strstr(fy_ui_draw_text_log(c->d), "Drop to add") != NULL, cases[i].lit);
        CHECK_INT(strstr(fy_ui_draw_text_log(c->d), "Drop files or folders here") != NULL, !cases[i].lit);
    }
    /* Where SDL says only "drop" (Windows, a missed leave): its begin ends
     * the hover. */
    fy_test_case = "drop begin ends the hover";
    fy_ui_model_drag(m, FY_DRAG_ENTER, 0, 0);
    fy_ui_model_drop_begin(m);
    fy_ui_model_drop_complete(m);
    CHECK_INT(m->drag_over, 0);
    m->notice[0] = '\0';
}

static void test_offer(fy_ui_model *m, SDL_Renderer *r, fy_ui_ctx *c)
{
    fy_engine *mine = NULL, *peer = NULL;
    fy_engine_config cfg;
    fy_err err = {0};
    fy_xfer_id id;
    fy_ui_xfer *q = NULL;
    char file[1300], dir[600];
    const char *paths[1];
    fy_event ev;
    int finished = 0;
    uint64_t until;

    fy_test_case = "offer";
    snprintf(dir, sizeof dir, "%s/inbox", tmp);
    fy_ui_model_set_receive_dir(m, dir);
    m->settings.allow_unpaired = 1;
    m->settings.no_discovery = 1; /* tests talk to 127.0.0.1 only: no broadcasts */
    /* A free port: try a few. */
    for (int i = 0; i < 20 && !m->listening; i++) {
        m->port = (uint16_t)(40000 + (SDL_GetTicks() * 7 + (unsigned)i * 131) % 20000);
        fy_engine_destroy(mine);
        mine = NULL;
        CHECK(fy_ui_engine_create(m, NULL, NULL, &mine, &err) == FY_OK);
        if (!mine)
            return;
        fy_ui_model_set_listen(m, 1);
        fy_ui_apply(m, mine, NULL, NULL);
    }
    CHECK(m->listening);

    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.device_name, sizeof cfg.device_name, "laptop");
    snprintf(cfg.config_dir, sizeof cfg.config_dir, "%s/peer-config", tmp);
    CHECK(fy_plat_mkdirs(cfg.config_dir, &err) == FY_OK);
    cfg.allow_unpaired = 1;
    CHECK(fy_engine_create(&cfg, &peer, &err) == FY_OK);
    snprintf(file, sizeof file, "%s/offer.bin", tmp);
    write_file(file, 5000);
    paths[0] = file;
    CHECK(fy_engine_send(peer, "127.0.0.1", m->port, paths, 1, &id, &err) == FY_OK);

    until = fy_plat_now_ms() + 10000;
    while (!(q = fy_ui_model_question(m)) && fy_plat_now_ms() < until) {
        if (fy_engine_wait(mine, &ev, 100))
            fy_ui_model_event(m, &ev);
    }
    CHECK(q != NULL);
    if (!q)
        goto out;
    CHECK_STR(q->peer, "laptop");
    CHECK_STR(q->names[0], "offer.bin");
    CHECK_INT(q->files_total, 1);
    CHECK_INT(q->bytes_total, 5000);
    CHECK(q->space_free > 5000 && q->space_free != UINT64_MAX);
    /* The whole list of items comes from the engine (an action). */
    CHECK_INT(m->nactions, 1);
    CHECK_INT(m->actions[0].type, FY_ACT_OFFER_ITEMS);
    fy_ui_apply(m, mine, NULL, NULL);
    CHECK_INT(q->noffer, 1);
    if (q->noffer == 1) {
        CHECK_STR(q->offer[0].name, "offer.bin");
        CHECK_INT(q->offer[0].is_dir, 0);
        CHECK_INT(q->offer[0].bytes, 5000);
    }

    /* The dialog is drawn, asks, and blocks what is behind it. */
    draw_once(c, m, r);
    {
        SDL_Rect at;
        CHECK(fy_ui_find_label(c, "Accept", &at));
        CHECK(fy_ui_find_label(c, "Decline", &at));
        CHECK(!fy_ui_find_label(c, "Address", &at));
    }
    click(c, m, r, "Decline");
    CHECK(fy_ui_model_question(m) == NULL);
    CHECK_INT(m->nactions, 1);
    CHECK_INT(m->actions[0].type, FY_ACT_ANSWER);
    CHECK_INT(m->actions[0].value, 0);
    fy_ui_apply(m, mine, NULL, NULL);

    /* The sender hears "declined"; nothing was written here. */
    until = fy_plat_now_ms() + 10000;
    while (!finished && fy_plat_now_ms() < until) {
        if (fy_engine_wait(peer, &ev, 100) && ev.type == FY_EV_FINISHED) {
            finished = 1;
            CHECK_INT(ev.result, FY_ERR_DECLINED);
        }
    }
    CHECK(finished);
    {
        fy_stat st;
        snprintf(file, sizeof file, "%s/offer.bin", dir);
        CHECK(fy_plat_stat(file, &st, &err) == FY_OK && st.kind == FY_KIND_NONE);
    }
    fy_ui_drain(m, mine);
    fy_ui_model_event(m, &(fy_event){.type = FY_EV_FINISHED, .xfer = q ? m->xfers[0].id : 0,
                                     .result = FY_ERR_DECLINED});
    CHECK_INT(m->xfers[0].state, FY_XS_FAILED);
out:
    fy_engine_destroy(peer);
    fy_engine_destroy(mine);
}

/* A send whose receiver is busy waits its turn, and says so; a second copy
 * of a transfer and tampering have words of their own. */
static void test_busy(fy_ui_model *m)
{
    fy_event ev;
    fy_ui_xfer *x;
    char words[512];

    fy_test_case = "busy receiver";
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_WAITING;
    ev.xfer = 9000;
    ev.outgoing = 1;
    snprintf(ev.peer_name, sizeof ev.peer_name, "desk");
    fy_ui_model_event(m, &ev);
    ev.type = FY_EV_BUSY;
    snprintf(ev.text, sizeof ev.text, "receiver: busy with 8 other transfers; trying again in 4 s");
    fy_ui_model_event(m, &ev);
    x = fy_ui_model_find(m, 9000);
    CHECK(x != NULL);
    if (!x)
        return;
    CHECK_INT(x->state, FY_XS_WAITING);
    CHECK_INT(x->busy, 1);
    CHECK_STR(x->error, "receiver: busy with 8 other transfers; trying again in 4 s");
    ev.type = FY_EV_WAITING; /* its turn came: the offer is out again */
    fy_ui_model_event(m, &ev);
    CHECK_INT(x->busy, 0);

    fy_test_case = "words for a second copy and for tampering";
    fy_ui_describe_result(FY_ERR_DUPLICATE, 1, 0, "desk", "", words, sizeof words);
    CHECK_STR(words, "desk is already receiving these files (sent twice?); that transfer goes on.");
    fy_ui_describe_result(FY_ERR_TAMPERED, 0, 0, "desk", "", words, sizeof words);
    CHECK(strstr(words, "altered on the way") != NULL);
    fy_ui_describe_result(FY_ERR_BUSY, 1, 0, "desk", "", words, sizeof words);
    CHECK_STR(words, "desk stayed busy with other transfers. Try again later.");
}

/* The scanner's verdicts on a receive: the first file not scanned is named
 * with why, the others counted; a virus found takes the line over. */
static void test_scan_note(fy_ui_model *m)
{
    fy_event ev;
    fy_ui_xfer *x;
    fy_test_case = "scan notes";
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_OFFER;
    ev.xfer = 9100;
    fy_ui_model_event(m, &ev);
    ev.type = FY_EV_SCANNED;
    ev.verdict = FY_SCAN_NOT_SCANNED;
    for (int i = 0; i < 3; i++) {
        snprintf(ev.current, sizeof ev.current, "f%d.bin", i);
        snprintf(ev.text, sizeof ev.text, "the scanner failed (exit status 2)");
        fy_ui_model_event(m, &ev);
    }
    x = fy_ui_model_find(m, 9100);
    CHECK(x != NULL);
    if (!x)
        return;
    CHECK_STR(x->scan_note, "Not scanned: f0.bin: the scanner failed (exit status 2)");
    CHECK_INT(x->scan_skipped, 3);
    CHECK_INT(x->scan_infected, 0);
    ev.verdict = FY_SCAN_INFECTED;
    snprintf(ev.current, sizeof ev.current, "eicar.com");
    snprintf(ev.text, sizeof ev.text, "Eicar-Signature FOUND");
    fy_ui_model_event(m, &ev);
    CHECK_STR(x->scan_note, "eicar.com: Eicar-Signature FOUND");
    CHECK_INT(x->scan_infected, 1);
    fy_ui_model_dismiss(m, 9100);
}

/* Nearby machines: listed, picked by a click, sent to by the address they
 * announced; a name two machines share is refused, not guessed. */
static void test_nearby(fy_ui_model *m, SDL_Renderer *r, fy_ui_ctx *c)
{
    static const fy_nearby v[] = {
        {"desk", "Windows", "192.0.2.7:53317", "aaaa-bbbb-cccc-dddd", 1},
        {"laptop", "Linux", "192.0.2.9:40000", "1111-2222-3333-4444", 0},
        {"twin", "Linux", "192.0.2.20:53317", "5555-5555-5555-5555", 0},
        {"twin", "Linux", "198.51.100.3:53317", "6666-6666-6666-6666", 0},
    };
    fy_ui_action act;
    SDL_Rect at;

    fy_test_case = "nearby";
    fy_ui_model_set_nearby(m, v, 4);
    fy_ui_model_set_dest(m, "");
    fy_ui_model_drop_path(m, tmp);
    draw_once(c, m, r);
    CHECK(fy_ui_find_label(c, "desk", &at));
    CHECK(fy_ui_find_label(c, "laptop", &at));
    click(c, m, r, "laptop");
    CHECK_STR(m->dest, "laptop");
    CHECK_INT(fy_ui_model_dest_nearby(m), 1);
    fy_ui_model_send(m);
    m->send_queued = 0; /* as if fy_ui_apply had started it */
    CHECK(fy_ui_model_take_action(m, &act));
    CHECK_INT(act.type, FY_ACT_SEND);
    CHECK_STR(act.text, "192.0.2.9:40000");

    /* Typed names match regardless of case; host:port is taken literally. */
    fy_ui_model_set_dest(m, "DESK");
    fy_ui_model_send(m);
    m->send_queued = 0; /* as if fy_ui_apply had started it */
    CHECK(fy_ui_model_take_action(m, &act));
    CHECK_STR(act.text, "192.0.2.7:53317");
    fy_ui_model_set_dest(m, "desk:9000");
    CHECK_INT(fy_ui_model_dest_nearby(m), -1);
    fy_ui_model_send(m);
    m->send_queued = 0; /* as if fy_ui_apply had started it */
    CHECK(fy_ui_model_take_action(m, &act));
    CHECK_STR(act.text, "desk:9000");

    fy_ui_model_set_dest(m, "twin");
    fy_ui_model_send(m);
    CHECK(!fy_ui_model_take_action(m, &act));
    CHECK_STR(m->notice, "Two machines are called \"twin\" (192.0.2.20:53317 and 198.51.100.3:53317): type the address.");
    CHECK_INT(m->notice_is_error, 1);

    /* Gone from the network: the list empties and the name goes to DNS. */
    fy_ui_model_set_nearby(m, NULL, 0);
    fy_ui_model_set_dest(m, "laptop");
    fy_ui_model_send(m);
    m->send_queued = 0; /* as if fy_ui_apply had started it */
    CHECK(fy_ui_model_take_action(m, &act));
    CHECK_STR(act.text, "laptop");
    draw_once(c, m, r);
    CHECK(!fy_ui_find_label(c, "laptop", &at));
    fy_ui_model_clear(m);
}


/* The network report: opening runs one check (an action for the engine),
 * a second open while it runs queues nothing, the report comes back,
 * Close closes it, and a failure to run is shown as such. */
static void test_doctor(fy_ui_model *m)
{
    fy_ui_action a;
    static fy_doc_report rep;
    fy_test_case = "network report";
    while (fy_ui_model_take_action(m, &a))
        ;
    fy_ui_model_doctor_open(m, "10.0.5.20");
    CHECK_INT(m->doctor_open, 1);
    CHECK_INT(m->doctor_running, 1);
    CHECK_INT(fy_ui_model_take_action(m, &a), 1);
    CHECK_INT(a.type, FY_ACT_DOCTOR);
    CHECK_STR(a.text, "10.0.5.20");
    fy_ui_model_doctor_open(m, "");
    CHECK_INT(fy_ui_model_take_action(m, &a), 0);
    memset(&rep, 0, sizeof rep);
    rep.n = 1;
    rep.lines[0].status = FY_DOC_PROBLEM;
    snprintf(rep.lines[0].text, sizeof rep.lines[0].text, "Nothing is listening on 10.0.5.20 port 53317.");
    fy_ui_model_doctor_result(m, &rep, NULL);
    CHECK_INT(m->doctor_running, 0);
    CHECK(m->doctor != NULL);
    if (m->doctor)
        CHECK_STR(m->doctor->lines[0].text, "Nothing is listening on 10.0.5.20 port 53317.");
    CHECK_STR(m->doctor_target, "10.0.5.20");
    fy_ui_model_doctor_close(m);
    CHECK_INT(m->doctor_open, 0);
    fy_ui_model_doctor_open(m, "");
    fy_ui_model_doctor_result(m, NULL, "a network check is already running");
    CHECK_STR(m->doctor_error, "a network check is already running");
    CHECK_INT(m->doctor ? m->doctor->n : 0, 0);
    fy_ui_model_doctor_close(m);
    while (fy_ui_model_take_action(m, &a))
        ;
}

int main(void)
{
    fy_ui_model m;
    fy_settings s;
    SDL_Surface *surf;
    SDL_Renderer *r;
    fy_ui_ctx c;
    char err[256];
    const char *base = getenv("FERRY_TEST_TMP");

    snprintf(tmp, sizeof tmp, "%s/ui-model-%u", base ? base : "/tmp", (unsigned)SDL_GetTicks() ^ (unsigned)rand());
    test_settings();
    test_dest();
    test_panel();

    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "SDL: %s\n", SDL_GetError());
        return 1;
    }
    surf = SDL_CreateRGBSurfaceWithFormat(0, 980, 660, 32, SDL_PIXELFORMAT_ARGB8888);
    r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    memset(&c, 0, sizeof c);
    c.t = fy_ui_theme_default();
    c.d = r ? fy_ui_draw_new(r, c.t, err, sizeof err) : NULL;
    CHECK(c.d != NULL);
    fy_settings_defaults(&s);
    CHECK_INT(fy_ui_model_init(&m, &s, "testhost", tmp), 0);
    if (c.d) {
        test_drop(&m);
        fy_test_case = "text wrap";
        {
            static const char note[] = "This network is set to Public, where Windows Firewall usually keeps other "
                                       "machines from sending here.";
            SDL_Color k = {0, 0, 0, 255};
            CHECK_INT(fy_ui_text_wrap(c.d, FY_FONT_SMALL, "", 0, 0, 300, k, 0), 0);
            CHECK_INT(fy_ui_text_wrap(c.d, FY_FONT_SMALL, note, 0, 0, 5000, k, 0), 1);
            CHECK_INT(fy_ui_text_wrap(c.d, FY_FONT_SMALL, note, 0, 0, 300, k, 0), 3);
            /* A word wider than the line is broken, not cut ("Is Fer..."):
             * a long path shows whole, split after a '/' where one fits. */
            CHECK(fy_ui_text_wrap(c.d, FY_FONT_SMALL, "Averyveryverylongwordthatcannotbreak x", 0, 0, 20, k, 0) > 5);
            fy_ui_draw_frame_begin(c.d);
            CHECK(fy_ui_text_wrap(c.d, FY_FONT_SMALL, "in /home/someone/a-rather-long-folder/Downloads", 0, 0,
                                  fy_ui_text_w(c.d, FY_FONT_SMALL, "/home/someone/a-rather-long-fo"), k, 1) >= 3);
            {
                char all[256] = "";
                const char *log = fy_ui_draw_text_log(c.d);
                for (size_t j = 0; log[j] && strlen(all) + 1 < sizeof all; j++)
                    if (log[j] != '\n')
                        strncat(all, &log[j], 1);
                CHECK_STR(all, "in/home/someone/a-rather-long-folder/Downloads"); /* nothing lost */
                CHECK(strstr(log, "\n/home/someone/\n") != NULL);              /* broken after a '/' */
            }
        }
        test_drag(&m, r, &c);
        test_nearby(&m, r, &c);
        test_offer(&m, r, &c);
        test_busy(&m);
        test_scan_note(&m);
        test_doctor(&m);
        fy_ui_draw_free(c.d);
    }
    fy_ui_model_free(&m);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    fy_test_case = NULL;
    return fy_test_done("ui_model");
}
