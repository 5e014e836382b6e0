/*
** alerts: e-mail alerts for the public (schema 0006_alerts.sql). A visitor
** follows a keyword search, a member or a committee. Subscribing creates a
** pending subscription with a random confirmation token (stored as its
** SHA-256) valid for ALERT_CONFIRM_HOURS; confirming it (once) activates
** it and sets its watermarks to the newest speech and sitting, so the
** first digest holds only what came later. Each digest (majlis alerts
** send) lists what is new since the watermarks, then moves them. Every
** mail carries the subscription's unsubscribe token; unsubscribing erases
** the address. Confirmations and unsubscriptions are audited by
** subscription id only (no address in the append-only trail).
*/
#ifndef MJ_ALERTS_H
#define MJ_ALERTS_H

#include <stdint.h>

#include "base.h"
#include "db.h"

#define ALERT_PENDING_PER_EMAIL 5 /* unconfirmed subscriptions per address */
#define ALERT_PER_ADDRESS_HOUR 20 /* subscription attempts per client address per hour */
#define ALERT_CONFIRM_HOURS 48
#define ALERT_TARGET_MAX 200      /* bytes of a keyword search */
#define ALERT_DIGEST_MAX 50       /* items listed in one digest */

/* 1 when s is a plausible mail address (ASCII local part and domain). */
int alerts_email_valid(const char *s);

typedef struct AlertSub {
  int64_t id;
  const char *email; /* NULL once unsubscribed */
  const char *lang, *kind, *target, *status;
  const char *unsub_token;
  int64_t last_speech_id, last_sitting_id;
  const char *label; /* what is followed, in the subscription's language */
} AlertSub;

/* Creates a pending subscription. kind is keyword|member|committee; target
** the search, or the member's or committee's id. `client` is the client
** address (only its hash is kept, for an hour). MJ_EINVAL for a bad
** address, kind or target; MJ_ENOTFOUND for an unknown member or committee;
** MJ_ECONFLICT over a rate limit. When the same address already follows the
** same thing actively, nothing is created: MJ_OK with sub->id 0. Otherwise
** token receives the confirmation token (65 bytes, hex). */
int alerts_subscribe(Db *db, Arena *a, const char *email, const char *lang, const char *kind, const char *target,
                     const char *client, int64_t now, AlertSub *sub, char token[65]);
/* Deletes a pending subscription whose confirmation mail could not be sent. */
int alerts_forget(Db *db, int64_t id);
/* Looks up a pending subscription by its confirmation token, changing
** nothing. MJ_ENOTFOUND when the token is unknown, used or expired. */
int alerts_confirm_lookup(Db *db, Arena *a, const char *token, int64_t now, AlertSub *sub);
/* Confirms (once): active, watermarks set, token cleared, audited. */
int alerts_confirm(Db *db, Arena *a, const char *token, int64_t now, AlertSub *sub);
/* Looks up a subscription by its unsubscribe token, changing nothing. */
int alerts_unsub_lookup(Db *db, Arena *a, const char *token, AlertSub *sub);
/* Ends it (idempotent): status unsubscribed, address erased, audited. */
int alerts_unsubscribe(Db *db, Arena *a, const char *token, AlertSub *sub);

/* The confirmation mail for a new subscription. */
void alerts_confirm_mail(const AlertSub *s, const char *base_url, const char *token, Buf *subject, Buf *body);

/* Digests. For each active subscription, what is new since its
** watermarks (up to the newest speech and sitting when the run began):
** the digest text in its language. `send` gets each mail; when it returns
** MJ_OK (and not dry_run) the watermarks move and last_digest_at is set.
** Subscriptions with nothing new get no mail. Expired pending ones are
** deleted. */
typedef int (*AlertSendFn)(void *arg, const AlertSub *s, const char *subject, const char *body,
                           const char *unsubscribe_url);
typedef struct AlertRun {
  int active, sent, empty, failed, purged;
} AlertRun;
int alerts_run(Db *db, const char *base_url, int dry_run, int64_t now, AlertSendFn send, void *arg, AlertRun *out);

/* Every subscription, for `majlis alerts list` (fn per row). */
int alerts_list(Db *db, Arena *a, void (*fn)(void *arg, const AlertSub *s, const char *created, const char *last),
                void *arg);

#endif
