/*
** page.c: the page chrome shared by every screen (head, header with the
** language switcher, footer), the error page, and instance configuration
** read once at start-up.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "embed.h"
#include "user.h"
#include "web_int.h"

static WebConfig cfg;

int web_init(const ServerConfig *sc) {
  int rc = i18n_init();
  if (rc) return rc;
  Db *db;
  if ((rc = db_open(sc->db_path, 0, &db))) return rc;
  char *v = db_meta_get(db, "default_lang");
  cfg.default_lang = i18n_parse(v) >= 0 ? i18n_parse(v) : LANG_AR;
  free(v);
  v = db_meta_get(db, "instance_name");
  mj_strlcpy(cfg.instance_name, v ? v : "Majlis", sizeof cfg.instance_name);
  free(v);
  v = db_meta_get(db, "demo");
  cfg.demo = v && strcmp(v, "1") == 0;
  free(v);
  v = db_meta_get(db, "demo_today");
  mj_strlcpy(cfg.today, v ? v : "", sizeof cfg.today);
  free(v);
  db_close(db);
  return MJ_OK;
}

const WebConfig *web_config(void) { return &cfg; }

void web_today(char out[11]) {
  if (cfg.today[0]) {
    mj_strlcpy(out, cfg.today, 11);
    return;
  }
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *asset_url(Req *r, const char *name) {
  const EmbedFile *f = embed_find(embed_assets, name);
  /* the version parameter is the content hash without its quotes */
  char v[17] = "0";
  if (f) {
    size_t n = strlen(f->etag);
    if (n >= 2) {
      size_t k = n - 2 < 16 ? n - 2 : 16;
      memcpy(v, f->etag + 1, k);
      v[k] = 0;
    }
  }
  return arena_printf(r->arena, "/static/%s?v=%s", name, v);
}

void page_begin(Req *r, const char *title, const char *description) {
  r->ctype = "text/html; charset=utf-8";
  Buf *b = &r->out;
  const char *site = T(r, "Council of Representatives");
  html_printf(b,
              "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s | %s</title>\n<meta name=\"description\" content=\"%s\">\n"
              "<meta property=\"og:title\" content=\"%s\">\n"
              "<meta property=\"og:description\" content=\"%s\">\n"
              "<meta property=\"og:type\" content=\"website\">\n"
              "<link rel=\"icon\" href=\"data:,\">\n"
              "<link rel=\"stylesheet\" href=\"%s\">\n</head>\n<body>\n"
              "<a class=\"skip\" href=\"#main\">%s</a>\n",
              i18n_code(r->lang), i18n_dir(r->lang), title, site, description, title, description,
              asset_url(r, "css/majlis.css"), T(r, "Skip to content"));
  if (cfg.demo)
    html_printf(b, "<aside class=\"demo-banner\">%s</aside>\n",
                T(r, "Demonstration data: the sittings, speeches and votes shown here are generated and fictional."));
  html_printf(b,
              "<header class=\"site\">\n<div class=\"brand\"><a href=\"/\">%s</a>"
              "<span class=\"tagline\">%s</span></div>\n"
              "<nav aria-label=\"%s\"><ul>"
              "<li><a href=\"/\">%s</a></li><li><a href=\"/sittings\">%s</a></li><li><a href=\"/calendar\">%s</a></li>"
              "<li><a href=\"/members\">%s</a></li>"
              "<li><a href=\"/votes\">%s</a></li><li><a href=\"/committees\">%s</a></li><li><a href=\"/search\">%s</a></li>"
              "<li><a href=\"/data\">%s</a></li>",
              site, T(r, "The digital parliament"), T(r, "Main"), T(r, "Home"), T(r, "Sittings"), T(r, "Calendar"), T(r, "Members"),
              T(r, "Votes"), T(r, "Committees"), T(r, "Search"), T(r, "Data"));
  if (r->who.actor.caps & CAP_USERS) html_printf(b, "<li><a href=\"/admin/users\">%s</a></li>", T(r, "Users"));
  if (r->who.actor.caps & CAP_AUDIT) html_printf(b, "<li><a href=\"/admin/audit\">%s</a></li>", T(r, "Audit trail"));
  if (r->who.actor.user_id)
    html_printf(b, "<li><a href=\"/account\" class=\"me\">%s</a></li>", r->who.display);
  else
    html_printf(b, "<li><a href=\"/login\">%s</a></li>", T(r, "Sign in"));
  html_printf(b, "</ul></nav>\n");
  /* The language switcher: a form, so that choosing a language is a POST
  ** (no state change on GET) that works without JavaScript. */
  html_printf(b,
              "<form class=\"langs\" method=\"post\" action=\"/lang\">"
              "<input type=\"hidden\" name=\"back\" value=\"%s\">"
              "<span class=\"langs-label\" id=\"langs-label\">%s</span>",
              r->path, T(r, "Language"));
  page_csrf_field(r);
  for (int l = 0; l < LANG_COUNT; l++)
    html_printf(b, "<button type=\"submit\" name=\"lang\" value=\"%s\" lang=\"%s\"%R aria-describedby=\"langs-label\">%s</button>",
                i18n_code((Lang)l), i18n_code((Lang)l), (int)r->lang == l ? " aria-current=\"true\"" : "",
                i18n_native_name((Lang)l));
  html_printf(b, "</form>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(Req *r) {
  html_printf(&r->out,
              "</main>\n<footer class=\"site\"><p>%s · <a href=\"/api/v1/openapi.json\">%s</a></p></footer>\n"
              "<script nonce=\"%s\" src=\"%s\" defer></script>\n</body>\n</html>\n",
              T(r, "Majlis, the open digital parliament"), T(r, "Open API"), r->nonce,
              asset_url(r, "js/majlis.js"));
}

void page_error(Req *r, int status, const char *message) {
  buf_reset(&r->out);
  r->kind = REPLY_BUF;
  r->status = status;
  const char *title = status == 404   ? T(r, "Page not found")
                      : status == 405 ? T(r, "Method not allowed")
                      : status == 413 ? T(r, "Request too large")
                      : status >= 500 ? T(r, "Something went wrong")
                                      : T(r, "The request could not be handled");
  page_begin(r, title, title);
  html_printf(&r->out, "<section class=\"error\"><h1>%s</h1><p class=\"code\">%d</p><p>%s</p>"
              "<p><a href=\"/\">%s</a></p></section>\n",
              title, status, message, T(r, "Back to the home page"));
  page_end(r);
}
