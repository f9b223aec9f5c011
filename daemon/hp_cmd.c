/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hp_cmd: a child process on the loop (see the header). */
#include <gio/gio.h>
#include <string.h>

#include "hp_cmd.h"

struct hp_cmd {
	struct hpd *d;
	hp_cmd_done_fn done;
	gpointer user_data;
	GSubprocess *proc;
	GCancellable *cancel;
	guint timeout_id;
	bool timed_out;
	unsigned timeout_s;
	gchar *name;
};

static gboolean
hp_cmd_timeout(gpointer user_data)
{
	struct hp_cmd *c = user_data;

	c->timeout_id = 0;
	c->timed_out = true;
	g_subprocess_force_exit(c->proc);
	return G_SOURCE_REMOVE;
}

static void
hp_cmd_finished(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct hp_cmd *c = user_data;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *why = NULL;
	int status = -1;
	char empty[1] = "";

	if (c->timeout_id != 0)
		g_source_remove(c->timeout_id);
	if (!g_subprocess_communicate_utf8_finish(c->proc, res, &out, NULL, &error))
		why = g_strdup_printf("%s: %s", c->name, error->message);
	else if (c->timed_out)
		why = g_strdup_printf("%s did not finish within %u s and was killed",
		    c->name, c->timeout_s);
	else if (!g_subprocess_get_if_exited(c->proc))
		why = g_strdup_printf("%s was killed by signal %d", c->name,
		    g_subprocess_get_term_sig(c->proc));
	else
		status = g_subprocess_get_exit_status(c->proc);
	c->done(c->d, status, out != NULL ? out : empty, why, c->user_data);
	g_object_unref(c->proc);
	g_object_unref(c->cancel);
	g_free(c->name);
	g_free(c);
}

void
hp_cmd_run(struct hpd *d, const char *const *argv, const char *input,
    unsigned timeout_s, hp_cmd_done_fn done, gpointer user_data)
{
	struct hp_cmd *c = g_new0(struct hp_cmd, 1);
	g_autoptr(GError) error = NULL;
	GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	    G_SUBPROCESS_FLAGS_STDERR_MERGE |
	    (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0);

	c->d = d;
	c->done = done;
	c->user_data = user_data;
	c->timeout_s = timeout_s;
	c->name = g_strdup(argv[0]);
	c->proc = g_subprocess_newv(argv, flags, &error);
	if (c->proc == NULL) {
		g_autofree gchar *why = g_strdup_printf("cannot run %s: %s", argv[0],
		    error->message);

		char empty[1] = "";

		done(d, -1, empty, why, user_data);
		g_free(c->name);
		g_free(c);
		return;
	}
	c->cancel = g_cancellable_new();
	c->timeout_id = g_timeout_add_seconds(timeout_s, hp_cmd_timeout, c);
	g_subprocess_communicate_utf8_async(c->proc, input, c->cancel, hp_cmd_finished, c);
}

void
hp_cmd_last_line(const char *output, char *buf, size_t len)
{
	g_auto(GStrv) lines = g_strsplit(output != NULL ? output : "", "\n", -1);

	buf[0] = '\0';
	for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--) {
		g_strstrip(lines[i]);
		if (*lines[i] != '\0') {
			g_strlcpy(buf, lines[i], len);
			return;
		}
	}
}
