/* ctl_proto: hapairctl <-> hapaird over the local Unix socket.
 *
 * One request per connection: the client writes one line of JSON
 *   {"cmd": "status"} | {"cmd": "log", "since_us": N, "severity": "warning",
 *   "limit": N} | {"cmd": "passwd", "password": "..."} | {"cmd": "version"}
 * and reads one line back: {"ok": true, "data": ...} or
 * {"ok": false, "error": "what is wrong and what to do"}.
 * The socket is root-only (mode 0600, and the peer's uid is checked), so the
 * channel needs no authentication of its own. */
#ifndef HP_CTL_PROTO_H
#define HP_CTL_PROTO_H

#include <json-glib/json-glib.h>

#define CTL_REQUEST_MAX   (64 * 1024)
#define CTL_REPLY_MAX     (8 * 1024 * 1024)
#define CTL_LOG_LIMIT_MAX 10000

/* A reply line (with the trailing newline), g_free'd by the caller.
 * ctl_reply_ok takes ownership of DATA (may be NULL). */
gchar *ctl_reply_ok(JsonNode *data);
gchar *ctl_reply_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a request line: the object, or NULL with a message in *error. */
JsonObject *ctl_request_parse(const char *line, gsize len, gchar **error);

#endif
