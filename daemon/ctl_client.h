/* ctl_client: hapairctl's side of the control socket (blocking: a tool). */
#ifndef HP_CTL_CLIENT_H
#define HP_CTL_CLIENT_H

#include <json-glib/json-glib.h>

#define CTL_DEFAULT_SOCKET "/run/hapair/hapaird.sock"
#define CTL_CALL_TIMEOUT_S 60

enum ctl_call_result {
	CTL_CALL_OK = 0,
	CTL_CALL_REFUSED,       /* the daemon answered with an error */
	CTL_CALL_NO_DAEMON,     /* no socket, or nobody listening */
	CTL_CALL_FAILED,        /* permission, timeout, garbage */
};

/* Sends REQ (not consumed).  On CTL_CALL_OK *data holds the reply's "data"
 * (may be NULL; unref it).  Otherwise *error is a sentence for the user. */
enum ctl_call_result ctl_call(const char *socket_path, JsonObject *req,
    JsonNode **data, gchar **error);

#endif
