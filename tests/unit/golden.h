/* golden: compare generated text with tests/golden/NAME.
 *
 * The files are found under $top_srcdir (make check exports it; "." when
 * run by hand from the source tree).  With HAPAIR_UPDATE_GOLDEN=1 the file
 * is rewritten instead (`make update-golden`), so a deliberate change is one
 * command and a review of the diff. */
#ifndef HP_TEST_GOLDEN_H
#define HP_TEST_GOLDEN_H

#include <glib.h>

/* Fails the running cmocka test, naming the first line that differs. */
void golden_check(const char *name, const char *text);

/* Print a "# " diagnostic line on stdout.  cmocka 1.1's TAP output drops
 * fail_msg()'s text, so say why first, then fail(). */
void test_diag(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif
