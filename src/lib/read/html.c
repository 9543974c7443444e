/*
 * html.c — an article out of an HTML page.
 *
 * The page is parsed by gumbo, a complete HTML5 parser, so broken markup is
 * repaired the way browsers repair it. One pass over the tree gathers the
 * metadata (Open Graph and article: meta tags, itemprop microdata, JSON-LD,
 * <link rel=canonical>, <title>, the charset). The body comes from the most
 * specific content element (itemprop=articleBody, else the <article> with
 * the most text, else <main>, else <body>): the text of block elements
 * becomes lines, blocks are separated by blank lines, <br> breaks a line.
 * Scripts, styles and embedded objects are dropped; navigation, headers,
 * footers, sidebars and forms are dropped and reported as removals.
 *
 * A page whose bytes are not UTF-8 and whose <meta charset> (else the
 * charset its HTTP response declared) names another encoding
 * (windows-1256 and ISO-8859-6 are the Arabic ones) is converted with
 * iconv and parsed again.
 *
 * gumbo's tree builder does work proportional to the depth of the open
 * elements for each start tag, so deliberately deep soup costs quadratic
 * time: a cheap scan of the tags estimates that work first and refuses a
 * page past HTML_WORK_MAX (40,000 nested <div>s would take gumbo many
 * seconds; ordinary pages are a thousand times below the cap).
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <errno.h>
#include <gumbo.h>
#include <iconv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "marsad/text.h"
#include "read_int.h"

#define HTML_WORK_MAX 20000000ull
#define MAX_ARTICLES 64
#define MAX_JSONLD 16

/* ---- the soup guard ------------------------------------------------------ */

/* Elements that hold no children, or whose next sibling closes them, and
 * so never deepen the tree. */
static const char *const flat_tags[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr", "param", "keygen", "p", "li", "dt",
	"dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", NULL};

/* Elements whose content is text up to their end tag. */
static const char *const raw_tags[] = {
	"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
	"noframes", NULL};

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcasecmp(*list, name) == 0)
			return 1;
	return 0;
}

/* Finds "</name" (any case) in s[i..len); returns its index or len. */
static size_t find_end_tag(const char *s, size_t i, size_t len,
			   const char *name)
{
	size_t n = strlen(name);
	for (const char *p; (p = memchr(s + i, '<', len - i)); ) {
		i = (size_t)(p - s) + 1;
		if (i + n < len && s[i] == '/' &&
		    strncasecmp(s + i + 1, name, n) == 0)
			return i;
	}
	return len;
}

/*
 * Estimates the tree builder's work: the sum, over start tags, of the
 * number of elements open at that point. Each tag name keeps its own
 * count of open elements, so an end tag closes only what it names, as in
 * the parser. Returns non-zero past HTML_WORK_MAX.
 */
static int too_deep(const char *s, size_t len)
{
	struct {
		char name[12];
		size_t open;
	} tab[64];
	size_t ntab = 0, depth = 0;
	unsigned long long work = 0;
	for (size_t i = 0; i < len;) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - s) + 1;
		if (i + 2 < len && memcmp(s + i, "!--", 3) == 0) {
			const char *end = memmem(s + i, len - i, "-->", 3);
			i = end ? (size_t)(end - s) + 3 : len;
			continue;
		}
		int closing = i < len && s[i] == '/';
		i += closing;
		char name[12];
		size_t n = 0;
		while (i < len && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
				   (n && s[i] >= '0' && s[i] <= '9'))) {
			if (n < sizeof name - 1)
				name[n++] = (char)(s[i] | 0x20);
			i++;
		}
		if (!n)
			continue;
		name[n] = 0;
		const char *gt = memchr(s + i, '>', len - i);
		if (!gt)
			break;
		i = (size_t)(gt - s) + 1;
		size_t k = 0;
		while (k < ntab && strcmp(tab[k].name, name) != 0)
			k++;
		if (closing) {
			if (k < ntab && tab[k].open) {
				tab[k].open--;
				depth--;
			}
			continue;
		}
		if (in_list(flat_tags, name))
			continue;
		if (in_list(raw_tags, name)) {
			i = find_end_tag(s, i, len, name);
			continue;
		}
		if (k == ntab) {
			/* Past 64 distinct names the last slot counts them
			 * all: they can only be closed through that slot,
			 * which overestimates, never under. */
			if (ntab < sizeof tab / sizeof *tab) {
				memcpy(tab[ntab].name, name, n + 1);
				tab[ntab++].open = 0;
			} else {
				k = ntab - 1;
			}
		}
		tab[k].open++;
		depth++;
		work += depth;
		if (work > HTML_WORK_MAX)
			return 1;
	}
	return 0;
}

/* ---- the tree -------------------------------------------------------------- */

static const char *attr(const GumboNode *n, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes,
						      name);
	return a ? a->value : NULL;
}

static int attr_is(const GumboNode *n, const char *name, const char *value)
{
	const char *v = attr(n, name);
	return v && strcasecmp(v, value) == 0;
}

static int is_element(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

static const GumboVector *children(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	return is_element(n) ? &n->v.element.children : NULL;
}

/* The node after n in document order, not entering n's children unless
 * `enter`; NULL past the end of root's subtree. No recursion: the depth of
 * a tree is the input's to choose. */
static const GumboNode *next_node(const GumboNode *n, const GumboNode *root,
				  int enter)
{
	const GumboVector *c = children(n);
	if (enter && c && c->length)
		return c->data[0];
	while (n != root && n->parent) {
		c = children(n->parent);
		size_t i = n->index_within_parent + 1;
		if (i < c->length)
			return c->data[i];
		n = n->parent;
	}
	return NULL;
}

/*
 * What happens to an element's subtree: kept, dropped silently (it shows
 * no text: scripts, styles, embedded objects), or dropped and reported
 * with a reason (page furniture with visible text).
 */
static int dropped(GumboTag tag, const char **reason)
{
	*reason = NULL;
	switch (tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_OBJECT: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_AUDIO: case GUMBO_TAG_HEAD:
		return 1;
	case GUMBO_TAG_NAV: *reason = "page navigation"; return 1;
	case GUMBO_TAG_HEADER: *reason = "page header"; return 1;
	case GUMBO_TAG_FOOTER: *reason = "page footer"; return 1;
	case GUMBO_TAG_ASIDE: *reason = "sidebar"; return 1;
	case GUMBO_TAG_FORM: *reason = "form"; return 1;
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
		*reason = "form control"; return 1;
	case GUMBO_TAG_NOSCRIPT: *reason = "script fallback"; return 1;
	default:
		return 0;
	}
}

/* Elements whose content starts and ends a block of text. */
static int is_block(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
	case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_PRE:
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_CENTER:
	case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_HGROUP:
	case GUMBO_TAG_LISTING: case GUMBO_TAG_BODY:
	/* Furniture, as blocks, when a removal's text is collected. */
	case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
	case GUMBO_TAG_NOSCRIPT:
		return 1;
	default:
		return 0;
	}
}

/* ---- text out of a subtree --------------------------------------------- */

/* White space is collapsed; breaks and spaces wait until the next visible
 * character, so nothing trails and blocks never stack blank lines. */
typedef struct emit {
	marsad_buf *out;
	int brk;    /* pending break: 0 none, 1 line, 2 block */
	int space;  /* pending space */
	int inline_only; /* breaks become spaces (titles, removals) */
} emit;

static void emit_break(emit *e, int level)
{
	if (level > e->brk)
		e->brk = level;
}

static int emit_text(emit *e, const char *s, size_t n, int pre)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (pre && c == '\n')
				emit_break(e, 1);
			else
				e->space = 1;
			i++;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			e->space = 1; /* U+00A0 NO-BREAK SPACE */
			i += 2;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
		       s[j] != '\r' && s[j] != '\f' &&
		       !((unsigned char)s[j] == 0xC2 && j + 1 < n &&
			 (unsigned char)s[j + 1] == 0xA0))
			j++;
		if (e->out->len) {
			if (e->brk && !e->inline_only)
				rc = marsad_buf_append(e->out, "\n\n",
						       (size_t)e->brk);
			else if (e->brk || e->space)
				rc = marsad_buf_putc(e->out, ' ');
		}
		e->brk = e->space = 0;
		if (!rc)
			rc = marsad_buf_append(e->out, s + i, j - i);
		i = j;
	}
	return rc;
}

typedef struct page {
	GumboOutput *g;
	char charset[48];
	const char *og_title, *site_name, *og_url, *canonical, *title;
	const GumboNode *body, *article_body, *main, *first_h1;
	const GumboNode *articles[MAX_ARTICLES];
	size_t n_articles;
	const GumboNode *jsonld[MAX_JSONLD];
	size_t n_jsonld;
	/* The first parseable date of each kind, in order of trust. */
	char date[4][READ_DATE_SIZE]; /* article:published_time, itemprop,
					 meta name, <time pubdate> */
} page;

enum { DATE_META, DATE_ITEMPROP, DATE_NAME, DATE_PUBDATE };

static int walk(const GumboNode *root, marsad_buf *out, marsad_doc *doc,
		const GumboNode *skip);

/* The visible text of an element's subtree on one line. */
static int inline_text(const GumboNode *n, marsad_buf *out)
{
	marsad_buf_reset(out);
	return walk(n, out, NULL, NULL);
}

/* Leaving an element that was entered. */
static void leave(emit *e, const GumboNode *n, int *pre)
{
	if (!is_element(n))
		return;
	if (n->v.element.tag == GUMBO_TAG_PRE)
		(*pre)--;
	if (is_block(n->v.element.tag))
		emit_break(e, 2);
}

/* Reports a dropped element's visible text (tmp is scratch). */
static int report(marsad_doc *doc, const GumboNode *n, const char *reason,
		  marsad_buf *tmp)
{
	int rc = inline_text(n, tmp);
	return rc || !tmp->len ? rc
			       : read_add_removal(doc, tmp->data, tmp->len, reason);
}

/*
 * Appends the text of root's subtree to out. With doc, page furniture is
 * dropped and reported in doc->removed, and `skip` (the <h1> that repeats
 * the title) is left out; without doc (the text of a removal) breaks
 * become spaces and only invisible elements are dropped.
 */
static int walk(const GumboNode *root, marsad_buf *out, marsad_doc *doc,
		const GumboNode *skip)
{
	emit e = {out, 0, 0, doc == NULL};
	marsad_buf tmp = MARSAD_BUF_INIT;
	int rc = 0, pre = 0;
	for (const GumboNode *n = root, *next; n && !rc; n = next) {
		int enter = 0;
		const char *reason;
		if (!is_element(n)) {
			if (n->type == GUMBO_NODE_TEXT ||
			    n->type == GUMBO_NODE_CDATA)
				rc = emit_text(&e, n->v.text.text,
					       strlen(n->v.text.text), pre > 0);
			else if (n->type == GUMBO_NODE_WHITESPACE)
				e.space = 1;
		} else if (n != root && dropped(n->v.element.tag, &reason) &&
			   (doc || !reason)) {
			if (reason)
				rc = report(doc, n, reason, &tmp);
		} else if (n == skip) {
			emit_break(&e, 2);
		} else if (n->v.element.tag == GUMBO_TAG_BR) {
			emit_break(&e, 1);
		} else {
			GumboTag tag = n->v.element.tag;
			if (is_block(tag))
				emit_break(&e, 2);
			else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH)
				e.space = 1;
			pre += tag == GUMBO_TAG_PRE;
			enter = 1;
		}
		next = next_node(n, root, enter);
		/* Unless next is n's first child, n's subtree is done, and so
		 * are its ancestors below next's parent. */
		if (next && !(enter && next->parent == n))
			for (const GumboNode *up = n; up != next->parent;
			     up = up->parent)
				if (up != n || enter)
					leave(&e, up, &pre);
	}
	marsad_buf_clear(&tmp);
	return rc;
}

/* ---- metadata ---------------------------------------------------------- */

/* <meta name=...> values that carry a publication date. */
static const char *const date_names[] = {
	"date", "pubdate", "publishdate", "publish-date", "publish_date",
	"dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
	"sailthru.date", "parsely-pub-date", "article.published", NULL};

static void set_date(page *pg, int slot, const char *value)
{
	if (!pg->date[slot][0] && value &&
	    read_date(value, strlen(value), pg->date[slot]) != 0)
		pg->date[slot][0] = 0;
}

static void set_charset(page *pg, const char *label, size_t n)
{
	while (n && (*label == ' ' || *label == '"' || *label == '\''))
		label++, n--;
	size_t k = 0;
	while (k < n && k < sizeof pg->charset - 1 && label[k] != ';' &&
	       label[k] != ' ' && label[k] != '"' && label[k] != '\'')
		k++;
	if (!pg->charset[0] && k) {
		memcpy(pg->charset, label, k);
		pg->charset[k] = 0;
	}
}

static int has_token(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t k = strcspn(p, " \t\n");
		if (k == n && strncasecmp(p, word, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

static void gather_meta(page *pg, const GumboNode *n)
{
	const char *v = attr(n, "charset");
	if (v)
		set_charset(pg, v, strlen(v));
	const char *content = attr(n, "content");
	if (!content)
		return;
	if (attr_is(n, "http-equiv", "content-type")) {
		const char *cs = strcasestr(content, "charset=");
		if (cs)
			set_charset(pg, cs + 8, strlen(cs + 8));
	}
	if (attr_is(n, "itemprop", "datePublished"))
		set_date(pg, DATE_ITEMPROP, content);
	const char *key = attr(n, "property");
	if (!key)
		key = attr(n, "name");
	if (!key || !*content)
		return;
	if (!strcasecmp(key, "og:title") && !pg->og_title)
		pg->og_title = content;
	else if (!strcasecmp(key, "og:site_name") && !pg->site_name)
		pg->site_name = content;
	else if (!strcasecmp(key, "og:url") && !pg->og_url)
		pg->og_url = content;
	else if (!strcasecmp(key, "article:published_time"))
		set_date(pg, DATE_META, content);
	else if (in_list(date_names, key))
		set_date(pg, DATE_NAME, content);
}

/* One pass over the whole tree. */
static int gather(page *pg)
{
	marsad_buf tmp = MARSAD_BUF_INIT;
	int rc = 0;
	const GumboNode *doc = pg->g->document;
	for (const GumboNode *n = doc; n && !rc; n = next_node(n, doc, 1)) {
		if (!is_element(n))
			continue;
		const char *v;
		switch (n->v.element.tag) {
		case GUMBO_TAG_META:
			gather_meta(pg, n);
			break;
		case GUMBO_TAG_LINK:
			if (!pg->canonical && has_token(attr(n, "rel"), "canonical") &&
			    (v = attr(n, "href")) && *v)
				pg->canonical = v;
			break;
		case GUMBO_TAG_TITLE:
			if (!pg->title &&
			    n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
			    n->v.element.children.length == 1 &&
			    ((const GumboNode *)n->v.element.children.data[0])
					    ->type == GUMBO_NODE_TEXT)
				pg->title = ((const GumboNode *)n->v.element
						     .children.data[0])
						    ->v.text.text;
			break;
		case GUMBO_TAG_SCRIPT:
			if (attr_is(n, "type", "application/ld+json") &&
			    pg->n_jsonld < MAX_JSONLD)
				pg->jsonld[pg->n_jsonld++] = n;
			break;
		case GUMBO_TAG_ARTICLE:
			if (pg->n_articles < MAX_ARTICLES)
				pg->articles[pg->n_articles++] = n;
			break;
		case GUMBO_TAG_MAIN:
			if (!pg->main)
				pg->main = n;
			break;
		case GUMBO_TAG_BODY:
			if (!pg->body)
				pg->body = n;
			break;
		case GUMBO_TAG_H1:
			if (!pg->first_h1)
				pg->first_h1 = n;
			break;
		case GUMBO_TAG_TIME:
			if (attr(n, "pubdate"))
				set_date(pg, DATE_PUBDATE, attr(n, "datetime"));
			break;
		default:
			break;
		}
		if (!pg->main && attr_is(n, "role", "main"))
			pg->main = n;
		if (!pg->article_body && attr_is(n, "itemprop", "articleBody"))
			pg->article_body = n;
		if (n->v.element.tag != GUMBO_TAG_META &&
		    attr_is(n, "itemprop", "datePublished")) {
			if ((v = attr(n, "datetime")) || (v = attr(n, "content")))
				set_date(pg, DATE_ITEMPROP, v);
			else if (!(rc = inline_text(n, &tmp)) && tmp.len)
				set_date(pg, DATE_ITEMPROP, tmp.data);
		}
	}
	marsad_buf_clear(&tmp);
	return rc;
}

/* The first "datePublished" string anywhere in a JSON-LD value. */
static const char *jsonld_date(const json_t *j, int depth)
{
	if (depth > 32)
		return NULL;
	const char *key;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		v = json_object_get(j, "datePublished");
		if (json_is_string(v))
			return json_string_value(v);
		json_object_foreach((json_t *)j, key, v) {
			const char *d = jsonld_date(v, depth + 1);
			if (d)
				return d;
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			const char *d = jsonld_date(v, depth + 1);
			if (d)
				return d;
		}
	}
	return NULL;
}

static int jsonld_published(const page *pg, char out[READ_DATE_SIZE])
{
	for (size_t k = 0; k < pg->n_jsonld; k++) {
		const GumboVector *c = &pg->jsonld[k]->v.element.children;
		if (c->length != 1 ||
		    ((const GumboNode *)c->data[0])->type != GUMBO_NODE_TEXT)
			continue;
		const char *text = ((const GumboNode *)c->data[0])->v.text.text;
		json_t *j = json_loadb(text, strlen(text), 0, NULL);
		const char *d = jsonld_date(j, 0);
		int ok = d && read_date(d, strlen(d), out) == 0;
		json_decref(j);
		if (ok)
			return 1;
	}
	return 0;
}

/* The first <time datetime> below root that reads as a date. */
static int time_published(const GumboNode *root, char out[READ_DATE_SIZE])
{
	for (const GumboNode *n = root; n; n = next_node(n, root, 1)) {
		const char *v;
		if (is_element(n) && n->v.element.tag == GUMBO_TAG_TIME &&
		    (v = attr(n, "datetime")) && read_date(v, strlen(v), out) == 0)
			return 1;
	}
	return 0;
}

/* ---- the article ------------------------------------------------------- */

/* The length of a subtree's visible text (tmp is scratch). */
static size_t text_size(const GumboNode *n, marsad_buf *tmp, int *rc)
{
	marsad_buf_reset(tmp);
	*rc = walk(n, tmp, NULL, NULL);
	return tmp->len;
}

static const GumboNode *content_root(const page *pg, marsad_buf *tmp, int *rc)
{
	if (pg->article_body && text_size(pg->article_body, tmp, rc))
		return pg->article_body;
	const GumboNode *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < pg->n_articles && !*rc; i++) {
		size_t n = text_size(pg->articles[i], tmp, rc);
		if (n > best_len) {
			best = pg->articles[i];
			best_len = n;
		}
	}
	if (best)
		return best;
	if (pg->main)
		return pg->main;
	return pg->body ? pg->body : pg->g->root;
}

/* The <article> holding the content root, or the root itself when it is
 * a content element (not the whole <body>); NULL otherwise. */
static const GumboNode *article_of(const page *pg, const GumboNode *root)
{
	for (const GumboNode *n = root; n && is_element(n); n = n->parent)
		if (n->v.element.tag == GUMBO_TAG_ARTICLE)
			return n;
	return root == pg->body || root == pg->g->root ? NULL : root;
}

static const GumboNode *first_h1(const GumboNode *root)
{
	for (const GumboNode *n = root; n; n = next_node(n, root, 1))
		if (is_element(n) && n->v.element.tag == GUMBO_TAG_H1)
			return n;
	return NULL;
}

int read_inline(const char *s, size_t len, marsad_buf *out)
{
	emit e = {out, 0, 0, 1};
	return emit_text(&e, s, len, 0);
}

/* Collapses the white space of an attribute or title value into out. */
static int collapse(const char *s, marsad_buf *out)
{
	marsad_buf_reset(out);
	return read_inline(s, strlen(s), out);
}

/* Drops a " - Site" or " | Site" suffix naming the site. */
static void strip_site(marsad_buf *t, const char *site)
{
	static const char *const seps[] = {" - ", " | ", " \xE2\x80\x93 ",
					   " \xE2\x80\x94 ", " :: ", NULL};
	size_t sl = strlen(site);
	for (const char *const *sep = seps; sl && *sep; sep++) {
		size_t n = strlen(*sep) + sl;
		if (t->len > n && strcasecmp(t->data + t->len - sl, site) == 0 &&
		    memcmp(t->data + t->len - n, *sep, strlen(*sep)) == 0) {
			t->len -= n;
			t->data[t->len] = 0;
			return;
		}
	}
}

static int page_title(const page *pg, const GumboNode *art, const char *site,
		      marsad_buf *out)
{
	const GumboNode *h1 = art ? first_h1(art) : NULL;
	int rc;
	if (pg->og_title)
		rc = collapse(pg->og_title, out);
	else if (h1)
		rc = inline_text(h1, out);
	else if (pg->title)
		rc = collapse(pg->title, out);
	else if (pg->first_h1)
		rc = inline_text(pg->first_h1, out);
	else
		return 0;
	if (!rc && site && out->len)
		strip_site(out, site);
	return rc;
}

static int is_utf8_label(const char *label)
{
	return !*label || !strcasecmp(label, "utf-8") ||
	       !strcasecmp(label, "utf8") ||
	       !strcasecmp(label, "unicode-1-1-utf-8");
}

/* s from the encoding `label` to UTF-8 (glibc iconv); bytes the encoding
 * does not define become U+FFFD and are counted in *bad. */
static int convert(const char *label, const char *s, size_t len,
		   marsad_buf *out, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", label);
	if (cd == (iconv_t)-1)
		return MARSAD_EFORMAT;
	int rc = marsad_buf_reserve(out, len * 2);
	char *in = (char *)s;
	size_t left = len;
	while (!rc && left) {
		char *o = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = 0;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			rc = marsad_buf_reserve(out, left * 2 + 16);
		} else {
			rc = marsad_buf_append(out, "\xEF\xBF\xBD", 3);
			(*bad)++;
			in++;
			left--;
		}
	}
	iconv_close(cd);
	return rc;
}

static int parse(page *pg, const char *s, size_t len)
{
	memset(pg, 0, sizeof *pg);
	GumboOptions opt = kGumboDefaultOptions;
	opt.max_errors = 0; /* parse errors are not reported: save the work */
	pg->g = gumbo_parse_with_options(&opt, s, len);
	return pg->g ? gather(pg) : MARSAD_ENOMEM;
}

static void page_clear(page *pg)
{
	if (pg->g)
		gumbo_destroy_output(&kGumboDefaultOptions, pg->g);
	pg->g = NULL;
}

/* The first <h1> below root when it repeats the title (a " - Site"
 * suffix aside): the body leaves it out. */
static const GumboNode *title_h1(const GumboNode *root, const char *title,
				 const char *site, marsad_buf *tmp, int *rc)
{
	const GumboNode *h1 = first_h1(root);
	if (!h1 || !*title || (*rc = inline_text(h1, tmp)))
		return NULL;
	if (site && tmp->len)
		strip_site(tmp, site);
	return tmp->len && strcmp(tmp->data, title) == 0 ? h1 : NULL;
}

/*
 * The body: the text of the content root, and the furniture of the whole
 * page reported in document order (inside the root by walk(), outside it
 * here).
 */
static int page_body(const page *pg, const GumboNode *root,
		     const GumboNode *skip, marsad_doc *doc, marsad_buf *out)
{
	marsad_buf tmp = MARSAD_BUF_INIT;
	int rc = 0, enter;
	const GumboNode *top = pg->g->root;
	for (const GumboNode *n = top; n && !rc; n = next_node(n, top, enter)) {
		const char *reason;
		enter = 0;
		if (n == root)
			rc = walk(root, out, doc, skip);
		else if (!is_element(n))
			continue;
		else if (dropped(n->v.element.tag, &reason) && reason)
			rc = report(doc, n, reason, &tmp);
		else
			enter = !dropped(n->v.element.tag, &reason);
	}
	marsad_buf_clear(&tmp);
	return rc;
}

/* The article's title, body, url, outlet and date from a parsed page. */
static int page_doc(const page *pg, marsad_doc *doc)
{
	marsad_buf tmp = MARSAD_BUF_INIT, site = MARSAD_BUF_INIT;
	int rc = 0;
	const GumboNode *root = content_root(pg, &tmp, &rc);
	const GumboNode *art = article_of(pg, root);
	if (!rc && pg->site_name && !(rc = collapse(pg->site_name, &site)) &&
	    site.len)
		rc = !(doc->outlet = strdup(site.data)) ? MARSAD_ENOMEM : 0;
	if (!rc)
		rc = page_title(pg, art, doc->outlet, &tmp);
	if (!rc && !(doc->title = marsad_buf_steal(&tmp, NULL)))
		rc = MARSAD_ENOMEM;
	const GumboNode *skip =
		rc ? NULL
		   : title_h1(art ? art : root, doc->title, doc->outlet, &tmp, &rc);
	marsad_buf_reset(&tmp);
	if (!rc)
		rc = page_body(pg, root, skip, doc, &tmp);
	if (!rc) {
		doc->text = marsad_buf_steal(&tmp, &doc->text_len);
		const char *url = pg->canonical ? pg->canonical : pg->og_url;
		if (url && !(doc->url = strdup(url)))
			rc = MARSAD_ENOMEM;
		if (!doc->outlet)
			doc->outlet = read_url_host(url);
	}
	char day[READ_DATE_SIZE];
	const char *d = pg->date[DATE_META][0]       ? pg->date[DATE_META]
			: pg->date[DATE_ITEMPROP][0] ? pg->date[DATE_ITEMPROP]
			: jsonld_published(pg, day)  ? day
			: pg->date[DATE_NAME][0]     ? pg->date[DATE_NAME]
			: time_published(art ? art : root, day) ? day
			: pg->date[DATE_PUBDATE][0] ? pg->date[DATE_PUBDATE]
						    : NULL;
	if (!rc && d && !(doc->published = strdup(d)))
		rc = MARSAD_ENOMEM;
	marsad_buf_clear(&tmp);
	marsad_buf_clear(&site);
	return rc;
}

int read_html(const char *path, const char *s, size_t len,
	      const char *charset, marsad_doc **out, marsad_read_error *err)
{
	*out = NULL;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
		i++;
	if (i == len) {
		read_error(err, path, 0, 0, "empty file");
		return MARSAD_EFORMAT;
	}
	if (too_deep(s, len)) {
		read_error(err, path, 0, 0,
			   "HTML nested too deeply to parse (tag soup)");
		return MARSAD_EFORMAT;
	}
	marsad_buf utf8 = MARSAD_BUF_INIT;
	size_t bad = marsad_utf8_check(s, len, NULL);
	int rc = bad ? marsad_utf8_repair(s, len, &utf8, &bad) : 0;
	page pg = {0};
	if (!rc)
		rc = bad ? parse(&pg, utf8.data, utf8.len) : parse(&pg, s, len);
	/* The page's own <meta charset> wins over the transport's label. */
	const char *label = pg.charset[0] || !charset ? pg.charset : charset;
	if (!rc && bad && !is_utf8_label(label)) {
		/* Not UTF-8, and the page names its encoding: convert and
		 * parse again. */
		char named[sizeof pg.charset];
		snprintf(named, sizeof named, "%s", label);
		page_clear(&pg);
		marsad_buf_reset(&utf8);
		bad = 0;
		rc = convert(named, s, len, &utf8, &bad);
		if (rc == MARSAD_EFORMAT)
			read_error(err, path, 0, 0,
				   "unsupported character encoding \"%s\"",
				   named);
		if (!rc)
			rc = parse(&pg, utf8.data, utf8.len);
	}
	marsad_doc *doc = rc ? NULL : calloc(1, sizeof *doc);
	if (!rc && !doc)
		rc = MARSAD_ENOMEM;
	if (!rc)
		rc = page_doc(&pg, doc);
	page_clear(&pg);
	marsad_buf_clear(&utf8);
	if (!rc && !doc->title[0] && !doc->text_len) {
		read_error(err, path, 0, 0, "no title or text in the page");
		rc = MARSAD_EFORMAT;
	}
	if (!rc) {
		doc->bad_utf8 = bad;
		doc->key = doc->url ? strdup(doc->url) : read_file_key(path);
		rc = read_doc_finish(doc, path);
		if (!rc)
			*out = doc;
		return rc;
	}
	marsad_doc_free(doc);
	return rc;
}

int read_html_text(const char *s, size_t len, marsad_doc *doc,
		   marsad_buf *out)
{
	if (too_deep(s, len))
		return MARSAD_EFORMAT;
	page pg;
	int rc = parse(&pg, s, len);
	marsad_buf tmp = MARSAD_BUF_INIT;
	const GumboNode *root = rc ? NULL : content_root(&pg, &tmp, &rc);
	const GumboNode *skip =
		rc ? NULL : title_h1(root, doc->title, NULL, &tmp, &rc);
	marsad_buf_clear(&tmp);
	if (!rc)
		rc = page_body(&pg, root, skip, doc, out);
	page_clear(&pg);
	return rc;
}

int read_html_inline(const char *s, size_t len, marsad_buf *out)
{
	if (too_deep(s, len))
		return MARSAD_EFORMAT;
	page pg;
	int rc = parse(&pg, s, len);
	if (!rc)
		rc = walk(pg.g->root, out, NULL, NULL);
	page_clear(&pg);
	return rc;
}

int read_looks_html(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
		i++;
	if (i + 1 >= len || s[i] != '<')
		return 0;
	char c = (char)(s[i + 1] | 0x20);
	return ((c >= 'a' && c <= 'z') || s[i + 1] == '!' || s[i + 1] == '/') &&
	       memchr(s + i, '>', len - i) != NULL;
}
