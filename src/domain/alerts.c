/*
** alerts.c: subscriptions, confirmation, unsubscription and digests (see
** alerts.h).
*/
#include "alerts.h"

#include <sodium.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "parl.h"
#include "search.h"

/* ---- helpers ---- */

static void sha256_hex(const char *s, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  if (sodium_init() < 0) mj_die("libsodium failed to initialise");
  crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
  sodium_bin2hex(out, 65, h, sizeof h);
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

static Lang lang_of(const char *code) {
  int l = i18n_parse(code ? code : "");
  return l < 0 ? LANG_EN : (Lang)l;
}

static void iso_now(int64_t now, char out[24]) { mj_iso8601(now, out, 24); }

static const Actor *public_actor(void) {
  static const Actor a = {0, "public", "web", 0};
  return &a;
}

int alerts_email_valid(const char *s) {
  if (!s) return 0;
  size_t n = strlen(s);
  const char *at = strrchr(s, '@');
  if (n < 3 || n > 254 || !at || at == s || (size_t)(at - s) > 64 || !at[1]) return 0;
  for (const char *p = s; p < at; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= 0x20 || c >= 0x7F || strchr("<>()[]\\,;:\"@", c)) return 0;
  }
  if (s[0] == '.' || at[-1] == '.' || strstr(s, "..")) return 0;
  const char *d = at + 1;
  int dots = 0;
  size_t label = 0;
  for (const char *p = d; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '.') {
      if (!label || p[-1] == '-') return 0;
      dots++;
      label = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return 0;
    if (c == '-' && !label) return 0;
    if (++label > 63) return 0;
  }
  return dots >= 1 && label > 0;
}

/* What a subscription follows, in `lang`: NULL when the member or committee
** does not exist. */
static const char *target_label(Db *db, Arena *a, const char *kind, const char *target, const char *lang) {
  Lang l = lang_of(lang);
  if (strcmp(kind, "keyword") == 0) return arena_printf(a, "%s \xE2\x80\x9C%s\xE2\x80\x9D", i18n_tr(l, "speeches matching"), target);
  long long id;
  if (mj_parse_int(target, 1, INT64_MAX, &id)) return NULL;
  int member = strcmp(kind, "member") == 0;
  sqlite3_stmt *st = db_stmt(db, member ? "SELECT name_ar, name_en, name_az FROM person WHERE id=?1"
                                        : "SELECT name_ar, name_en, name_az FROM organization WHERE id=?1 AND classification='committee'");
  if (!st) return NULL;
  sqlite3_bind_int64(st, 1, id);
  const char *out = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    Names nm = {col(a, st, 0), col(a, st, 1), col(a, st, 2)};
    out = arena_printf(a, "%s %s", i18n_tr(l, member ? "speeches of" : "sittings of"), parl_name(&nm, lang));
  }
  db_done(st);
  return out;
}

#define SUB_COLS "id, email, lang, kind, target, status, unsub_token, last_speech_id, last_sitting_id"

static void read_sub(Db *db, Arena *a, sqlite3_stmt *st, AlertSub *s) {
  memset(s, 0, sizeof *s);
  s->id = sqlite3_column_int64(st, 0);
  s->email = col(a, st, 1);
  s->lang = col(a, st, 2);
  s->kind = col(a, st, 3);
  s->target = col(a, st, 4);
  s->status = col(a, st, 5);
  s->unsub_token = col(a, st, 6);
  s->last_speech_id = sqlite3_column_int64(st, 7);
  s->last_sitting_id = sqlite3_column_int64(st, 8);
  (void)db;
}

static void fill_label(Db *db, Arena *a, AlertSub *s) {
  s->label = target_label(db, a, s->kind, s->target, s->lang);
  if (!s->label) s->label = arena_printf(a, "%s %s", s->kind, s->target);
}

/* ---- subscribing ---- */

int alerts_subscribe(Db *db, Arena *a, const char *email, const char *lang, const char *kind, const char *target,
                     const char *client, int64_t now, AlertSub *sub, char token[65]) {
  memset(sub, 0, sizeof *sub);
  token[0] = 0;
  if (!email || !*email) return mj_fail(MJ_EINVAL, "give your e-mail address");
  if (!alerts_email_valid(email)) return mj_fail(MJ_EINVAL, "that does not look like an e-mail address (name@example.org)");
  if (!kind || (strcmp(kind, "keyword") && strcmp(kind, "member") && strcmp(kind, "committee")))
    return mj_fail(MJ_EINVAL, "choose what to follow: a keyword search, a member or a committee");
  if (!target || !*target) return mj_fail(MJ_EINVAL, "say what to follow: the search words, or the member or committee");
  if (i18n_parse(lang ? lang : "") < 0) lang = "en";
  if (strcmp(kind, "keyword") == 0) {
    if (strlen(target) > ALERT_TARGET_MAX)
      return mj_fail(MJ_EINVAL, "a search to follow may have at most %d characters", ALERT_TARGET_MAX);
    SearchQuery q;
    int rc = search_parse(a, target, &q);
    if (rc) return rc;
    if (search_query_empty(&q)) return mj_fail(MJ_EINVAL, "the search has nothing to look for; give words or a filter");
  } else {
    long long id;
    if (mj_parse_int(target, 1, INT64_MAX, &id))
      return mj_fail(MJ_EINVAL, "the %s to follow is given by its number", kind);
    if (!target_label(db, a, kind, target, lang))
      return mj_fail(MJ_ENOTFOUND, "there is no %s with the number %s", kind, target);
    target = arena_printf(a, "%lld", id);
  }
  /* lower-case the address so limits and duplicates see one address */
  char *em = arena_strdup(a, email);
  for (char *p = em; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  char iph[65];
  sha256_hex(client ? client : "-", iph);
  int rc = db_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st;
  int64_t n = 0, pend = 0, dup = 0;
  if ((st = db_stmt(db, "DELETE FROM alert_throttle WHERE at<?1"))) {
    sqlite3_bind_int64(st, 1, now - 3600);
    sqlite3_step(st);
    db_done(st);
  }
  if ((st = db_stmt(db, "SELECT count(*) FROM alert_throttle WHERE address_hash=?1 AND at>=?2"))) {
    sqlite3_bind_text(st, 1, iph, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now - 3600);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    db_done(st);
  }
  if ((st = db_stmt(db, "SELECT count(*) FROM alert_subscription WHERE email=?1 AND status='pending' AND confirm_expires>=?2"))) {
    sqlite3_bind_text(st, 1, em, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    if (sqlite3_step(st) == SQLITE_ROW) pend = sqlite3_column_int64(st, 0);
    db_done(st);
  }
  if ((st = db_stmt(db, "SELECT count(*) FROM alert_subscription WHERE email=?1 AND kind=?2 AND target=?3 AND status='active'"))) {
    sqlite3_bind_text(st, 1, em, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) dup = sqlite3_column_int64(st, 0);
    db_done(st);
  }
  if (n >= ALERT_PER_ADDRESS_HOUR) {
    db_rollback(db);
    return mj_fail(MJ_ECONFLICT, "too many subscriptions from your network in the last hour (at most %d); try again later",
                   ALERT_PER_ADDRESS_HOUR);
  }
  if (pend >= ALERT_PENDING_PER_EMAIL) {
    db_rollback(db);
    return mj_fail(MJ_ECONFLICT, "this address has %d subscriptions waiting for confirmation; confirm them (see your "
                   "mail) or wait %d hours before asking for more", ALERT_PENDING_PER_EMAIL, ALERT_CONFIRM_HOURS);
  }
  rc = (st = db_stmt(db, "INSERT INTO alert_throttle(address_hash, at) VALUES(?1, ?2)")) ? MJ_OK : MJ_EIO;
  if (st) {
    sqlite3_bind_text(st, 1, iph, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "recording a subscription attempt");
    db_done(st);
  }
  if (!rc && !dup) {
    char th[65], unsub[65], created[24];
    mj_random_hex(token, 32);
    mj_random_hex(unsub, 32);
    sha256_hex(token, th);
    iso_now(now, created);
    st = db_stmt(db, "INSERT INTO alert_subscription(email, lang, kind, target, status, confirm_hash, confirm_expires, "
                     "unsub_token, created_at) VALUES(?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?7, ?8)");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_text(st, 1, em, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 5, th, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 6, now + ALERT_CONFIRM_HOURS * 3600);
      sqlite3_bind_text(st, 7, unsub, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 8, created, -1, SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "saving the subscription");
      db_done(st);
    }
    if (!rc) {
      sub->id = sqlite3_last_insert_rowid(db_handle(db));
      sub->email = em;
      sub->lang = arena_strdup(a, lang);
      sub->kind = arena_strdup(a, kind);
      sub->target = target;
      sub->status = "pending";
      sub->unsub_token = arena_strdup(a, unsub);
      fill_label(db, a, sub);
    }
  }
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (rc) token[0] = 0;
  return rc;
}

int alerts_forget(Db *db, int64_t id) {
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM alert_subscription WHERE id=?1 AND status='pending'");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st) == SQLITE_DONE ? MJ_OK : db_err(db, "removing the subscription");
  db_done(st);
  return rc;
}

static int valid_token(const char *t) {
  if (!t || strlen(t) != 64) return 0;
  for (const char *p = t; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
  return 1;
}

int alerts_confirm_lookup(Db *db, Arena *a, const char *token, int64_t now, AlertSub *sub) {
  memset(sub, 0, sizeof *sub);
#define GONE "this confirmation link is unknown, already used or expired (links work for %d hours); subscribe again at /alerts"
  if (!valid_token(token)) return mj_fail(MJ_ENOTFOUND, GONE, ALERT_CONFIRM_HOURS);
  char th[65];
  sha256_hex(token, th);
  sqlite3_stmt *st = db_stmt(db, "SELECT " SUB_COLS " FROM alert_subscription WHERE confirm_hash=?1 AND status='pending' "
                                 "AND confirm_expires>=?2");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, now);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) read_sub(db, a, st, sub);
  db_done(st);
  if (!found) return mj_fail(MJ_ENOTFOUND, GONE, ALERT_CONFIRM_HOURS);
#undef GONE
  fill_label(db, a, sub);
  return MJ_OK;
}

int alerts_confirm(Db *db, Arena *a, const char *token, int64_t now, AlertSub *sub) {
  int rc = db_begin(db);
  if (rc) return rc;
  rc = alerts_confirm_lookup(db, a, token, now, sub);
  if (!rc) {
    char at[24];
    iso_now(now, at);
    sqlite3_stmt *st = db_stmt(db, "UPDATE alert_subscription SET status='active', confirm_hash=NULL, confirm_expires=NULL, "
                                   "confirmed_at=?2, last_digest_at=?2, "
                                   "last_speech_id=(SELECT coalesce(max(id),0) FROM speech), "
                                   "last_edition_id=(SELECT coalesce(max(id),0) FROM edition), "
                                   "last_sitting_id=(SELECT coalesce(max(id),0) FROM sitting) WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, sub->id);
      sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "confirming the subscription");
      db_done(st);
    }
    if (!rc)
      rc = audit_append(db, public_actor(), "alert.confirm", arena_printf(a, "alert/%lld", (long long)sub->id),
                        "alert subscription %lld confirmed (%s %s)", (long long)sub->id, sub->kind,
                        strcmp(sub->kind, "keyword") == 0 ? "search" : sub->target);
  }
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (!rc) sub->status = "active";
  return rc;
}

int alerts_unsub_lookup(Db *db, Arena *a, const char *token, AlertSub *sub) {
  memset(sub, 0, sizeof *sub);
  if (!valid_token(token)) return mj_fail(MJ_ENOTFOUND, "this unsubscribe link is unknown; copy the whole link from the mail");
  sqlite3_stmt *st = db_stmt(db, "SELECT " SUB_COLS " FROM alert_subscription WHERE unsub_token=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) read_sub(db, a, st, sub);
  db_done(st);
  if (!found) return mj_fail(MJ_ENOTFOUND, "this unsubscribe link is unknown; copy the whole link from the mail");
  fill_label(db, a, sub);
  return MJ_OK;
}

int alerts_unsubscribe(Db *db, Arena *a, const char *token, AlertSub *sub) {
  int rc = db_begin(db);
  if (rc) return rc;
  rc = alerts_unsub_lookup(db, a, token, sub);
  if (!rc && strcmp(sub->status, "unsubscribed") != 0) {
    sqlite3_stmt *st = db_stmt(db, "UPDATE alert_subscription SET status='unsubscribed', email=NULL, confirm_hash=NULL, "
                                   "confirm_expires=NULL WHERE id=?1");
    if (!st) rc = MJ_EIO;
    else {
      sqlite3_bind_int64(st, 1, sub->id);
      if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "ending the subscription");
      db_done(st);
    }
    if (!rc)
      rc = audit_append(db, public_actor(), "alert.unsubscribe", arena_printf(a, "alert/%lld", (long long)sub->id),
                        "alert subscription %lld ended by its subscriber", (long long)sub->id);
  }
  if (!rc) rc = db_commit(db);
  else db_rollback(db);
  if (!rc) {
    sub->status = "unsubscribed";
    sub->email = NULL;
  }
  return rc;
}

/* ---- mails ---- */

void alerts_confirm_mail(const AlertSub *s, const char *base_url, const char *token, Buf *subject, Buf *body) {
  Lang l = lang_of(s->lang);
  buf_printf(subject, "%s: %s", i18n_tr(l, "Confirm your e-mail alert"), s->label);
  buf_printf(body, "%s\n\n  %s\n\n%s\n\n  %s/alerts/confirm?token=%s\n\n%s\n", i18n_tr(l, "Someone, probably you, asked for e-mail alerts about:"),
             s->label, i18n_tr(l, "To start them, open this link and press the button to confirm:"), base_url, token,
             i18n_tr(l, "If you did not ask for this, ignore this mail: nothing will be sent without confirmation."));
}

typedef struct Item {
  int64_t id, sitting_id;
  int sitting_number;
  const char *date, *text, *speaker, *body;
} Item;

/* Up to `max` bytes of text, whole characters, with an ellipsis when cut. */
static const char *cut(Arena *a, const char *t, size_t max) {
  size_t n = strlen(t ? t : "");
  if (n <= max) return t ? t : "";
  while (max && ((unsigned char)t[max] & 0xC0) == 0x80) max--;
  return arena_printf(a, "%.*s\xE2\x80\xA6", (int)max, t);
}

/* What is new for a subscription, in the public record only (the view
** public_speech, pubrec.h): a speech of a sitting outside the Hansard
** workflow when its id is past the subscription's speech watermark; a
** published one when the edition that first published it is past its
** edition watermark -- so a record published long after its sitting is
** announced once, when it is published, and a draft never. */
#define NEW_SPEECH                                                                                 \
  "((sp.edition_id IS NULL AND sp.id>?2 AND sp.id<=?3) OR (sp.first_edition_id>?4 AND sp.first_edition_id<=?5))"

static int is_new(Db *db, int64_t id, const int64_t wm[4]) {
  sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM public_speech sp WHERE sp.id=?1 AND " NEW_SPEECH);
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, id);
  for (int i = 0; i < 4; i++) sqlite3_bind_int64(st, 2 + i, wm[i]);
  int yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
  db_done(st);
  return yes;
}

static int collect(Db *db, Arena *a, const AlertSub *s, int64_t max_speech, int64_t max_sitting, int64_t max_edition,
                   Item *items, int *n) {
  *n = 0;
  const char *lang = s->lang;
  /* the watermarks: speeches (after, up to), editions (after, up to) */
  const int64_t wm[4] = {s->last_speech_id, max_speech,
                         db_int(db, "SELECT last_edition_id FROM alert_subscription WHERE id=?1", 1, s->id, 0), max_edition};
  if (strcmp(s->kind, "keyword") == 0) {
    SearchQuery q;
    int rc = search_parse(a, s->target, &q);
    if (rc) return rc;
    /* the subscriber's words as written: a standing alert does not change
    ** what it looks for as the record's vocabulary grows (doc/search.md,
    ** "Words no speech has") */
    q.literal = 1;
    /* the newest 1000 matches by date: new speeches belong to recent sittings */
    for (int page = 0; page < 10 && *n < ALERT_DIGEST_MAX; page++) {
      SearchOptions o = {100, page * 100, 1, 0, 0};
      SearchResult res;
      if ((rc = search_run(db, a, &q, &o, &res))) return rc;
      for (int i = 0; i < res.n && *n < ALERT_DIGEST_MAX; i++) {
        const SearchHit *h = &res.hits[i];
        if (!is_new(db, h->speech_id, wm)) continue;
        Item *it = &items[(*n)++];
        it->id = h->speech_id;
        it->sitting_id = h->sitting_id;
        it->sitting_number = h->sitting_number;
        it->date = h->date;
        it->text = h->text;
        it->speaker = h->person_id ? parl_name(&h->speaker, lang) : "";
        it->body = parl_name(&h->body, lang);
      }
      if (res.n < 100) break;
    }
    return MJ_OK;
  }
  int member = strcmp(s->kind, "member") == 0;
  sqlite3_stmt *st = db_stmt(db, member
    ? "SELECT sp.id, st.id, st.number, st.date, sp.text, p.name_ar, p.name_en, p.name_az, o.name_ar, o.name_en, o.name_az "
      "FROM public_speech sp JOIN sitting st ON st.id=sp.sitting_id JOIN organization o ON o.id=st.body_id "
      "LEFT JOIN person p ON p.id=sp.person_id WHERE sp.person_id=?1 "
      "AND sp.id IN (SELECT id FROM speech WHERE person_id=?1 UNION ALL SELECT id FROM edition_speech WHERE person_id=?1) "
      "AND " NEW_SPEECH " ORDER BY sp.id LIMIT 50"
    : "SELECT 0, st.id, st.number, st.date, coalesce(st.start_time,''), NULL, NULL, NULL, o.name_ar, o.name_en, o.name_az "
      "FROM sitting st JOIN organization o ON o.id=st.body_id WHERE st.body_id=?1 AND st.id>?2 AND st.id<=?3 "
      "ORDER BY st.id LIMIT 50");
  if (!st) return MJ_EIO;
  long long id = 0;
  mj_parse_int(s->target, 1, INT64_MAX, &id);
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, member ? s->last_speech_id : s->last_sitting_id);
  sqlite3_bind_int64(st, 3, member ? max_speech : max_sitting);
  if (member) {
    sqlite3_bind_int64(st, 4, wm[2]);
    sqlite3_bind_int64(st, 5, wm[3]);
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < ALERT_DIGEST_MAX) {
    Item *it = &items[(*n)++];
    it->id = sqlite3_column_int64(st, 0);
    it->sitting_id = sqlite3_column_int64(st, 1);
    it->sitting_number = sqlite3_column_int(st, 2);
    it->date = col(a, st, 3);
    it->text = col(a, st, 4);
    Names p = {col(a, st, 5), col(a, st, 6), col(a, st, 7)}, b = {col(a, st, 8), col(a, st, 9), col(a, st, 10)};
    it->speaker = p.ar ? parl_name(&p, lang) : "";
    it->body = parl_name(&b, lang);
  }
  db_done(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? MJ_OK : db_err(db, "reading new records");
}

static void digest_text(const AlertSub *s, const char *base, const Item *items, int n, Buf *subject, Buf *body) {
  Lang l = lang_of(s->lang);
  buf_printf(subject, "%s: %s (%d)", i18n_tr(l, "New in the record"), s->label, n);
  buf_printf(body, "%s: %s\n\n", i18n_tr(l, "New in the record"), s->label);
  for (int i = 0; i < n; i++) {
    const Item *it = &items[i];
    buf_printf(body, "%d. %s \xC2\xB7 %s %d \xC2\xB7 %s", i + 1, it->date ? it->date : "", i18n_tr(l, "Sitting"),
               it->sitting_number, it->body ? it->body : "");
    if (it->speaker && *it->speaker) buf_printf(body, " \xC2\xB7 %s", it->speaker);
    buf_putc(body, '\n');
    if (it->id) {
      Arena *a = arena_new();
      buf_printf(body, "   %s\n   %s/sittings/%lld#speech-%lld\n\n", cut(a, it->text, 400), base, (long long)it->sitting_id,
                 (long long)it->id);
      arena_free(a);
    } else {
      buf_printf(body, "   %s/sittings/%lld\n\n", base, (long long)it->sitting_id);
    }
  }
  buf_printf(body, "-- \n%s %s/alerts\n%s: %s/alerts/unsubscribe?token=%s\n",
             i18n_tr(l, "You receive this because you subscribed at"), base, i18n_tr(l, "Unsubscribe"), base, s->unsub_token);
}

int alerts_run(Db *db, const char *base_url, int dry_run, int64_t now, AlertSendFn send, void *arg, AlertRun *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = db_stmt(db, "DELETE FROM alert_subscription WHERE status='pending' AND confirm_expires<?1");
  if (st && !dry_run) {
    sqlite3_bind_int64(st, 1, now);
    if (sqlite3_step(st) == SQLITE_DONE) out->purged = sqlite3_changes(db_handle(db));
  }
  if (st) db_done(st);
  int64_t max_speech = db_int(db, "SELECT coalesce(max(id),0) FROM speech", 0, 0, 0);
  int64_t max_sitting = db_int(db, "SELECT coalesce(max(id),0) FROM sitting", 0, 0, 0);
  int64_t max_edition = db_int(db, "SELECT coalesce(max(id),0) FROM edition", 0, 0, 0);
  /* the ids first: sending takes time and each subscription commits alone */
  int64_t *ids = NULL;
  int nids = 0, cap = 0;
  if (!(st = db_stmt(db, "SELECT id FROM alert_subscription WHERE status='active' AND email IS NOT NULL ORDER BY id")))
    return MJ_EIO;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (nids == cap) ids = xrealloc(ids, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *ids);
    ids[nids++] = sqlite3_column_int64(st, 0);
  }
  db_done(st);
  int rc = MJ_OK;
  Item *items = xcalloc(ALERT_DIGEST_MAX, sizeof *items);
  for (int k = 0; k < nids && !rc; k++) {
    Arena *a = arena_new();
    AlertSub s;
    int found = 0;
    if ((st = db_stmt(db, "SELECT " SUB_COLS " FROM alert_subscription WHERE id=?1 AND status='active'"))) {
      sqlite3_bind_int64(st, 1, ids[k]);
      if (sqlite3_step(st) == SQLITE_ROW) {
        read_sub(db, a, st, &s);
        found = s.email != NULL;
      }
      db_done(st);
    }
    if (!found) {
      arena_free(a);
      continue;
    }
    out->active++;
    fill_label(db, a, &s);
    int n = 0;
    int crc = collect(db, a, &s, max_speech, max_sitting, max_edition, items, &n);
    if (crc) {
      log_warn("alert %lld: %s", (long long)s.id, mj_errmsg());
      out->failed++;
      arena_free(a);
      continue;
    }
    int sent = 0;
    if (!n) out->empty++;
    else {
      Buf subj, body;
      buf_init(&subj, 4096);
      buf_init(&body, 1 << 20);
      digest_text(&s, base_url, items, n, &subj, &body);
      const char *unsub = arena_printf(a, "%s/alerts/unsubscribe?token=%s", base_url, s.unsub_token);
      if (send(arg, &s, subj.p, body.p, unsub) == MJ_OK) {
        out->sent++;
        sent = 1;
      } else {
        out->failed++;
      }
      buf_free(&subj);
      buf_free(&body);
    }
    /* watermarks move when the mail went out or there was nothing to say */
    if (!dry_run && (sent || !n)) {
      char at[24];
      iso_now(now, at);
      st = db_stmt(db, "UPDATE alert_subscription SET last_speech_id=max(last_speech_id, ?2), "
                       "last_edition_id=max(last_edition_id, ?5), "
                       "last_sitting_id=max(last_sitting_id, ?3), last_digest_at=coalesce(?4, last_digest_at) "
                       "WHERE id=?1 AND status='active'");
      if (!st) rc = MJ_EIO;
      else {
        sqlite3_bind_int64(st, 1, s.id);
        sqlite3_bind_int64(st, 2, max_speech);
        sqlite3_bind_int64(st, 3, max_sitting);
        sqlite3_bind_int64(st, 5, max_edition);
        if (sent) sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
        else sqlite3_bind_null(st, 4);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, "recording the digest");
        db_done(st);
      }
    }
    arena_free(a);
  }
  free(items);
  free(ids);
  return rc;
}

int alerts_list(Db *db, Arena *a, void (*fn)(void *arg, const AlertSub *s, const char *created, const char *last),
                void *arg) {
  sqlite3_stmt *st = db_stmt(db, "SELECT " SUB_COLS ", created_at, last_digest_at FROM alert_subscription ORDER BY id");
  if (!st) return MJ_EIO;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    AlertSub s;
    read_sub(db, a, st, &s);
    const char *created = col(a, st, 9), *last = col(a, st, 10);
    fn(arg, &s, created, last);
  }
  db_done(st);
  if (rc != SQLITE_DONE) return db_err(db, "listing subscriptions");
  /* labels need the statement cache free of the listing: none taken here */
  return MJ_OK;
}
