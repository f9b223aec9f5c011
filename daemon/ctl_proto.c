/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctl_proto: framing of the local control protocol (see ctl_proto.h). */
#include <stdarg.h>

#include "ctl_proto.h"

static gchar *
ctl_reply_build(gboolean ok, JsonNode *data, const char *error)
{
	JsonBuilder *b = json_builder_new();
	JsonGenerator *gen = json_generator_new();
	JsonNode *root;
	gchar *text, *line;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	if (ok && data != NULL) {
		json_builder_set_member_name(b, "data");
		json_builder_add_value(b, data);
	}
	if (!ok) {
		json_builder_set_member_name(b, "error");
		json_builder_add_string_value(b, error);
	}
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	line = g_strconcat(text, "\n", NULL);
	g_free(text);
	json_node_unref(root);
	g_object_unref(gen);
	g_object_unref(b);
	return line;
}

gchar *
ctl_reply_ok(JsonNode *data)
{
	return ctl_reply_build(TRUE, data, NULL);
}

gchar *
ctl_reply_error(const char *fmt, ...)
{
	va_list ap;
	gchar *msg, *line;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	line = ctl_reply_build(FALSE, NULL, msg);
	g_free(msg);
	return line;
}

JsonObject *
ctl_request_parse(const char *line, gsize len, gchar **error)
{
	JsonParser *p = json_parser_new();
	GError *gerr = NULL;
	JsonObject *obj = NULL;
	JsonNode *root;

	if (!json_parser_load_from_data(p, line, (gssize)len, &gerr)) {
		*error = g_strdup_printf("malformed request: %s", gerr->message);
		g_error_free(gerr);
		goto out;
	}
	root = json_parser_get_root(p);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		*error = g_strdup("malformed request: expected a JSON object");
		goto out;
	}
	obj = json_object_ref(json_node_get_object(root));
	if (!json_object_has_member(obj, "cmd") ||
	    !JSON_NODE_HOLDS_VALUE(json_object_get_member(obj, "cmd")) ||
	    json_node_get_value_type(json_object_get_member(obj, "cmd")) != G_TYPE_STRING) {
		*error = g_strdup("malformed request: \"cmd\" must be a string");
		json_object_unref(obj);
		obj = NULL;
	}
out:
	g_object_unref(p);
	return obj;
}
