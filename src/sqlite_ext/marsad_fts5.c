/*
 * marsad_fts5.c — the loadable SQLite extension libmarsad_fts5: registers
 * the FTS5 tokenizer "marsad" (the analyzer of `marsad tokens`) and the
 * ranking function "marsad_scan" on the connection that loads it, so the
 * sqlite3 shell can read and query a marsad store:
 *
 *   sqlite> .load ./libmarsad_fts5
 *   sqlite> SELECT highlight(articles_fts, 0, '[', ']')
 *      ...>   FROM articles_fts WHERE articles_fts MATCH 'الأسرى';
 *
 * The library is linked against the system libsqlite3, the one the shell
 * uses, so it calls SQLite directly rather than through the extension
 * routine table.
 */
#include <sqlite3ext.h>

#include "marsad/store.h"

SQLITE_EXTENSION_INIT1

int sqlite3_marsad_init(sqlite3 *db, char **err,
			const sqlite3_api_routines *api);

int sqlite3_marsad_init(sqlite3 *db, char **err,
			const sqlite3_api_routines *api)
{
	SQLITE_EXTENSION_INIT2(api);
	if (marsad_fts5_register(db) != MARSAD_OK) {
		*err = sqlite3_mprintf("marsad: this SQLite has no FTS5");
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/* The entry point SQLite derives from the file name "libmarsad_fts5"
 * (".load ./libmarsad_fts5" without naming one). */
int sqlite3_marsadfts_init(sqlite3 *db, char **err,
			   const sqlite3_api_routines *api);

int sqlite3_marsadfts_init(sqlite3 *db, char **err,
			   const sqlite3_api_routines *api)
{
	return sqlite3_marsad_init(db, err, api);
}
