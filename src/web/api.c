/*
** api.c: the JSON API under /api/v1/. Replies are built with jansson;
** every error has the one shape {"error":{"code","message"}} (reply_error).
** The OpenAPI document is a file in assets/ kept complete by a test that
** compares it with the route table.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embed.h"
#include "event.h"
#include "parl.h"
#include "people.h"
#include "sse.h"
#include "web_int.h"

void api_reply(Req *r, int status, json_t *j) {
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(j);
  r->status = status;
  r->ctype = "application/json";
  buf_reset(&r->out);
  if (s) {
    buf_puts(&r->out, s);
    buf_putc(&r->out, '\n');
    free(s);
  }
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *names_json(const Names *n) {
  json_t *o = json_object();
  json_object_set_new(o, "ar", jstr(n->ar));
  if (n->en) json_object_set_new(o, "en", json_string(n->en));
  if (n->az) json_object_set_new(o, "az", json_string(n->az));
  return o;
}

void api_health(Req *r) {
  json_t *o = json_object();
  Db *db = r->db;
  int64_t ok = db_int(db, "SELECT count(*) FROM meta", 0, 0, -1);
  struct stat st;
  json_t *d = json_object();
  json_object_set_new(d, "reachable", json_boolean(ok >= 0));
  json_object_set_new(d, "schema_version", json_integer(db_int(db, "PRAGMA user_version", 0, 0, -1)));
  json_object_set_new(d, "expected_schema_version", json_integer(db_schema_version()));
  json_object_set_new(d, "journal_mode", json_string("wal"));
  if (stat(db_path(db), &st) == 0) json_object_set_new(d, "size_bytes", json_integer((json_int_t)st.st_size));
  json_object_set_new(d, "last_event_id", json_integer(event_last_id(db)));
  json_object_set_new(o, "status", json_string(ok >= 0 ? "ok" : "degraded"));
  json_object_set_new(o, "version", json_string(MAJLIS_VERSION));
  json_object_set_new(o, "database", d);
  json_object_set_new(o, "live_clients", json_integer(sse_clients()));
  api_reply(r, ok >= 0 ? 200 : 503, o);
}

void api_openapi(Req *r) {
  const EmbedFile *f = embed_find(embed_assets, "openapi.json");
  if (!f) {
    reply_error(r, MJ_EINTERNAL, "the OpenAPI document is missing from this build");
    return;
  }
  r->ctype = "application/json";
  r->kind = REPLY_STATIC;
  r->static_data = f->data;
  r->static_len = f->len;
  req_add_header(r, "ETag", f->etag);
}

static json_t *sitting_json(const SittingRow *s) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "body_id", json_integer(s->body_id));
  json_object_set_new(o, "body", names_json(&s->body));
  json_object_set_new(o, "number", json_integer(s->number));
  json_object_set_new(o, "date", jstr(s->date));
  json_object_set_new(o, "start_time", jstr(s->start_time));
  json_object_set_new(o, "place", jstr(s->place));
  json_object_set_new(o, "status", jstr(s->status));
  if (s->term) {
    json_object_set_new(o, "term", json_integer(s->term));
    json_object_set_new(o, "session", json_integer(s->session));
    json_object_set_new(o, "session_kind", jstr(s->session_kind));
  }
  json_object_set_new(o, "agenda_items", json_integer(s->items));
  json_object_set_new(o, "present", json_integer(s->present));
  json_object_set_new(o, "speeches", json_integer(s->speeches));
  json_object_set_new(o, "vote_events", json_integer(s->votes));
  return o;
}

void api_sittings(Req *r) {
  const char *w = req_query(r, "when");
  SittingWhen when = SITTINGS_ALL;
  if (w && strcmp(w, "upcoming") == 0) when = SITTINGS_UPCOMING;
  else if (w && strcmp(w, "recent") == 0) when = SITTINGS_RECENT;
  else if (w && strcmp(w, "all") != 0) {
    reply_error(r, MJ_EINVAL, "when must be one of: all, upcoming, recent");
    return;
  }
  long long limit = 50, body = 0;
  const char *ls = req_query(r, "limit"), *bs = req_query(r, "body");
  if ((ls && mj_parse_int(ls, 1, 500, &limit)) || (bs && mj_parse_int(bs, 1, INT64_MAX, &body))) {
    reply_error(r, MJ_EINVAL, arena_printf(r->arena, "%s (parameter %s)", mj_errmsg(),
                                           ls && mj_parse_int(ls, 1, 500, &limit) ? "limit" : "body"));
    return;
  }
  char today[11];
  web_today(today);
  SittingRow *rows;
  int n;
  int rc = parl_sittings(r->db, r->arena, when, today, body, (int)limit, &rows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, sitting_json(&rows[i]));
  json_t *o = json_object();
  json_object_set_new(o, "sittings", arr);
  api_reply(r, 200, o);
}

void api_sitting(Req *r) {
  long long id;
  if (mj_parse_int(r->pathvars[0], 1, INT64_MAX, &id)) {
    reply_error(r, MJ_EINVAL, "a sitting id is a positive whole number");
    return;
  }
  SittingDetail d;
  int rc = parl_sitting(r->db, r->arena, id, &d);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *o = sitting_json(&d.s);
  json_t *items = json_array();
  for (int i = 0; i < d.nitems; i++) {
    json_t *it = json_object();
    json_object_set_new(it, "id", json_integer(d.items[i].id));
    json_object_set_new(it, "position", json_integer(d.items[i].position));
    json_object_set_new(it, "kind", jstr(d.items[i].kind));
    json_object_set_new(it, "title", jstr(d.items[i].title));
    json_array_append_new(items, it);
  }
  json_object_set_new(o, "agenda", items);
  json_t *votes = json_array();
  for (int i = 0; i < d.nvotes; i++) {
    const VoteRow *v = &d.votes[i];
    json_t *ve = json_object(); /* Popolo VoteEvent shape */
    json_object_set_new(ve, "identifier", json_string(arena_printf(r->arena, "vote/%lld", (long long)v->id)));
    json_object_set_new(ve, "motion", json_pack("{s:s}", "text", v->title ? v->title : ""));
    json_object_set_new(ve, "start_date", jstr(v->opened_at));
    json_object_set_new(ve, "end_date", jstr(v->closed_at));
    json_object_set_new(ve, "result", v->result ? json_string(strcmp(v->result, "pass") == 0 ? "pass" : "fail") : json_null());
    json_object_set_new(ve, "requirement", jstr(v->rule));
    json_object_set_new(ve, "counts", json_pack("[{s:s,s:i},{s:s,s:i},{s:s,s:i}]", "option", "yes", "value", v->yes,
                                                "option", "no", "value", v->no, "option", "abstain", "value", v->abstain));
    json_array_append_new(votes, ve);
  }
  json_object_set_new(o, "vote_events", votes);
  json_t *sp = json_array();
  for (int i = 0; i < d.nspeeches; i++) {
    const SpeechRow *s = &d.speeches[i];
    json_t *e = json_object(); /* Popolo Speech shape */
    json_object_set_new(e, "id", json_integer(s->id));
    json_object_set_new(e, "creator_id", s->person_id ? json_string(arena_printf(r->arena, "person/%lld", (long long)s->person_id)) : json_null());
    json_object_set_new(e, "attribution_text", s->person_id ? json_string(parl_name(&s->speaker, "ar")) : jstr(s->label));
    json_object_set_new(e, "role", jstr(s->role));
    json_object_set_new(e, "type", jstr(s->kind));
    json_object_set_new(e, "language", jstr(s->lang));
    json_object_set_new(e, "position", json_integer(s->position));
    json_object_set_new(e, "text", jstr(s->text));
    json_array_append_new(sp, e);
  }
  json_object_set_new(o, "speeches", sp);
  json_object_set_new(o, "attendance", json_pack("{s:i,s:i,s:i,s:i}", "members", d.members, "present", d.s.present,
                                                 "excused", d.excused, "absent", d.absent));
  api_reply(r, 200, o);
}

void api_organizations(Req *r) {
  const char *cls = req_query(r, "classification");
  static const char *allowed[] = {"chamber", "committee", "party", "bloc", "legislature"};
  if (!cls) cls = "committee";
  int ok = 0;
  for (size_t i = 0; i < MJ_COUNT(allowed); i++) ok |= strcmp(cls, allowed[i]) == 0;
  if (!ok) {
    reply_error(r, MJ_EINVAL, "classification must be one of: chamber, committee, party, bloc, legislature");
    return;
  }
  OrgRow *rows;
  int n;
  int rc = parl_orgs(r->db, r->arena, cls, &rows, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(rows[i].ident ? rows[i].ident : arena_printf(r->arena, "org/%lld", (long long)rows[i].id)));
    json_object_set_new(o, "name", json_string(rows[i].name.ar));
    json_t *other = json_array();
    if (rows[i].name.en) json_array_append_new(other, json_pack("{s:s,s:s}", "name", rows[i].name.en, "lang", "en"));
    if (rows[i].name.az) json_array_append_new(other, json_pack("{s:s,s:s}", "name", rows[i].name.az, "lang", "az"));
    json_object_set_new(o, "other_names", other);
    json_object_set_new(o, "classification", json_string(rows[i].classification));
    if (rows[i].seats) json_object_set_new(o, "seats", json_integer(rows[i].seats));
    json_object_set_new(o, "member_count", json_integer(rows[i].members));
    json_array_append_new(arr, o);
  }
  json_t *o = json_object();
  json_object_set_new(o, "organizations", arr);
  api_reply(r, 200, o);
}

void api_events(Req *r) {
  long long sitting = 0, last = 0;
  const char *ss = req_query(r, "sitting");
  if (ss && mj_parse_int(ss, 1, INT64_MAX, &sitting)) {
    reply_error(r, MJ_EINVAL, "sitting must be a positive whole number");
    return;
  }
  /* Last-Event-ID (a reconnecting EventSource) wins over ?since= */
  const char *lei = req_header(r, "Last-Event-ID");
  const char *since = lei ? lei : req_query(r, "since");
  if (since && mj_parse_int(since, 0, INT64_MAX, &last)) {
    reply_error(r, MJ_EINVAL, lei ? "Last-Event-ID must be an event id" : "since must be an event id");
    return;
  }
  sse_open(r, sitting, last, since == NULL);
}

/* The API's way to set the interface language for browsers that call it
** from script: JSON in, cookie out. */
void api_lang(Req *r) {
  if (!r->body) {
    reply_error(r, MJ_EINVAL, "send a JSON object such as {\"lang\":\"en\"}");
    return;
  }
  json_error_t err;
  json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
  if (!j) {
    reply_error(r, MJ_EINVAL, arena_printf(r->arena, "malformed JSON at line %d column %d: %s", err.line, err.column, err.text));
    return;
  }
  json_t *l = json_object_get(j, "lang");
  int lang = json_is_string(l) ? i18n_parse(json_string_value(l)) : -1;
  json_decref(j);
  if (lang < 0) {
    reply_error(r, MJ_EINVAL, "\"lang\" must be one of \"ar\", \"en\", \"az\"");
    return;
  }
  req_add_header(r, "Set-Cookie",
                 arena_printf(r->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", i18n_code((Lang)lang)));
  api_reply(r, 200, json_pack("{s:s}", "lang", i18n_code((Lang)lang)));
}

/* GET /api/v1/popolo[/{list}]: the Popolo export (the same shapes as
** `majlis export popolo`), whole or one list. Written to memory and kept in
** the request's arena until the reply has been sent. */
static void popolo_reply(Req *r, const char *part) {
  char *mem = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&mem, &len);
  if (!fp) {
    reply_error(r, MJ_EIO, "out of memory");
    return;
  }
  int rc = people_export_popolo_part(r->db, part, fp);
  fclose(fp);
  if (rc) {
    free(mem);
    reply_error(r, rc, mj_errmsg());
    return;
  }
  char *body = arena_alloc(r->arena, len + 1);
  memcpy(body, mem, len);
  body[len] = 0;
  free(mem);
  r->ctype = "application/json";
  r->kind = REPLY_STATIC;
  r->static_data = (const unsigned char *)body;
  r->static_len = len;
}

void api_popolo(Req *r) { popolo_reply(r, NULL); }
void api_popolo_part(Req *r) { popolo_reply(r, r->pathvars[0]); }
