/* fixture: a captured file under tests/fixtures/ for a cmocka test.
 *
 * Relative to $top_srcdir when make sets it, else to the current
 * directory (a test run by hand from the source tree). */
#ifndef HP_TEST_FIXTURE_H
#define HP_TEST_FIXTURE_H

#include <glib.h>

/* The bytes of tests/fixtures/DIR/NAME, to g_free(); a file that cannot
 * be read fails the running test. */
gchar *test_fixture(const char *dir, const char *name);
/* The same with FROM, which must occur exactly once, replaced by TO: a
 * captured state with one detail changed by hand. */
gchar *test_fixture_edited(const char *dir, const char *name, const char *from,
    const char *to);

#endif
