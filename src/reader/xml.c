/* ocoplabel — a workbook's XML part read as a stream of elements and text over libxml2's SAX2 push parser: nothing kept but the node at hand, its text cut at a bound; comments skipped; a DTD or an entity reference refused. */
#include "workbook.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <string.h>

/* xmlTextReader keeps the comments and blank text of an open element until the element ends: a
 * sheet of 300 MB of comments and white space between two rows took 640 MB. The SAX2 callbacks
 * below keep nothing of them; the push parser itself holds at most its lookahead (10 MB without
 * XML_PARSE_HUGE), and a text is kept up to OCOP_XML_MAX_TEXT bytes (the rest is counted). */

#define CHUNK 16384
#define XML_NS "http://www.w3.org/XML/1998/namespace"

typedef struct xml_attr {
	const char *local, *uri; /* the parser's dictionary: valid while it lives */
	char *value;
} xml_attr;

typedef struct xml_event {
	ocop_xml_type type;
	int depth;
	bool empty;               /* START: the element has no content (its END was dropped) */
	const char *local, *uri;  /* START, END */
	GArray *attrs;            /* START: xml_attr, or NULL */
	GString *text;            /* TEXT, BLANK, SPACE: at most OCOP_XML_MAX_TEXT bytes */
	size_t text_len;          /* the whole text's length */
	bool closed;              /* TEXT: an event came after it, so it is whole */
} xml_event;

struct ocop_xml {
	ocop_zip *z;
	xmlParserCtxtPtr ctxt;
	GQueue events;            /* xml_event*, in document order */
	xml_event *cur;           /* the node handed out, or NULL */
	int level;                /* elements open while parsing */
	GArray *preserve;         /* bool per open element: xml:space="preserve" in scope */
	bool eof;                 /* the part is read and the parser told so */
	char *error;              /* the parser's first message, and its line */
	int error_line;
	bool dtd;                 /* the part declared a document type */
	int deep_line;            /* the line of an element nested past OCOP_WB_MAX_DEPTH, or 0 */
	char *entity;             /* the first entity reference (not one of the five XML ones) */
	bool read_failed;
};

static void event_free(xml_event *e)
{
	if (!e)
		return;
	if (e->attrs) {
		for (guint i = 0; i < e->attrs->len; i++)
			g_free(g_array_index(e->attrs, xml_attr, i).value);
		g_array_free(e->attrs, TRUE);
	}
	if (e->text)
		g_string_free(e->text, TRUE);
	g_free(e);
}

static xml_event *push(ocop_xml *x, ocop_xml_type type)
{
	xml_event *last = g_queue_peek_tail(&x->events);
	if (last && last->text)
		last->closed = true;
	xml_event *e = g_new0(xml_event, 1);
	e->type = type;
	g_queue_push_tail(&x->events, e);
	return e;
}

/* ---- the SAX2 callbacks ---- */

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int n_ns,
                     const xmlChar **ns, int n_attrs, int n_defaulted, const xmlChar **attrs)
{
	(void)prefix, (void)n_ns, (void)ns, (void)n_defaulted;
	ocop_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
	/* libxml2's push parser keeps no bound on nesting (its pull parser stops at 256): a stack entry per
	 * open element, some 45 bytes for every 4 bytes of <ab> in the part */
	if (x->level >= OCOP_WB_MAX_DEPTH) {
		x->deep_line = xmlSAX2GetLineNumber(ctx);
		xmlStopParser(ctx);
		return;
	}
	xml_event *e = push(x, OCOP_XML_START);
	e->depth = x->level++;
	e->local = (const char *)local;
	e->uri = (const char *)uri;
	bool preserve = x->preserve->len ? g_array_index(x->preserve, bool, x->preserve->len - 1) : false;
	if (n_attrs > 0) {
		e->attrs = g_array_sized_new(FALSE, FALSE, sizeof(xml_attr), (guint)n_attrs);
		for (int i = 0; i < n_attrs; i++) {
			const xmlChar **a = attrs + 5 * i; /* localname, prefix, URI, value, end */
			xml_attr at = { (const char *)a[0], (const char *)a[2], g_strndup((const char *)a[3], (gsize)(a[4] - a[3])) };
			if (at.uri && strcmp(at.uri, XML_NS) == 0 && strcmp(at.local, "space") == 0)
				preserve = strcmp(at.value, "preserve") == 0;
			g_array_append_val(e->attrs, at);
		}
	}
	g_array_append_val(x->preserve, preserve);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)prefix;
	ocop_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
	x->level--;
	if (x->preserve->len)
		g_array_set_size(x->preserve, x->preserve->len - 1);
	xml_event *last = g_queue_peek_tail(&x->events);
	if (last && last->type == OCOP_XML_START && last->depth == x->level) {
		last->empty = true; /* <x/> or <x></x>: one node, as xmlTextReader gives <x/> */
		return;
	}
	xml_event *e = push(x, OCOP_XML_END);
	e->depth = x->level;
	e->local = (const char *)local;
	e->uri = (const char *)uri;
}

static bool blank(const xmlChar *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
	ocop_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
	xml_event *e = g_queue_peek_tail(&x->events);
	if (!e || !e->text || e->closed) {
		bool preserve = x->preserve->len ? g_array_index(x->preserve, bool, x->preserve->len - 1) : false;
		e = push(x, preserve ? OCOP_XML_SPACE : OCOP_XML_BLANK);
		e->depth = x->level;
		e->text = g_string_new(NULL);
	}
	if (e->type != OCOP_XML_TEXT && !blank(s, n))
		e->type = OCOP_XML_TEXT;
	size_t room = OCOP_XML_MAX_TEXT > e->text->len ? OCOP_XML_MAX_TEXT - e->text->len : 0;
	g_string_append_len(e->text, (const char *)s, (gssize)MIN((size_t)n, room));
	e->text_len += (size_t)n;
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *external, const xmlChar *system)
{
	(void)name, (void)external, (void)system;
	xmlParserCtxtPtr c = ctx;
	((ocop_xml *)c->_private)->dtd = true;
	xmlStopParser(c);
}

static xmlEntityPtr on_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	ocop_xml *x = c->_private;
	if (!x->entity)
		x->entity = g_strdup((const char *)name);
	xmlStopParser(c);
	return NULL;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	ocop_xml *x = ((xmlParserCtxtPtr)ctx)->_private;
	if (x->error || !e || e->level < XML_ERR_ERROR)
		return;
	x->error = g_strstrip(g_strdup(e->message ? e->message : _("malformed XML")));
	x->error_line = e->line;
}

/* ---- the stream ---- */

/* One more piece of the part into the parser (at its end, the end). */
static void feed(ocop_xml *x)
{
	char buf[CHUNK];
	long n = ocop_zip_stream_read(x->z, buf, sizeof buf);
	if (n < 0) {
		x->read_failed = true;
		x->eof = true;
		return;
	}
	xmlParseChunk(x->ctxt, buf, (int)n, n == 0);
	if (n == 0)
		x->eof = true;
}

static void init_parser(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		xmlInitParser();
		g_once_init_leave(&once, 1);
	}
}

int ocop_xml_open(ocop_xml **out, ocop_zip *z, const char *name, long long limit)
{
	*out = NULL;
	init_parser();
	int err = ocop_zip_stream(z, name, limit);
	if (err < 0)
		return err;
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.internalSubset = on_dtd;
	sax.getEntity = on_entity;
	sax.serror = on_error;
	ocop_xml *x = g_new0(ocop_xml, 1);
	x->z = z;
	x->preserve = g_array_new(FALSE, FALSE, sizeof(bool));
	g_queue_init(&x->events);
	/* the context as the callbacks' user data: on_error gets it too */
	x->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, name);
	if (!x->ctxt) {
		ocop_xml_free(x);
		return ocop_set_error(OCOP_ENOMEM, "%s: %s: cannot start the XML reader", ocop_zip_path(z), name);
	}
	x->ctxt->_private = x;
	x->ctxt->userData = x->ctxt;
	/* no network, no DTD loading, no entity substitution; a DTD itself is refused */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	*out = x;
	return 0;
}

static int failure(ocop_xml *x)
{
	ocop_zip *z = x->z;
	if (x->dtd)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK,
		                         "%s: %s: the part declares a document type (<!DOCTYPE>), which Excel and LibreOffice "
		                         "never write and which can hide entity expansion or external files: refused",
		                         ocop_zip_path(z), ocop_zip_part(z));
	if (x->deep_line)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s, line %d: elements nested more than "
		                         "%d deep, which Excel and LibreOffice never write: refused", ocop_zip_path(z),
		                         ocop_zip_part(z), x->deep_line, OCOP_WB_MAX_DEPTH);
	if (x->entity)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s: an entity reference (&%s;), which "
		                         "workbooks never hold: refused", ocop_zip_path(z), ocop_zip_part(z), x->entity);
	if (x->error)
		return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s, line %d: not well-formed XML (%s)",
		                         ocop_zip_path(z), ocop_zip_part(z), x->error_line, x->error);
	return ocop_set_error_at(OCOP_EPARSE, NULL, OCOP_CODE_WORKBOOK, "%s: %s: the part cannot be read (damaged "
	                         "or cut short)", ocop_zip_path(z), ocop_zip_part(z));
}

static bool stopped(const ocop_xml *x) { return x->dtd || x->deep_line || x->entity || x->error || x->read_failed; }

int ocop_xml_next(ocop_xml *x)
{
	event_free(x->cur);
	x->cur = NULL;
	/* a node is handed out once the one after it is known: a START is then known empty or not, a TEXT
	 * whole. After a failure the nodes before it are handed out first, as they were read. */
	while (g_queue_get_length(&x->events) < 2 && !x->eof && !stopped(x))
		feed(x);
	x->cur = g_queue_pop_head(&x->events);
	if (x->cur)
		return 1;
	if (stopped(x) || x->level > 0)
		return failure(x);
	return 0;
}

void ocop_xml_free(ocop_xml *x)
{
	if (!x)
		return;
	event_free(x->cur);
	xml_event *e;
	while ((e = g_queue_pop_head(&x->events)))
		event_free(e);
	if (x->ctxt) {
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		xmlFreeParserCtxt(x->ctxt);
	}
	g_array_free(x->preserve, TRUE);
	g_free(x->error);
	g_free(x->entity);
	ocop_zip_stream_close(x->z);
	g_free(x);
}

int ocop_xml_fatal(int rc)
{
	if (rc != OCOP_EPARSE)
		return rc;
	char *m = g_strdup(ocop_error_message()), *code = g_strdup(ocop_error_code());
	int err = ocop_set_error_at(OCOP_EIO, NULL, code, "%s", m);
	g_free(m);
	g_free(code);
	return err;
}

ocop_xml_type ocop_xml_type_of(const ocop_xml *x) { return x->cur ? x->cur->type : OCOP_XML_END; }
int ocop_xml_depth(const ocop_xml *x) { return x->cur ? x->cur->depth : 0; }
bool ocop_xml_empty(const ocop_xml *x) { return x->cur && x->cur->empty; }
const char *ocop_xml_name(const ocop_xml *x) { return x->cur && x->cur->local ? x->cur->local : ""; }
const char *ocop_xml_ns(const ocop_xml *x) { return x->cur && x->cur->uri ? x->cur->uri : ""; }
const char *ocop_xml_text(const ocop_xml *x) { return x->cur && x->cur->text ? x->cur->text->str : ""; }

char *ocop_xml_attr_ns(const ocop_xml *x, const char *local, const char *ns)
{
	for (guint i = 0; x->cur && x->cur->attrs && i < x->cur->attrs->len; i++) {
		const xml_attr *a = &g_array_index(x->cur->attrs, xml_attr, i);
		if (strcmp(a->local, local) == 0 && (!ns || g_strcmp0(a->uri, ns) == 0))
			return g_strdup(a->value);
	}
	return NULL;
}

char *ocop_xml_attr(const ocop_xml *x, const char *local) { return ocop_xml_attr_ns(x, local, NULL); }
