/*
** api_meeting.c: the eMeeting JSON API. Each handler reads its path id and
** its JSON body (a single object, duplicate keys refused, unknown fields
** refused, every field type-checked), calls one domain function in
** meeting.c, where every rule and every permission lives, and renders the
** result with jansson. Domain errors keep their code and message in the one
** error shape. Reads that the domain has no function for (a vote's ballots,
** the minutes) are plain SELECTs here and never write.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parl.h"
#include "user.h"
#include "web_int.h"

/* ---------------------------------------------------------------- requests */

/* An optional id (positive; 0 when absent). */
static int opt_id(Req *r, json_t *j, const char *name, int64_t *out) {
  long long v;
  if (api_opt_int(r, j, name, 1, INT64_MAX, 0, &v)) return -1;
  *out = (int64_t)v;
  return 0;
}

static int req_id(Req *r, json_t *j, const char *name, int64_t *out) {
  if (opt_id(r, j, name, out)) return -1;
  if (!*out) {
    api_fail_input(r, arena_printf(r->arena, "\"%s\" is required", name));
    return -1;
  }
  return 0;
}

/* The person a member's request is for: "person_id" from the body, else
** the caller's own linked person. An officer who is not a member must name
** the person; anyone else unlinked gets 0, which the domain refuses. */
static int acting_person(Req *r, json_t *j, int64_t *person) {
  if (opt_id(r, j, "person_id", person)) return -1;
  if (*person) return 0;
  *person = r->who.person_id;
  if (!*person && (r->who.actor.caps & (CAP_SITTING_PREPARE | CAP_SITTING_PRESIDE))) {
    api_fail_input(r, "\"person_id\" is required: this account is not linked to a member");
    return -1;
  }
  return 0;
}

/* 1 when s is valid UTF-8 without control characters (line breaks and
** tabs allowed when `lines`). */
static int text_ok(const char *s, int lines) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0) return 0;
    if (n == 0 && (c < 0x20 || c == 0x7f) && !(lines && (c == '\n' || c == '\r' || c == '\t'))) return 0;
    unsigned cp = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
    for (int i = 1; i <= n; i++) {
      if ((p[i] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return 0;
    p += n + 1;
  }
  return 1;
}

/* {ar, en} with en falling back to ar. */
static json_t *names2(const char *ar, const char *en) {
  json_t *o = json_object();
  json_object_set_new(o, "ar", api_jstr(ar));
  json_object_set_new(o, "en", api_jstr(en ? en : ar));
  return o;
}

static const char *text_col(sqlite3_stmt *st, int i, Arena *a) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

/* ---------------------------------------------------------------- sittings */

static json_t *sitting_object(Req *r, int64_t id) {
  SittingDetail d;
  if (parl_sitting(r->db, r->arena, id, &d)) return json_pack("{s:I}", "id", (json_int_t)id);
  const SittingRow *s = &d.s;
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "body_id", json_integer(s->body_id));
  json_t *b = json_object();
  json_object_set_new(b, "ar", api_jstr(s->body.ar));
  if (s->body.en) json_object_set_new(b, "en", json_string(s->body.en));
  if (s->body.az) json_object_set_new(b, "az", json_string(s->body.az));
  json_object_set_new(o, "body", b);
  json_object_set_new(o, "number", json_integer(s->number));
  json_object_set_new(o, "date", api_jstr(s->date));
  json_object_set_new(o, "start_time", api_jstr(s->start_time));
  json_object_set_new(o, "place", api_jstr(s->place));
  json_object_set_new(o, "status", api_jstr(s->status));
  if (s->term) {
    json_object_set_new(o, "term", json_integer(s->term));
    json_object_set_new(o, "session", json_integer(s->session));
    json_object_set_new(o, "session_kind", api_jstr(s->session_kind));
  }
  return o;
}

void api_sitting_create(Req *r) {
  static const char *const fields[] = {"body_id", "date", "start_time", "place", "number", "session_id", NULL};
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  SittingInput in;
  memset(&in, 0, sizeof in);
  long long number;
  if (req_id(r, j, "body_id", &in.body_id) || api_req_str(r, j, "date", &in.date) ||
      api_opt_str(r, j, "start_time", &in.start_time) || api_opt_str(r, j, "place", &in.place) ||
      api_opt_int(r, j, "number", 0, 100000, 0, &number) || opt_id(r, j, "session_id", &in.session_id)) {
    json_decref(j);
    return;
  }
  json_decref(j);
  in.number = (int)number;
  if (in.place && !text_ok(in.place, 0)) {
    api_fail_input(r, "the place may not contain control characters");
    return;
  }
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = meeting_sitting_create(r->db, &who, &in, &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, sitting_object(r, id));
}

void api_sitting_status(Req *r) {
  int64_t id;
  const char *to;
  if (api_id_and_string(r, "sitting", "status", &id, &to)) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_sitting_status(r->db, &who, id, to);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, sitting_object(r, id));
}

void api_item_add(Req *r) {
  static const char *const fields[] = {"kind", "title", "parent_id", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *kind, *title;
  int64_t parent;
  int bad = api_req_str(r, j, "kind", &kind) || api_req_str(r, j, "title", &title) || opt_id(r, j, "parent_id", &parent);
  json_decref(j);
  if (bad) return;
  if (!text_ok(title, 0)) {
    api_fail_input(r, "the title may not contain line breaks or control characters");
    return;
  }
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = meeting_item_add(r->db, &who, sitting, parent, kind, title, &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)id, "sitting_id", (json_int_t)sitting, "kind", kind,
                              "title", title));
}

/* The shape of the bodyless actions on one object: the id from the path, an
** empty (or absent) JSON object as the body, one domain call, and a small
** JSON reply {key: id, field: value}. */
typedef int (*IdAction)(Db *, const MeetingActor *, int64_t);
static void id_action(Req *r, const char *what, IdAction fn, const char *key, const char *field, const char *value) {
  int64_t id;
  if (api_path_id(r, 0, what, &id)) return;
  json_t *j = api_body_object(r, 1, NULL);
  if (!j) return;
  json_decref(j);
  MeetingActor who = web_meeting_actor(r);
  int rc = fn(r->db, &who, id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, key, json_integer((json_int_t)id));
  json_object_set_new(o, field, value ? json_string(value) : json_true());
  api_reply(r, 200, o);
}

void api_item_open(Req *r) { id_action(r, "item", meeting_item_open, "id", "status", "open"); }

/* The body is the file itself; its type is the Content-Type (parameters
** dropped), its title and page count are query parameters. */
void api_document_add(Req *r) {
  int64_t item;
  if (api_path_id(r, 0, "item", &item)) return;
  const char *title = req_query(r, "title"), *ps = req_query(r, "pages"), *ct = req_header(r, "Content-Type");
  if (!title || !*title) {
    api_fail_input(r, "name the document with the query parameter title");
    return;
  }
  if (!text_ok(title, 0)) {
    api_fail_input(r, "the title must be UTF-8 text without control characters");
    return;
  }
  long long pages = 0;
  if (ps && mj_parse_int(ps, 0, 100000, &pages)) {
    api_fail_input(r, "pages must be a whole number from 0 to 100000");
    return;
  }
  if (!ct || !*ct) {
    api_fail_input(r, "send the document's type as the Content-Type header");
    return;
  }
  size_t n = strcspn(ct, ";");
  while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
  if (n > 120) {
    api_fail_input(r, "the Content-Type is not a document type");
    return;
  }
  char *mime = arena_strndup(r->arena, ct, n);
  for (char *p = mime; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  MeetingActor who = web_meeting_actor(r);
  int64_t vid = 0;
  int ver = 0;
  int rc = meeting_document_add(r->db, &who, item, title, mime, r->body, r->body ? r->body_len : 0, (int)pages, &vid, &ver);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:i,s:I,s:s,s:s}", "document_version_id", (json_int_t)vid, "version", ver, "item_id",
                              (json_int_t)item, "title", title, "mime", mime));
}

/* ---------------------------------------------------------------- attendance */

static json_t *quorum_object(const Quorum *q) {
  return json_pack("{s:i,s:i,s:i,s:b,s:s}", "members", q->members, "present", q->present, "needed", q->needed, "met",
                   q->met, "rule", q->rule ? q->rule : "majority");
}

void api_attendance(Req *r) {
  static const char *const fields[] = {"person_id", "status", NULL};
  int64_t sitting, person;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *status;
  int bad = api_req_str(r, j, "status", &status) || acting_person(r, j, &person);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_attendance(r->db, &who, sitting, person, status);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  Quorum q;
  json_t *o = json_pack("{s:I,s:I,s:s}", "sitting_id", (json_int_t)sitting, "person_id", (json_int_t)person, "status", status);
  if (!meeting_quorum(r->db, sitting, &q)) json_object_set_new(o, "quorum", quorum_object(&q));
  api_reply(r, 200, o);
}

void api_quorum(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  Quorum q;
  int rc = meeting_quorum(r->db, sitting, &q);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, quorum_object(&q));
}

void api_proxy(Req *r) {
  static const char *const fields[] = {"grantor_id", "holder_id", NULL};
  int64_t sitting, grantor, holder;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  int bad = req_id(r, j, "grantor_id", &grantor) || req_id(r, j, "holder_id", &holder);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_proxy(r->db, &who, sitting, grantor, holder);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:I,s:I}", "sitting_id", (json_int_t)sitting, "grantor_id", (json_int_t)grantor,
                              "holder_id", (json_int_t)holder));
}

/* ---------------------------------------------------------------- speakers */

void api_speakers(Req *r) {
  int64_t item;
  if (api_path_id(r, 0, "item", &item)) return;
  if (db_int(r->db, "SELECT count(*) FROM agenda_item WHERE id=?1", 1, item, 0) != 1) {
    reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "there is no agenda item %lld", (long long)item));
    return;
  }
  SpeakerRow *rows;
  int n;
  int rc = meeting_speakers(r->db, r->arena, item, &rows, &n);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) {
    const SpeakerRow *s = &rows[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "person_id", json_integer(s->person_id));
    json_object_set_new(o, "name", names2(s->name_ar, s->name_en));
    json_object_set_new(o, "group", s->group_ar ? names2(s->group_ar, s->group_en) : json_null());
    json_object_set_new(o, "kind", api_jstr(s->kind));
    json_object_set_new(o, "status", api_jstr(s->status));
    json_object_set_new(o, "seconds_limit", json_integer(s->seconds_limit));
    json_object_set_new(o, "seconds_used", json_integer(s->seconds_used));
    json_object_set_new(o, "started_ms", s->started_ms ? json_integer(s->started_ms) : json_null());
    json_array_append_new(arr, o);
  }
  json_t *o = json_object();
  json_object_set_new(o, "item_id", json_integer(item));
  json_object_set_new(o, "speakers", arr);
  json_object_set_new(o, "now_ms", json_integer(mj_now_ms()));
  api_reply(r, 200, o);
}

void api_speak_request(Req *r) {
  static const char *const fields[] = {"person_id", "kind", NULL};
  int64_t item, person;
  if (api_path_id(r, 0, "item", &item)) return;
  json_t *j = api_body_object(r, 1, fields);
  if (!j) return;
  const char *kind;
  int bad = api_opt_str(r, j, "kind", &kind) || acting_person(r, j, &person);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = meeting_speak_request(r->db, &who, item, person, kind ? kind : "speech", &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)id, "item_id", (json_int_t)item, "person_id",
                              (json_int_t)person, "kind", kind ? kind : "speech"));
}

void api_speaker_next(Req *r) {
  int64_t item;
  if (api_path_id(r, 0, "item", &item)) return;
  json_t *j = api_body_object(r, 1, NULL);
  if (!j) return;
  json_decref(j);
  MeetingActor who = web_meeting_actor(r);
  int64_t next = 0;
  int rc = meeting_speaker_next(r->db, &who, item, &next);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "item_id", json_integer(item));
  json_object_set_new(o, "request_id", next ? json_integer(next) : json_null());
  api_reply(r, 200, o);
}

void api_speaker_stop(Req *r) { id_action(r, "item", meeting_speaker_stop, "item_id", "stopped", NULL); }

void api_speak_withdraw(Req *r) { id_action(r, "request", meeting_speak_withdraw, "id", "status", "withdrawn"); }

void api_speaker_move(Req *r) {
  static const char *const fields[] = {"place", NULL};
  int64_t id;
  if (api_path_id(r, 0, "request", &id)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  long long place;
  int bad = api_opt_int(r, j, "place", 1, 10000, 0, &place);
  json_decref(j);
  if (bad) return;
  if (!place) {
    api_fail_input(r, "\"place\" is required");
    return;
  }
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_speaker_move(r->db, &who, id, (int)place);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, json_pack("{s:I,s:I}", "id", (json_int_t)id, "place", (json_int_t)place));
}

void api_speaking_time(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  const char *by = req_query(r, "by");
  if (!by) by = "member";
  if (strcmp(by, "member") && strcmp(by, "group")) {
    api_fail_input(r, "by must be member or group");
    return;
  }
  if (db_int(r->db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0) != 1) {
    reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "there is no sitting %lld", (long long)sitting));
    return;
  }
  SpeakingTime *rows;
  int n;
  int rc = meeting_speaking_time(r->db, r->arena, sitting, strcmp(by, "group") == 0, &rows, &n);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *arr = json_array();
  int total = 0;
  for (int i = 0; i < n; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(rows[i].id));
    json_object_set_new(o, "name", names2(rows[i].name_ar, rows[i].name_en));
    json_object_set_new(o, "seconds", json_integer(rows[i].seconds));
    json_array_append_new(arr, o);
    total += rows[i].seconds;
  }
  json_t *o = json_object();
  json_object_set_new(o, "sitting_id", json_integer(sitting));
  json_object_set_new(o, "by", json_string(by));
  json_object_set_new(o, "speaking_time", arr);
  json_object_set_new(o, "total_seconds", json_integer(total));
  api_reply(r, 200, o);
}

/* ---------------------------------------------------------------- votes */

/* "custom": {num, den, base} of a vote with rule "custom". */
static int custom_rule(Req *r, json_t *c, VoteInput *in) {
  static const char *const cfields[] = {"num", "den", "base"};
  if (!json_is_object(c)) {
    api_fail_input(r, "\"custom\" must be an object {num, den, base}");
    return -1;
  }
  if (!in->rule || strcmp(in->rule, "custom") != 0) {
    api_fail_input(r, "\"custom\" goes with \"rule\": \"custom\"");
    return -1;
  }
  const char *key;
  json_t *v;
  json_object_foreach(c, key, v) {
    int known = 0;
    for (size_t i = 0; i < MJ_COUNT(cfields); i++) known |= strcmp(key, cfields[i]) == 0;
    if (!known) {
      api_fail_input(r, arena_printf(r->arena, "unknown field \"custom.%.60s\"", key));
      return -1;
    }
  }
  long long num, den;
  if (api_opt_int(r, c, "num", 1, 1000, 0, &num) || api_opt_int(r, c, "den", 1, 1000, 0, &den) ||
      api_opt_str(r, c, "base", &in->custom_base))
    return -1;
  in->custom_num = (int)num;
  in->custom_den = (int)den;
  return 0;
}

void api_vote_open(Req *r) {
  static const char *const fields[] = {"title", "item_id", "method", "rule", "custom", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  VoteInput in;
  memset(&in, 0, sizeof in);
  in.sitting_id = sitting;
  int bad = api_req_str(r, j, "title", &in.title) || opt_id(r, j, "item_id", &in.item_id) ||
            api_opt_str(r, j, "method", &in.method) || api_opt_str(r, j, "rule", &in.rule);
  json_t *c = bad ? NULL : json_object_get(j, "custom");
  if (!bad && c && !json_is_null(c)) bad = custom_rule(r, c, &in);
  if (!bad && !text_ok(in.title, 1)) {
    api_fail_input(r, "the motion text may not contain control characters");
    bad = 1;
  }
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = meeting_vote_open(r->db, &who, &in, &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "sitting_id", (json_int_t)sitting, "status",
                              "open", "method", in.method ? in.method : "roll_call", "rule", in.rule ? in.rule : "simple"));
}

typedef struct BallotRow {
  int64_t person_id, cast_by;
  const char *name_ar, *name_en, *option;
  int weight;
} BallotRow;

/* Every ballot of a vote, by person (at most `max`). */
static int read_ballots(Req *r, int64_t vote, BallotRow **rows, int *n) {
  *n = 0;
  int cap = (int)db_int(r->db, "SELECT count(*) FROM ballot WHERE vote_event_id=?1", 1, vote, 0);
  if (cap < 0 || cap > 100000) cap = 100000;
  *rows = arena_alloc(r->arena, sizeof **rows * (size_t)(cap + 1));
  sqlite3_stmt *st = db_stmt(r->db, "SELECT b.person_id, p.name_ar, coalesce(p.name_en, p.name_ar), b.option, b.weight, "
                                    "coalesce(b.cast_by, 0) FROM ballot b JOIN person p ON p.id=b.person_id "
                                    "WHERE b.vote_event_id=?1 ORDER BY b.person_id");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, vote);
  while (*n < cap && sqlite3_step(st) == SQLITE_ROW) {
    BallotRow *b = &(*rows)[(*n)++];
    b->person_id = sqlite3_column_int64(st, 0);
    b->name_ar = text_col(st, 1, r->arena);
    b->name_en = text_col(st, 2, r->arena);
    b->option = text_col(st, 3, r->arena);
    b->weight = sqlite3_column_int(st, 4);
    b->cast_by = sqlite3_column_int64(st, 5);
  }
  db_done(st);
  return MJ_OK;
}

/* A vote as a Popolo VoteEvent: counts per option (weights summed; frozen
** at close) and one vote per ballot. A secret vote never shows a member's
** option, and shows its counts only once closed. */
static int vote_object(Req *r, int64_t id, json_t **out) {
  VoteResult v;
  int rc = meeting_vote_result(r->db, r->arena, id, &v);
  if (rc) return rc;
  const char *opened = NULL, *closed = NULL, *base = NULL;
  int64_t item = 0;
  int num = 0, den = 0;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT opened_at, closed_at, coalesce(agenda_item_id,0), coalesce(custom_num,0), "
                                    "coalesce(custom_den,0), custom_base FROM vote_event WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    opened = text_col(st, 0, r->arena);
    closed = text_col(st, 1, r->arena);
    item = sqlite3_column_int64(st, 2);
    num = sqlite3_column_int(st, 3);
    den = sqlite3_column_int(st, 4);
    base = text_col(st, 5, r->arena);
  }
  db_done(st);
  BallotRow *b;
  int nb;
  if ((rc = read_ballots(r, id, &b, &nb))) return rc;
  int is_open = v.status && strcmp(v.status, "open") == 0;
  int secret = v.method && strcmp(v.method, "secret") == 0;
  int members = v.members, present = v.present, met = v.quorum_met;
  if (is_open) { /* frozen only at close: the current figures meanwhile */
    Quorum q;
    if (!meeting_quorum(r->db, v.sitting_id, &q)) {
      members = q.members;
      present = q.present;
      met = q.met;
    }
  }
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(v.id));
  json_object_set_new(o, "identifier", json_string(arena_printf(r->arena, "vote/%lld", (long long)v.id)));
  json_object_set_new(o, "legislative_session_id", json_string(arena_printf(r->arena, "sitting/%lld", (long long)v.sitting_id)));
  json_object_set_new(o, "sitting_id", json_integer(v.sitting_id));
  json_object_set_new(o, "item_id", item ? json_integer(item) : json_null());
  json_object_set_new(o, "motion", json_pack("{s:s}", "text", v.title ? v.title : ""));
  json_object_set_new(o, "start_date", api_jstr(opened));
  json_object_set_new(o, "end_date", api_jstr(closed));
  json_object_set_new(o, "status", api_jstr(v.status));
  json_object_set_new(o, "method", api_jstr(v.method));
  json_object_set_new(o, "result", v.result && *v.result ? json_string(v.result) : json_null());
  json_object_set_new(o, "requirement", api_jstr(v.rule));
  if (v.rule && strcmp(v.rule, "custom") == 0)
    json_object_set_new(o, "custom", json_pack("{s:i,s:i,s:s}", "num", num, "den", den, "base", base ? base : ""));
  json_t *counts = json_array();
  if (!secret || !is_open) {
    json_array_append_new(counts, json_pack("{s:s,s:i}", "option", "yes", "value", v.yes));
    json_array_append_new(counts, json_pack("{s:s,s:i}", "option", "no", "value", v.no));
    json_array_append_new(counts, json_pack("{s:s,s:i}", "option", "abstain", "value", v.abstain));
    json_array_append_new(counts, json_pack("{s:s,s:i}", "option", "absent", "value", members > nb ? members - nb : 0));
  }
  json_object_set_new(o, "counts", counts);
  json_t *votes = json_array();
  for (int i = 0; i < nb; i++) {
    json_t *e = json_object();
    json_object_set_new(e, "voter_id", json_string(arena_printf(r->arena, "person/%lld", (long long)b[i].person_id)));
    json_object_set_new(e, "voter_name", api_jstr(b[i].name_ar));
    json_object_set_new(e, "voter_name_en", api_jstr(b[i].name_en));
    if (!secret) {
      json_object_set_new(e, "option", api_jstr(b[i].option));
      json_object_set_new(e, "weight", json_integer(b[i].weight));
    }
    if (b[i].cast_by)
      json_object_set_new(e, "proxy_id", json_string(arena_printf(r->arena, "person/%lld", (long long)b[i].cast_by)));
    json_array_append_new(votes, e);
  }
  json_object_set_new(o, "votes", votes);
  json_object_set_new(o, "ballots", json_integer(nb));
  json_object_set_new(o, "quorum", json_pack("{s:i,s:i,s:b}", "members", members, "present", present, "met", met));
  *out = o;
  return MJ_OK;
}

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
static void csv_field(Buf *b, const char *s) {
  if (!s) s = "";
  if (!strpbrk(s, ",\"\r\n")) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') buf_putc(b, '"');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

static void vote_csv(Req *r, int64_t id) {
  VoteResult v;
  int rc = meeting_vote_result(r->db, r->arena, id, &v);
  BallotRow *b;
  int nb = 0;
  if (rc || (rc = read_ballots(r, id, &b, &nb))) {
    api_fail_domain(r, rc);
    return;
  }
  int secret = v.method && strcmp(v.method, "secret") == 0;
  buf_reset(&r->out);
  buf_puts(&r->out, "person_id,name_ar,name_en,option\r\n");
  for (int i = 0; i < nb; i++) {
    buf_printf(&r->out, "%lld,", (long long)b[i].person_id);
    csv_field(&r->out, b[i].name_ar);
    buf_putc(&r->out, ',');
    csv_field(&r->out, b[i].name_en);
    buf_putc(&r->out, ',');
    csv_field(&r->out, secret ? "" : b[i].option);
    buf_puts(&r->out, "\r\n");
  }
  r->status = 200;
  r->ctype = "text/csv; charset=utf-8";
  req_add_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"vote-%lld.csv\"", (long long)id));
}

void api_vote(Req *r) {
  int64_t id;
  if (api_path_id(r, 0, "vote", &id)) return;
  const char *format = req_query(r, "format");
  if (format && strcmp(format, "csv") == 0) {
    vote_csv(r, id);
    return;
  }
  if (format && strcmp(format, "json") != 0) {
    api_fail_input(r, "format must be json or csv");
    return;
  }
  json_t *o;
  int rc = vote_object(r, id, &o);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, o);
}

void api_ballot(Req *r) {
  static const char *const fields[] = {"option", "person_id", NULL};
  int64_t vote, person;
  if (api_path_id(r, 0, "vote", &vote)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *option;
  int bad = api_req_str(r, j, "option", &option) || acting_person(r, j, &person);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_ballot(r->db, &who, vote, person, option);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  int64_t n = db_int(r->db, "SELECT count(*) FROM ballot WHERE vote_event_id=?1", 1, vote, 0);
  api_reply(r, 201, json_pack("{s:I,s:I,s:I}", "vote_id", (json_int_t)vote, "person_id", (json_int_t)person, "ballots",
                              (json_int_t)n));
}

void api_vote_close(Req *r) {
  int64_t id;
  if (api_path_id(r, 0, "vote", &id)) return;
  json_t *j = api_body_object(r, 1, NULL);
  if (!j) return;
  json_decref(j);
  MeetingActor who = web_meeting_actor(r);
  VoteResult res;
  int rc = meeting_vote_close(r->db, &who, id, &res);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *o;
  if ((rc = vote_object(r, id, &o))) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, o);
}

/* ---------------------------------------------------------------- minutes */

void api_minutes(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  if (db_int(r->db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0) != 1) {
    reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "there is no sitting %lld", (long long)sitting));
    return;
  }
  int drafts = (r->who.actor.caps & CAP_SITTING_PREPARE) != 0;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT id, lang, version, status, text, created_at, approved_at FROM minutes "
                                    "WHERE sitting_id=?1 AND (?2 OR status='approved') ORDER BY lang, version LIMIT 1000");
  if (!st) {
    api_fail_domain(r, MJ_EIO);
    return;
  }
  sqlite3_bind_int64(st, 1, sitting);
  sqlite3_bind_int(st, 2, drafts);
  json_t *arr = json_array();
  while (sqlite3_step(st) == SQLITE_ROW) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
    json_object_set_new(o, "lang", api_jstr((const char *)sqlite3_column_text(st, 1)));
    json_object_set_new(o, "version", json_integer(sqlite3_column_int(st, 2)));
    json_object_set_new(o, "status", api_jstr((const char *)sqlite3_column_text(st, 3)));
    json_object_set_new(o, "text", api_jstr((const char *)sqlite3_column_text(st, 4)));
    json_object_set_new(o, "created_at", api_jstr((const char *)sqlite3_column_text(st, 5)));
    json_object_set_new(o, "approved_at", api_jstr((const char *)sqlite3_column_text(st, 6)));
    json_array_append_new(arr, o);
  }
  db_done(st);
  json_t *o = json_object();
  json_object_set_new(o, "sitting_id", json_integer(sitting));
  json_object_set_new(o, "minutes", arr);
  api_reply(r, 200, o);
}

void api_minutes_generate(Req *r) {
  static const char *const fields[] = {"lang", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *lang;
  int bad = api_req_str(r, j, "lang", &lang);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = meeting_minutes_generate(r->db, &who, sitting, lang, &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:I,s:s,s:I,s:s}", "id", (json_int_t)id, "sitting_id", (json_int_t)sitting, "lang", lang,
                              "version", (json_int_t)db_int(r->db, "SELECT version FROM minutes WHERE id=?1", 1, id, 0),
                              "status", "draft"));
}

/* Editing a draft changes it; editing approved minutes makes a new draft
** version (the domain's rule): the reply names the version that now holds
** the text. */
void api_minutes_edit(Req *r) {
  int64_t id;
  const char *text;
  if (api_id_and_string(r, "minutes", "text", &id, &text)) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = meeting_minutes_edit(r->db, &who, id, text);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  int64_t now_id = id;
  sqlite3_stmt *st = db_stmt(r->db, "SELECT m.id FROM minutes m JOIN minutes o ON o.sitting_id=m.sitting_id AND o.lang=m.lang "
                                    "WHERE o.id=?1 AND o.status='approved' ORDER BY m.version DESC LIMIT 1");
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) now_id = sqlite3_column_int64(st, 0);
    db_done(st);
  }
  api_reply(r, 200, json_pack("{s:I,s:I,s:s,s:b}", "id", (json_int_t)now_id, "version",
                              (json_int_t)db_int(r->db, "SELECT version FROM minutes WHERE id=?1", 1, now_id, 0), "status",
                              "draft", "amended", now_id != id));
}

void api_minutes_approve(Req *r) { id_action(r, "minutes", meeting_minutes_approve, "id", "status", "approved"); }
