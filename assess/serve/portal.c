/* portal: opening and closing a portal's shared state. */
#include "serve/portal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "serve/account.h"
#include "serve/store.h"

/* Take the state folder's lock, so that two portals never share one. */
static int lock_state(as_portal *p, as_diags *d)
{
    char path[AS_STORE_PATH];
    snprintf(path, sizeof path, "%s/lock", p->o.state_dir);
    p->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (p->lock_fd < 0) {
        as_diags_add(d, as_loc_make(p->o.state_dir, 0, 0), "cannot open '%s': %s", path,
                     strerror(errno));
        return -1;
    }
    if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        as_diags_add(d, as_loc_make(p->o.state_dir, 0, 0),
                     "another portal is running on this state folder");
        return -1;
    }
    return 0;
}

static int open_db(as_portal *p, as_diags *d)
{
    char err[4300];
    if (as_db_open(p->o.state_dir, p->o.threads + 1, &p->db, err, sizeof err) == 0)
        return 0;
    as_diags_add(d, as_loc_make(p->o.state_dir, 0, 0), "cannot open the state database: %s", err);
    return -1;
}

int as_portal_open(as_portal *p, const as_portal_opts *o, as_diags *d)
{
    memset(p, 0, sizeof *p);
    p->o = *o;
    p->lock_fd = -1;
    pthread_rwlock_init(&p->data_lock, NULL);
    if (as_account_crypto_init() != 0) {
        as_diags_add(d, as_loc_make(NULL, 0, 0), "libsodium cannot start");
        return -1;
    }
    if (as_store_init(o->state_dir) != 0) {
        as_diags_add(d, as_loc_make(o->state_dir, 0, 0), "cannot make the state folder: %s",
                     strerror(errno));
        return -1;
    }
    as_calendar *cal = NULL;
    if (lock_state(p, d) != 0 || open_db(p, d) != 0 ||
        as_rules_load(o->rules_path, &p->rules, d) != 0 ||
        as_calendar_load(o->calendar_dir, &cal, d) != 0)
        return -1;
    as_calendar_free(cal);
    return 0;
}

void as_portal_close(as_portal *p)
{
    as_db_close(p->db);
    as_rules_free(p->rules);
    if (p->lock_fd >= 0)
        close(p->lock_fd);
    pthread_rwlock_destroy(&p->data_lock);
    memset(p, 0, sizeof *p);
    p->lock_fd = -1;
}

const as_province *as_portal_province(const as_portal *p, const char *code)
{
    size_t i;
    if (!code || strlen(code) != 6 || as_rules_province(p->rules, code, &i) != 0)
        return NULL;
    return &p->rules->provinces[i];
}
