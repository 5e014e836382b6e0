/*
** search_admin.c: the editors' screen for search synonyms and spelling
** variants (domain: src/domain/synonyms.h; doc/search-saved.md, "Synonyms").
**   GET  /admin/search/synonyms   every group with its terms, and the forms
**   POST /admin/search/synonyms   action=add-group (terms, one a line; lang)
**                                 action=add-term (group, term; lang)
**                                 action=remove-term (id)
**                                 action=remove-group (group)
** The route needs CAP_HANSARD_EDIT (Hansard editors and certifiers, and
** administrators): the people who keep the record's names and spellings
** right keep its search variants too; synonyms.c checks it again. A refused
** change shows the screen again with the reason (in the reader's language:
** refusal) and the input, and changes nothing; a change redirects back
** (303) so reloading repeats nothing.
*/
#include <string.h>

#include "search_saved.h"
#include "synonyms.h"
#include "user.h"

#define TERMS_FORM_MAX 50

/* The messages below name these limits in words (translated as they are). */
_Static_assert(SYN_TERM_MAX == 100, "update \"at most 100 characters\" and its translations");
_Static_assert(SYN_GROUP_MAX == 50 && TERMS_FORM_MAX == SYN_GROUP_MAX, "update \"at most 50 terms\" and its translations");
_Static_assert(SYN_TOTAL_MAX == 20000, "update \"at most 20000 synonym terms\" and its translations");

/* Why a change was refused, in the reader's language: the domain's reason
** (synonyms_problem) as a translated sentence, and the terms or number it
** is about as a detail shown beside it (*detail; NULL when none). A
** failure of another kind (the database) gets a general sentence; its
** English message goes to the log. */
static const char *refusal(Req *r, const char **detail) {
  SynProblem p;
  synonyms_problem(&p);
  *detail = NULL;
  switch (p.kind) {
  case SYN_PROBLEM_EMPTY: return T(r, "A term is empty; give a word or a name.");
  case SYN_PROBLEM_TOO_LONG: return T(r, "A term may have at most 100 characters.");
  case SYN_PROBLEM_BAD_UTF8: return T(r, "A term is not valid text (UTF-8).");
  case SYN_PROBLEM_CONTROL: return T(r, "A term may not contain control characters.");
  case SYN_PROBLEM_NO_LETTER:
    *detail = arena_printf(r->arena, "\"%s\"", p.term);
    return T(r, "This term has no letter or digit:");
  case SYN_PROBLEM_REPEATED:
    *detail = arena_printf(r->arena, "\"%s\", \"%s\"", p.other, p.term);
    return T(r, "These are the same term for search; give each once:");
  case SYN_PROBLEM_TAKEN:
    *detail = arena_printf(r->arena, "\"%s\" (%s %lld: \"%s\")", p.term, T(r, "Group"), (long long)p.grp, p.other);
    return T(r, "This term is already in another synonym group; a term belongs to one group only:");
  case SYN_PROBLEM_TOTAL: return T(r, "At most 20000 synonym terms may be kept in all.");
  case SYN_PROBLEM_LANG: return T(r, "A language is a two- or three-letter code such as ar, en or az.");
  case SYN_PROBLEM_FEW: return T(r, "A synonym group needs at least two terms.");
  case SYN_PROBLEM_NOTHING: return T(r, "Give at least one term to add.");
  case SYN_PROBLEM_GROUP_FULL: return T(r, "A synonym group may have at most 50 terms.");
  case SYN_PROBLEM_NO_GROUP:
    *detail = arena_printf(r->arena, "%lld", (long long)p.grp);
    return T(r, "There is no such synonym group:");
  case SYN_PROBLEM_NO_TERM:
    *detail = p.id ? arena_printf(r->arena, "%lld", (long long)p.id) : arena_printf(r->arena, "\"%s\"", p.term);
    return T(r, "There is no such synonym term:");
  case SYN_PROBLEM_DENIED: return T(r, "Changing search synonyms needs the role of a Hansard editor.");
  default:
    log_error("synonyms: %s", mj_errmsg());
    return T(r, "The change could not be saved, and nothing was changed. Try again later.");
  }
}

static void synonyms_screen(Req *r, const char *error, const char *detail, const char *terms, const char *lang) {
  SynGroup *g;
  int n;
  int rc = synonyms_list(r->db, r->arena, &g, &n);
  if (rc) {
    log_error("synonyms: %s", mj_errmsg());
    reply_error(r, rc, T(r, "The synonyms could not be read. Try again later."));
    return;
  }
  page_begin(r, T(r, "Search synonyms"), T(r, "Search synonyms and spelling variants"));
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T(r, "Search synonyms and spelling variants"),
              T(r, "The terms of a group are equivalent in search: a search for one also finds the others. Use them for names written several ways and for spellings that search does not already fold. A term may be several words and belongs to one group only."));
  if (error) {
    html_printf(b, "<p class=\"error-msg\" role=\"alert\" id=\"syn-error\">%s", error);
    if (detail) html_printf(b, " <bdi dir=\"auto\">%s</bdi>", detail);
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<section aria-labelledby=\"syn-new\"><h2 id=\"syn-new\">%s</h2>"
              "<form method=\"post\" action=\"/admin/search/synonyms\" class=\"stack\">",
              T(r, "New group"));
  page_csrf_field(r);
  html_printf(b,
              "<input type=\"hidden\" name=\"action\" value=\"add-group\">"
              "<label for=\"syn-terms\">%s</label><textarea id=\"syn-terms\" name=\"terms\" rows=\"4\" dir=\"auto\" required "
              "aria-describedby=\"syn-terms-help\">%s</textarea><p id=\"syn-terms-help\" class=\"help\">%s</p>"
              "<label for=\"syn-lang\">%s</label><input id=\"syn-lang\" name=\"lang\" dir=\"ltr\" maxlength=\"3\" "
              "pattern=\"[a-z]{2,3}\" value=\"%s\"><button type=\"submit\">%s</button></form></section>\n",
              T(r, "Terms, one a line"), terms ? terms : "", T(r, "At least two, for example: أحمد / Ahmed / Ahmad."),
              T(r, "Language (optional: ar, en, az ...)"), lang ? lang : "", T(r, "Add the group"));
  html_printf(b, "<section aria-labelledby=\"syn-groups\"><h2 id=\"syn-groups\">%s</h2>\n", T(r, "Groups"));
  if (!n) html_printf(b, "<p class=\"empty\">%s</p>\n", T(r, "No synonyms yet."));
  else {
    html_printf(b, "<table class=\"list synonyms\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                T(r, "Group"), T(r, "Terms"), T(r, "Change"));
    for (int i = 0; i < n; i++) {
      html_printf(b, "<tr id=\"group-%L\"><td>%L</td><td><ul class=\"terms\">", (long long)g[i].grp, (long long)g[i].grp);
      for (int k = 0; k < g[i].n; k++) {
        const SynTerm *t = &g[i].terms[k];
        html_printf(b, "<li id=\"term-%L\"><bdi dir=\"auto\">%s</bdi>", (long long)t->id, t->term);
        if (t->lang) html_printf(b, " <span class=\"meta\" dir=\"ltr\">(%s)</span>", t->lang);
        html_printf(b, " <form method=\"post\" action=\"/admin/search/synonyms\" class=\"inline\">");
        page_csrf_field(r);
        html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"remove-term\"><input type=\"hidden\" name=\"id\" "
                    "value=\"%L\"><button type=\"submit\" aria-label=\"%s\">%s</button></form></li>",
                    (long long)t->id, T(r, "Remove this term"), T(r, "Remove"));
      }
      html_printf(b, "</ul></td><td><form method=\"post\" action=\"/admin/search/synonyms\" class=\"inline\">");
      page_csrf_field(r);
      html_printf(b,
                  "<input type=\"hidden\" name=\"action\" value=\"add-term\"><input type=\"hidden\" name=\"group\" value=\"%L\">"
                  "<label for=\"add-%L\" class=\"vh\">%s</label><input id=\"add-%L\" name=\"term\" dir=\"auto\" "
                  "required maxlength=\"100\"><button type=\"submit\">%s</button></form>",
                  (long long)g[i].grp, (long long)g[i].grp, T(r, "Another term"), (long long)g[i].grp, T(r, "Add"));
      html_printf(b, "<form method=\"post\" action=\"/admin/search/synonyms\" class=\"inline\">");
      page_csrf_field(r);
      html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"remove-group\"><input type=\"hidden\" name=\"group\" "
                  "value=\"%L\"><button type=\"submit\" class=\"danger\">%s</button></form></td></tr>\n",
                  (long long)g[i].grp, T(r, "Remove the group"));
    }
    html_printf(b, "</tbody></table>\n");
  }
  html_printf(b, "</section>\n");
  page_end(r);
}

void page_admin_synonyms(Req *r) { synonyms_screen(r, NULL, NULL, NULL, NULL); }

/* The lines of the terms field (empty lines skipped), at most max. */
static int split_lines(Req *r, const char *s, const char **out, int max) {
  int n = 0;
  while (s && *s) {
    const char *e = strchr(s, '\n');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    const char *line = arena_strndup(r->arena, s, len);
    int blank = 1;
    for (const char *p = line; *p && blank; p++) blank = *p == ' ' || *p == '\r' || *p == '\t';
    if (!blank) {
      if (n == max) return max + 1;
      out[n++] = line;
    }
    s = e ? e + 1 : s + len;
  }
  return n;
}

static int form_id(const char *s, int64_t *out) {
  long long v;
  if (!s || mj_parse_int(s, 1, INT64_MAX, &v)) return 0;
  *out = v;
  return 1;
}

void page_admin_synonyms_post(Req *r) {
  const char *action = req_form(r, "action");
  const char *lang = req_form(r, "lang");
  const char *terms = req_form(r, "terms");
  int rc;
  int64_t id = 0;
  const char *msg = NULL, *detail = NULL; /* the screen's own refusals */
  if (!action) action = "";
  if (strcmp(action, "add-group") == 0) {
    const char *list[TERMS_FORM_MAX + 1];
    int n = split_lines(r, terms, list, TERMS_FORM_MAX);
    if (n > TERMS_FORM_MAX) {
      rc = MJ_EINVAL;
      msg = T(r, "A synonym group may have at most 50 terms.");
    } else {
      rc = synonyms_add_group(r->db, &r->who.actor, r->arena, list, n, lang, &id);
    }
  } else if (strcmp(action, "add-term") == 0) {
    const char *term = req_form(r, "term");
    if (!form_id(req_form(r, "group"), &id)) {
      rc = MJ_EINVAL;
      msg = T(r, "Which group? Give the group's number.");
    } else {
      rc = synonyms_add_terms(r->db, &r->who.actor, r->arena, id, &term, 1, lang);
    }
  } else if (strcmp(action, "remove-term") == 0) {
    if (!form_id(req_form(r, "id"), &id)) {
      rc = MJ_EINVAL;
      msg = T(r, "Which term? Give the term's number.");
    } else {
      rc = synonyms_remove_term(r->db, &r->who.actor, r->arena, id, NULL, NULL);
    }
  } else if (strcmp(action, "remove-group") == 0) {
    if (!form_id(req_form(r, "group"), &id)) {
      rc = MJ_EINVAL;
      msg = T(r, "Which group? Give the group's number.");
    } else {
      rc = synonyms_remove_group(r->db, &r->who.actor, id, NULL);
    }
  } else {
    rc = MJ_EINVAL;
    msg = T(r, "Unknown change: add a group or a term, or remove one.");
  }
  if (rc) {
    if (!msg) msg = refusal(r, &detail);
    synonyms_screen(r, msg, detail, terms, lang);
    r->status = http_status_of(rc);
    return;
  }
  reply_redirect(r, "/admin/search/synonyms");
}
