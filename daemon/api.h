/* api: the HTTPS API and web UI server (libsoup 3).
 *
 *   POST /api/v1/login   {"password": "..."}  -> 200 + session cookie
 *   POST /api/v1/logout  (X-CSRF-Token)
 *   GET  /api/v1/session -> {"csrf": ...} for a page reloaded with its cookie
 *   GET  /api/v1/status  -> status_build()    (needs a session)
 *   GET  /               static files from cfg.www_dir
 *
 * The certificate is self-signed on first start and kept in the state
 * directory (cfg_tls_dir). */
#ifndef HP_API_H
#define HP_API_H

#include <glib.h>

#include "hpd.h"

int api_start(struct hpd *d, GError **error);
void api_stop(struct hpd *d);

#endif
