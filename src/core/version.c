/* Library versions at run time: what a bug report needs to name. */
#include "config.h"

#include <qrencode.h>
#include <sodium.h>
#include <sqlite3.h>
#include <zlib.h>

#include "version.h"

/* One line a library, as the shared libraries report themselves. */
void
version_libs(struct buf *out)
{
	char *qr = QRcode_APIVersionString();

	buf_addf(out, "SQLite %s\n", sqlite3_libversion());
	buf_addf(out, "libsodium %s\n", sodium_version_string());
	buf_addf(out, "zlib %s\n", zlibVersion());
	buf_addf(out, "libqrencode %s\n", qr ? qr : "?");
}
