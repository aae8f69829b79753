/* ocoplabel — a request's parameters: the fields of a form or the members of a JSON object, and an uploaded file. */
#include "serve.h"
#include <string.h>
#include <unistd.h>

void serve_params_init(serve_params *p)
{
	memset(p, 0, sizeof *p);
	p->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void serve_params_clear(serve_params *p)
{
	if (p->values)
		g_hash_table_destroy(p->values);
	if (p->file_path)
		unlink(p->file_path);
	g_free(p->file_path);
	g_free(p->file_name);
	memset(p, 0, sizeof *p);
}

const char *serve_param(const serve_params *p, const char *key)
{
	return p->values ? g_hash_table_lookup(p->values, key) : NULL;
}

bool serve_param_set(serve_params *p, char *key, char *value)
{
	if (g_hash_table_size(p->values) >= (guint)serve_limit.params && !g_hash_table_contains(p->values, key)) {
		g_free(key);
		g_free(value);
		return false;
	}
	g_hash_table_replace(p->values, key, value);
	return true;
}

/* How deep the arrays and objects of a JSON text nest, strings skipped; stops counting past max. */
static long long json_depth(const char *s, size_t len, long long max)
{
	long long depth = 0, deepest = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest && (deepest = depth) > max)
				return deepest;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return deepest;
}

bool serve_params_from_json(serve_params *p, const char *data, size_t len, char **error)
{
	/* json-glib's parser recurses once per level: 100,000 '[' would overflow the thread's stack */
	if (json_depth(data, len, serve_limit.json_depth) > serve_limit.json_depth) {
		*error = g_strdup_printf(_("the body nests deeper than %lld levels; give a JSON object of fields, e.g. "
		                           "{\"gtin\": \"8936012345674\", ...}"), serve_limit.json_depth);
		return false;
	}
	JsonParser *parser = json_parser_new();
	GError *e = NULL;
	bool ok = json_parser_load_from_data(parser, data, (gssize)len, &e);
	if (!ok) {
		*error = g_strdup_printf(_("the body is not JSON: %s"), e->message);
		g_error_free(e);
		g_object_unref(parser);
		return false;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		*error = g_strdup(_("the body must be a JSON object of fields, e.g. {\"gtin\": \"8936012345674\", ...}"));
		g_object_unref(parser);
		return false;
	}
	JsonObject *o = json_node_get_object(root);
	GList *members = json_object_get_members(o);
	for (GList *m = members; m && ok; m = m->next) {
		JsonNode *n = json_object_get_member(o, m->data);
		char *v = NULL;
		if (JSON_NODE_HOLDS_VALUE(n)) {
			GType t = json_node_get_value_type(n);
			if (t == G_TYPE_STRING)
				v = g_strdup(json_node_get_string(n));
			else if (t == G_TYPE_INT64)
				v = g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
			else if (t == G_TYPE_BOOLEAN)
				v = g_strdup(json_node_get_boolean(n) ? "1" : "0");
			else if (t == G_TYPE_DOUBLE) {
				char buf[G_ASCII_DTOSTR_BUF_SIZE];
				v = g_strdup(g_ascii_dtostr(buf, sizeof buf, json_node_get_double(n)));
			}
		} else if (JSON_NODE_HOLDS_NULL(n)) {
			continue;
		}
		if (!v) {
			*error = g_strdup_printf(_("%s: give a string, a number or true/false"), (const char *)m->data);
			ok = false;
			break;
		}
		if (!serve_param_set(p, g_strdup(m->data), v)) {
			*error = g_strdup_printf(_("the body has more than %lld members (a label has about twenty fields)"),
			                         serve_limit.params);
			ok = false;
			break;
		}
	}
	g_list_free(members);
	g_object_unref(parser);
	return ok;
}
