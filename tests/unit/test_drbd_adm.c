/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_adm: from drbdadm's real failure output (tests/fixtures/drbdadm/,
 * captured in the uml lab) the cause is drbdsetup's failure line with the
 * kernel's note, never drbdadm's "Command ... terminated" trailer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "drbd_adm.h"
#include "fixture.h"

static gchar *
fixture(const char *name)
{
	return test_fixture("drbdadm", name);
}

static void
assert_reason(const char *name, const char *want)
{
	gchar *text = fixture(name);
	char buf[512];

	drbd_adm_reason(text, buf, sizeof(buf));
	assert_string_equal(buf, want);
	g_free(text);
}

static void
config_failure_gets_the_kernels_note(void **state)
{
	(void)state;
	assert_reason("84-secondary-down.txt",
	    "0: Failure: (127) Device minor not allocated (kernel: unknown minor)");
	assert_reason("84-disconnect-standalone.txt",
	    "??: Failure: (162) Invalid configuration request (kernel: unknown connection)");
}

static void
failure_without_a_note_is_the_line_alone(void **state)
{
	(void)state;
	assert_reason("84-connect-twice.txt", "r0: Failure: (102) Local address(port) already in use.");
}

static void
refused_state_change_is_the_cause(void **state)
{
	(void)state;
	assert_reason("84-secondary-held-open.txt",
	    "0: State change failed: (-12) Device is held open by someone");
	assert_reason("84-primary-peer-primary.txt",
	    "0: State change failed: (-1) Multiple primaries not allowed by config");
}

/* drbdmeta's complaint has no "Failure:": the line before the trailer */
static void
other_output_gives_the_last_line_before_the_trailer(void **state)
{
	(void)state;
	assert_reason("84-up-attached.txt", "Device '0' is configured!");
}

static void
trailer_alone_or_nothing(void **state)
{
	char buf[128];

	(void)state;
	drbd_adm_reason("Command 'drbdsetup-84 down r0' terminated with exit code 20\n", buf,
	    sizeof(buf));
	assert_string_equal(buf, "Command 'drbdsetup-84 down r0' terminated with exit code 20");
	drbd_adm_reason("\n\n", buf, sizeof(buf));
	assert_string_equal(buf, "");
	drbd_adm_reason(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void
a_short_buffer_is_cut_not_overrun(void **state)
{
	gchar *text = fixture("84-secondary-down.txt");
	char buf[16];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	drbd_adm_reason(text, buf, 12);
	assert_string_equal(buf, "0: Failure:");
	assert_int_equal(buf[12], 'z');
	g_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_failure_gets_the_kernels_note),
		cmocka_unit_test(failure_without_a_note_is_the_line_alone),
		cmocka_unit_test(refused_state_change_is_the_cause),
		cmocka_unit_test(other_output_gives_the_last_line_before_the_trailer),
		cmocka_unit_test(trailer_alone_or_nothing),
		cmocka_unit_test(a_short_buffer_is_cut_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
