/*
 * cmd_copies.c — `marsad [--db FILE] copies [--json]`: the copied passages
 * linking found, source first:
 *   [ { "from", "to", "from_text", "to_text", "similarity", "whole",
 *       "credit" } ]
 * "from" was published first; "whole" marks a whole-article
 * near-duplicate; "credit" is the source the copying article states, or
 * null. The passages are cut from the stored cleaned texts by their byte
 * spans.
 */
#include <sqlite3.h>
#include <string.h>

#include "cli.h"
#include "marsad/store.h"

static void print_copy(const json_t *o)
{
	printf("%s -> %s (%.2f%s)\n  %s\n",
	       json_string_value(json_object_get(o, "from")),
	       json_string_value(json_object_get(o, "to")),
	       json_real_value(json_object_get(o, "similarity")),
	       json_is_true(json_object_get(o, "whole")) ? ", whole article"
							: "",
	       json_string_value(json_object_get(o, "to_text")));
}

int cmd_copies(cli *c, int argc, char **argv)
{
	if (argc > 1) {
		cli_error("copies", "unknown argument %s", argv[1]);
		return EXIT_USAGE;
	}
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return EXIT_FAIL;
	sqlite3 *db = marsad_store_db(s);
	sqlite3_stmt *st;
	/* Byte spans: cut the text as a blob, not by characters. */
	rc = sqlite3_prepare_v2(db,
		"SELECT f.key, t.key,"
		" CAST(substr(CAST(f.text AS BLOB), c.from_start + 1,"
		"  c.from_end - c.from_start) AS TEXT),"
		" CAST(substr(CAST(t.text AS BLOB), c.to_start + 1,"
		"  c.to_end - c.to_start) AS TEXT),"
		" c.similarity, n.whole, n.credit"
		" FROM copies c JOIN articles f ON f.id = c.from_id"
		" JOIN articles t ON t.id = c.to_id"
		" LEFT JOIN link_copy_notes n ON n.copy_id = c.rowid"
		" ORDER BY c.rowid", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		/* a store never linked has no notes table yet */
		rc = sqlite3_prepare_v2(db,
			"SELECT f.key, t.key,"
			" CAST(substr(CAST(f.text AS BLOB), c.from_start + 1,"
			"  c.from_end - c.from_start) AS TEXT),"
			" CAST(substr(CAST(t.text AS BLOB), c.to_start + 1,"
			"  c.to_end - c.to_start) AS TEXT),"
			" c.similarity, 0, NULL"
			" FROM copies c JOIN articles f ON f.id = c.from_id"
			" JOIN articles t ON t.id = c.to_id ORDER BY c.rowid",
			-1, &st, NULL);
	}
	if (rc != SQLITE_OK) {
		cli_error("copies", "%s", sqlite3_errmsg(db));
		marsad_store_close(s);
		return EXIT_FAIL;
	}
	json_t *all = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cr = (const char *)sqlite3_column_text(st, 6);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:b, s:o}",
			"from", (const char *)sqlite3_column_text(st, 0),
			"to", (const char *)sqlite3_column_text(st, 1),
			"from_text", (const char *)sqlite3_column_text(st, 2),
			"to_text", (const char *)sqlite3_column_text(st, 3),
			"similarity", sqlite3_column_double(st, 4),
			"whole", sqlite3_column_int(st, 5),
			"credit", cr ? json_string(cr) : json_null());
		if (o)
			json_array_append_new(all, o);
	}
	sqlite3_finalize(st);
	int status = EXIT_OK;
	if (rc != SQLITE_DONE) {
		cli_error("copies", "%s", sqlite3_errmsg(db));
		json_decref(all);
		status = EXIT_FAIL;
	} else {
		status = cli_print_list(c, all, print_copy);
	}
	marsad_store_close(s);
	return status;
}
