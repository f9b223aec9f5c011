/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mailsink: the lab's appliance service, run by ocf:hapair:service.
 *
 *   mailsink --listen ADDR:PORT --spool FILE [--node NAME]
 *
 * Every line a client sends is one record: it is appended to the spool as
 * "<id> <line>\n", the spool is fsync()ed, and only then is the line
 * acknowledged with "OK <id> <node>\n". Tests count acknowledged ids and
 * look for them on the replicated volume after every fault, so the one rule
 * this program must never break is: no "OK" for a record that is not on
 * stable storage. A record may be in the spool without an OK (the client
 * vanished, or fsync failed after the write); an OK without the record may
 * never happen. Ids continue across restarts (read back from the spool).
 *
 * A connection first gets "220 <node> hapair-mailsink\n", so a probe that
 * reads one line sees which node answered. Errors are "ERR <reason>\n".
 * One process, one poll() loop; SIGTERM stops listening, sends the replies
 * already due and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MS_LINE_MAX 4096		/* longest record, without its line end */
#define MS_IN_CAP (MS_LINE_MAX + 2)	/* room for the line, "\r" and "\n" */
#define MS_REPLY_MAX 256		/* "OK <id> <node>\n" or "ERR <reason>\n" */
#define MS_OUT_CAP 4096			/* replies a slow reader may owe us */
#define MS_NODE_MAX 64
#define MS_TAIL_SCAN 16384		/* > one record, so the last one is found */
#define MS_DRAIN_MS 2000		/* how long SIGTERM waits for slow readers */
#define MS_BACKLOG 128

struct ms_client {
	int fd;
	char in[MS_IN_CAP];
	size_t in_len;
	bool discarding;	/* inside a line already answered "ERR too long" */
	bool eof;		/* the client closed its side: answer, then close */
	char out[MS_OUT_CAP];
	size_t out_len;
};

struct ms_spool {
	int fd;
	const char *path;
	bool regular;		/* a device such as /dev/full can't be scanned or cut */
	bool damaged;		/* a failed write could not be undone */
	off_t good_size;	/* end of the last complete, fsync()ed record */
	uint64_t last_id;
};

static volatile sig_atomic_t ms_stop;
static const char *ms_node;
static struct ms_spool ms_spool;

static void
ms_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mailsink: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void
ms_on_signal(int sig)
{
	(void)sig;
	ms_stop = 1;
}

static int64_t
ms_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- spool */

/* A new spool file only survives a crash once its directory entry is on
 * disk too. */
static int
ms_fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (copy == NULL)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	free(copy);
	return rc;
}

/* Find the last record's id. A torn record at the end (a crash or a full
 * disk in the middle of a write) was never acknowledged: cut it off, so
 * that the next record starts on a line of its own. */
static int
ms_spool_scan(struct ms_spool *sp)
{
	static char buf[MS_TAIL_SCAN + 1];
	struct stat st;
	off_t size, start;
	ssize_t n;
	char *end, *line, *stop;

	if (fstat(sp->fd, &st) < 0)
		return -errno;
	size = st.st_size;
	start = size > MS_TAIL_SCAN ? size - MS_TAIL_SCAN : 0;
	n = pread(sp->fd, buf, (size_t)(size - start), start);
	if (n < 0)
		return -errno;
	if (n != size - start)
		return -EIO;
	buf[n] = '\0';
	end = memrchr(buf, '\n', (size_t)n);
	if (end == NULL && start > 0) {
		ms_log("%s: no line end in its last %d bytes: not a mailsink spool",
		       sp->path, MS_TAIL_SCAN);
		return -EINVAL;
	}
	sp->good_size = end == NULL ? 0 : start + (end - buf) + 1;
	if (sp->good_size < size) {
		if (ftruncate(sp->fd, sp->good_size) < 0 || fsync(sp->fd) < 0)
			return -errno;
		ms_log("%s: cut %jd bytes of a torn, unacknowledged record",
		       sp->path, (intmax_t)(size - sp->good_size));
	}
	sp->last_id = 0;
	if (end == NULL)
		return 0;
	*end = '\0';
	line = memrchr(buf, '\n', (size_t)(end - buf));
	if (line == NULL && start > 0)
		return -EINVAL;
	line = line == NULL ? buf : line + 1;
	errno = 0;
	sp->last_id = strtoull(line, &stop, 10);
	if (errno != 0 || stop == line || *stop != ' ') {
		ms_log("%s: last line does not start with a record id", sp->path);
		return -EINVAL;
	}
	return 0;
}

static int
ms_spool_open(struct ms_spool *sp, const char *path)
{
	struct stat st;
	bool created = false;
	int rc;

	sp->path = path;
	sp->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (sp->fd < 0 && errno == ENOENT) {
		sp->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		created = true;
	}
	if (sp->fd < 0 || fstat(sp->fd, &st) < 0)
		return -errno;
	if (created && (rc = ms_fsync_dir_of(path)) < 0)
		return rc;
	sp->regular = S_ISREG(st.st_mode);
	return sp->regular ? ms_spool_scan(sp) : 0;
}

/* Append one record and make it durable. Returns its id, or a negative
 * errno; on failure the id is not used and, where possible, the file is
 * cut back so that no partial record stays behind. */
static int64_t
ms_spool_append(struct ms_spool *sp, const char *line, size_t len)
{
	char rec[32 + MS_LINE_MAX];
	uint64_t id = sp->last_id + 1;
	int n, err;
	ssize_t w;

	if (sp->damaged)
		return -EIO;
	/* memcpy, not "%.*s": a NUL byte in the line must not shorten it */
	n = snprintf(rec, sizeof(rec), "%" PRIu64 " ", id);
	memcpy(rec + n, line, len);
	n += (int)len;
	rec[n++] = '\n';
	/* One write() on an O_APPEND descriptor: the record lands in one piece
	 * or fails; a short write means the disk filled up part way. */
	w = write(sp->fd, rec, (size_t)n);
	if (w == n && fsync(sp->fd) == 0) {
		sp->good_size += n;
		sp->last_id = id;
		return (int64_t)id;
	}
	err = w < 0 || w == n ? errno : ENOSPC;
	if (sp->regular && ftruncate(sp->fd, sp->good_size) < 0) {
		ms_log("%s: cannot cut back a failed record (%s): refusing records until restarted",
		       sp->path, strerror(errno));
		sp->damaged = true;
	}
	ms_log("%s: record %" PRIu64 " not stored: %s", sp->path, id, strerror(err));
	return -err;
}

/* --------------------------------------------------------------- clients */

static void
ms_reply(struct ms_client *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->out + c->out_len, MS_OUT_CAP - c->out_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->out_len += (size_t)n < MS_OUT_CAP - c->out_len ? (size_t)n : 0;
}

static void
ms_record(struct ms_client *c, const char *line, size_t len)
{
	int64_t id;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > MS_LINE_MAX) {
		ms_reply(c, "ERR too long (more than %d bytes)\n", MS_LINE_MAX);
		return;
	}
	if (len == 0) {
		ms_reply(c, "ERR empty line\n");
		return;
	}
	id = ms_spool_append(&ms_spool, line, len);
	if (id < 0)
		ms_reply(c, "ERR %s\n", ms_spool.damaged ? "spool damaged, restart mailsink"
							 : strerror((int)-id));
	else
		ms_reply(c, "OK %" PRId64 " %s\n", id, ms_node);
}

/* Handle the complete lines in the input buffer, as long as there is room
 * for their replies: a client that does not read its replies is not read
 * from either, rather than buffering without bound. */
static void
ms_process(struct ms_client *c)
{
	char *nl;
	size_t len;

	while (c->out_len + MS_REPLY_MAX <= MS_OUT_CAP) {
		nl = memchr(c->in, '\n', c->in_len);
		if (nl == NULL) {
			if (c->in_len < MS_IN_CAP)
				return;
			/* full without a line end: answer now, drop the rest of the line */
			if (!c->discarding)
				ms_reply(c, "ERR too long (more than %d bytes)\n", MS_LINE_MAX);
			c->discarding = true;
			c->in_len = 0;
			continue;
		}
		len = (size_t)(nl - c->in);
		if (c->discarding)
			c->discarding = false;
		else
			ms_record(c, c->in, len);
		c->in_len -= len + 1;
		memmove(c->in, nl + 1, c->in_len);
	}
}

/* Returns -1 when the connection is dead. */
static int
ms_flush(struct ms_client *c)
{
	ssize_t n;

	while (c->out_len > 0) {
		n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		c->out_len -= (size_t)n;
		memmove(c->out, c->out + n, c->out_len);
	}
	return 0;
}

/* Returns -1 when the connection should be closed now. */
static int
ms_read(struct ms_client *c)
{
	ssize_t n;

	n = recv(c->fd, c->in + c->in_len, MS_IN_CAP - c->in_len, MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0) {
		/* A line without its end is a client that gave up mid-record:
		 * it is never stored nor acknowledged. Complete lines before it
		 * still are (a client may half-close and wait for its replies). */
		char *nl = memrchr(c->in, '\n', c->in_len);

		c->eof = true;
		c->in_len = nl == NULL ? 0 : (size_t)(nl - c->in) + 1;
		return 0;
	}
	c->in_len += (size_t)n;
	return 0;
}

/* ------------------------------------------------------------------ main */

static int
ms_listen(const char *spec)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	char host[256];
	const char *colon = strrchr(spec, ':');
	size_t hlen;
	int fd, one = 1, rc;

	if (colon == NULL || (hlen = (size_t)(colon - spec)) >= sizeof(host)) {
		ms_log("--listen wants ADDR:PORT, e.g. 127.0.0.1:2525 or [::1]:2525, not '%s'", spec);
		return -1;
	}
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai);
	if (rc != 0) {
		ms_log("--listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/* SO_REUSEADDR: a restart after a crash must not wait out TIME_WAIT */
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, MS_BACKLOG) < 0) {
		ms_log("cannot listen on %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static void
ms_usage(FILE *f)
{
	fputs("usage: mailsink --listen ADDR:PORT --spool FILE [--node NAME]\n", f);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "spool", required_argument, NULL, 's' },
		{ "node", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char hostname[MS_NODE_MAX + 1];
	const char *listen_spec = NULL, *spool_path = NULL;
	struct ms_client **clients = NULL;
	struct pollfd *pfds = NULL;
	size_t nclients = 0, i;
	struct sigaction sa = { .sa_handler = ms_on_signal };
	sigset_t block, unblocked;
	int64_t drain_deadline = 0;
	bool accept_paused = false;
	int lfd, opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': listen_spec = optarg; break;
		case 's': spool_path = optarg; break;
		case 'n': ms_node = optarg; break;
		case 'h': ms_usage(stdout); return 0;
		default: ms_usage(stderr); return 2;
		}
	}
	if (listen_spec == NULL || spool_path == NULL || optind != argc) {
		ms_usage(stderr);
		return 2;
	}
	if (ms_node == NULL) {
		if (gethostname(hostname, MS_NODE_MAX) < 0)
			strcpy(hostname, "unknown");
		ms_node = hostname;
	}
	if (strlen(ms_node) > MS_NODE_MAX || ms_node[0] == '\0' || strpbrk(ms_node, " \t\r\n")) {
		ms_log("--node wants a name of 1 to %d characters without blanks", MS_NODE_MAX);
		return 2;
	}
	if ((rc = ms_spool_open(&ms_spool, spool_path)) < 0) {
		ms_log("cannot use spool %s: %s", spool_path, strerror(-rc));
		return 1;
	}
	if ((lfd = ms_listen(listen_spec)) < 0)
		return 1;

	/* Signals stay blocked except inside ppoll(), so a SIGTERM can't slip
	 * in between the check of ms_stop and going to sleep. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	ms_log("%s listening on %s, spool %s, next id %" PRIu64,
	       ms_node, listen_spec, spool_path, ms_spool.last_id + 1);

	for (;;) {
		size_t npfd = 0;
		int timeout = -1;

		if (ms_stop && lfd >= 0) {
			/* stop taking connections and lines; owe only what was acked */
			close(lfd);
			lfd = -1;
			drain_deadline = ms_now_ms() + MS_DRAIN_MS;
			ms_log("stopping: no new connections, sending the replies due");
		}
		if (lfd < 0) {
			bool owed = false;

			for (i = 0; i < nclients; i++)
				owed |= clients[i]->out_len > 0;
			if (!owed || ms_now_ms() >= drain_deadline)
				break;
			timeout = (int)(drain_deadline - ms_now_ms());
		}

		pfds = realloc(pfds, (nclients + 1) * sizeof(*pfds));
		if (pfds == NULL) {
			ms_log("out of memory");
			return 1;
		}
		if (lfd >= 0 && !accept_paused)
			pfds[npfd++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < nclients; i++) {
			struct ms_client *c = clients[i];
			short ev = 0;

			if (lfd >= 0 && !c->eof && c->in_len < MS_IN_CAP &&
			    c->out_len + MS_REPLY_MAX <= MS_OUT_CAP)
				ev |= POLLIN;
			if (c->out_len > 0)
				ev |= POLLOUT;
			pfds[npfd++] = (struct pollfd){ .fd = c->fd, .events = ev };
		}
		if (timeout >= 0) {
			struct timespec ts = { timeout / 1000, (timeout % 1000) * 1000000L };
			rc = ppoll(pfds, npfd, &ts, &unblocked);
		} else {
			rc = ppoll(pfds, npfd, NULL, &unblocked);
		}
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			ms_log("poll: %s", strerror(errno));
			return 1;
		}

		/* clients first: pfds[] lines up with clients[] only until we accept */
		size_t first = lfd >= 0 && !accept_paused ? 1 : 0;
		for (i = 0; i < nclients; i++) {
			struct ms_client *c = clients[i];
			short re = pfds[first + i].revents;
			int dead = 0;

			if (re & (POLLIN | POLLHUP | POLLERR)) {
				if (lfd >= 0 && !c->eof && c->in_len < MS_IN_CAP)
					dead = ms_read(c);
				else if (re & POLLERR)
					dead = -1;
			}
			if (dead == 0 && c->out_len > 0)
				dead = ms_flush(c);
			if (dead == 0 && lfd >= 0) {
				/* new lines, and lines held back while replies were owed */
				do {
					ms_process(c);
					dead = ms_flush(c);
				} while (dead == 0 && c->out_len == 0 && memchr(c->in, '\n', c->in_len));
			}
			if (dead == 0 && c->eof && c->in_len == 0 && c->out_len == 0)
				dead = -1;
			if (dead < 0) {
				close(c->fd);
				free(c);
				clients[i] = NULL;
				accept_paused = false;
			}
		}
		for (i = 0; i < nclients;) {	/* compact */
			if (clients[i] == NULL)
				clients[i] = clients[--nclients];
			else
				i++;
		}

		if (first && (pfds[0].revents & POLLIN)) {
			for (;;) {
				struct ms_client *c, **grown;
				int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

				if (fd < 0) {
					if (errno == EMFILE || errno == ENFILE) {
						/* poll would report the listener ready forever */
						ms_log("accept: %s: pausing until a client leaves", strerror(errno));
						accept_paused = true;
					}
					break;
				}
				c = calloc(1, sizeof(*c));
				grown = realloc(clients, (nclients + 1) * sizeof(*clients));
				if (c == NULL || grown == NULL) {
					free(c);
					close(fd);
					clients = grown != NULL ? grown : clients;
					break;
				}
				clients = grown;
				c->fd = fd;
				ms_reply(c, "220 %s hapair-mailsink\n", ms_node);
				ms_flush(c);
				clients[nclients++] = c;
			}
		}
	}
	for (i = 0; i < nclients; i++)
		close(clients[i]->fd);
	ms_log("stopped; last id %" PRIu64, ms_spool.last_id);
	return 0;
}
