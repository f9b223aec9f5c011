/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctl_client: one request, one reply over the daemon's Unix socket. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_proto.h"

static int
ctl_connect(const char *path, gchar **error)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_CALL_TIMEOUT_S };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		*error = g_strdup_printf("socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*error = g_strdup_printf("cannot create a socket: %s", strerror(errno));
		return -errno;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		int e = errno;

		close(fd);
		if (e == ENOENT || e == ECONNREFUSED)
			*error = g_strdup_printf("hapaird is not running (nothing listens on %s): "
			    "start it, or name its socket with -s", path);
		else if (e == EACCES || e == EPERM)
			*error = g_strdup_printf("permission denied on %s: hapairctl must run as root",
			    path);
		else
			*error = g_strdup_printf("cannot connect to hapaird at %s: %s", path, strerror(e));
		return -e;
	}
	return fd;
}

enum ctl_call_result
ctl_call(const char *socket_path, JsonObject *req, JsonNode **data, gchar **error)
{
	JsonNode *root = json_node_new(JSON_NODE_OBJECT);
	JsonParser *parser = NULL;
	GString *reply = g_string_new(NULL);
	gchar *text, *line;
	enum ctl_call_result res = CTL_CALL_FAILED;
	char buf[8192];
	ssize_t n;
	size_t off = 0, len;
	int fd;

	*data = NULL;
	*error = NULL;
	fd = ctl_connect(socket_path, error);
	if (fd < 0) {
		g_string_free(reply, TRUE);
		json_node_unref(root);
		return fd == -ENOENT || fd == -ECONNREFUSED ? CTL_CALL_NO_DAEMON : CTL_CALL_FAILED;
	}
	json_node_set_object(root, req);
	text = json_to_string(root, FALSE);
	line = g_strconcat(text, "\n", NULL);
	len = strlen(line);
	while (off < len) {
		n = write(fd, line + off, len - off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			*error = g_strdup_printf("lost the connection to hapaird while sending: %s",
			    strerror(errno));
			goto out;
		}
		off += (size_t)n;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				*error = g_strdup_printf("hapaird did not answer within %d s",
				    CTL_CALL_TIMEOUT_S);
			else
				*error = g_strdup_printf("lost the connection to hapaird: %s",
				    strerror(errno));
			goto out;
		}
		g_string_append_len(reply, buf, n);
		if (reply->len > CTL_REPLY_MAX) {
			*error = g_strdup("hapaird's reply is too large");
			goto out;
		}
	}
	parser = json_parser_new();
	if (reply->len == 0 || !json_parser_load_from_data(parser, reply->str, (gssize)reply->len, NULL) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		*error = g_strdup("hapaird sent a reply that is not JSON: is it the same version?");
		goto out;
	}
	{
		JsonObject *o = json_node_get_object(json_parser_get_root(parser));

		if (json_object_get_boolean_member_with_default(o, "ok", FALSE)) {
			if (json_object_has_member(o, "data"))
				*data = json_node_copy(json_object_get_member(o, "data"));
			res = CTL_CALL_OK;
		} else {
			*error = g_strdup(json_object_get_string_member_with_default(o, "error",
			    "hapaird refused the request without a reason"));
			res = CTL_CALL_REFUSED;
		}
	}
out:
	close(fd);
	if (parser != NULL)
		g_object_unref(parser);
	g_string_free(reply, TRUE);
	g_free(text);
	g_free(line);
	json_node_unref(root);   /* REQ stays the caller's */
	return res;
}
