/*
** admin.c: the administrator's screens for users and roles, and the audit
** trail browser. Right to left in Arabic like every other page. The route
** table requires CAP_USERS or CAP_AUDIT; the domain checks again.
*/
#include <jansson.h>
#include <string.h>

#include "auth.h"
#include "user.h"
#include "web_int.h"

static void role_boxes(Req *r, const char *current, const char *idprefix) {
  int n;
  const RoleDef *roles = user_roles(&n);
  html_printf(&r->out, "<fieldset class=\"roles\"><legend>%s</legend>", T(r, "Roles"));
  for (int i = 0; i < n; i++) {
    if (strcmp(roles[i].name, "public") == 0) continue;
    int on = 0;
    if (current) {
      char list[256];
      mj_strlcpy(list, current, sizeof list);
      for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
        on |= strcmp(t, roles[i].name) == 0;
    }
    html_printf(&r->out,
                "<label><input type=\"checkbox\" name=\"role\" value=\"%s\" id=\"%s-%s\"%R> %s</label>",
                roles[i].name, idprefix, roles[i].name, on ? " checked" : "", T(r, roles[i].title));
    if (roles[i].needs_totp)
      html_printf(&r->out, "<small class=\"needs-2fa\">(%s)</small>", T(r, "needs two-factor sign-in"));
  }
  html_printf(&r->out, "</fieldset>");
}

/* The checked role boxes of a form as "a,b,c" (arena). */
static const char *form_roles(Req *r) {
  Buf b;
  buf_init(&b, 1024);
  for (int i = 0; i < r->nform; i++)
    if (strcmp(r->form[i].name, "role") == 0) {
      if (b.n) buf_putc(&b, ',');
      buf_puts(&b, r->form[i].value);
    }
  const char *s = b.err ? "" : arena_strdup(r->arena, b.p ? b.p : "");
  buf_free(&b);
  return s;
}

void page_admin_users(Req *r) {
  UserRow *u;
  int n;
  int rc = auth_users(r->db, r->arena, &r->who.actor, &u, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  page_begin(r, T(r, "Users and roles"), T(r, "Users and roles"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n<table class=\"list users\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
              "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
              T(r, "Users and roles"), T(r, "User name"), T(r, "Name"), T(r, "Roles"), T(r, "Two-factor"), T(r, "Status"));
  for (int i = 0; i < n; i++) {
    html_printf(b, "<tr id=\"user-%s\"><td><bdi dir=\"ltr\">%s</bdi></td><td>%s</td><td><form method=\"post\" action=\"/admin/users/%U/roles\">",
                u[i].name, u[i].name, *u[i].display_ar ? u[i].display_ar : u[i].display_latin, u[i].name);
    page_csrf_field(r);
    role_boxes(r, u[i].roles, u[i].name);
    html_printf(b, "<button type=\"submit\">%s</button></form></td><td>%s</td><td>",
                T(r, "Save roles"), u[i].totp ? T(r, "On") : T(r, "Off"));
    html_printf(b, "<form method=\"post\" action=\"/admin/users/%U/%R\">", u[i].name, u[i].disabled ? "enable" : "disable");
    page_csrf_field(r);
    html_printf(b, "%s <button type=\"submit\">%s</button></form></td></tr>\n",
                u[i].disabled ? T(r, "Disabled") : T(r, "Active"), u[i].disabled ? T(r, "Enable") : T(r, "Disable"));
  }
  html_printf(b, "</tbody></table>\n<section aria-labelledby=\"new\"><h2 id=\"new\">%s</h2>"
              "<form method=\"post\" action=\"/admin/users\" class=\"stack\">",
              T(r, "New user"));
  page_csrf_field(r);
  html_printf(b,
              "<label for=\"nu-name\">%s</label><input id=\"nu-name\" name=\"name\" dir=\"ltr\" required maxlength=\"64\" "
              "pattern=\"[a-z0-9._\\-]+\">"
              "<label for=\"nu-ar\">%s</label><input id=\"nu-ar\" name=\"display_ar\" dir=\"rtl\" lang=\"ar\">"
              "<label for=\"nu-lat\">%s</label><input id=\"nu-lat\" name=\"display_latin\" dir=\"ltr\">"
              "<label for=\"nu-pw\">%s</label><input id=\"nu-pw\" name=\"password\" type=\"password\" dir=\"ltr\" "
              "minlength=\"12\" autocomplete=\"new-password\" required>",
              T(r, "User name"), T(r, "Name in Arabic"), T(r, "Name in Latin script"), T(r, "Password"));
  role_boxes(r, NULL, "new");
  html_printf(b, "<button type=\"submit\">%s</button></form></section>\n", T(r, "Create user"));
  page_end(r);
}

void page_admin_user_create(Req *r) {
  int rc = user_create(r->db, &r->who.actor, req_form(r, "name") ? req_form(r, "name") : "",
                       req_form(r, "display_ar"), req_form(r, "display_latin"), form_roles(r), 0,
                       req_form(r, "password"), NULL);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/users");
}

void page_admin_user_roles(Req *r) {
  int rc = auth_user_set_roles(r->db, &r->who.actor, r->pathvars[0], form_roles(r));
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/users");
}

static void set_disabled(Req *r, int disabled) {
  int rc = auth_user_set_disabled(r->db, &r->who.actor, r->pathvars[0], disabled);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  reply_redirect(r, "/admin/users");
}
void page_admin_user_disable(Req *r) { set_disabled(r, 1); }
void page_admin_user_enable(Req *r) { set_disabled(r, 0); }

/* ---- the audit trail ---- */
typedef struct AuditQuery {
  const char *action, *user, *since, *until;
  long long page;
} AuditQuery;

static int audit_query(Req *r, AuditQuery *q) {
  q->action = req_query(r, "action");
  q->user = req_query(r, "user");
  q->since = req_query(r, "since");
  q->until = req_query(r, "until");
  q->page = 1;
  const char *p = req_query(r, "page");
  if (p && mj_parse_int(p, 1, 100000, &q->page)) return mj_fail(MJ_EINVAL, "page must be a positive number");
  if (q->action && !*q->action) q->action = NULL;
  if (q->user && !*q->user) q->user = NULL;
  if (q->since && !*q->since) q->since = NULL;
  if (q->until && !*q->until) q->until = NULL;
  return MJ_OK;
}

#define AUDIT_PAGE 100

/* Calls fn for each row of the page the query asks for. */
static int audit_rows(Req *r, const AuditQuery *q, void (*fn)(Req *, sqlite3_stmt *, void *), void *arg,
                      int *total) {
  sqlite3_stmt *st = db_stmt(r->db, "SELECT count(*) FROM audit WHERE (?1 IS NULL OR action LIKE ?1 || '%') "
                                    "AND (?2 IS NULL OR user_name=?2) AND (?3 IS NULL OR at >= ?3) "
                                    "AND (?4 IS NULL OR at < ?4)");
  if (!st) return MJ_EIO;
  const char *params[4] = {q->action, q->user, q->since, q->until};
  for (int i = 0; i < 4; i++)
    if (params[i]) sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
  *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  db_done(st);
  st = db_stmt(r->db, "SELECT id, at, user_name, address, action, object, summary, hash FROM audit "
                      "WHERE (?1 IS NULL OR action LIKE ?1 || '%') AND (?2 IS NULL OR user_name=?2) "
                      "AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) ORDER BY id DESC LIMIT ?5 OFFSET ?6");
  if (!st) return MJ_EIO;
  for (int i = 0; i < 4; i++)
    if (params[i]) sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 5, AUDIT_PAGE);
  sqlite3_bind_int64(st, 6, (q->page - 1) * AUDIT_PAGE);
  while (sqlite3_step(st) == SQLITE_ROW) fn(r, st, arg);
  db_done(st);
  return MJ_OK;
}

#define COL(i) ((const char *)sqlite3_column_text(st, i))

static void audit_html_row(Req *r, sqlite3_stmt *st, void *arg) {
  (void)arg;
  /* values in Latin script keep their own direction inside cells that
  ** follow the page's; summaries are stored in English */
  html_printf(&r->out, "<tr><td>%L</td><td><bdi dir=\"ltr\">%s</bdi></td><td><bdi dir=\"ltr\">%s</bdi></td>"
              "<td><bdi dir=\"ltr\">%s</bdi></td><td><bdi dir=\"ltr\">%s</bdi></td><td><bdi dir=\"ltr\">%s</bdi></td>"
              "<td><bdi dir=\"auto\" lang=\"en\">%s</bdi></td></tr>\n",
              (long long)sqlite3_column_int64(st, 0), COL(1), COL(2), COL(3), COL(4), COL(5), COL(6));
}

static void audit_json_row(Req *r, sqlite3_stmt *st, void *arg) {
  (void)r;
  json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "at",
                        COL(1), "user", COL(2), "address", COL(3), "action", COL(4), "object", COL(5), "summary",
                        COL(6), "hash", COL(7));
  json_array_append_new((json_t *)arg, o);
}
#undef COL

void page_admin_audit(Req *r) {
  AuditQuery q;
  int rc = audit_query(r, &q);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  page_begin(r, T(r, "Audit trail"), T(r, "Audit trail"));
  Buf *b = &r->out;
  html_printf(b,
              "<h1>%s</h1><form method=\"get\" action=\"/admin/audit\" class=\"filters\">"
              "<label>%s <input name=\"action\" dir=\"ltr\" value=\"%s\"></label>"
              "<label>%s <input name=\"user\" dir=\"ltr\" value=\"%s\"></label>"
              "<label>%s <input name=\"since\" type=\"date\" value=\"%s\"></label>"
              "<label>%s <input name=\"until\" type=\"date\" value=\"%s\"></label>"
              "<button type=\"submit\">%s</button></form>\n",
              T(r, "Audit trail"), T(r, "Action"), q.action ? q.action : "", T(r, "User"), q.user ? q.user : "",
              T(r, "From"), q.since ? q.since : "", T(r, "Until"), q.until ? q.until : "", T(r, "Filter"));
  html_printf(b, "<table class=\"list audit\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s</th>"
              "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
              "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
              T(r, "Time"), T(r, "User"), T(r, "Address"), T(r, "Action"), T(r, "Object"), T(r, "Summary"));
  int total = 0;
  audit_rows(r, &q, audit_html_row, NULL, &total);
  html_printf(b, "</tbody></table>\n<p>%s: %d</p>", T(r, "Entries"), total);
  if (total > q.page * AUDIT_PAGE)
    html_printf(b, "<p><a rel=\"next\" href=\"/admin/audit?action=%U&amp;user=%U&amp;since=%U&amp;until=%U&amp;page=%L\">%s</a></p>",
                q.action ? q.action : "", q.user ? q.user : "", q.since ? q.since : "", q.until ? q.until : "",
                q.page + 1, T(r, "Older entries"));
  page_end(r);
}

void api_audit(Req *r) {
  AuditQuery q;
  int rc = audit_query(r, &q);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *arr = json_array();
  int total = 0;
  if ((rc = audit_rows(r, &q, audit_json_row, arr, &total))) {
    json_decref(arr);
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "total", json_integer(total));
  json_object_set_new(o, "page", json_integer(q.page));
  json_object_set_new(o, "entries", arr);
  api_reply(r, 200, o);
}

void api_users(Req *r) {
  UserRow *u;
  int n;
  int rc = auth_users(r->db, r->arena, &r->who.actor, &u, &n);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) {
    json_t *roles = json_array();
    char list[256];
    mj_strlcpy(list, u[i].roles, sizeof list);
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
      json_array_append_new(roles, json_string(t));
    json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:o,s:b,s:b}", "user", u[i].name, "display_ar", u[i].display_ar,
                                         "display_latin", u[i].display_latin, "roles", roles, "disabled",
                                         u[i].disabled, "totp_enabled", u[i].totp));
  }
  api_reply(r, 200, json_pack("{s:o}", "users", arr));
}
