/*
** api_hansard.c: the electronic Hansard's JSON API (doc/hansard.md, "JSON
** API"; assets/openapi.json). Handlers read the path id and a strict JSON
** body (one object, known fields only, duplicate keys refused), call one
** domain function in src/domain/hansard.h, where every rule and permission
** lives, and render with jansson.
**
** Who sees what. Anyone with a Hansard capability (report, edit, certify)
** reads the working record: the current text, takes, flags, and (editors)
** pending corrections. Everyone else reads what hansard_public_view()
** allows: the latest published edition, nothing of a record in progress,
** or the stored speeches of a sitting without a Hansard workflow; a signed-in
** member also gets their own speeches as they stand and their corrections
** ("mine"), which is what the member-review screen needs.
*/
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "hansard.h"
#include "routes_hansard_api.h"
#include "user.h"
#include "web_int.h"

#define STAFF (CAP_HANSARD_REPORT | CAP_HANSARD_EDIT | CAP_HANSARD_CERTIFY)

/* ---------------------------------------------------------------- output */
static json_t *jid(int64_t v) { return v ? json_integer(v) : json_null(); }
static json_t *jms(int64_t v) { return v >= 0 ? json_integer(v) : json_null(); }

static json_t *sitting_json(const HansardRecord *rec) {
  json_t *b = json_object();
  json_object_set_new(b, "ar", api_jstr(rec->body_ar));
  json_object_set_new(b, "en", api_jstr(rec->body_en ? rec->body_en : rec->body_ar));
  return json_pack("{s:I,s:i,s:s?,s:s?,s:s?,s:I,s:o}", "id", (json_int_t)rec->sitting_id, "number", rec->number, "date", rec->date,
                   "start_time", rec->start_time, "status", rec->sitting_status, "body_id", (json_int_t)rec->body_id, "body", b);
}

static json_t *speech_json(const HansardSpeech *s) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "position", json_integer(s->position));
  json_object_set_new(o, "section_id", jid(s->section_id));
  json_object_set_new(o, "agenda_item_id", jid(s->agenda_item_id));
  json_object_set_new(o, "person", s->person_id ? json_pack("{s:I,s:s?,s:s?}", "id", (json_int_t)s->person_id, "name", s->person_ar,
                                                            "name_en", s->person_en ? s->person_en : s->person_ar)
                                                : json_null());
  json_object_set_new(o, "label", api_jstr(s->label));
  json_object_set_new(o, "role", api_jstr(s->role));
  json_object_set_new(o, "kind", api_jstr(s->kind));
  json_object_set_new(o, "lang", api_jstr(s->lang));
  json_object_set_new(o, "start_time", api_jstr(s->start_time));
  json_object_set_new(o, "end_time", api_jstr(s->end_time));
  json_object_set_new(o, "media_start_ms", jms(s->media_start_ms));
  json_object_set_new(o, "media_end_ms", jms(s->media_end_ms));
  json_object_set_new(o, "text", api_jstr(s->text));
  json_object_set_new(o, "draft_text", api_jstr(s->draft_text));
  json_object_set_new(o, "source", api_jstr(s->source));
  json_object_set_new(o, "engine", api_jstr(s->engine));
  json_object_set_new(o, "engine_version", api_jstr(s->engine_version));
  json_object_set_new(o, "confidence", s->confidence >= 0 ? json_real(s->confidence) : json_null());
  json_object_set_new(o, "attribution", api_jstr(s->attribution));
  json_object_set_new(o, "version", json_integer(s->version));
  json_object_set_new(o, "edited_by", api_jstr(s->edited_by));
  json_object_set_new(o, "edited_at", api_jstr(s->edited_at));
  json_object_set_new(o, "take_id", jid(s->take_id));
  return o;
}

/* A speech of an edition's snapshot in the same shape (nothing of the
** working record: no draft, no take, confirmed). */
static json_t *snapshot_speech_json(json_t *x) {
  json_t *o = json_object();
  static const char *same[] = {"id", "position", "section_id", "agenda_item_id"};
  for (size_t i = 0; i < MJ_COUNT(same); i++) json_object_set(o, same[i], json_object_get(x, same[i]));
  json_t *p = json_object_get(x, "person");
  json_object_set_new(o, "person", json_is_object(p) ? json_pack("{s:O,s:O,s:O}", "id", json_object_get(p, "id"), "name",
                                                                 json_object_get(p, "name"), "name_en", json_object_get(p, "name_en"))
                                                     : json_null());
  static const char *more[] = {"label", "role", "kind", "lang", "start_time", "end_time", "media_start_ms", "media_end_ms", "text"};
  for (size_t i = 0; i < MJ_COUNT(more); i++) {
    json_t *v = json_object_get(x, more[i]);
    json_object_set_new(o, more[i], v ? json_incref(v) : json_null());
  }
  json_object_set_new(o, "draft_text", json_null());
  static const char *prov[] = {"source", "engine", "engine_version", "confidence"};
  for (size_t i = 0; i < MJ_COUNT(prov); i++) {
    json_t *v = json_object_get(x, prov[i]);
    json_object_set_new(o, prov[i], v ? json_incref(v) : json_null());
  }
  json_object_set_new(o, "attribution", json_string("confirmed"));
  json_t *v = json_object_get(x, "version");
  json_object_set_new(o, "version", v ? json_incref(v) : json_integer(1));
  json_object_set_new(o, "edited_by", json_null());
  json_object_set_new(o, "edited_at", json_null());
  json_object_set_new(o, "take_id", json_null());
  return o;
}

static json_t *take_json(const HansardTake *t) {
  json_t *o = json_pack("{s:I,s:i,s:I,s:I}", "id", (json_int_t)t->id, "number", t->number, "start_ms", (json_int_t)t->start_ms, "end_ms",
                        (json_int_t)t->end_ms);
  json_object_set_new(o, "reporter", t->reporter ? json_pack("{s:I,s:s,s:s?}", "id", (json_int_t)t->reporter_id, "name", t->reporter,
                                                             "display", t->reporter_display)
                                                 : json_null());
  json_object_set_new(o, "status", api_jstr(t->status));
  json_object_set_new(o, "speeches", json_integer(t->speeches));
  json_object_set_new(o, "open_flags", json_integer(t->open_flags));
  json_object_set_new(o, "updated_at", api_jstr(t->updated_at));
  json_object_set_new(o, "updated_by", api_jstr(t->updated_by));
  return o;
}

static json_t *flag_json(const HansardFlag *f) {
  json_t *o = json_pack("{s:I,s:o,s:s}", "id", (json_int_t)f->id, "speech_id", jid(f->speech_id), "kind", f->kind);
  json_object_set_new(o, "start_ms", jms(f->start_ms));
  json_object_set_new(o, "end_ms", jms(f->end_ms));
  json_object_set_new(o, "detail", api_jstr(f->detail));
  json_object_set_new(o, "status", api_jstr(f->status));
  json_object_set_new(o, "resolution", api_jstr(f->resolution));
  json_object_set_new(o, "resolved_by", api_jstr(f->resolved_by));
  json_object_set_new(o, "resolved_at", api_jstr(f->resolved_at));
  return o;
}

static json_t *correction_json(const HansardCorrection *c) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(c->id));
  json_object_set_new(o, "speech_id", json_integer(c->speech_id));
  json_object_set_new(o, "person", json_pack("{s:I,s:s?}", "id", (json_int_t)c->person_id, "name", c->person_ar));
  json_object_set_new(o, "base_version", json_integer(c->base_version));
  json_object_set_new(o, "text", api_jstr(c->proposed_text));
  json_object_set_new(o, "current_text", api_jstr(c->current_text));
  json_object_set_new(o, "reason", api_jstr(c->reason));
  json_object_set_new(o, "status", api_jstr(c->status));
  json_object_set_new(o, "proposed_by", api_jstr(c->proposed_by));
  json_object_set_new(o, "proposed_at", api_jstr(c->proposed_at));
  json_object_set_new(o, "decided_by", api_jstr(c->decided_by));
  json_object_set_new(o, "decided_at", api_jstr(c->decided_at));
  json_object_set_new(o, "decision_note", api_jstr(c->decision_note));
  return o;
}

static json_t *edition_json(const HansardEdition *e) {
  return json_pack("{s:I,s:I,s:i,s:s,s:s,s:s,s:s?,s:s}", "id", (json_int_t)e->id, "sitting_id", (json_int_t)e->sitting_id, "number",
                   e->number, "kind", e->kind, "published_at", e->published_at, "published_by", e->published_by, "note", e->note,
                   "sha256", e->sha256);
}

/* ---------------------------------------------------------------- the record */
void api_hansard_record(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  HansardView v;
  int rc = hansard_record(r->db, r->arena, sitting, &v);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  unsigned caps = r->who.actor.caps;
  int staff = (caps & STAFF) != 0, editor = (caps & (CAP_HANSARD_EDIT | CAP_HANSARD_CERTIFY)) != 0;
  json_t *o = json_object();
  json_object_set_new(o, "sitting", sitting_json(&v.rec));
  json_object_set_new(o, "status", json_string(v.rec.status));
  json_object_set_new(o, "take_seconds", json_integer(v.rec.take_seconds));
  json_object_set_new(o, "review_until", api_jstr(v.rec.review_until));
  json_object_set_new(o, "review_open", json_boolean(v.rec.review_open));
  json_object_set_new(o, "media_url", api_jstr(v.rec.media_url));
  json_object_set_new(o, "media_started_at", api_jstr(v.rec.media_started_at));
  json_object_set_new(o, "certified_by", api_jstr(v.rec.certified_by));
  json_object_set_new(o, "certified_at", api_jstr(v.rec.certified_at));
  json_t *secs = json_array(), *sps = json_array(), *takes = json_array(), *flags = json_array(), *corr = json_array(),
         *eds = json_array();
  for (int i = 0; i < v.neditions; i++) json_array_append_new(eds, edition_json(&v.editions[i]));
  const char *view;
  if (staff) {
    view = "current";
    for (int i = 0; i < v.nspeeches; i++) json_array_append_new(sps, speech_json(&v.speeches[i]));
    for (int i = 0; i < v.ntakes; i++) json_array_append_new(takes, take_json(&v.takes[i]));
    for (int i = 0; i < v.nflags; i++) json_array_append_new(flags, flag_json(&v.flags[i]));
    if (editor)
      for (int i = 0; i < v.ncorrections; i++) json_array_append_new(corr, correction_json(&v.corrections[i]));
    for (int i = 0; i < v.nsections; i++) {
      const HansardSection *s = &v.sections[i];
      json_array_append_new(secs, json_pack("{s:I,s:o,s:i,s:s,s:s?,s:o}", "id", (json_int_t)s->id, "parent_id", jid(s->parent_id),
                                            "position", s->position, "name", s->name, "heading", s->heading, "agenda_item_id",
                                            jid(s->agenda_item_id)));
    }
  } else {
    int64_t eid = 0;
    int pv = hansard_public_view(r->db, sitting, &eid);
    if (pv == HANSARD_PUBLIC_EDITION) {
      HansardEdition e;
      json_error_t err;
      json_t *snap = NULL;
      if (!hansard_edition(r->db, r->arena, eid, &e)) snap = json_loads(e.content, 0, &err);
      size_t i;
      json_t *x;
      json_array_foreach(json_object_get(snap, "speeches"), i, x) json_array_append_new(sps, snapshot_speech_json(x));
      json_array_foreach(json_object_get(snap, "sections"), i, x) json_array_append(secs, x);
      json_decref(snap);
      view = "edition";
      json_object_set_new(o, "edition", edition_json(&e));
    } else if (pv == HANSARD_PUBLIC_LEGACY) {
      view = "stored";
      for (int i = 0; i < v.nspeeches; i++) {
        json_t *s = speech_json(&v.speeches[i]);
        json_object_set_new(s, "draft_text", json_null());
        json_array_append_new(sps, s);
      }
    } else {
      view = "none";
    }
  }
  json_object_set_new(o, "view", json_string(view));
  json_object_set_new(o, "sections", secs);
  json_object_set_new(o, "speeches", sps);
  json_object_set_new(o, "takes", takes);
  json_object_set_new(o, "flags", flags);
  json_object_set_new(o, "corrections", corr);
  json_object_set_new(o, "editions", eds);
  /* a member's own speeches as they stand, with their corrections */
  if (r->who.person_id) {
    json_t *mine = json_array();
    HansardCorrection *c;
    int nc = 0;
    hansard_corrections(r->db, r->arena, sitting, NULL, r->who.person_id, &c, &nc);
    for (int i = 0; i < v.nspeeches; i++) {
      if (v.speeches[i].person_id != r->who.person_id) continue;
      json_t *s = speech_json(&v.speeches[i]);
      json_t *cs = json_array();
      for (int k = 0; k < nc; k++)
        if (c[k].speech_id == v.speeches[i].id) json_array_append_new(cs, correction_json(&c[k]));
      json_object_set_new(s, "corrections", cs);
      json_array_append_new(mine, s);
    }
    json_object_set_new(o, "mine", mine);
  }
  api_reply(r, 200, o);
}

/* ---------------------------------------------------------------- speeches */
/* A speech as Popolo with the majlis fields. The Hansard staff and the
** speaker read its current text; others read what hansard_public_view()
** allows: the latest edition's version of it, or the stored text of a
** sitting without a Hansard workflow (404 while a record is in progress). */
void api_hansard_speech(Req *r) {
  int64_t id;
  if (api_path_id(r, 0, "speech", &id)) return;
  HansardSpeech s;
  int rc = hansard_speech(r->db, r->arena, id, &s);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  int staff = (r->who.actor.caps & STAFF) != 0 || (r->who.person_id && r->who.person_id == s.person_id);
  json_t *snap = NULL, *x = NULL;
  if (!staff) {
    int64_t eid = 0;
    int pv = hansard_public_view(r->db, s.sitting_id, &eid);
    if (pv == HANSARD_PUBLIC_NONE) {
      reply_error(r, MJ_ENOTFOUND, "this speech is not published yet");
      return;
    }
    if (pv == HANSARD_PUBLIC_EDITION) {
      HansardEdition e;
      json_error_t err;
      if (!hansard_edition(r->db, r->arena, eid, &e)) snap = json_loads(e.content, 0, &err);
      size_t i;
      json_t *y;
      json_array_foreach(json_object_get(snap, "speeches"), i, y) if (json_integer_value(json_object_get(y, "id")) == id) x = y;
      if (!x) {
        json_decref(snap);
        reply_error(r, MJ_ENOTFOUND, "this speech is not in the published edition");
        return;
      }
    }
  }
  /* Popolo speech, then the majlis fields */
  json_t *o = json_object();
  json_object_set_new(o, "id", json_sprintf("majlis:speech/%lld", (long long)id));
  const char *text = x ? json_string_value(json_object_get(x, "text")) : s.text;
  if (s.person_id) json_object_set_new(o, "creator_id", s.person_ident ? json_string(s.person_ident)
                                                                      : json_sprintf("majlis:person/%lld", (long long)s.person_id));
  if (s.role) json_object_set_new(o, "role", json_string(s.role));
  const char *who = s.label ? s.label : s.person_ar;
  if (who) json_object_set_new(o, "attribution_text", json_string(who));
  json_object_set_new(o, "text", api_jstr(text));
  json_object_set_new(o, "type", api_jstr(s.kind));
  json_object_set_new(o, "position", json_integer(s.position));
  if (s.sitting_date && s.start_time) {
    json_object_set_new(o, "date", json_sprintf("%sT%s", s.sitting_date, s.start_time));
    json_object_set_new(o, "start_date", json_sprintf("%sT%s", s.sitting_date, s.start_time));
  } else {
    json_object_set_new(o, "date", api_jstr(s.sitting_date));
  }
  if (s.sitting_date && s.end_time) json_object_set_new(o, "end_date", json_sprintf("%sT%s", s.sitting_date, s.end_time));
  json_object_set_new(o, "event_id", json_sprintf("majlis:sitting/%lld", (long long)s.sitting_id));
  if (s.media_start_ms >= 0) {
    char *url = NULL;
    sqlite3_stmt *st = db_stmt(r->db, "SELECT media_url FROM record WHERE sitting_id=?1");
    if (st) {
      sqlite3_bind_int64(st, 1, s.sitting_id);
      if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        url = arena_strdup(r->arena, (const char *)sqlite3_column_text(st, 0));
      db_done(st);
    }
    json_object_set_new(o, "audio", json_pack("{s:s?,s:I,s:I}", "url", url, "start_ms", (json_int_t)s.media_start_ms, "end_ms",
                                              (json_int_t)(s.media_end_ms >= 0 ? s.media_end_ms : s.media_start_ms)));
  }
  json_object_set_new(o, "lang", api_jstr(s.lang));
  json_object_set_new(o, "sitting_id", json_integer(s.sitting_id));
  json_object_set_new(o, "person", s.person_id ? json_pack("{s:I,s:s?,s:s?}", "id", (json_int_t)s.person_id, "name", s.person_ar,
                                                           "name_en", s.person_en ? s.person_en : s.person_ar)
                                               : json_null());
  json_object_set_new(o, "label", api_jstr(s.label));
  json_object_set_new(o, "source", api_jstr(s.source));
  json_object_set_new(o, "engine", api_jstr(s.engine));
  json_object_set_new(o, "engine_version", api_jstr(s.engine_version));
  json_object_set_new(o, "confidence", s.confidence >= 0 ? json_real(s.confidence) : json_null());
  json_object_set_new(o, "media_start_ms", jms(s.media_start_ms));
  json_object_set_new(o, "media_end_ms", jms(s.media_end_ms));
  if (staff) {
    json_object_set_new(o, "draft_text", api_jstr(s.draft_text));
    json_object_set_new(o, "attribution", api_jstr(s.attribution));
    json_object_set_new(o, "version", json_integer(s.version));
    json_object_set_new(o, "edited_by", api_jstr(s.edited_by));
    json_object_set_new(o, "edited_at", api_jstr(s.edited_at));
    json_object_set_new(o, "take_id", jid(s.take_id));
  }
  json_decref(snap);
  api_reply(r, 200, o);
}

void api_hansard_speech_edit(Req *r) {
  static const char *const fields[] = {"text", "version", "person_id", "label", "role", "confirm_attribution", NULL};
  int64_t id;
  if (api_path_id(r, 0, "speech", &id)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  HansardEdit e;
  memset(&e, 0, sizeof e);
  long long ver, person;
  int bad = api_opt_str(r, j, "text", &e.text) || api_opt_int(r, j, "version", 1, 1000000000, 0, &ver) ||
            api_opt_int(r, j, "person_id", 1, INT64_MAX, 0, &person) || api_opt_str(r, j, "label", &e.label) || api_opt_str(r, j, "role", &e.role) ||
            api_opt_bool(r, j, "confirm_attribution", &e.confirm_attribution);
  json_decref(j);
  if (bad) return;
  if (!ver) {
    api_fail_input(r, "\"version\" is required: the version of the speech you edited");
    return;
  }
  e.version = (int)ver;
  e.person_id = (int64_t)person;
  MeetingActor who = web_meeting_actor(r);
  int nv = 0;
  HansardConflict c;
  int rc = hansard_speech_edit(r->db, &who, id, &e, &nv, &c);
  if (rc == MJ_ECONFLICT && c.current_version) {
    json_t *o = json_pack("{s:{s:s,s:s},s:i,s:s,s:s?}", "error", "code", mj_codename(rc), "message", mj_errmsg(), "current_version",
                          c.current_version, "edited_by", c.edited_by, "edited_at", *c.edited_at ? c.edited_at : NULL);
    api_reply(r, 409, o);
    return;
  }
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, json_pack("{s:I,s:i}", "id", (json_int_t)id, "version", nv));
}

/* ---------------------------------------------------------------- takes, flags */
void api_hansard_take_status(Req *r) {
  int64_t id;
  const char *to;
  if (api_id_and_string(r, "take", "status", &id, &to)) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = hansard_take_status(r->db, &who, id, to);
  HansardTake t;
  if (!rc) rc = hansard_take(r->db, r->arena, id, &t);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, take_json(&t));
}

void api_hansard_flag_resolve(Req *r) {
  int64_t id;
  const char *res;
  if (api_id_and_string(r, "flag", "resolution", &id, &res)) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = hansard_flag_resolve(r->db, &who, id, res);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "status", "resolved", "resolution", res));
}

void api_hansard_flag_add(Req *r) {
  static const char *const fields[] = {"speech_id", "kind", "detail", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  long long speech;
  const char *kind, *detail;
  int bad = api_opt_int(r, j, "speech_id", 1, INT64_MAX, 0, &speech) || api_opt_str(r, j, "kind", &kind) || api_req_str(r, j, "detail", &detail);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = hansard_flag_add(r->db, &who, sitting, (int64_t)speech, kind ? kind : "note", detail, &id);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "kind", kind ? kind : "note", "status", "open"));
}

/* ---------------------------------------------------------------- corrections */
void api_hansard_correction_propose(Req *r) {
  static const char *const fields[] = {"text", "reason", NULL};
  int64_t speech;
  if (api_path_id(r, 0, "speech", &speech)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *text, *reason;
  int bad = api_req_str(r, j, "text", &text) || api_opt_str(r, j, "reason", &reason);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t id = 0;
  int rc = hansard_correction_propose(r->db, &who, speech, text, reason, &id);
  HansardCorrection c;
  if (!rc) rc = hansard_correction(r->db, r->arena, id, &c);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, correction_json(&c));
}

void api_hansard_correction_decide(Req *r) {
  static const char *const fields[] = {"accept", "note", NULL};
  int64_t id;
  if (api_path_id(r, 0, "correction", &id)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *note;
  json_t *acc = json_object_get(j, "accept");
  int bad = api_opt_str(r, j, "note", &note);
  int accept = json_is_true(acc);
  if (!bad && !json_is_boolean(acc)) {
    api_fail_input(r, "\"accept\" is required: true or false");
    bad = 1;
  }
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int rc = hansard_correction_decide(r->db, &who, id, accept, note);
  HansardCorrection c;
  if (!rc) rc = hansard_correction(r->db, r->arena, id, &c);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, correction_json(&c));
}

/* ---------------------------------------------------------------- the workflow */
static void record_state(Req *r, int64_t sitting, int status) {
  HansardRecord rec;
  int rc = hansard_record_status(r->db, r->arena, sitting, &rec);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, status, json_pack("{s:I,s:s,s:s?,s:b,s:s?,s:s?}", "sitting_id", (json_int_t)sitting, "status", rec.status,
                                 "review_until", rec.review_until, "review_open", rec.review_open, "certified_by", rec.certified_by,
                                 "certified_at", rec.certified_at));
}

void api_hansard_review(Req *r) {
  static const char *const fields[] = {"hours", "close", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  long long hours;
  int close;
  int bad = api_opt_int(r, j, "hours", 1, 2160, 0, &hours) || api_opt_bool(r, j, "close", &close);
  json_decref(j);
  if (bad) return;
  if (!close && !hours) {
    api_fail_input(r, "\"hours\" is required (1 to 2160), or \"close\": true");
    return;
  }
  MeetingActor who = web_meeting_actor(r);
  int rc = close ? hansard_review_close(r->db, &who, sitting) : hansard_review_open(r->db, &who, sitting, (int)hours);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  record_state(r, sitting, 200);
}

void api_hansard_certify(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 1, NULL);
  if (!j) return;
  json_decref(j);
  MeetingActor who = web_meeting_actor(r);
  int rc = hansard_certify(r->db, &who, sitting);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  record_state(r, sitting, 200);
}

void api_hansard_publish(Req *r) {
  static const char *const fields[] = {"kind", "note", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 0, fields);
  if (!j) return;
  const char *kind, *note;
  int bad = api_req_str(r, j, "kind", &kind) || api_opt_str(r, j, "note", &note);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  int64_t eid = 0;
  int num = 0;
  int rc = hansard_publish(r->db, &who, sitting, kind, note, &eid, &num);
  HansardEdition e;
  if (!rc) rc = hansard_edition(r->db, r->arena, eid, &e);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 201, edition_json(&e));
}

void api_hansard_assign(Req *r) {
  static const char *const fields[] = {"take_minutes", "reporters", "duration_minutes", NULL};
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  json_t *j = api_body_object(r, 1, fields);
  if (!j) return;
  long long tm, dm;
  const char *reporters;
  int bad = api_opt_int(r, j, "take_minutes", 1, 120, 0, &tm) || api_opt_int(r, j, "duration_minutes", 1, 2880, 0, &dm) ||
            api_opt_str(r, j, "reporters", &reporters);
  json_decref(j);
  if (bad) return;
  MeetingActor who = web_meeting_actor(r);
  HansardAssign in = {(int)tm * 60, reporters, dm * 60000};
  HansardAssignResult res;
  int rc = hansard_assign(r->db, &who, sitting, &in, &res);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, 200, json_pack("{s:I,s:i,s:i,s:i,s:i}", "sitting_id", (json_int_t)sitting, "takes", res.takes, "created", res.created,
                              "assigned", res.assigned, "reporters", res.reporters));
}

/* The body is the segment file itself; format, engine and engine_version
** come in the query. */
void api_hansard_segments(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  int fmt = segments_format_parse(req_query(r, "format"));
  if (fmt < 0) {
    api_fail_input(r, "format is vtt, srt or json");
    return;
  }
  const char *engine = req_query(r, "engine");
  if (!engine || !*engine) {
    api_fail_input(r, "name the speech-recognition engine with the query parameter engine");
    return;
  }
  const char *body = r->body ? r->body : "";
  size_t len = r->body ? r->body_len : 0;
  if (fmt == SEG_AUTO) fmt = segments_sniff(NULL, body, len);
  Segment *segs;
  int n, skipped;
  int rc = segments_parse(r->arena, body, len, (SegFormat)fmt, "body", &segs, &n, &skipped);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)body, len);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  HansardImport in = {engine, req_query(r, "engine_version"), req_query(r, "lang"), -1, hex};
  HansardImportResult res;
  MeetingActor who = web_meeting_actor(r);
  rc = hansard_import_segments(r->db, &who, sitting, segs, n, &in, &res);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  api_reply(r, res.already ? 200 : 201,
            json_pack("{s:I,s:b,s:i,s:i,s:i,s:i,s:i,s:i}", "sitting_id", (json_int_t)sitting, "already_imported", res.already,
                      "segments", res.segments, "duplicates", res.duplicates, "skipped", skipped, "speeches", res.speeches, "takes",
                      res.takes, "flags", res.flags));
}

void api_hansard_vtt(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  const char *cur = req_query(r, "current");
  int current = cur && strcmp(cur, "0") != 0;
  if (current && !(r->who.actor.caps & STAFF)) {
    reply_error(r, r->who.actor.user_id ? MJ_EDENIED : MJ_EAUTH, "the current text is for the Hansard staff");
    return;
  }
  if (!current && !(r->who.actor.caps & STAFF) && hansard_public_view(r->db, sitting, NULL) == HANSARD_PUBLIC_NONE) {
    reply_error(r, MJ_ENOTFOUND, "this record is not published yet");
    return;
  }
  Buf b;
  buf_init(&b, 64u << 20);
  int rc = hansard_export_vtt(r->db, sitting, current, &b);
  if (rc) {
    buf_free(&b);
    api_fail_domain(r, rc);
    return;
  }
  r->status = 200;
  r->ctype = "text/vtt; charset=utf-8";
  buf_reset(&r->out);
  buf_append(&r->out, b.p, b.n);
  buf_free(&b);
}

/* ---------------------------------------------------------------- editions */
void api_hansard_editions(Req *r) {
  int64_t sitting;
  if (api_path_id(r, 0, "sitting", &sitting)) return;
  if (!db_int(r->db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0)) {
    reply_error(r, MJ_ENOTFOUND, arena_printf(r->arena, "there is no sitting %lld", (long long)sitting));
    return;
  }
  HansardEdition *e;
  int n;
  int rc = hansard_editions(r->db, r->arena, sitting, &e, &n);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, edition_json(&e[i]));
  api_reply(r, 200, json_pack("{s:I,s:o}", "sitting_id", (json_int_t)sitting, "editions", arr));
}

void api_hansard_edition(Req *r) {
  int64_t id;
  if (api_path_id(r, 0, "edition", &id)) return;
  HansardEdition e;
  int rc = hansard_edition(r->db, r->arena, id, &e);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_error_t err;
  json_t *o = edition_json(&e);
  json_t *c = json_loads(e.content, 0, &err);
  json_object_set_new(o, "content", c ? c : json_null());
  api_reply(r, 200, o);
}

void api_hansard_diff(Req *r) {
  int64_t id;
  if (api_path_id(r, 0, "edition", &id)) return;
  const char *against = req_query(r, "against");
  if (!against || !*against) {
    api_fail_input(r, "say what to compare with: against=EDITION-ID or against=current");
    return;
  }
  int64_t other = 0;
  long long v;
  if (strcmp(against, "current") == 0) {
    if (!(r->who.actor.caps & STAFF)) {
      reply_error(r, r->who.actor.user_id ? MJ_EDENIED : MJ_EAUTH, "the current text is for the Hansard staff");
      return;
    }
  } else if (mj_parse_int(against, 1, INT64_MAX, &v)) {
    api_fail_input(r, "against is an edition id or current");
    return;
  } else {
    other = (int64_t)v;
  }
  /* from the older version to the newer */
  int64_t from = id, to = other;
  if (other) {
    int n1 = (int)db_int(r->db, "SELECT number FROM edition WHERE id=?1", 1, id, 0);
    int n2 = (int)db_int(r->db, "SELECT number FROM edition WHERE id=?1", 1, other, 0);
    if (n2 && n1 > n2) {
      from = other;
      to = id;
    }
  }
  HansardDiff d;
  int rc = hansard_diff(r->db, r->arena, from, to, &d);
  if (rc) {
    api_fail_domain(r, rc);
    return;
  }
  json_t *ops = json_array();
  for (int i = 0; i < d.n; i++) {
    json_t *o = json_pack("{s:s,s:s,s:I}", "op", d.ops[i].op, "text", d.ops[i].text, "speech_id", (json_int_t)d.ops[i].speech_id);
    if (d.ops[i].old) json_object_set_new(o, "old", json_string(d.ops[i].old));
    json_array_append_new(ops, o);
  }
  json_t *o = json_object();
  json_object_set_new(o, "from", json_integer(from));
  json_object_set_new(o, "to", to ? json_integer(to) : json_string("current"));
  json_object_set_new(o, "ins", json_integer(d.ins));
  json_object_set_new(o, "del", json_integer(d.del));
  json_object_set_new(o, "marks", json_integer(d.marks));
  json_object_set_new(o, "ops", ops);
  api_reply(r, 200, o);
}
