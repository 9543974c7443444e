/* error.c — the library's one error convention (see marsad.h). */
#include "marsad/marsad.h"

const char *marsad_strerror(int err)
{
	switch (err) {
	case MARSAD_OK: return "success";
	case MARSAD_ENOMEM: return "out of memory";
	case MARSAD_EINVAL: return "invalid argument";
	case MARSAD_EIO: return "input/output error";
	case MARSAD_EFORMAT: return "malformed input";
	case MARSAD_EUTF8: return "invalid UTF-8";
	case MARSAD_ETOOBIG: return "input too large";
	case MARSAD_EDB: return "database error";
	case MARSAD_ENOTFOUND: return "not found";
	}
	return "unknown error";
}
