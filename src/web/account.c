/*
** account.c: signing in and out, and a user's own account: password,
** two-factor enrolment (TOTP with a QR code, recovery codes), sessions and
** API tokens; the same sign-in for API clients. Every change is a POST
** checked for origin and CSRF in dispatch; the domain (auth.c) decides and
** audits. Secrets shown once (recovery codes, tokens) are rendered in the
** reply to the POST that made them and never stored in clear.
*/
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "qr.h"
#include "search_saved.h"
#include "user.h"
#include "web_int.h"

void page_csrf_field(Req *r) {
  if (r->who.session_id) html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->who.csrf);
}

/* Only a path on this site may be a redirect target. */
static const char *safe_next(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\' || strlen(s) > 512) return NULL;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == '\\' || *p == 0x7f) return NULL;
  return s;
}

/* The domain's English reasons for sign-in failures, in the reader's language. */
static const char *login_message(Req *r, int rc) {
  if (rc == MJ_EDENIED) return T(r, "Too many failed sign-ins from here or for this name. Wait a few minutes and try again.");
  if (rc == MJ_EAUTH) return T(r, "The user name, password or code is wrong.");
  return T(r, "Signing in is not possible right now.");
}

static void login_form(Req *r, const char *error, const char *name, const char *next) {
  page_begin(r, T(r, "Sign in"), T(r, "Sign in to Majlis"));
  Buf *b = &r->out;
  html_printf(b, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Sign in"));
  if (error) html_printf(b, "<p class=\"error-msg\" role=\"alert\">%s</p>\n", error);
  html_printf(b,
              "<form method=\"post\" action=\"/login\" class=\"stack\">"
              "<input type=\"hidden\" name=\"next\" value=\"%s\">"
              "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" autocomplete=\"username\" dir=\"ltr\" "
              "required maxlength=\"64\" value=\"%s\">"
              "<label for=\"password\">%s</label><input id=\"password\" name=\"password\" type=\"password\" "
              "autocomplete=\"current-password\" dir=\"ltr\" required maxlength=\"256\">"
              "<label for=\"code\">%s</label><input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" "
              "inputmode=\"numeric\" dir=\"ltr\" maxlength=\"16\" aria-describedby=\"code-help\">"
              "<p id=\"code-help\" class=\"help\">%s</p>"
              "<button type=\"submit\">%s</button></form></section>\n",
              next ? next : "", T(r, "User name"), name ? name : "", T(r, "Password"), T(r, "Two-factor code"),
              T(r, "The six digits from your authenticator app, or a recovery code. Leave empty if you have not enrolled."),
              T(r, "Sign in"));
  page_end(r);
}

void page_login(Req *r) {
  const char *next = safe_next(req_query(r, "next"));
  if (r->who.actor.user_id) {
    reply_redirect(r, next ? next : "/account");
    return;
  }
  login_form(r, NULL, NULL, next);
}

void page_login_post(Req *r) {
  const char *name = req_form(r, "name"), *pw = req_form(r, "password"), *code = req_form(r, "code");
  const char *next = safe_next(req_form(r, "next"));
  char token[AUTH_TOKEN_HEX + 1];
  Principal p;
  if (r->who.session_id) auth_logout(r->db, &r->who); /* a new session on every sign-in */
  int rc = auth_login(r->db, name ? name : "", pw ? pw : "", code, r->remote, req_header(r, "User-Agent"), token, &p);
  if (rc) {
    r->who.session_id = 0;
    r->end_session = 1;
    r->status = rc == MJ_EDENIED ? 429 : 401;
    login_form(r, login_message(r, rc), name, next);
    return;
  }
  r->new_session = arena_strdup(r->arena, token);
  reply_redirect(r, next ? next : "/account");
}

void page_logout(Req *r) {
  auth_logout(r->db, &r->who);
  r->end_session = 1;
  reply_redirect(r, "/");
}

static const char *role_title(Req *r, const char *name) {
  const RoleDef *d = user_role_find(name);
  return d ? T(r, d->title) : name;
}

static void fmt_time(Req *r, int64_t t, const char **out) {
  char buf[32];
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  *out = arena_strdup(r->arena, buf);
}

void page_account(Req *r) {
  Principal *p = &r->who;
  page_begin(r, T(r, "Your account"), T(r, "Your account"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n", T(r, "Your account"));
  if (p->totp_missing)
    html_printf(b, "<p class=\"warning\" role=\"alert\">%s</p>\n",
                T(r, "Your role needs two-factor sign-in. Until you enrol it, you can read but not change the record."));
  html_printf(b, "<dl class=\"facts\"><dt>%s</dt><dd><bdi dir=\"ltr\">%s</bdi></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
              T(r, "User name"), p->name, T(r, "Name"), p->display, T(r, "Roles"));
  char roles[256];
  mj_strlcpy(roles, p->roles, sizeof roles);
  int first = 1;
  for (char *save = NULL, *t = strtok_r(roles, ",", &save); t; t = strtok_r(NULL, ",", &save), first = 0)
    html_printf(b, "%R%s", first ? "" : "، ", role_title(r, t));
  html_printf(b, "</dd></dl>\n");

  /* two-factor */
  html_printf(b, "<section aria-labelledby=\"tfa\"><h2 id=\"tfa\">%s</h2>\n", T(r, "Two-factor sign-in"));
  if (p->totp_enabled) {
    html_printf(b, "<p>%s</p>", T(r, "Two-factor sign-in is on."));
    html_printf(b, "<form method=\"post\" action=\"/account/recovery\">");
    page_csrf_field(r);
    html_printf(b, "<button type=\"submit\">%s</button></form>", T(r, "New recovery codes"));
    /* a new device: enrol again; the old secret works until the new one is confirmed */
    html_printf(b, "<form method=\"post\" action=\"/account/totp\">");
    page_csrf_field(r);
    html_printf(b, "<button type=\"submit\">%s</button></form>", T(r, "Replace the authenticator"));
    html_printf(b, "<form method=\"post\" action=\"/account/totp/remove\" class=\"stack\">");
    page_csrf_field(r);
    html_printf(b, "<label for=\"rm-pw\">%s</label><input id=\"rm-pw\" name=\"password\" type=\"password\" dir=\"ltr\" "
                "autocomplete=\"current-password\" required><button type=\"submit\">%s</button></form>",
                T(r, "Password"), T(r, "Turn two-factor sign-in off"));
  } else {
    html_printf(b, "<p>%s</p><form method=\"post\" action=\"/account/totp\">", T(r, "Two-factor sign-in is off."));
    page_csrf_field(r);
    html_printf(b, "<button type=\"submit\">%s</button></form>", T(r, "Set up two-factor sign-in"));
  }
  html_printf(b, "</section>\n");

  /* password */
  html_printf(b, "<section aria-labelledby=\"pw\"><h2 id=\"pw\">%s</h2>\n"
              "<form method=\"post\" action=\"/account/password\" class=\"stack\">",
              T(r, "Change password"));
  page_csrf_field(r);
  html_printf(b,
              "<label for=\"cur\">%s</label><input id=\"cur\" name=\"current\" type=\"password\" dir=\"ltr\" "
              "autocomplete=\"current-password\" required>"
              "<label for=\"new\">%s</label><input id=\"new\" name=\"new\" type=\"password\" dir=\"ltr\" "
              "autocomplete=\"new-password\" minlength=\"12\" required aria-describedby=\"new-help\">"
              "<p id=\"new-help\" class=\"help\">%s</p><button type=\"submit\">%s</button></form></section>\n",
              T(r, "Current password"), T(r, "New password"),
              T(r, "At least 12 characters. Your other sessions end when you change it."), T(r, "Change password"));

  /* sessions */
  SessionRow *ss;
  int ns;
  if (auth_sessions(r->db, r->arena, p, &ss, &ns) == MJ_OK) {
    html_printf(b, "<section aria-labelledby=\"sess\"><h2 id=\"sess\">%s</h2><table class=\"list\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\"></th>"
                "</tr></thead><tbody>\n",
                T(r, "Your sessions"), T(r, "Started"), T(r, "Address"), T(r, "Browser"));
    for (int i = 0; i < ns; i++) {
      const char *started;
      fmt_time(r, ss[i].created_at, &started);
      html_printf(b, "<tr><td>%s</td><td><bdi dir=\"ltr\">%s</bdi></td><td><bdi dir=\"ltr\">%s</bdi></td><td>", started, ss[i].address,
                  ss[i].user_agent);
      if (ss[i].current) html_printf(b, "%s", T(r, "This session"));
      else {
        html_printf(b, "<form method=\"post\" action=\"/account/sessions/%L/revoke\">", (long long)ss[i].id);
        page_csrf_field(r);
        html_printf(b, "<button type=\"submit\">%s</button></form>", T(r, "End"));
      }
      html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody></table></section>\n");
  }

  search_saved_account(r); /* saved searches (search_saved.c) */

  /* API tokens */
  TokenRow *tk;
  int nt;
  if (auth_tokens(r->db, r->arena, &p->actor, 0, &tk, &nt) == MJ_OK) {
    html_printf(b, "<section aria-labelledby=\"tok\"><h2 id=\"tok\">%s</h2>\n", T(r, "API tokens"));
    if (nt) {
      html_printf(b, "<table class=\"list\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                  "<th scope=\"col\">%s</th><th scope=\"col\"></th></tr></thead><tbody>\n",
                  T(r, "Name"), T(r, "Created"), T(r, "Expires"));
      for (int i = 0; i < nt; i++) {
        const char *created, *expires = T(r, "Never");
        fmt_time(r, tk[i].created_at, &created);
        if (tk[i].expires_at) fmt_time(r, tk[i].expires_at, &expires);
        html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", tk[i].name, created, expires);
        if (tk[i].revoked) html_printf(b, "%s", T(r, "Revoked"));
        else {
          html_printf(b, "<form method=\"post\" action=\"/account/tokens/%L/revoke\">", (long long)tk[i].id);
          page_csrf_field(r);
          html_printf(b, "<button type=\"submit\">%s</button></form>", T(r, "Revoke"));
        }
        html_printf(b, "</td></tr>\n");
      }
      html_printf(b, "</tbody></table>\n");
    }
    html_printf(b, "<form method=\"post\" action=\"/account/tokens\" class=\"stack\">");
    page_csrf_field(r);
    html_printf(b,
                "<label for=\"tname\">%s</label><input id=\"tname\" name=\"name\" required maxlength=\"100\">"
                "<label for=\"tdays\">%s</label><input id=\"tdays\" name=\"days\" type=\"number\" min=\"0\" "
                "max=\"3650\" value=\"90\" dir=\"ltr\"><button type=\"submit\">%s</button></form></section>\n",
                T(r, "Token name"), T(r, "Days until it expires (0: never)"), T(r, "Create a token"));
  }
  html_printf(b, "<form method=\"post\" action=\"/logout\">");
  page_csrf_field(r);
  html_printf(b, "<button type=\"submit\">%s</button></form>\n", T(r, "Sign out"));
  page_end(r);
}

/* After a refused account change: the reason on a small page. */
static void account_error(Req *r, int rc) {
  reply_error(r, rc, mj_errmsg());
}

void page_account_password(Req *r) {
  int rc = auth_password_change(r->db, &r->who, req_form(r, "current"), req_form(r, "new"));
  if (rc) {
    account_error(r, rc);
    return;
  }
  reply_redirect(r, "/account");
}

void page_account_totp_begin(Req *r) {
  const char *secret, *uri;
  int rc = auth_totp_begin(r->db, r->arena, &r->who, &secret, &uri);
  if (rc) {
    account_error(r, rc);
    return;
  }
  Buf path;
  buf_init(&path, 1 << 20);
  int size = 0;
  rc = qr_svg_path(uri, &path, &size);
  page_begin(r, T(r, "Set up two-factor sign-in"), T(r, "Set up two-factor sign-in"));
  Buf *b = &r->out;
  html_printf(b, "<section class=\"narrow\"><h1>%s</h1><ol class=\"steps\"><li>%s</li><li>%s</li></ol>\n",
              T(r, "Set up two-factor sign-in"),
              T(r, "Scan this code with an authenticator app, or type the key below into it."),
              T(r, "Enter the six-digit code the app shows."));
  if (!rc)
    html_printf(b,
                "<svg class=\"qr\" role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"240\" height=\"240\" "
                "xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>"
                "<path fill=\"#000\" d=\"%s\"/></svg>\n",
                T(r, "QR code for your authenticator app"), size, size, path.p ? path.p : "");
  html_printf(b, "<p>%s <code class=\"secret\" dir=\"ltr\">%s</code></p>\n", T(r, "Key:"), secret);
  html_printf(b, "<form method=\"post\" action=\"/account/totp/confirm\" class=\"stack\">");
  page_csrf_field(r);
  html_printf(b,
              "<label for=\"code\">%s</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" "
              "autocomplete=\"one-time-code\" dir=\"ltr\" maxlength=\"6\" required>"
              "<button type=\"submit\">%s</button></form></section>\n",
              T(r, "Two-factor code"), T(r, "Turn on"));
  buf_free(&path);
  page_end(r);
}

static void show_codes(Req *r, char codes[10][12], const char *intro) {
  Buf *b = &r->out;
  html_printf(b, "<section class=\"narrow\"><h1>%s</h1><p>%s</p><ul class=\"codes\" dir=\"ltr\">",
              T(r, "Recovery codes"), intro);
  for (int i = 0; i < 10; i++) html_printf(b, "<li><code>%s</code></li>", codes[i]);
  html_printf(b, "</ul><p>%s</p></section>\n",
              T(r, "Keep them somewhere safe. Each works once, in place of a code, if you lose your device. They will not be shown again."));
}

void page_account_totp_confirm(Req *r) {
  char codes[10][12];
  int rc = auth_totp_confirm(r->db, &r->who, req_form(r, "code"), codes);
  if (rc) {
    account_error(r, rc);
    return;
  }
  /* enrolment changed the user's privileges: every session ended */
  r->end_session = 1;
  page_begin(r, T(r, "Recovery codes"), T(r, "Recovery codes"));
  show_codes(r, codes, T(r, "Two-factor sign-in is on. Sign in again with a code from your app."));
  html_printf(&r->out, "<p><a class=\"button\" href=\"/login\">%s</a></p>", T(r, "Sign in"));
  page_end(r);
}

void page_account_totp_remove(Req *r) {
  int rc = auth_totp_remove(r->db, &r->who, req_form(r, "password"));
  if (rc) {
    account_error(r, rc);
    return;
  }
  reply_redirect(r, "/account");
}

void page_account_recovery(Req *r) {
  char codes[10][12];
  int rc = auth_recovery_regenerate(r->db, &r->who, codes);
  if (rc) {
    account_error(r, rc);
    return;
  }
  page_begin(r, T(r, "Recovery codes"), T(r, "Recovery codes"));
  show_codes(r, codes, T(r, "Your old recovery codes no longer work."));
  html_printf(&r->out, "<p><a href=\"/account\">%s</a></p>", T(r, "Back to your account"));
  page_end(r);
}

static int path_id(Req *r, int64_t *id) {
  long long v;
  if (mj_parse_int(r->pathvars[0], 1, INT64_MAX, &v)) {
    reply_error(r, MJ_ENOTFOUND, "no such item");
    return 0;
  }
  *id = v;
  return 1;
}

void page_account_session_revoke(Req *r) {
  int64_t id;
  if (!path_id(r, &id)) return;
  int rc = auth_session_revoke(r->db, &r->who, id);
  if (rc) {
    account_error(r, rc);
    return;
  }
  reply_redirect(r, "/account");
}

void page_account_token_create(Req *r) {
  long long days = 90;
  const char *ds = req_form(r, "days");
  if (ds && *ds && mj_parse_int(ds, 0, 3650, &days)) {
    account_error(r, MJ_EINVAL);
    return;
  }
  char token[AUTH_TOKEN_HEX + 8];
  int64_t id;
  int rc = auth_token_create(r->db, &r->who.actor, r->who.name, req_form(r, "name"), (int)days, token, &id);
  if (rc) {
    account_error(r, rc);
    return;
  }
  page_begin(r, T(r, "API tokens"), T(r, "API tokens"));
  html_printf(&r->out,
              "<section class=\"narrow\"><h1>%s</h1><p>%s</p><p><code class=\"secret\" dir=\"ltr\">%s</code></p>"
              "<p>%s <code dir=\"ltr\">Authorization: Bearer …</code></p><p><a href=\"/account\">%s</a></p></section>\n",
              T(r, "Your new API token"), T(r, "Copy it now: it will not be shown again."), token,
              T(r, "Send it in the header"), T(r, "Back to your account"));
  page_end(r);
}

void page_account_token_revoke(Req *r) {
  int64_t id;
  if (!path_id(r, &id)) return;
  int rc = auth_token_revoke(r->db, &r->who.actor, id);
  if (rc) {
    account_error(r, rc);
    return;
  }
  reply_redirect(r, "/account");
}

/* ---- the same for API clients ---- */
static json_t *me_json(const Principal *p) {
  json_t *o = json_object();
  json_object_set_new(o, "user", json_string(p->name));
  json_object_set_new(o, "display_name", json_string(p->display));
  json_t *roles = json_array();
  char list[256];
  mj_strlcpy(list, p->roles, sizeof list);
  for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
    json_array_append_new(roles, json_string(t));
  json_object_set_new(o, "roles", roles);
  json_t *caps = json_array();
  for (int i = 0; i < user_cap_count(); i++)
    if (p->actor.caps & (1u << i)) json_array_append_new(caps, json_string(user_cap_name(i)));
  json_object_set_new(o, "capabilities", caps);
  json_object_set_new(o, "totp_enabled", json_boolean(p->totp_enabled));
  json_object_set_new(o, "totp_required_missing", json_boolean(p->totp_missing));
  if (p->person_id) json_object_set_new(o, "person_id", json_integer(p->person_id));
  return o;
}

void api_login(Req *r) {
  json_error_t err;
  json_t *j = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
  if (!j || !json_is_object(j)) {
    json_decref(j);
    reply_error(r, MJ_EINVAL, "send a JSON object {\"user\", \"password\", \"code\"}");
    return;
  }
  const char *name = json_string_value(json_object_get(j, "user"));
  const char *pw = json_string_value(json_object_get(j, "password"));
  const char *code = json_string_value(json_object_get(j, "code"));
  char token[AUTH_TOKEN_HEX + 1];
  Principal p;
  if (r->who.session_id) auth_logout(r->db, &r->who);
  int rc = auth_login(r->db, name ? name : "", pw ? pw : "", code, r->remote, req_header(r, "User-Agent"), token, &p);
  json_decref(j);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    if (rc == MJ_EDENIED) r->status = 429;
    return;
  }
  r->new_session = arena_strdup(r->arena, token);
  json_t *o = me_json(&p);
  /* state-changing calls with this session send it back as X-CSRF-Token */
  json_object_set_new(o, "csrf_token", json_string(p.csrf));
  api_reply(r, 200, o);
}

void api_logout(Req *r) {
  int rc = auth_logout(r->db, &r->who);
  if (rc) {
    reply_error(r, rc, mj_errmsg());
    return;
  }
  r->end_session = 1;
  api_reply(r, 200, json_pack("{s:b}", "signed_out", 1));
}

void api_me(Req *r) { api_reply(r, 200, me_json(&r->who)); }
