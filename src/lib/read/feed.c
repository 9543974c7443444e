/*
 * feed.c — news feeds: RSS 2.0 (and the RSS 0.9x and 1.0 shapes) and
 * Atom 1.0 (RFC 4287). Every item or entry becomes one document: title;
 * link (Atom: rel="alternate") as url; guid or id as key, else the link;
 * pubDate, published, dc:date or updated as publication date; the body
 * from content:encoded, content, description or summary, which is HTML
 * (escaped or CDATA) run through the HTML text extraction; the outlet from
 * the item's own source or dc:publisher (an aggregator's items each name
 * theirs), else the channel's title or dc:publisher, else the link's host.
 *
 * The XML parser is libxml2's push parser in recovery mode, fed 64 KiB at
 * a time: it builds the tree as it goes, and every item whose end has been
 * seen (it has a next sibling, or its parent is closed) is taken out,
 * turned into a document and freed, as is everything around it once read.
 * Memory stays bounded by the largest item, not the file. Only complete
 * nodes are freed: the parser keeps pointers to the open elements and to
 * the last child of the current one, never to a node with a next sibling.
 *
 * libxml2 is used safely on untrusted input: no network (XML_PARSE_NONET),
 * no external DTD or entity loading (no XML_PARSE_DTDLOAD, no entity
 * resolver), no entity substitution (no XML_PARSE_NOENT) and text is read
 * from text and CDATA nodes only, so entity references declared in an
 * internal subset are never expanded ("billion laughs"); its default size
 * caps stay on (no XML_PARSE_HUGE). Parse errors go to a handler that
 * keeps the first one and counts the rest, never to stderr; a malformed
 * file gives its items and then one error naming the line.
 */
#define _GNU_SOURCE /* memmem */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "read_int.h"

#define CHUNK ((size_t)64 << 10)

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"

#define PARSE_OPTIONS \
	(XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA | \
	 XML_PARSE_BIG_LINES)

/* What is left to report when the parser has seen everything. */
enum { END_EMPTY, END_XML, END_GZIP, END_DONE };

struct read_feed {
	gzFile gz;
	char *path;
	char *chunk;
	xmlParserCtxtPtr ctxt;
	int done;          /* the parser has all the input it will get */
	int root_ok;       /* the root element is rss, feed or RDF */
	int blank;         /* every byte so far was white space */
	int end_stage;
	size_t fed;        /* bytes given to the parser */
	size_t since;      /* bytes given since a node was last taken out */
	size_t items;      /* items taken */
	char *channel_title, *channel_publisher;
	/* The first XML error, and how many there were. */
	size_t n_errors;
	int error_line, error_col;
	size_t error_offset;
	char error_msg[160];
};

/* ---- libxml2's errors ------------------------------------------------------ */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
}

static void keep_error(read_feed *f, const xmlError *e, size_t offset)
{
	if (!f || !e || e->level < XML_ERR_ERROR)
		return;
	if (f->n_errors++)
		return;
	f->error_line = e->line;
	f->error_col = e->int2;
	f->error_offset = offset;
	snprintf(f->error_msg, sizeof f->error_msg, "%s",
		 e->message ? e->message : "unknown error");
	size_t n = strlen(f->error_msg);
	while (n && (f->error_msg[n - 1] == '\n' || f->error_msg[n - 1] == ' '))
		f->error_msg[--n] = 0;
}

/* The parser's handler: ctx is the parser context. */
static void parser_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ctx;
	long at = xmlByteConsumed(c);
	keep_error(c->_private, e, at > 0 ? (size_t)at : 0);
}

/* Errors raised outside the parser context (input, encoding). */
static void other_error(void *ctx, xmlErrorPtr e)
{
	keep_error(ctx, e, 0);
}

static void no_message(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2's global error handlers (per thread) are pointed at f while it
 * works, then given back. */
typedef struct hush {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
} hush;

static void hush_begin(hush *h, read_feed *f)
{
	h->generic = xmlGenericError;
	h->generic_ctx = xmlGenericErrorContext;
	h->structured = xmlStructuredError;
	h->structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, no_message);
	xmlSetStructuredErrorFunc(f, other_error);
}

static void hush_end(const hush *h)
{
	xmlSetGenericErrorFunc(h->generic_ctx, h->generic);
	xmlSetStructuredErrorFunc(h->structured_ctx, h->structured);
}

/* ---- node values ----------------------------------------------------------- */

static int named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* In no namespace, or in one of the feed formats' own. */
static int core(const xmlNode *n)
{
	if (!n->ns || !n->ns->href)
		return 1;
	const char *h = (const char *)n->ns->href;
	return !strcmp(h, NS_ATOM) || !strcmp(h, NS_RSS1) ||
	       !strcmp(h, NS_RSS090);
}

static int in_ns(const xmlNode *n, const char *href)
{
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, href);
}

static int is_item(const xmlNode *n)
{
	return (named(n, "item") || named(n, "entry")) && core(n);
}

/* The text and CDATA below n (an element or an attribute) in document
 * order. Entity references are not followed. */
static int node_text(const xmlNode *n, marsad_buf *out)
{
	int rc = 0;
	const xmlNode *c = n->children;
	while (c && !rc) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			rc = marsad_buf_append(out, c->content,
					       strlen((const char *)c->content));
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c != n && !c->next)
			c = c->parent;
		c = c == n ? NULL : c->next;
	}
	return rc;
}

/* The value of attribute `name` (no namespace), or NULL. */
static const xmlNode *attribute(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0)
			return (const xmlNode *)a;
	return NULL;
}

/* An element's or attribute's text with white space collapsed, as a new
 * string; NULL when empty (or out of memory). */
static char *node_string(const xmlNode *n)
{
	marsad_buf raw = MARSAD_BUF_INIT, b = MARSAD_BUF_INIT;
	int rc = n ? node_text(n, &raw) : MARSAD_EINVAL;
	if (!rc)
		rc = read_inline(raw.data ? raw.data : "", raw.len, &b);
	marsad_buf_clear(&raw);
	char *s = !rc && b.len ? marsad_buf_steal(&b, NULL) : NULL;
	marsad_buf_clear(&b);
	return s;
}

static int attr_is(const xmlNode *n, const char *name, const char *value)
{
	char *v = node_string(attribute(n, name));
	int is = v && strcasecmp(v, value) == 0;
	free(v);
	return is;
}

/* How an element's content is to be read: Atom's type attribute ("text",
 * "html", "xhtml" or a media type), else the format's default. */
enum kind { KIND_TEXT, KIND_HTML, KIND_XHTML, KIND_OTHER };

static enum kind kind_of(const xmlNode *n, enum kind fallback)
{
	char *t = node_string(attribute(n, "type"));
	enum kind k = fallback;
	if (!t)
		return k;
	if (!strcasecmp(t, "text") || !strcasecmp(t, "text/plain"))
		k = KIND_TEXT;
	else if (!strcasecmp(t, "html") || !strcasecmp(t, "text/html"))
		k = KIND_HTML;
	else if (!strcasecmp(t, "xhtml") ||
		 !strcasecmp(t, "application/xhtml+xml"))
		k = KIND_XHTML;
	else if (strchr(t, '/'))
		k = KIND_OTHER; /* another media type, maybe base64 */
	free(t);
	return k;
}

/* The markup of an Atom xhtml construct: its children serialized. */
static int node_markup(const xmlNode *n, marsad_buf *out)
{
	xmlBufferPtr b = xmlBufferCreate();
	if (!b)
		return MARSAD_ENOMEM;
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(b, n->doc, c, 0, 0);
	int rc = marsad_buf_append(out, xmlBufferContent(b),
				   (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	return rc;
}

/* A title on one line: HTML (escaped markup, entities) is read as HTML. */
static int title_text(const xmlNode *n, enum kind fallback, marsad_buf *out)
{
	marsad_buf raw = MARSAD_BUF_INIT;
	enum kind k = kind_of(n, fallback);
	int rc = k == KIND_XHTML ? node_markup(n, &raw) : node_text(n, &raw);
	const char *s = raw.data ? raw.data : "";
	if (!rc && k != KIND_OTHER) {
		if (k == KIND_TEXT || !strpbrk(s, "<&"))
			rc = read_inline(s, raw.len, out);
		else
			rc = read_html_inline(s, raw.len, out);
	}
	marsad_buf_clear(&raw);
	return rc;
}

/* A body into out as lines; what the HTML reader left out goes to doc. */
static int body_text(const xmlNode *n, enum kind fallback, marsad_doc *doc,
		     marsad_buf *out)
{
	marsad_buf raw = MARSAD_BUF_INIT;
	enum kind k = kind_of(n, fallback);
	int rc = k == KIND_XHTML ? node_markup(n, &raw) : node_text(n, &raw);
	const char *s = raw.data ? raw.data : "";
	if (!rc && k != KIND_OTHER) {
		if (k == KIND_TEXT && !read_looks_html(s, raw.len))
			rc = read_text_lines(s, raw.len, out);
		else
			rc = read_html_text(s, raw.len, doc, out);
	}
	marsad_buf_clear(&raw);
	return rc;
}

/* ---- items -------------------------------------------------------------------- */

/* The elements of one item that make a document. */
typedef struct parts {
	const xmlNode *title, *link, *guid, *source, *publisher;
	const xmlNode *date[4];   /* pubDate, published, dc:date, updated */
	const xmlNode *body[4];   /* content:encoded, content, description,
				     summary */
	char *alternate;          /* Atom link rel="alternate" href */
	int atom;
} parts;

static void first(const xmlNode **slot, const xmlNode *n)
{
	if (!*slot)
		*slot = n;
}

static void gather(const xmlNode *item, parts *p)
{
	memset(p, 0, sizeof *p);
	p->atom = named(item, "entry");
	for (const xmlNode *c = item->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (in_ns(c, NS_DC)) {
			if (named(c, "date"))
				first(&p->date[2], c);
			else if (named(c, "publisher"))
				first(&p->publisher, c);
			continue;
		}
		if (in_ns(c, NS_CONTENT)) {
			if (named(c, "encoded"))
				first(&p->body[0], c);
			continue;
		}
		if (!core(c))
			continue;
		if (named(c, "title"))
			first(&p->title, c);
		else if (named(c, "link") && !attribute(c, "href"))
			first(&p->link, c); /* RSS: the URL is the text */
		else if (named(c, "link") && !p->alternate &&
			 (!attribute(c, "rel") || attr_is(c, "rel", "alternate")))
			p->alternate = node_string(attribute(c, "href"));
		else if (named(c, "guid") || named(c, "id"))
			first(&p->guid, c);
		else if (named(c, "source"))
			first(&p->source, c);
		else if (named(c, "pubDate"))
			first(&p->date[0], c);
		else if (named(c, "published"))
			first(&p->date[1], c);
		else if (named(c, "updated"))
			first(&p->date[3], c);
		else if (named(c, "content") && !attribute(c, "src"))
			first(&p->body[1], c);
		else if (named(c, "description"))
			first(&p->body[2], c);
		else if (named(c, "summary"))
			first(&p->body[3], c);
	}
}

/* The outlet an item names itself: RSS <source>Name</source>, Atom
 * <source><title>, or dc:publisher. */
static char *item_outlet(const parts *p)
{
	const xmlNode *s = p->source;
	for (const xmlNode *c = s ? s->children : NULL; c; c = c->next)
		if (named(c, "title") && core(c)) {
			s = c;
			break;
		}
	char *o = s ? node_string(s) : NULL;
	return o ? o : p->publisher ? node_string(p->publisher) : NULL;
}

static int is_http(const char *s)
{
	return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8));
}

/* Fills doc from an item's parts. */
static int fill(read_feed *f, const parts *p, marsad_doc *doc)
{
	marsad_buf b = MARSAD_BUF_INIT;
	enum kind html = p->atom ? KIND_TEXT : KIND_HTML;
	int rc = p->title ? title_text(p->title, html, &b) : 0;
	if (!rc && !(doc->title = marsad_buf_steal(&b, NULL)))
		rc = MARSAD_ENOMEM;
	for (size_t i = 0; !rc && i < 4 && !b.len; i++)
		if (p->body[i]) {
			/* Atom's content and summary are text unless typed;
			 * RSS bodies are HTML. */
			enum kind k = i == 1 || (i == 3 && p->atom) ? KIND_TEXT
								    : KIND_HTML;
			rc = body_text(p->body[i], k, doc, &b);
		}
	if (!rc && !(doc->text = marsad_buf_steal(&b, &doc->text_len)))
		rc = MARSAD_ENOMEM;
	marsad_buf_clear(&b);
	if (rc)
		return rc;

	char *link = p->link ? node_string(p->link) : NULL;
	if (!link && p->alternate)
		link = strdup(p->alternate);
	char *guid = p->guid ? node_string(p->guid) : NULL;
	/* An RSS guid is the item's permalink unless isPermaLink="false". */
	if (!link && guid && is_http(guid) && !p->atom &&
	    !attr_is(p->guid, "isPermaLink", "false"))
		link = strdup(guid);
	doc->url = link;
	if (guid) {
		doc->key = guid;
	} else if (link) {
		doc->key = strdup(link);
	} else if ((doc->key = malloc(strlen(f->path) + 24))) {
		sprintf(doc->key, "%s:%zu", read_basename(f->path), f->items);
	}
	doc->outlet = item_outlet(p);
	if (!doc->outlet && f->channel_title)
		doc->outlet = strdup(f->channel_title);
	if (!doc->outlet && f->channel_publisher)
		doc->outlet = strdup(f->channel_publisher);
	if (!doc->outlet)
		doc->outlet = read_url_host(doc->url);
	for (size_t i = 0; i < 4 && !doc->published; i++) {
		char *d = p->date[i] ? node_string(p->date[i]) : NULL;
		char iso[READ_DATE_SIZE];
		if (d && read_date(d, strlen(d), iso) == 0)
			doc->published = strdup(iso);
		free(d);
	}
	doc->record = f->items;
	return 0;
}

/* One item → one document (1), or an error naming the item. */
static int item_doc(read_feed *f, const xmlNode *item, marsad_doc **out,
		    marsad_read_error *err)
{
	long line = xmlGetLineNo(item);
	size_t at = line > 0 ? (size_t)line : 0;
	f->items++;
	parts p;
	gather(item, &p);
	marsad_doc *doc = calloc(1, sizeof *doc);
	int rc = doc ? fill(f, &p, doc) : MARSAD_ENOMEM;
	free(p.alternate);
	if (!rc && !doc->title[0] && !doc->text_len) {
		read_error(err, f->path, at, 0, "item %zu has no title or text",
			   f->items);
		rc = MARSAD_EFORMAT;
	} else if (rc == MARSAD_EFORMAT) {
		read_error(err, f->path, at, 0,
			   "item %zu: HTML content nested too deeply to parse",
			   f->items);
	}
	if (rc) {
		marsad_doc_free(doc);
		return rc;
	}
	rc = read_doc_finish(doc, f->path);
	if (!rc)
		*out = doc;
	return rc ? rc : 1;
}

/* ---- the tree as it grows -------------------------------------------------------- */

/* Keeps what a channel or feed says of itself. */
static void channel_meta(read_feed *f, const xmlNode *n)
{
	if (!f->channel_title && named(n, "title") && core(n)) {
		marsad_buf b = MARSAD_BUF_INIT;
		if (!title_text(n, KIND_TEXT, &b) && b.len)
			f->channel_title = marsad_buf_steal(&b, NULL);
		marsad_buf_clear(&b);
	} else if (!f->channel_publisher && named(n, "publisher") &&
		   in_ns(n, NS_DC)) {
		f->channel_publisher = node_string(n);
	}
}

/*
 * The first complete item among parent's children, or NULL when none is
 * complete yet. Complete nodes before it are read (channel metadata) and
 * freed. `closed`: the parent's end has been seen. RSS items are inside
 * the root's <channel>, Atom entries and RSS 1.0 items are the root's
 * children.
 */
static xmlNode *scan(read_feed *f, xmlNode *parent, int depth, int closed)
{
	for (xmlNode *n = parent->children, *next; n; n = next) {
		next = n->next;
		int done = next != NULL || closed;
		if (depth == 0 && named(n, "channel")) {
			xmlNode *item = scan(f, n, 1, done);
			if (item || !done)
				return item;
		} else if (!done) {
			return NULL;
		} else if (is_item(n)) {
			return n;
		} else if (n->type == XML_ELEMENT_NODE) {
			channel_meta(f, n);
		}
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		f->since = 0;
	}
	return NULL;
}

/*
 * Recovery from broken markup can nest the items after an unclosed tag
 * inside the item that holds it. The outermost of those are moved after
 * the item, in order, to be read as items of their own. The item is
 * complete, so the parser no longer looks at anything moved. (Moving is
 * the one place a node leaves its ancestors: the parser finds an
 * element's namespace among its own and its ancestors' declarations.)
 */
static void lift_nested(xmlNode *item)
{
	xmlNode *after = item, *c = item->children;
	while (c) {
		int lift = is_item(c);
		if (!lift && c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		xmlNode *next = c;
		while (next != item && !next->next)
			next = next->parent;
		next = next == item ? NULL : next->next;
		if (lift) {
			xmlUnlinkNode(c);
			xmlAddNextSibling(after, c);
			/* Its namespaces may be declared by the ancestors it
			 * left, which are freed with the item: declare them
			 * again on it. */
			xmlReconciliateNs(c->doc, c);
			after = c;
		}
		c = next;
	}
}

/* The next complete item (*item, to be freed by the caller), NULL when
 * none is complete yet; an error when the document is not a feed. */
static int take_item(read_feed *f, xmlNode **item, marsad_read_error *err)
{
	*item = NULL;
	xmlDocPtr d = f->ctxt->myDoc;
	xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
	if (!root)
		return 0;
	if (!f->root_ok) {
		if (!(named(root, "rss") || named(root, "feed") ||
		      named(root, "RDF"))) {
			long line = xmlGetLineNo(root);
			read_error(err, f->path, line > 0 ? (size_t)line : 0, 0,
				   "not an RSS or Atom feed (the root element "
				   "is <%.40s>)", (const char *)root->name);
			f->done = 1;
			f->end_stage = END_DONE;
			return MARSAD_EFORMAT;
		}
		f->root_ok = 1;
	}
	*item = scan(f, root, 0, f->done);
	if (*item) {
		lift_nested(*item);
		xmlUnlinkNode(*item);
		f->since = 0;
	}
	return 0;
}

/* Gives the parser its next chunk, or tells it the input has ended. */
static int feed_more(read_feed *f, marsad_read_error *err)
{
	int n = gzread(f->gz, f->chunk, (unsigned)CHUNK);
	for (int i = 0; f->blank && i < n; i++)
		f->blank = f->chunk[i] == ' ' || (f->chunk[i] >= '\t' &&
						  f->chunk[i] <= '\r');
	if (n > 0) {
		f->fed += (size_t)n;
		f->since += (size_t)n;
		xmlParseChunk(f->ctxt, f->chunk, n, 0);
	} else {
		xmlParseChunk(f->ctxt, NULL, 0, 1);
		f->done = 1;
	}
	/* A fatal error stops the parser: what it built is all there is. */
	if (f->ctxt->instate == XML_PARSER_EOF)
		f->done = 1;
	if (f->since > MARSAD_RECORD_MAX) {
		read_error(err, f->path, 0, f->fed,
			   "item %zu longer than %zu bytes; the rest of the "
			   "file is skipped", f->items + 1, MARSAD_RECORD_MAX);
		f->done = 1;
		f->end_stage = END_DONE;
		return MARSAD_ETOOBIG;
	}
	return 0;
}

/* What the end of the file has to say: an empty file, the first XML
 * error, a broken gzip stream; 0 when nothing. */
static int end_of_file(read_feed *f, marsad_read_error *err)
{
	while (f->end_stage != END_DONE) {
		switch (f->end_stage++) {
		case END_EMPTY:
			if (!f->blank)
				break;
			read_error(err, f->path, 0, 0, "empty file");
			f->end_stage = END_GZIP;
			return MARSAD_EFORMAT;
		case END_XML:
			if (!f->n_errors)
				break;
			if (f->n_errors > 1)
				read_error(err, f->path, (size_t)f->error_line,
					   f->error_offset,
					   "malformed XML at line %d, column %d: "
					   "%s (%zu errors in the file)",
					   f->error_line, f->error_col,
					   f->error_msg, f->n_errors);
			else
				read_error(err, f->path, (size_t)f->error_line,
					   f->error_offset,
					   "malformed XML at line %d, column %d: %s",
					   f->error_line, f->error_col,
					   f->error_msg);
			return MARSAD_EFORMAT;
		case END_GZIP: {
			int zerr = Z_OK;
			const char *msg = gzerror(f->gz, &zerr);
			const char *colon = strstr(msg, ": ");
			if (zerr == Z_OK)
				break;
			read_error(err, f->path, 0, f->fed,
				   "gzip stream broken after byte %zu (%s)", f->fed,
				   colon ? colon + 2 : msg);
			return MARSAD_EFORMAT;
		}
		}
	}
	return 0;
}

/* ---- the stream ---------------------------------------------------------- */

int read_feed_open(const char *path, read_feed **out, marsad_read_error *err)
{
	*out = NULL;
	pthread_once(&init_once, init_libxml);
	read_feed *f = calloc(1, sizeof *f);
	if (!f || !(f->path = strdup(path)) || !(f->chunk = malloc(CHUNK))) {
		read_feed_close(f);
		return MARSAD_ENOMEM;
	}
	if (!(f->gz = gzopen(path, "rb"))) {
		read_feed_close(f);
		read_error(err, path, 0, 0, "cannot open");
		return MARSAD_EIO;
	}
	gzbuffer(f->gz, (unsigned)CHUNK);
	f->blank = 1;
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	xmlSAXVersion(&sax, 2);
	sax.serror = parser_error;
	sax.warning = no_message;
	sax.error = no_message;
	sax.fatalError = no_message;
	/* Nothing outside the file is ever read. */
	sax.resolveEntity = NULL;
	sax.externalSubset = NULL;
	hush h;
	hush_begin(&h, f);
	f->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, path);
	if (f->ctxt) {
		f->ctxt->_private = f;
		xmlCtxtUseOptions(f->ctxt, PARSE_OPTIONS);
	}
	hush_end(&h);
	if (!f->ctxt) {
		read_feed_close(f);
		return MARSAD_ENOMEM;
	}
	*out = f;
	return 0;
}

int read_feed_next(read_feed *f, marsad_doc **doc, marsad_read_error *err)
{
	*doc = NULL;
	hush h;
	hush_begin(&h, f);
	int rc = 0;
	for (;;) {
		xmlNode *item = NULL;
		if (f->end_stage == END_DONE && f->done)
			break;
		if ((rc = take_item(f, &item, err)))
			break;
		if (item) {
			rc = item_doc(f, item, doc, err);
			xmlFreeNode(item);
			break;
		}
		if (f->done) {
			rc = end_of_file(f, err);
			break;
		}
		if ((rc = feed_more(f, err)))
			break;
	}
	hush_end(&h);
	return rc;
}

void read_feed_close(read_feed *f)
{
	if (!f)
		return;
	if (f->ctxt) {
		hush h;
		hush_begin(&h, f);
		if (f->ctxt->myDoc)
			xmlFreeDoc(f->ctxt->myDoc);
		f->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(f->ctxt);
		hush_end(&h);
	}
	if (f->gz)
		gzclose(f->gz);
	free(f->channel_title);
	free(f->channel_publisher);
	free(f->chunk);
	free(f->path);
	free(f);
}

/* ---- sniffing -------------------------------------------------------------- */

/* Past the prolog — XML declaration, processing instructions, comments,
 * a DOCTYPE, white space — is the root element's name rss, feed or
 * (rdf:)RDF? */
int read_looks_feed(const char *s, size_t len)
{
	size_t i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (;;) {
		while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
			i++;
		if (i + 1 >= len || s[i] != '<')
			return 0;
		const char *close = NULL;
		if (s[i + 1] == '?')
			close = "?>";
		else if (i + 3 < len && !memcmp(s + i, "<!--", 4))
			close = "-->";
		else if (s[i + 1] == '!')
			close = ">";
		if (!close) {
			size_t a = i + 1, b = a;
			while (b < len && s[b] != '>' && s[b] != '/' &&
			       s[b] != ' ' && !(s[b] >= '\t' && s[b] <= '\r'))
				b++;
			const char *colon = memchr(s + a, ':', b - a);
			if (colon)
				a = (size_t)(colon - s) + 1;
			size_t n = b - a;
			return b < len &&
			       ((n == 3 && !memcmp(s + a, "rss", 3)) ||
				(n == 4 && !memcmp(s + a, "feed", 4)) ||
				(n == 3 && !memcmp(s + a, "RDF", 3)));
		}
		const char *end = memmem(s + i + 2, len - i - 2, close,
					 strlen(close));
		if (!end)
			return 0;
		i = (size_t)(end - s) + strlen(close);
	}
}
