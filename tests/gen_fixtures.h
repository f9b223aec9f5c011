/* gen_fixtures: the parameter sets behind the golden files.
 *
 * The unit tests compare each rendering with tests/golden/NAME, and
 * tests/generators.test feeds the same renderings (through gen_dump) to
 * the real corosync, drbdadm and crm_verify, so what the tools accept is
 * exactly what the golden files pin. */
#ifndef HP_GEN_FIXTURES_H
#define HP_GEN_FIXTURES_H

#include <stddef.h>
#include <glib.h>

#include "drbd_res.h"
#include "fo_cib_build.h"
#include "hb_corosync_conf.h"

enum gen_kind { GEN_COROSYNC, GEN_DRBD, GEN_CIB };

struct gen_shape {
	const char *name;              /* its golden file under tests/golden/ */
	enum gen_kind kind;
	const void *params;            /* hb_corosync_params, drbd_res_params, fo_cib_params */
};

extern const struct gen_shape gen_shapes[];
extern const size_t gen_nshapes;

const struct gen_shape *gen_shape_find(const char *name);

/* Render SHAPE into OUT with the generator of its kind. */
int gen_render(const struct gen_shape *shape, GString *out, char *err, size_t errlen);

/* The two node names of SHAPE (the host names the tools must run as). */
void gen_node_names(const struct gen_shape *shape, const char *names[2]);

#endif
