/* drbd_events: an incremental parser of `drbdsetup events2` output and the
 * split-brain rule on its state (the rule and its evidence: drbd_events.h).
 *
 * A line is `[TIMESTAMP ]KIND OBJECT key:value...` or `exists -`.  Bytes are
 * gathered until a newline; a line is parsed into a stack copy of the
 * object it names, so a malformed line changes nothing.  Unknown keys,
 * objects (path) and kinds are ignored: newer drbd-utils add fields. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbd_events.h"

#define FIELDS_MAX 48

struct drbd_ev_parser {
	char line[DRBD_EV_LINE_MAX];
	size_t line_len;
	bool line_overflow;         /* drop the rest of an over-long line */
	bool complete;
	bool changed;
	unsigned bad_lines;
	int64_t now_us;
	drbd_ev_change_cb cb;
	void *cb_data;
	size_t n_resources;
	struct drbd_ev_resource *resources[DRBD_EV_RESOURCES_MAX];
};

struct field {
	const char *key;
	const char *value;
};

struct parsed {
	int64_t at_us;              /* the line's timestamp, else the parser's */
	const char *kind;           /* exists create change destroy call response */
	const char *object;         /* resource connection device peer-device helper */
	size_t n_fields;
	struct field fields[FIELDS_MAX];
};

/* ------------------------------------------------------------ helpers */

static const char *
field_get(const struct parsed *l, const char *key)
{
	for (size_t i = 0; i < l->n_fields; i++)
		if (strcmp(l->fields[i].key, key) == 0)
			return l->fields[i].value;
	return NULL;
}

static int
parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

static int
copy_word(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n == 0 || n >= size)
		return -EINVAL;
	memcpy(dst, src, n + 1);
	return 0;
}

static enum drbd_ev_role
role_of(const char *s)
{
	if (strcmp(s, DRBD_EV_ROLE_PRIMARY) == 0)
		return DRBD_EV_ROLE_IS_PRIMARY;
	if (strcmp(s, DRBD_EV_ROLE_SECONDARY) == 0)
		return DRBD_EV_ROLE_IS_SECONDARY;
	return DRBD_EV_ROLE_UNKNOWN;
}

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil): timegm() would do, but is not in POSIX. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* --timestamps: 2026-09-29T14:15:14.414179+08:00 (always µs and an offset) */
static bool
parse_timestamp(const char *s, int64_t *out_us)
{
	int y, mo, d, h, mi, sec, us, oh, om, n = 0;
	char sign;
	int64_t t;

	if (strlen(s) != 32 || s[4] != '-' || s[10] != 'T')
		return false;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6d%c%2d:%2d%n", &y, &mo, &d,
	    &h, &mi, &sec, &us, &sign, &oh, &om, &n) != 10 || n != 32 ||
	    (sign != '+' && sign != '-') || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec;
	t -= (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	*out_us = t * 1000000 + us;
	return true;
}

/* --color wraps state words in ANSI SGR sequences: drop them in place. */
static void
strip_sgr(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if (r[0] == '\033' && r[1] == '[') {
			r += 2;
			while (*r && *r != 'm')
				r++;
			if (*r)
				r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* Split in place into words; key:value pairs split at the first ':'. */
static int
tokenize(struct drbd_ev_parser *p, char *s, struct parsed *l)
{
	char *words[FIELDS_MAX + 3];
	size_t n = 0, w = 0;
	char *save = NULL;

	for (char *t = strtok_r(s, " \t\r", &save); t;
	    t = strtok_r(NULL, " \t\r", &save)) {
		if (n == FIELDS_MAX + 3)
			return -EINVAL;
		words[n++] = t;
	}
	if (n == 0)
		return -EINVAL;
	l->at_us = p->now_us;
	if (parse_timestamp(words[0], &l->at_us))
		w++;
	if (n - w < 2)
		return -EINVAL;
	l->kind = words[w++];
	l->object = words[w++];
	l->n_fields = 0;
	for (; w < n; w++) {
		char *colon = strchr(words[w], ':');

		if (colon == NULL || colon == words[w])
			return -EINVAL;
		*colon = '\0';
		l->fields[l->n_fields].key = words[w];
		l->fields[l->n_fields].value = colon + 1;
		l->n_fields++;
	}
	return 0;
}

/* ------------------------------------------------------------ lookups */

static struct drbd_ev_resource *
res_find(const struct drbd_ev_parser *p, const char *name, size_t *idx)
{
	for (size_t i = 0; i < p->n_resources; i++)
		if (strcmp(p->resources[i]->name, name) == 0) {
			if (idx)
				*idx = i;
			return p->resources[i];
		}
	return NULL;
}

/* Objects are looked up or made on any event: drbd-utils itself prints a
 * `change` for an object whose `create` it never printed (see its tests
 * events2-change-before-exists), and a parser that started late must
 * catch up rather than refuse. */
static struct drbd_ev_resource *
res_get(struct drbd_ev_parser *p, const char *name)
{
	struct drbd_ev_resource *r = res_find(p, name, NULL);

	if (r)
		return r;
	if (p->n_resources == DRBD_EV_RESOURCES_MAX ||
	    strlen(name) >= DRBD_EV_NAME_MAX || *name == '\0')
		return NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	strcpy(r->name, name);
	p->resources[p->n_resources++] = r;
	return r;
}

static struct drbd_ev_device *
dev_get(struct drbd_ev_resource *r, int volume, bool make)
{
	for (size_t i = 0; i < r->n_devices; i++)
		if (r->devices[i].volume == volume)
			return &r->devices[i];
	if (!make || r->n_devices == DRBD_EV_VOLUMES_MAX)
		return NULL;
	r->devices[r->n_devices] = (struct drbd_ev_device){ .volume = volume, .minor = -1 };
	return &r->devices[r->n_devices++];
}

static struct drbd_ev_connection *
conn_get(struct drbd_ev_resource *r, int peer, bool make)
{
	for (size_t i = 0; i < r->n_connections; i++)
		if (r->connections[i].peer_node_id == peer)
			return &r->connections[i];
	if (!make || r->n_connections == DRBD_EV_PEERS_MAX)
		return NULL;
	r->connections[r->n_connections] = (struct drbd_ev_connection){ .peer_node_id = peer };
	return &r->connections[r->n_connections++];
}

static struct drbd_ev_peer_device *
pd_get(struct drbd_ev_connection *c, int volume, bool make)
{
	for (size_t i = 0; i < c->n_peer_devices; i++)
		if (c->peer_devices[i].volume == volume)
			return &c->peer_devices[i];
	if (!make || c->n_peer_devices == DRBD_EV_VOLUMES_MAX)
		return NULL;
	c->peer_devices[c->n_peer_devices] = (struct drbd_ev_peer_device){ .volume = volume };
	return &c->peer_devices[c->n_peer_devices++];
}

/* ------------------------------------------------------------ objects */

static int
apply_resource(struct drbd_ev_parser *p, const struct parsed *l,
    const char *name, bool destroy)
{
	struct drbd_ev_resource *r, tmp;
	const char *v;
	size_t idx;

	if (destroy) {
		if ((r = res_find(p, name, &idx)) == NULL)
			return 0;
		free(r);
		memmove(&p->resources[idx], &p->resources[idx + 1],
		    (p->n_resources - idx - 1) * sizeof(p->resources[0]));
		p->n_resources--;
		return 0;
	}
	if ((r = res_get(p, name)) == NULL)
		return -EINVAL;
	tmp = *r;
	if ((v = field_get(l, "role")))
		tmp.role = role_of(v);
	if ((v = field_get(l, "suspended")) && strcmp(v, "no") != 0)
		tmp.suspended = true;   /* "user", "no-data", "fencing", ... */
	else if (v)
		tmp.suspended = false;
	*r = tmp;
	return 0;
}

static int
apply_device(struct drbd_ev_resource *r, const struct parsed *l, bool destroy)
{
	struct drbd_ev_device *d, tmp;
	const char *v;
	long vol, minor;

	if (parse_int(field_get(l, "volume"), 0, 65535, &vol) < 0)
		return -EINVAL;
	if (destroy) {
		if ((d = dev_get(r, (int)vol, false)) == NULL)
			return 0;
		*d = r->devices[--r->n_devices];
		return 0;
	}
	if ((d = dev_get(r, (int)vol, true)) == NULL)
		return -EINVAL;
	tmp = *d;
	if ((v = field_get(l, "minor"))) {
		if (parse_int(v, 0, 1048575, &minor) < 0)
			return -EINVAL;
		tmp.minor = (int)minor;
	}
	if ((v = field_get(l, "disk")) && copy_word(tmp.disk, sizeof(tmp.disk), v) < 0)
		return -EINVAL;
	*d = tmp;
	return 0;
}

static int
apply_connection(struct drbd_ev_resource *r, const struct parsed *l,
    bool destroy)
{
	struct drbd_ev_connection *c, tmp;
	const char *v;
	long peer;

	if (parse_int(field_get(l, "peer-node-id"), 0, 255, &peer) < 0)
		return -EINVAL;
	if (destroy) {
		if ((c = conn_get(r, (int)peer, false)) == NULL)
			return 0;
		*c = r->connections[--r->n_connections];
		return 0;
	}
	if ((c = conn_get(r, (int)peer, true)) == NULL)
		return -EINVAL;
	tmp = *c;
	if ((v = field_get(l, "conn-name")) &&
	    copy_word(tmp.conn_name, sizeof(tmp.conn_name), v) < 0)
		return -EINVAL;
	if ((v = field_get(l, "role")))
		tmp.peer_role = role_of(v);
	if ((v = field_get(l, "connection"))) {
		if (*v == '\0' || strlen(v) >= DRBD_EV_STATE_MAX)
			return -EINVAL;
		strcpy(tmp.cstate, v);
	}
	*c = tmp;
	return 0;
}

bool
drbd_ev_repl_is_syncing(const char *replication)
{
	static const char *const syncing[] = {
		"SyncSource", "SyncTarget", "PausedSyncS", "PausedSyncT",
		"VerifyS", "VerifyT",
	};

	for (size_t i = 0; i < sizeof(syncing) / sizeof(syncing[0]); i++)
		if (strcmp(replication, syncing[i]) == 0)
			return true;
	return false;
}

/* A replication state other than Off: the handshake succeeded, so a split
 * brain seen before has been repaired. */
static void
repl_changed(struct drbd_ev_resource *r, const char *replication)
{
	if (strcmp(replication, DRBD_EV_REPL_OFF) == 0)
		return;
	r->split_brain = false;
	r->split_brain_at_us = 0;
	r->split_brain_peer = 0;
	r->initial_split_brain = false;
}

static int
apply_peer_device(struct drbd_ev_resource *r, const struct parsed *l,
    bool destroy)
{
	struct drbd_ev_connection *c;
	struct drbd_ev_peer_device *pd, tmp;
	const char *v;
	long peer, vol;
	bool was_syncing;

	if (parse_int(field_get(l, "peer-node-id"), 0, 255, &peer) < 0 ||
	    parse_int(field_get(l, "volume"), 0, 65535, &vol) < 0)
		return -EINVAL;
	if (destroy) {
		if ((c = conn_get(r, (int)peer, false)) == NULL ||
		    (pd = pd_get(c, (int)vol, false)) == NULL)
			return 0;
		*pd = c->peer_devices[--c->n_peer_devices];
		return 0;
	}
	if ((c = conn_get(r, (int)peer, true)) == NULL ||
	    (pd = pd_get(c, (int)vol, true)) == NULL)
		return -EINVAL;
	tmp = *pd;
	was_syncing = drbd_ev_repl_is_syncing(tmp.replication);
	if ((v = field_get(l, "replication")) &&
	    copy_word(tmp.replication, sizeof(tmp.replication), v) < 0)
		return -EINVAL;
	if ((v = field_get(l, "peer-disk")) &&
	    copy_word(tmp.peer_disk, sizeof(tmp.peer_disk), v) < 0)
		return -EINVAL;
	if ((v = field_get(l, "resync-suspended")))
		tmp.resync_suspended = strcmp(v, "no") != 0; /* user, peer, ... */
	if ((v = field_get(l, "done"))) {
		char *end;
		double d = strtod(v, &end);

		if (*end != '\0' || d < 0 || d > 100)
			return -EINVAL;
		tmp.has_done = true;
		tmp.done_pct = d;
	}
	if ((v = field_get(l, "out-of-sync"))) {
		if (parse_u64(v, &tmp.out_of_sync_kib) < 0)
			return -EINVAL;
		tmp.has_out_of_sync = true;
	}
	if (!drbd_ev_repl_is_syncing(tmp.replication)) {
		/* done: belongs to a sync; 100 % is not news after it */
		tmp.has_done = false;
		tmp.sync_start_oos_kib = 0;
	} else if (!was_syncing || tmp.out_of_sync_kib > tmp.sync_start_oos_kib) {
		/* a new sync, or more became out of sync while it ran */
		tmp.sync_start_oos_kib = tmp.out_of_sync_kib;
	}
	*pd = tmp;
	repl_changed(r, tmp.replication);
	return 0;
}

static int
apply_helper(struct drbd_ev_resource *r, const struct parsed *l, bool call)
{
	const char *helper = field_get(l, "helper");
	const char *v;
	long peer = 0;

	if (helper == NULL || *helper == '\0')
		return -EINVAL;
	if (!call) {
		/* response helper ... status:N: nothing to keep */
		if ((v = field_get(l, "status")) && parse_int(v, -1024, 1024, &peer) < 0)
			return -EINVAL;
		return 0;
	}
	if (strcmp(helper, DRBD_EV_HELPER_SPLIT_BRAIN) != 0 &&
	    strcmp(helper, DRBD_EV_HELPER_INITIAL_SB) != 0)
		return 0;
	/* DRBD 9 may call a helper without a peer (resource-wide ones) */
	if ((v = field_get(l, "peer-node-id")) && parse_int(v, 0, 255, &peer) < 0)
		return -EINVAL;
	if (strcmp(helper, DRBD_EV_HELPER_SPLIT_BRAIN) == 0) {
		r->split_brain = true;
		r->split_brain_at_us = l->at_us;
		r->split_brain_peer = (int)peer;
	} else {
		r->initial_split_brain = true;
	}
	return 0;
}

/* ------------------------------------------------------------ lines */

static int
apply_line(struct drbd_ev_parser *p, char *s)
{
	struct parsed l;
	struct drbd_ev_resource *r;
	const char *name;
	bool destroy, call = false;
	int rc;

	strip_sgr(s);
	if (tokenize(p, s, &l) < 0)
		return -EINVAL;
	if (strcmp(l.kind, "exists") == 0 && strcmp(l.object, "-") == 0 &&
	    l.n_fields == 0) {
		if (!p->complete) {
			p->complete = true;
			p->changed = true;
			if (p->cb)
				p->cb(NULL, p->cb_data);
		}
		return 0;
	}
	destroy = strcmp(l.kind, "destroy") == 0;
	if (strcmp(l.kind, "call") == 0 || strcmp(l.kind, "response") == 0) {
		if (strcmp(l.object, "helper") != 0)
			return -EINVAL;
		call = l.kind[0] == 'c';
	} else if (!destroy && strcmp(l.kind, "exists") != 0 &&
	    strcmp(l.kind, "create") != 0 && strcmp(l.kind, "change") != 0) {
		return -EINVAL;
	}
	if ((name = field_get(&l, "name")) == NULL || *name == '\0')
		return -EINVAL;

	if (strcmp(l.object, "resource") == 0)
		rc = apply_resource(p, &l, name, destroy);
	else if ((r = destroy ? res_find(p, name, NULL) : res_get(p, name)) == NULL)
		rc = destroy ? 0 : -EINVAL;
	else if (strcmp(l.object, "connection") == 0)
		rc = apply_connection(r, &l, destroy);
	else if (strcmp(l.object, "device") == 0)
		rc = apply_device(r, &l, destroy);
	else if (strcmp(l.object, "peer-device") == 0)
		rc = apply_peer_device(r, &l, destroy);
	else if (strcmp(l.object, "helper") == 0)
		rc = apply_helper(r, &l, call);
	else
		return 0;   /* path and whatever DRBD adds later */
	if (rc < 0)
		return rc;
	p->changed = true;
	if (p->cb)
		p->cb(name, p->cb_data);
	return 0;
}

int
drbd_ev_feed(struct drbd_ev_parser *p, const char *buf, size_t len)
{
	int rc = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];

		if (ch != '\n') {
			if (p->line_len + 1 < sizeof(p->line) && ch != '\0')
				p->line[p->line_len++] = ch;
			else
				p->line_overflow = true;
			continue;
		}
		p->line[p->line_len] = '\0';
		if (p->line_overflow) {
			p->bad_lines++;
			rc = -EINVAL;
		} else if (p->line_len > 0 && apply_line(p, p->line) < 0) {
			p->bad_lines++;
			rc = -EINVAL;
		}
		p->line_len = 0;
		p->line_overflow = false;
	}
	return rc;
}

/* ------------------------------------------------------------ API */

struct drbd_ev_parser *
drbd_ev_parser_new(void)
{
	return calloc(1, sizeof(struct drbd_ev_parser));
}

void
drbd_ev_parser_free(struct drbd_ev_parser *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_resources; i++)
		free(p->resources[i]);
	free(p);
}

void
drbd_ev_set_callback(struct drbd_ev_parser *p, drbd_ev_change_cb cb,
    void *user_data)
{
	p->cb = cb;
	p->cb_data = user_data;
}

void
drbd_ev_set_time(struct drbd_ev_parser *p, int64_t unix_us)
{
	p->now_us = unix_us;
}

bool
drbd_ev_complete(const struct drbd_ev_parser *p)
{
	return p->complete;
}

unsigned
drbd_ev_bad_lines(const struct drbd_ev_parser *p)
{
	return p->bad_lines;
}

bool
drbd_ev_take_changed(struct drbd_ev_parser *p)
{
	bool c = p->changed;

	p->changed = false;
	return c;
}

const struct drbd_ev_resource *
drbd_ev_resource(const struct drbd_ev_parser *p, const char *name)
{
	return res_find(p, name, NULL);
}

size_t
drbd_ev_n_resources(const struct drbd_ev_parser *p)
{
	return p->n_resources;
}

const struct drbd_ev_resource *
drbd_ev_resource_at(const struct drbd_ev_parser *p, size_t i)
{
	return i < p->n_resources ? p->resources[i] : NULL;
}

bool
drbd_ev_split_brain(const struct drbd_ev_resource *r)
{
	return r->split_brain;
}

const char *
drbd_ev_cstate(const struct drbd_ev_resource *r)
{
	return r->n_connections > 0 ? r->connections[0].cstate :
	    DRBD_EV_CONN_STANDALONE;
}

double
drbd_ev_sync_percent(const struct drbd_ev_peer_device *pd)
{
	if (!drbd_ev_repl_is_syncing(pd->replication))
		return -1;
	if (pd->has_done)
		return pd->done_pct;
	if (pd->has_out_of_sync && pd->sync_start_oos_kib > 0)
		return 100.0 * (double)(pd->sync_start_oos_kib - pd->out_of_sync_kib) /
		    (double)pd->sync_start_oos_kib;
	return 0;
}
