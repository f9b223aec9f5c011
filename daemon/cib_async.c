/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cib_async: CIB writes in a worker thread (see the header). */
#include <gio/gio.h>
#include <string.h>

#include "cib_async.h"
#include "fo_cib_apply.h"

enum cib_async_op {
	CIB_ASYNC_APPLY,
	CIB_ASYNC_PREFER,
	CIB_ASYNC_STANDBY,
	CIB_ASYNC_MAINTENANCE,
	CIB_ASYNC_SERVICE,
	CIB_ASYNC_UNFENCE,
};

struct cib_async {
	struct hpd *d;
	enum cib_async_op op;
	char *text;               /* the configuration, or the node */
	int strength;             /* enum fo_prefer, or standby/maintenance on */
	cib_async_done_fn done;
	void *arg;
	int rc;
	char error[512];
};

static void
cib_async_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancel)
{
	struct cib_async *c = task_data;

	switch (c->op) {
	case CIB_ASYNC_APPLY:
		c->rc = fo_cib_apply(c->text, c->error, sizeof(c->error));
		break;
	case CIB_ASYNC_PREFER:
		c->rc = fo_cib_set_preference(c->text, (enum fo_prefer)c->strength, c->error,
		    sizeof(c->error));
		break;
	case CIB_ASYNC_STANDBY:
		c->rc = fo_cib_set_standby(c->text, c->strength != 0, c->error, sizeof(c->error));
		break;
	case CIB_ASYNC_MAINTENANCE:
		c->rc = fo_cib_set_maintenance(c->strength != 0, c->error, sizeof(c->error));
		break;
	case CIB_ASYNC_SERVICE:
		c->rc = fo_cib_set_service_running(c->strength != 0, c->error, sizeof(c->error));
		break;
	case CIB_ASYNC_UNFENCE:
		c->rc = fo_cib_remove_drbd_fence(c->error, sizeof(c->error));
		break;
	}
	g_task_return_boolean(task, TRUE);
}

static void
cib_async_finished(GObject *source, GAsyncResult *res, gpointer user_data)
{
	struct cib_async *c = user_data;

	c->done(c->d, c->rc, c->rc == 0 ? NULL : c->error, c->arg);
	if (c->text != NULL)    /* a configuration may hold the BMC password */
		memset(c->text, 0, strlen(c->text));
	g_free(c->text);
	g_free(c);
}

static void
cib_async_run(struct hpd *d, enum cib_async_op op, const char *text, int strength,
    cib_async_done_fn done, void *arg)
{
	struct cib_async *c = g_new0(struct cib_async, 1);
	GTask *task;

	c->d = d;
	c->op = op;
	c->text = g_strdup(text);
	c->strength = strength;
	c->done = done;
	c->arg = arg;
	task = g_task_new(NULL, NULL, cib_async_finished, c);
	g_task_set_task_data(task, c, NULL);
	g_task_run_in_thread(task, cib_async_thread);
	g_object_unref(task);
}

void
cib_async_apply(struct hpd *d, const char *configuration, cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_APPLY, configuration, 0, done, arg);
}

void
cib_async_prefer(struct hpd *d, const char *node, enum fo_prefer strength,
    cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_PREFER, node, (int)strength, done, arg);
}

void
cib_async_standby(struct hpd *d, const char *node, bool on, cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_STANDBY, node, on, done, arg);
}

void
cib_async_service(struct hpd *d, bool run, cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_SERVICE, NULL, run, done, arg);
}

void
cib_async_maintenance(struct hpd *d, bool on, cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_MAINTENANCE, NULL, on, done, arg);
}

void
cib_async_unfence(struct hpd *d, cib_async_done_fn done, void *arg)
{
	cib_async_run(d, CIB_ASYNC_UNFENCE, NULL, 0, done, arg);
}
