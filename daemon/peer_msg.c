/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_msg: JSON bodies of the peer channel (see peer_msg.h).
 *
 * Whatever the other side sends is checked here before anyone uses it:
 * types, lengths and the character set of names, versions and
 * fingerprints, so that a hostile or broken peer cannot put odd text into
 * the event log or the store.  This file must never log. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <openssl/crypto.h>

#include "cfg.h"
#include "peer_msg.h"
#include "pw.h"

static void peer_msg_seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
peer_msg_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Building ------------------------------------------------------------------ */

static char *
peer_msg_finish(JsonBuilder *b)
{
	g_autoptr(JsonNode) root = NULL;

	json_builder_end_object(b);
	root = json_builder_get_root(b);
	return json_to_string(root, FALSE);
}

static void
peer_msg_add_string(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, value);
}

char *
peer_pair_req_build(const char *password, const char *node, const char *version,
    uint16_t port)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "password", password);
	peer_msg_add_string(b, "node", node);
	peer_msg_add_string(b, "version", version);
	json_builder_set_member_name(b, "port");
	json_builder_add_int_value(b, port);
	return peer_msg_finish(b);
}

void
peer_msg_free_secret(char *text)
{
	if (text == NULL)
		return;
	OPENSSL_cleanse(text, strlen(text));
	g_free(text);
}

char *
peer_pair_reply_build(const char *node, const char *version, const char *fingerprint)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "node", node);
	peer_msg_add_string(b, "version", version);
	peer_msg_add_string(b, "fingerprint", fingerprint);
	return peer_msg_finish(b);
}

char *
peer_hello_reply_build(const char *node, const char *version, int64_t time_us)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "node", node);
	peer_msg_add_string(b, "version", version);
	json_builder_set_member_name(b, "time_us");
	json_builder_add_int_value(b, time_us);
	return peer_msg_finish(b);
}

char *
peer_act_reply_build(void)
{
	return g_strdup("{\"done\":true}");
}

char *
peer_unpair_reply_build(void)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "unpaired");
	json_builder_add_boolean_value(b, TRUE);
	return peer_msg_finish(b);
}

char *
peer_error_build(const char *reason, const char *error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "error", error);
	peer_msg_add_string(b, "reason", reason);
	return peer_msg_finish(b);
}

/* Parsing ------------------------------------------------------------------- */

/* The body's top-level object, or NULL with ERR set. */
static JsonObject *
peer_msg_object(JsonParser *parser, const char *data, size_t len, char *err,
    size_t errlen)
{
	g_autoptr(GError) error = NULL;
	JsonNode *root;

	if (data == NULL || len == 0) {
		peer_msg_seterr(err, errlen, "the body is empty: expected a JSON object");
		return NULL;
	}
	if (len > PEER_BODY_MAX) {
		peer_msg_seterr(err, errlen, "the body is larger than %d KiB", PEER_BODY_MAX / 1024);
		return NULL;
	}
	if (!json_parser_load_from_data(parser, data, (gssize)len, &error)) {
		peer_msg_seterr(err, errlen, "the body is not JSON: %s", error->message);
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		peer_msg_seterr(err, errlen, "the body must be a JSON object");
		return NULL;
	}
	return json_node_get_object(root);
}

/* Member NAME as a string, or NULL with ERR set. */
static const char *
peer_msg_string(JsonObject *o, const char *name, char *err, size_t errlen)
{
	JsonNode *m = json_object_get_member(o, name);

	if (m == NULL) {
		peer_msg_seterr(err, errlen, "\"%s\" is missing", name);
		return NULL;
	}
	if (!JSON_NODE_HOLDS_VALUE(m) || json_node_get_value_type(m) != G_TYPE_STRING) {
		peer_msg_seterr(err, errlen, "\"%s\" must be a string", name);
		return NULL;
	}
	return json_node_get_string(m);
}

/* Member NAME as an integer: 0, -ENOENT when absent, -EINVAL otherwise. */
static int
peer_msg_int(JsonObject *o, const char *name, int64_t *out, char *err, size_t errlen)
{
	JsonNode *m = json_object_get_member(o, name);

	if (m == NULL)
		return -ENOENT;
	if (!JSON_NODE_HOLDS_VALUE(m) || json_node_get_value_type(m) != G_TYPE_INT64) {
		peer_msg_seterr(err, errlen, "\"%s\" must be an integer", name);
		return -EINVAL;
	}
	*out = json_node_get_int(m);
	return 0;
}

static int
peer_msg_node_version(JsonObject *o, char *node, char *version, char *err,
    size_t errlen)
{
	const char *s;

	if ((s = peer_msg_string(o, "node", err, errlen)) == NULL)
		return -EINVAL;
	if (!peer_node_name_valid(s)) {
		peer_msg_seterr(err, errlen, "\"node\" must be a node name of 1 to 63 letters, "
		    "digits, '-', '.' or '_'");
		return -EINVAL;
	}
	g_strlcpy(node, s, PEER_NODE_MAX);
	if ((s = peer_msg_string(o, "version", err, errlen)) == NULL)
		return -EINVAL;
	if (!peer_version_valid(s)) {
		peer_msg_seterr(err, errlen, "\"version\" must be a hapair version such as 0.1.0");
		return -EINVAL;
	}
	g_strlcpy(version, s, PEER_VERSION_MAX);
	return 0;
}

int
peer_pair_req_parse(const char *data, size_t len, struct peer_pair_req *out,
    char *err, size_t errlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;
	const char *pw;
	int64_t port;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((o = peer_msg_object(parser, data, len, err, errlen)) == NULL)
		return -EINVAL;
	if ((pw = peer_msg_string(o, "password", err, errlen)) == NULL)
		return -EINVAL;
	if (strlen(pw) > PW_MAX_LENGTH) {
		peer_msg_seterr(err, errlen, "the password is longer than %d characters",
		    PW_MAX_LENGTH);
		return -EINVAL;
	}
	if (peer_msg_node_version(o, out->node, out->version, err, errlen) < 0)
		return -EINVAL;
	rc = peer_msg_int(o, "port", &port, err, errlen);
	if (rc == -ENOENT) {
		port = CFG_DEFAULT_PEER_PORT;
	} else if (rc < 0) {
		return rc;
	} else if (port < 1 || port > 65535) {
		peer_msg_seterr(err, errlen, "\"port\" must be a port number from 1 to 65535");
		return -EINVAL;
	}
	out->port = (uint16_t)port;
	out->password = g_strdup(pw);
	return 0;
}

void
peer_pair_req_clear(struct peer_pair_req *r)
{
	peer_msg_free_secret(r->password);
	memset(r, 0, sizeof(*r));
}

int
peer_pair_reply_parse(const char *data, size_t len, struct peer_info *out,
    char *err, size_t errlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;
	const char *fp;

	memset(out, 0, sizeof(*out));
	if ((o = peer_msg_object(parser, data, len, err, errlen)) == NULL ||
	    peer_msg_node_version(o, out->node, out->version, err, errlen) < 0 ||
	    (fp = peer_msg_string(o, "fingerprint", err, errlen)) == NULL)
		return -EINVAL;
	if (peer_fp_normalize(fp, out->fingerprint, sizeof(out->fingerprint)) < 0) {
		peer_msg_seterr(err, errlen, "\"fingerprint\" is not a SHA-256 fingerprint");
		return -EINVAL;
	}
	return 0;
}

int
peer_hello_reply_parse(const char *data, size_t len, struct peer_info *out,
    char *err, size_t errlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((o = peer_msg_object(parser, data, len, err, errlen)) == NULL ||
	    peer_msg_node_version(o, out->node, out->version, err, errlen) < 0)
		return -EINVAL;
	rc = peer_msg_int(o, "time_us", &out->time_us, err, errlen);
	if (rc == -ENOENT)
		peer_msg_seterr(err, errlen, "\"time_us\" is missing");
	return rc < 0 ? -EINVAL : 0;
}

/* Printable ASCII only: the text may end up in our event log. */
static void
peer_msg_copy_printable(char *out, size_t outlen, const char *in)
{
	size_t i;

	if (outlen == 0)
		return;
	for (i = 0; in[i] != '\0' && i + 1 < outlen; i++)
		out[i] = g_ascii_isprint(in[i]) ? in[i] : '?';
	out[i] = '\0';
}

void
peer_error_parse(const char *data, size_t len, char *error, size_t errorlen,
    char *reason, size_t reasonlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;
	const char *s;

	if (errorlen > 0)
		error[0] = '\0';
	if (reasonlen > 0)
		reason[0] = '\0';
	if ((o = peer_msg_object(parser, data, len, NULL, 0)) == NULL)
		return;
	if ((s = peer_msg_string(o, "error", NULL, 0)) != NULL)
		peer_msg_copy_printable(error, errorlen, s);
	if ((s = peer_msg_string(o, "reason", NULL, 0)) != NULL)
		peer_msg_copy_printable(reason, reasonlen, s);
}

/* Preflight ------------------------------------------------------------------- */

/* An interface name as the kernel allows it: 1-15 printable characters,
 * no '/', no blank. */
static bool
peer_msg_ifname_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= PREFLIGHT_IF_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isgraph(s[i]) || s[i] == '/')
			return false;
	return true;
}

/* "ADDRESS/PREFIX" characters only: hex digits, '.', ':', '/'. */
static bool
peer_msg_cidr_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= PREFLIGHT_ADDR_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(s[i]) && s[i] != '.' && s[i] != ':' && s[i] != '/')
			return false;
	return true;
}

int
peer_preflight_req_parse(const char *data, size_t len, struct peer_preflight_req *out,
    char *err, size_t errlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o;
	const char *pw, *iface;

	memset(out, 0, sizeof(*out));
	if ((o = peer_msg_object(parser, data, len, err, errlen)) == NULL)
		return -EINVAL;
	if ((pw = peer_msg_string(o, "password", err, errlen)) == NULL)
		return -EINVAL;
	if (strlen(pw) > PW_MAX_LENGTH) {
		peer_msg_seterr(err, errlen, "the password is longer than %d characters",
		    PW_MAX_LENGTH);
		return -EINVAL;
	}
	if ((iface = peer_msg_string(o, "interface", err, errlen)) == NULL)
		return -EINVAL;
	if (!peer_msg_ifname_valid(iface)) {
		peer_msg_seterr(err, errlen, "\"interface\" must be an interface name of 1 to "
		    "%d characters", PREFLIGHT_IF_MAX - 1);
		return -EINVAL;
	}
	g_strlcpy(out->interface, iface, sizeof(out->interface));
	out->password = g_strdup(pw);
	return 0;
}

void
peer_preflight_req_clear(struct peer_preflight_req *r)
{
	peer_msg_free_secret(r->password);
	memset(r, 0, sizeof(*r));
}

char *
peer_preflight_req_build(const char *password, const char *interface)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "password", password);
	peer_msg_add_string(b, "interface", interface);
	return peer_msg_finish(b);
}

static void
peer_msg_add_iface(JsonBuilder *b, const char *name, const struct preflight_iface *i)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	peer_msg_add_string(b, "name", i->name);
	json_builder_set_member_name(b, "exists");
	json_builder_add_boolean_value(b, i->exists);
	json_builder_set_member_name(b, "addresses");
	json_builder_begin_array(b);
	for (unsigned k = 0; k < i->naddrs && k < PREFLIGHT_ADDR_MAX; k++)
		json_builder_add_string_value(b, i->addrs[k]);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

char *
peer_preflight_reply_build(const struct preflight_facts *f)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	peer_msg_add_string(b, "node", f->node);
	peer_msg_add_string(b, "version", f->version);
	json_builder_set_member_name(b, "time_us");
	json_builder_add_int_value(b, f->time_us);
	peer_msg_add_string(b, "role", f->role);
	peer_msg_add_iface(b, "heartbeat", &f->hb);
	peer_msg_add_iface(b, "failover", &f->fo);
	json_builder_set_member_name(b, "data");
	json_builder_begin_object(b);
	peer_msg_add_string(b, "device", f->data_device);
	json_builder_set_member_name(b, "present");
	json_builder_add_boolean_value(b, f->data_present);
	json_builder_set_member_name(b, "size_bytes");
	json_builder_add_int_value(b, (gint64)f->data_size_bytes);
	peer_msg_add_string(b, "error", f->data_error);
	json_builder_end_object(b);
	return peer_msg_finish(b);
}

/* Member NAME as a boolean, or -EINVAL with ERR set. */
static int
peer_msg_bool(JsonObject *o, const char *name, bool *out, char *err, size_t errlen)
{
	JsonNode *m = json_object_get_member(o, name);

	if (m == NULL || !JSON_NODE_HOLDS_VALUE(m) ||
	    json_node_get_value_type(m) != G_TYPE_BOOLEAN) {
		peer_msg_seterr(err, errlen, "\"%s\" must be true or false", name);
		return -EINVAL;
	}
	*out = json_node_get_boolean(m);
	return 0;
}

/* Member NAME as an object, or NULL with ERR set. */
static JsonObject *
peer_msg_member_object(JsonObject *o, const char *name, char *err, size_t errlen)
{
	JsonNode *m = json_object_get_member(o, name);

	if (m == NULL || !JSON_NODE_HOLDS_OBJECT(m)) {
		peer_msg_seterr(err, errlen, "\"%s\" must be an object", name);
		return NULL;
	}
	return json_node_get_object(m);
}

static int
peer_msg_iface_parse(JsonObject *o, const char *name, struct preflight_iface *out,
    char *err, size_t errlen)
{
	JsonObject *i = peer_msg_member_object(o, name, err, errlen);
	JsonNode *m;
	JsonArray *a;
	const char *s;

	if (i == NULL)
		return -EINVAL;
	if ((s = peer_msg_string(i, "name", err, errlen)) == NULL)
		return -EINVAL;
	if (!peer_msg_ifname_valid(s)) {
		peer_msg_seterr(err, errlen, "\"%s\".\"name\" is not an interface name", name);
		return -EINVAL;
	}
	g_strlcpy(out->name, s, sizeof(out->name));
	if (peer_msg_bool(i, "exists", &out->exists, err, errlen) < 0)
		return -EINVAL;
	m = json_object_get_member(i, "addresses");
	if (m == NULL || !JSON_NODE_HOLDS_ARRAY(m)) {
		peer_msg_seterr(err, errlen, "\"%s\".\"addresses\" must be an array", name);
		return -EINVAL;
	}
	a = json_node_get_array(m);
	if (json_array_get_length(a) > PREFLIGHT_ADDR_MAX) {
		peer_msg_seterr(err, errlen, "\"%s\" has more than %d addresses", name,
		    PREFLIGHT_ADDR_MAX);
		return -EINVAL;
	}
	for (guint k = 0; k < json_array_get_length(a); k++) {
		JsonNode *e = json_array_get_element(a, k);

		if (!JSON_NODE_HOLDS_VALUE(e) || json_node_get_value_type(e) != G_TYPE_STRING ||
		    !peer_msg_cidr_valid(json_node_get_string(e))) {
			peer_msg_seterr(err, errlen, "\"%s\".\"addresses\" must hold ADDRESS/PREFIX "
			    "strings", name);
			return -EINVAL;
		}
		g_strlcpy(out->addrs[out->naddrs++], json_node_get_string(e), PREFLIGHT_ADDR_LEN);
	}
	return 0;
}

int
peer_preflight_reply_parse(const char *data, size_t len, struct preflight_facts *out,
    char *err, size_t errlen)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o, *dt;
	const char *s;
	int64_t size;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((o = peer_msg_object(parser, data, len, err, errlen)) == NULL ||
	    peer_msg_node_version(o, out->node, out->version, err, errlen) < 0)
		return -EINVAL;
	rc = peer_msg_int(o, "time_us", &out->time_us, err, errlen);
	if (rc == -ENOENT)
		peer_msg_seterr(err, errlen, "\"time_us\" is missing");
	if (rc < 0)
		return -EINVAL;
	if ((s = peer_msg_string(o, "role", err, errlen)) == NULL)
		return -EINVAL;
	if (s[0] == '\0' || strlen(s) >= sizeof(out->role) ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz-_") != strlen(s)) {
		peer_msg_seterr(err, errlen, "\"role\" must be a cluster role such as standalone");
		return -EINVAL;
	}
	g_strlcpy(out->role, s, sizeof(out->role));
	if (peer_msg_iface_parse(o, "heartbeat", &out->hb, err, errlen) < 0 ||
	    peer_msg_iface_parse(o, "failover", &out->fo, err, errlen) < 0)
		return -EINVAL;
	if ((dt = peer_msg_member_object(o, "data", err, errlen)) == NULL)
		return -EINVAL;
	if ((s = peer_msg_string(dt, "device", err, errlen)) == NULL)
		return -EINVAL;
	if (s[0] == '\0' || strlen(s) >= sizeof(out->data_device)) {
		peer_msg_seterr(err, errlen, "\"data\".\"device\" must be a path or none");
		return -EINVAL;
	}
	peer_msg_copy_printable(out->data_device, sizeof(out->data_device), s);
	if (peer_msg_bool(dt, "present", &out->data_present, err, errlen) < 0)
		return -EINVAL;
	if (peer_msg_int(dt, "size_bytes", &size, err, errlen) < 0 || size < 0) {
		peer_msg_seterr(err, errlen, "\"data\".\"size_bytes\" must be a size in bytes");
		return -EINVAL;
	}
	out->data_size_bytes = (uint64_t)size;
	if ((s = peer_msg_string(dt, "error", err, errlen)) == NULL)
		return -EINVAL;
	peer_msg_copy_printable(out->data_error, sizeof(out->data_error), s);
	return 0;
}
