/* search.c: the query language, ranked and filtered search, facets,
** snippets, spelling suggestions and "more like this" (see search.h and
** doc/search.md). */
#include "search.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "analyzer.h"
#include "pubrec.h"
#include "sindex.h"
#include "search_vote.h"

const char *const search_facet_names[FACET_COUNT] = {"speaker", "party", "body", "year", "type"};

static const char *const speech_kinds[] = {"speech", "question", "answer", "narrative", "scene", "summary", "other"};

/* ------------------------------------------------------------------ words */

/* The analyzer's words of a byte range, for highlighting and matching. */
typedef struct WordList {
  struct {
    char norm[128], stem[128];
    size_t start, end;
    int stop, ncp;
  } w[SEARCH_MAX_TERMS];
  int n;
} WordList;

static void copy_str(char *dst, size_t cap, const char *s, size_t n) {
  if (n >= cap) { /* never cut inside a UTF-8 sequence */
    n = cap - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, s, n);
  dst[n] = 0;
}

static int count_cps(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

static int collect_word(void *ctx, const AnalyzerToken *t) {
  WordList *l = ctx;
  if (l->n >= SEARCH_MAX_TERMS) return 1;
  copy_str(l->w[l->n].norm, sizeof l->w[l->n].norm, t->norm, t->nnorm);
  copy_str(l->w[l->n].stem, sizeof l->w[l->n].stem, t->stem, t->nstem);
  l->w[l->n].start = t->start;
  l->w[l->n].end = t->end;
  l->w[l->n].stop = analyzer_is_stopword(t->norm, t->nnorm);
  l->w[l->n].ncp = count_cps(t->norm, t->nnorm);
  l->n++;
  return 0;
}

static void words_of(const char *s, size_t n, WordList *l) {
  AnalyzerConfig c;
  analyzer_config_default(&c);
  l->n = 0;
  analyzer_tokenize(&c, s, n, collect_word, l);
}

/* ------------------------------------------------------------------ parser */

enum { IT_WORD, IT_PHRASE, IT_PREFIX };
typedef struct Item {
  int kind, exclude, exact, or_before, prefix;
  size_t s, e; /* byte range in the query */
} Item;

static int valid_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static int valid_date(const char *v) {
  if (strlen(v) != 10 || v[4] != '-' || v[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return 0;
  int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  int m = (v[5] - '0') * 10 + (v[6] - '0'), d = (v[8] - '0') * 10 + (v[9] - '0');
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1800 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

static const char *const filter_names[] = {"speaker", "party", "body", "type", "from", "to", "term", "session"};

static int set_filter(Arena *a, SearchQuery *q, int f, const char *v) {
  const char *name = filter_names[f];
  const char **slot = NULL;
  switch (f) {
  case 0: slot = &q->speaker; break;
  case 1: slot = &q->party; break;
  case 2: slot = &q->body; break;
  case 3: slot = &q->type; break;
  case 4: slot = &q->from; break;
  case 5: slot = &q->to; break;
  default: break;
  }
  if ((slot && *slot) || (f == 6 && q->term) || (f == 7 && q->session))
    return mj_fail(MJ_EINVAL, "%s: is given twice; give each filter once", name);
  if (f == 3) {
    size_t i;
    for (i = 0; i < MJ_COUNT(speech_kinds) && strcmp(v, speech_kinds[i]) != 0; i++) {
    }
    if (i == MJ_COUNT(speech_kinds) && strcmp(v, "vote") != 0) /* type:vote: vote events (search_vote.h) */
      return mj_fail(MJ_EINVAL, "type:%s is not a kind of speech or vote; use type:speech, question, answer, "
                                "narrative, scene, summary, other or vote", v);
  }
  if ((f == 4 || f == 5) && !valid_date(v))
    return mj_fail(MJ_EINVAL, "%s:%s is not a date; write it as YYYY-MM-DD, e.g. %s:2025-01-31", name, v, name);
  if (f == 6 || f == 7) {
    long long n;
    if (mj_parse_int(v, 1, 10000, &n))
      return mj_fail(MJ_EINVAL, "%s:%s is not a number; write e.g. %s:2", name, v, name);
    if (f == 6) q->term = (int)n;
    else q->session = (int)n;
    return MJ_OK;
  }
  *slot = arena_strdup(a, v);
  return MJ_OK;
}

/* An FTS5 string for one item's text: a phrase of its words (quoted, so no
** user input is FTS5 syntax). 0 when the text has no word. */
static int item_fts(const char *q, const Item *it, Buf *out) {
  char *t = xstrndup(q + it->s, it->e - it->s);
  int n = analyzer_query_phrase(t, it->exact, out);
  free(t);
  if (n && it->prefix) buf_putc(out, '*');
  return n;
}

static void add_terms(SearchQuery *q, const Item *it, int keep_stop) {
  WordList *l = xmalloc(sizeof *l);
  words_of(q->text + it->s, it->e - it->s, l);
  for (int i = 0; i < l->n && q->nterms < SEARCH_MAX_TERMS; i++) {
    if (l->w[i].stop && !keep_stop) continue;
    SearchTerm *t = &q->terms[q->nterms++];
    memcpy(t->norm, l->w[i].norm, sizeof t->norm);
    memcpy(t->stem, l->w[i].stem, sizeof t->stem);
    t->qstart = it->s + l->w[i].start;
    t->qend = it->s + l->w[i].end;
    t->prefix = it->prefix && i == l->n - 1;
    t->exact = it->exact;
    t->in_phrase = it->kind == IT_PHRASE;
  }
  free(l);
}

/* 1 when every word of the item is a function word (and it has one). */
static int item_stop(const char *q, const Item *it) {
  WordList *l = xmalloc(sizeof *l);
  words_of(q + it->s, it->e - it->s, l);
  int stop = l->n > 0;
  for (int i = 0; i < l->n; i++) stop &= l->w[i].stop;
  free(l);
  return stop;
}

/* A quote that is never closed: the user meant a phrase and lost its end,
** so say where it starts rather than guess where it stops. */
static int unclosed_quote(const char *q, size_t at) {
  size_t ch = 1; /* characters, not bytes: Arabic letters take two */
  for (size_t k = 0; k < at; k++) ch += ((unsigned char)q[k] & 0xC0) != 0x80;
  return mj_fail(MJ_EINVAL, "the quote at character %zu is not closed; add the closing \" or remove it", ch);
}

/* Whether name:value (name the first nname bytes of the word) is written as
** a filter: a name of 2 to 16 ASCII letters and something after the colon.
** Times (10:30), Arabic words and URLs' "//" are left as text. */
static int looks_like_filter(const char *w, size_t nname, size_t nword) {
  if (nname < 2 || nname > 16 || nword <= nname + 1 || w[nname + 1] == '/') return 0;
  for (size_t k = 0; k < nname; k++)
    if (!((w[k] >= 'a' && w[k] <= 'z') || (w[k] >= 'A' && w[k] <= 'Z'))) return 0;
  return 1;
}

static int parse_items(Arena *a, const char *q, size_t n, SearchQuery *out, Item *items, int *nitems, int *explicit_or) {
  int ni = 0, pending_or = 0;
  size_t i = 0;
  while (i < n) {
    if (is_space(q[i])) {
      i++;
      continue;
    }
    Item it = {IT_WORD, 0, 0, 0, 0, 0, 0};
    if (q[i] == '-') {
      if (i + 1 >= n || is_space(q[i + 1]) || q[i + 1] == '-') { /* a lone '-' is punctuation */
        i++;
        continue;
      }
      it.exclude = 1;
      i++;
    }
    if (q[i] == '=' && i + 1 < n && q[i + 1] == '"') {
      it.exact = 1;
      i++;
    }
    if (q[i] == '"') { /* a phrase */
      i++;
      it.kind = IT_PHRASE;
      it.s = i;
      while (i < n && q[i] != '"') i++;
      it.e = i;
      if (i == n) return unclosed_quote(q, it.s - 1);
      i++;
      while (i < n && q[i] == '*') {
        it.prefix = 1;
        i++;
      }
      if (it.e > it.s && q[it.s] == '=') {
        it.exact = 1;
        it.s++;
      }
    } else {
      it.s = i;
      while (i < n && !is_space(q[i]) && q[i] != '"') i++;
      it.e = i;
      if (!it.exclude && it.e - it.s == 2 && q[it.s] == 'O' && q[it.s + 1] == 'R') {
        *explicit_or = 1;
        pending_or = ni > 0;
        continue;
      }
      const char *colon = memchr(q + it.s, ':', it.e - it.s);
      int f = -1;
      if (colon)
        for (size_t k = 0; k < MJ_COUNT(filter_names); k++)
          if (strlen(filter_names[k]) == (size_t)(colon - (q + it.s)) &&
              strncasecmp(filter_names[k], q + it.s, strlen(filter_names[k])) == 0)
            f = (int)k;
      if (f < 0 && colon && looks_like_filter(q + it.s, (size_t)(colon - (q + it.s)), it.e - it.s))
        return mj_fail(MJ_EINVAL,
                       "%.*s: is not a filter; the filters are speaker: party: body: type: from: to: term: "
                       "session: (to search for the text itself, put it in quotes: \"%.*s\")",
                       (int)(colon - (q + it.s)), q + it.s, (int)(it.e - it.s), q + it.s);
      if (f >= 0) {
        const char *name = filter_names[f];
        if (it.exclude)
          return mj_fail(MJ_EINVAL, "-%s: a filter cannot be excluded; remove the '-' or the filter", name);
        size_t vs = (size_t)(colon + 1 - q), ve = it.e;
        if (vs == ve && i < n && q[i] == '"') {
          vs = ++i;
          while (i < n && q[i] != '"') i++;
          ve = i;
          if (i == n) return unclosed_quote(q, vs - 1);
          i++;
        }
        while (vs < ve && is_space(q[vs])) vs++;
        while (ve > vs && is_space(q[ve - 1])) ve--;
        if (vs == ve)
          return mj_fail(MJ_EINVAL, "%s: needs a value, as in %s", name,
                         f == 3   ? "type:question"
                         : f == 4 ? "from:2025-01-31"
                         : f == 5 ? "to:2025-12-31"
                         : f >= 6 ? "term:1"
                                  : "speaker:\"Ahmed\"");
        char *v = arena_strndup(a, q + vs, ve - vs);
        int rc = set_filter(a, out, f, v);
        if (rc) return rc;
        continue;
      }
      if (it.e > it.s && q[it.s] == '=') {
        it.exact = 1;
        it.s++;
      }
      while (it.e > it.s && q[it.e - 1] == '*') {
        it.prefix = 1;
        it.e--;
      }
      if (it.prefix) it.kind = IT_PREFIX;
    }
    WordList *l = xmalloc(sizeof *l);
    words_of(q + it.s, it.e - it.s, l);
    int nw = l->n, last = nw ? l->w[nw - 1].ncp : 0;
    free(l);
    if (!nw) continue; /* punctuation only, "" or a lone '*' */
    if (it.prefix && last < 2)
      return mj_fail(MJ_EINVAL, "a prefix needs at least two letters before the '*' (as in budg*)");
    if (ni >= SEARCH_MAX_ITEMS)
      return mj_fail(MJ_EINVAL, "a search may have at most %d words, phrases and exclusions; remove some",
                     SEARCH_MAX_ITEMS);
    if (!it.exclude) {
      it.or_before = pending_or;
      pending_or = 0;
    }
    items[ni++] = it;
  }
  *nitems = ni;
  return MJ_OK;
}

int search_parse(Arena *a, const char *q, SearchQuery *out) {
  memset(out, 0, sizeof *out);
  if (!q) q = "";
  size_t n = strlen(q);
  if (n > SEARCH_MAX_QUERY)
    return mj_fail(MJ_EINVAL, "a search may have at most %d bytes; shorten it", SEARCH_MAX_QUERY);
  if (!valid_utf8(q, n)) return mj_fail(MJ_EINVAL, "the search is not valid UTF-8 text; retype it");
  out->text = arena_strdup(a, q);
  Item *items = xmalloc(sizeof *items * SEARCH_MAX_ITEMS);
  int ni = 0, explicit_or = 0;
  int rc = parse_items(a, out->text, n, out, items, &ni, &explicit_or);
  if (!rc && out->from && out->to && strcmp(out->from, out->to) > 0)
    rc = mj_fail(MJ_EINVAL, "from:%s is after to:%s; swap them", out->from, out->to);
  if (rc) {
    free(items);
    return rc;
  }
  out->nitems = ni;
  int boolean = explicit_or, npos = 0, all_stop = 1;
  for (int i = 0; i < ni; i++)
    if (!items[i].exclude) {
      npos++;
      if (items[i].kind == IT_PHRASE || items[i].exact) boolean = 1;
      if (items[i].kind != IT_WORD || !item_stop(out->text, &items[i])) all_stop = 0;
    }
  out->boolean = boolean;
  Buf pos, neg;
  buf_init(&pos, 1 << 16);
  buf_init(&neg, 1 << 16);
  if (npos && !boolean) {
    /* ranked: exactly analyzer_query_ranked over the words (the measured
    ** expression), then any prefixes as further alternatives */
    Buf words;
    buf_init(&words, 1 << 16);
    for (int i = 0; i < ni; i++)
      if (!items[i].exclude && items[i].kind == IT_WORD) {
        if (words.n) buf_putc(&words, ' ');
        buf_append(&words, out->text + items[i].s, items[i].e - items[i].s);
      }
    int terms = words.n ? analyzer_query_ranked(words.p, 0, &pos) : 0;
    buf_free(&words);
    for (int i = 0; i < ni; i++)
      if (!items[i].exclude && items[i].kind == IT_PREFIX) {
        if (terms++) buf_puts(&pos, " OR ");
        item_fts(out->text, &items[i], &pos);
      }
  } else if (npos) {
    /* boolean: groups separated by OR, items within a group ANDed */
    int ngroups = 0, ing = 0;
    Buf g;
    buf_init(&g, 1 << 16);
    for (int i = 0; i <= ni; i++) {
      if (i == ni || (!items[i].exclude && items[i].or_before)) {
        if (ing) {
          if (ngroups++) buf_puts(&pos, " OR ");
          buf_puts(&pos, ing > 1 ? "(" : "");
          buf_append(&pos, g.p, g.n);
          buf_puts(&pos, ing > 1 ? ")" : "");
        }
        buf_reset(&g);
        ing = 0;
        if (i == ni) break;
      }
      if (items[i].exclude) continue;
      if (items[i].kind == IT_WORD && !all_stop && item_stop(out->text, &items[i])) continue;
      size_t mark = g.n;
      if (ing) buf_puts(&g, " AND ");
      if (item_fts(out->text, &items[i], &g)) ing++;
      else g.n = mark;
    }
    buf_free(&g);
  }
  int nneg = 0;
  for (int i = 0; i < ni; i++)
    if (items[i].exclude) {
      if (nneg++) buf_puts(&neg, " OR ");
      item_fts(out->text, &items[i], &neg);
    }
  if (pos.err || neg.err) {
    rc = mj_fail(MJ_EINVAL, "the search is too long; shorten it");
  } else if (pos.n && nneg) {
    out->fts = arena_printf(a, "(%s) NOT (%s)", pos.p, neg.p);
  } else if (pos.n) {
    out->fts = arena_strdup(a, pos.p);
  } else if (nneg) {
    out->not_fts = arena_strdup(a, neg.p);
  }
  buf_free(&pos);
  buf_free(&neg);
  for (int i = 0; i < ni && !rc; i++)
    if (!items[i].exclude) add_terms(out, &items[i], all_stop || items[i].kind == IT_PHRASE);
  if (!rc) { /* the items, for the ranking engine */
    SearchItem *si = arena_alloc(a, sizeof *si * (size_t)(ni + 1));
    int group = 0, seen = 0;
    for (int i = 0; i < ni; i++) {
      const Item *it = &items[i];
      if (!it->exclude && it->or_before && seen) group++;
      seen |= !it->exclude;
      si[i].kind = it->kind == IT_PHRASE ? SEARCH_PHRASE : it->kind == IT_PREFIX ? SEARCH_PREFIX : SEARCH_WORD;
      si[i].exclude = it->exclude;
      si[i].exact = it->exact;
      si[i].prefix = it->prefix;
      si[i].group = it->exclude ? -1 : group;
      si[i].skip = it->kind == IT_WORD && !it->exclude && !all_stop && item_stop(out->text, it);
      si[i].s = it->s;
      si[i].e = it->e;
    }
    out->items = si;
  }
  free(items);
  return rc;
}

int search_query_empty(const SearchQuery *q) {
  return !q->fts && !q->not_fts && !q->speaker && !q->party && !q->body && !q->type && !q->from && !q->to &&
         !q->term && !q->session && !q->like_id;
}

/* ------------------------------------------------------------------ filters */

/* Name words of a filter value, matched against the words of a name. */
static int name_word_match(const char *qn, const char *qs, const char *nn, const char *ns) {
  if (strcmp(qn, nn) == 0 || strcmp(qs, ns) == 0 || strcmp(qs, nn) == 0) return 1;
  size_t l = strlen(qn);
  return l >= 3 && strncmp(nn, qn, l) == 0;
}

/* A filter value's words and the editors' synonyms of them (name_query_init,
** after the synonyms' code below). */
#define NAME_ALTS 128
typedef struct NameQuery {
  WordList *want;
  int nalt;
  struct {
    int word; /* the value's word it stands for; -1: the whole value */
    WordList *w;
  } alt[NAME_ALTS];
} NameQuery;
static void name_query_init(Db *db, NameQuery *nq, WordList *want, const char *value);
static void name_query_free(NameQuery *nq);

/* 1 when every word of w is among the name's words l. */
static int words_in(const WordList *w, const WordList *l) {
  for (int i = 0; i < w->n; i++) {
    int found = 0;
    for (int j = 0; j < l->n && !found; j++) found = name_word_match(w->w[i].norm, w->w[i].stem, l->w[j].norm, l->w[j].stem);
    if (!found) return 0;
  }
  return w->n > 0;
}

/* Every word of the value is in the name, itself or as one of its
** synonyms, or the whole value's synonym is. */
static int name_matches(const NameQuery *nq, const char *name) {
  if (!name || !*name) return 0;
  const WordList *want = nq->want;
  WordList *l = xmalloc(sizeof *l);
  words_of(name, strlen(name), l);
  int all = 1;
  for (int i = 0; i < want->n && all; i++) {
    int found = 0;
    for (int j = 0; j < l->n && !found; j++)
      found = name_word_match(want->w[i].norm, want->w[i].stem, l->w[j].norm, l->w[j].stem);
    for (int k = 0; k < nq->nalt && !found; k++)
      if (nq->alt[k].word == i) found = words_in(nq->alt[k].w, l);
    all = found;
  }
  for (int k = 0; k < nq->nalt && !all; k++)
    if (nq->alt[k].word < 0) all = words_in(nq->alt[k].w, l);
  free(l);
  return all;
}

/* Resolves a speaker:, party: or body: value to a JSON array of ids: an id
** ("person/7", "7") or every row whose name (ar, en or az) contains all the
** value's words, each itself or as a term of its synonym group (or the
** whole value's group: speaker:Ahmad finds أحمد with the group أحمد |
** Ahmed | Ahmad). */
#define MAX_RESOLVED 200
static int resolve(Db *db, Arena *a, const char *filter, const char *value, const char *idword, const char *sql,
                   const char **json) {
  long long id;
  size_t il = strlen(idword);
  const char *num = value;
  if (strncmp(value, idword, il) == 0 && value[il] == '/') num = value + il + 1;
  else if (strncmp(value, "organization/", 13) == 0 && strcmp(idword, "person") != 0) num = value + 13;
  if (!mj_parse_int(num, 1, INT64_MAX, &id)) {
    *json = arena_printf(a, "[%lld]", id);
    return MJ_OK;
  }
  WordList *want = xmalloc(sizeof *want);
  words_of(value, strlen(value), want);
  if (!want->n) {
    free(want);
    return mj_fail(MJ_EINVAL, "%s:%s has no letters to match a name with; give a name or %s/ID", filter, value,
                   idword);
  }
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) {
    free(want);
    return MJ_EIO;
  }
  NameQuery *nq = xmalloc(sizeof *nq);
  name_query_init(db, nq, want, value); /* the editors' synonyms (names written several ways) */
  Buf b;
  buf_init(&b, 1 << 16);
  buf_putc(&b, '[');
  int found = 0, rc = MJ_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int hit = 0;
    for (int c = 1; c <= 3 && !hit; c++) hit = name_matches(nq, (const char *)sqlite3_column_text(st, c));
    if (!hit) continue;
    if (++found > MAX_RESOLVED) {
      rc = mj_fail(MJ_EINVAL, "%s:%s matches more than %d names; give more of the name, or %s/ID", filter, value,
                   MAX_RESOLVED, idword);
      break;
    }
    if (found > 1) buf_putc(&b, ',');
    buf_printf(&b, "%lld", (long long)sqlite3_column_int64(st, 0));
  }
  db_done(st);
  buf_putc(&b, ']');
  if (!rc) *json = arena_strdup(a, b.p);
  buf_free(&b);
  name_query_free(nq);
  free(nq);
  free(want);
  return rc;
}

typedef struct Resolved {
  const char *speaker, *party, *body;
  const char *ids;  /* JSON array of the speeches the ranking engine matched; NULL: no words */
  const char *nids; /* JSON array of the speeches an exclusion-only query leaves out */
  const int64_t *mids; /* the same matches, ascending (the ranking engine's filter) */
  size_t nmids;
} Resolved;

static int resolve_all(Db *db, Arena *a, const SearchQuery *q, Resolved *r) {
  memset(r, 0, sizeof *r);
  int rc = MJ_OK;
  if (q->speaker)
    rc = resolve(db, a, "speaker", q->speaker, "person",
                 "SELECT id, name_ar, name_en, name_az FROM person ORDER BY id LIMIT 100000", &r->speaker);
  if (!rc && q->party)
    rc = resolve(db, a, "party", q->party, "party",
                 "SELECT id, name_ar, name_en, name_az FROM organization WHERE classification IN ('party','bloc') "
                 "ORDER BY id LIMIT 100000",
                 &r->party);
  if (!rc && q->body)
    rc = resolve(db, a, "body", q->body, "body",
                 "SELECT id, name_ar, name_en, name_az FROM organization "
                 "WHERE classification IN ('chamber','committee','legislature','parliament') ORDER BY id LIMIT 100000",
                 &r->body);
  return rc;
}

/* The FROM and WHERE of a search, from literal fragments only; every value
** is a named parameter bound by bind_all. */
static void from_where(Buf *sql, const SearchQuery *q, const Resolved *r) {
  /* public_speech: only what the public may see, as published (pubrec.h) */
  buf_puts(sql, " FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id JOIN organization o ON o.id=s.body_id"
                " LEFT JOIN person p ON p.id=sp.person_id WHERE 1");
  if (r->ids) buf_puts(sql, " AND sp.id IN (SELECT value FROM json_each(:ids))");
  if (r->nids) buf_puts(sql, " AND sp.id NOT IN (SELECT value FROM json_each(:nids))");
  if (q->speaker) buf_puts(sql, " AND sp.person_id IN (SELECT value FROM json_each(:speaker))");
  if (q->party)
    buf_puts(sql, " AND EXISTS (SELECT 1 FROM membership m2 WHERE m2.person_id=sp.person_id"
                  " AND (m2.organization_id IN (SELECT value FROM json_each(:party))"
                  " OR m2.on_behalf_of_id IN (SELECT value FROM json_each(:party)))"
                  " AND m2.start_date<=s.date AND (m2.end_date IS NULL OR m2.end_date>=s.date))");
  if (q->body) buf_puts(sql, " AND s.body_id IN (SELECT value FROM json_each(:body))");
  if (q->type) buf_puts(sql, " AND sp.kind=:type");
  if (q->from) buf_puts(sql, " AND s.date>=:from");
  if (q->to) buf_puts(sql, " AND s.date<=:to");
  if (q->term || q->session)
    buf_puts(sql, " AND s.session_id IN (SELECT se.id FROM session se JOIN term t ON t.id=se.term_id"
                  " WHERE (:term IS NULL OR t.number=:term) AND (:session IS NULL OR se.number=:session))");
  if (q->like_id) buf_puts(sql, " AND sp.id<>:like");
}

static void bind_name(sqlite3_stmt *st, const char *name, const char *v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i > 0 && v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_int_name(sqlite3_stmt *st, const char *name, long long v) {
  int i = sqlite3_bind_parameter_index(st, name);
  if (i > 0 && v) sqlite3_bind_int64(st, i, v);
}

static void bind_all(sqlite3_stmt *st, const SearchQuery *q, const Resolved *r) {
  bind_name(st, ":ids", r->ids);
  bind_name(st, ":nids", r->nids);
  bind_name(st, ":speaker", r->speaker);
  bind_name(st, ":party", r->party);
  bind_name(st, ":body", r->body);
  bind_name(st, ":type", q->type);
  bind_name(st, ":from", q->from);
  bind_name(st, ":to", q->to);
  bind_int_name(st, ":term", q->term);
  bind_int_name(st, ":session", q->session);
  bind_int_name(st, ":like", q->like_id);
}

static const char *col(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? arena_strdup(a, (const char *)t) : NULL;
}

static sqlite3_stmt *prepare(Db *db, const Buf *sql) {
  sqlite3_stmt *st = NULL;
  if (sql->err || sqlite3_prepare_v2(db_handle(db), sql->p, -1, &st, NULL) != SQLITE_OK) {
    mj_fail(MJ_EIO, "preparing a search: %s", sqlite3_errmsg(db_handle(db)));
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

static int step_failed(Db *db, int step) {
  return step != SQLITE_DONE && step != SQLITE_ROW
             ? mj_fail(MJ_EIO, "searching: %s", sqlite3_errmsg(db_handle(db)))
             : MJ_OK;
}

#define PARTY_OF                                                                                          \
  "coalesce((SELECT o2.id FROM membership m2 JOIN organization o2 ON o2.id=m2.organization_id"           \
  " WHERE m2.person_id=sp.person_id AND o2.classification IN ('party','bloc') AND m2.start_date<=s.date" \
  " AND (m2.end_date IS NULL OR m2.end_date>=s.date) ORDER BY m2.start_date DESC, m2.id LIMIT 1),"       \
  " (SELECT m3.on_behalf_of_id FROM membership m3 WHERE m3.person_id=sp.person_id"                      \
  " AND m3.on_behalf_of_id IS NOT NULL AND m3.start_date<=s.date"                                        \
  " AND (m3.end_date IS NULL OR m3.end_date>=s.date) ORDER BY m3.start_date DESC, m3.id LIMIT 1))"

static int run_facets(Db *db, Arena *a, const SearchQuery *q, const Resolved *r, SearchResult *res) {
  Buf sql;
  buf_init(&sql, 1 << 16);
  buf_puts(&sql, "WITH m AS MATERIALIZED (SELECT sp.id AS id, sp.person_id AS person_id, sp.kind AS kind,"
                 " s.body_id AS body_id, substr(s.date,1,4) AS year, " PARTY_OF " AS party");
  from_where(&sql, q, r);
  buf_puts(&sql, ") SELECT -1, 0, NULL, NULL, NULL, NULL, count(*) FROM m"
                 " UNION ALL SELECT * FROM (SELECT 0, m.person_id, NULL, p.name_ar, p.name_en, p.name_az,"
                 " count(*) AS c FROM m JOIN person p ON p.id=m.person_id GROUP BY m.person_id"
                 " ORDER BY c DESC, m.person_id LIMIT 10)"
                 " UNION ALL SELECT * FROM (SELECT 1, m.party, NULL, o.name_ar, o.name_en, o.name_az,"
                 " count(*) AS c FROM m JOIN organization o ON o.id=m.party GROUP BY m.party"
                 " ORDER BY c DESC, m.party LIMIT 10)"
                 " UNION ALL SELECT * FROM (SELECT 2, m.body_id, NULL, o.name_ar, o.name_en, o.name_az,"
                 " count(*) AS c FROM m JOIN organization o ON o.id=m.body_id GROUP BY m.body_id"
                 " ORDER BY c DESC, m.body_id LIMIT 10)"
                 " UNION ALL SELECT * FROM (SELECT 3, 0, m.year, NULL, NULL, NULL, count(*) AS c FROM m"
                 " GROUP BY m.year ORDER BY c DESC, m.year DESC LIMIT 10)"
                 " UNION ALL SELECT * FROM (SELECT 4, 0, m.kind, NULL, NULL, NULL, count(*) AS c FROM m"
                 " GROUP BY m.kind ORDER BY c DESC, m.kind LIMIT 10)");
  sqlite3_stmt *st = prepare(db, &sql);
  buf_free(&sql);
  if (!st) return MJ_EIO;
  bind_all(st, q, r);
  for (int f = 0; f < FACET_COUNT; f++) {
    res->facets[f] = arena_alloc(a, sizeof(FacetRow) * SEARCH_FACET_TOP);
    res->nfacets[f] = 0;
  }
  int step = SQLITE_DONE;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int f = sqlite3_column_int(st, 0);
    if (f < 0) {
      res->total = sqlite3_column_int(st, 6);
      continue;
    }
    if (f >= FACET_COUNT || res->nfacets[f] >= SEARCH_FACET_TOP) continue;
    FacetRow *x = &res->facets[f][res->nfacets[f]++];
    x->id = sqlite3_column_int64(st, 1);
    x->key = col(a, st, 2);
    x->name.ar = col(a, st, 3);
    x->name.en = col(a, st, 4);
    x->name.az = col(a, st, 5);
    x->count = sqlite3_column_int(st, 6);
  }
  int rc = step_failed(db, step);
  sqlite3_finalize(st);
  return rc;
}

static int run_count(Db *db, const SearchQuery *q, const Resolved *r, int *total) {
  Buf sql;
  buf_init(&sql, 1 << 16);
  buf_puts(&sql, "SELECT count(*)");
  from_where(&sql, q, r);
  sqlite3_stmt *st = prepare(db, &sql);
  buf_free(&sql);
  if (!st) return MJ_EIO;
  bind_all(st, q, r);
  int step = sqlite3_step(st);
  *total = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  int rc = step_failed(db, step);
  sqlite3_finalize(st);
  return rc;
}

#define HIT_COLUMNS                                                                                      \
  "SELECT sp.id, sp.sitting_id, sp.person_id, p.name_ar, p.name_en, p.name_az, s.date, sp.lang, sp.text," \
  " s.number, o.name_ar, o.name_en, o.name_az, sp.kind"

static void hit_row(Arena *a, sqlite3_stmt *st, SearchHit *x) {
    x->speech_id = sqlite3_column_int64(st, 0);
    x->speech_id = sqlite3_column_int64(st, 0);
    x->sitting_id = sqlite3_column_int64(st, 1);
    x->person_id = sqlite3_column_int64(st, 2);
    x->speaker.ar = col(a, st, 3);
    x->speaker.en = col(a, st, 4);
    x->speaker.az = col(a, st, 5);
    x->date = col(a, st, 6);
    x->lang = col(a, st, 7);
    x->text = col(a, st, 8);
    x->sitting_number = sqlite3_column_int(st, 9);
    x->body.ar = col(a, st, 10);
    x->body.en = col(a, st, 11);
    x->body.az = col(a, st, 12);
    x->kind = col(a, st, 13);
}

/* Hits newest first (no words, or sorted by date). */
static int run_hits(Db *db, Arena *a, const SearchQuery *q, const Resolved *r, const SearchOptions *o,
                    SearchResult *res) {
  Buf sql;
  buf_init(&sql, 1 << 16);
  buf_puts(&sql, HIT_COLUMNS);
  from_where(&sql, q, r);
  buf_puts(&sql, " ORDER BY s.date DESC, s.id DESC, sp.position LIMIT :limit OFFSET :offset");
  sqlite3_stmt *st = prepare(db, &sql);
  buf_free(&sql);
  if (!st) return MJ_EIO;
  bind_all(st, q, r);
  sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":limit"), o->limit);
  sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":offset"), o->offset);
  SearchHit *h = arena_alloc(a, sizeof *h * (size_t)o->limit);
  memset(h, 0, sizeof *h * (size_t)o->limit);
  int step = SQLITE_DONE;
  while (res->n < o->limit && (step = sqlite3_step(st)) == SQLITE_ROW) hit_row(a, st, &h[res->n++]);
  int rc = res->n < o->limit ? step_failed(db, step) : MJ_OK;
  sqlite3_finalize(st);
  res->hits = h;
  return rc;
}

static int in_sorted(void *ctx, int64_t doc) {
  const int64_t *v = ((const int64_t *const *)ctx)[0];
  size_t lo = 0, hi = (size_t)(uintptr_t)((void *const *)ctx)[1];
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (v[m] < doc) lo = m + 1;
    else hi = m;
  }
  return v && lo < (size_t)(uintptr_t)((void *const *)ctx)[1] && v[lo] == doc;
}

/* Hits by relevance: the ranking engine's best offset+limit among the
** speeches the filters admit, then their rows. */
static int run_ranked(Db *db, Arena *a, const SearchQuery *q, const Resolved *r, const SearchOptions *o,
                      SxQuery *sq, SearchResult *res) {
  int filtered = q->speaker || q->party || q->body || q->type || q->from || q->to || q->term || q->session ||
                 q->like_id;
  int64_t *adm = NULL;
  size_t nadm = 0, capadm = 0;
  int rc = MJ_OK;
  if (filtered) { /* the admitted speeches, by id */
    Buf sql;
    buf_init(&sql, 1 << 16);
    buf_puts(&sql, "SELECT sp.id");
    from_where(&sql, q, r);
    buf_puts(&sql, " ORDER BY sp.id");
    sqlite3_stmt *st = prepare(db, &sql);
    buf_free(&sql);
    if (!st) return MJ_EIO;
    bind_all(st, q, r);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      if (nadm == capadm) {
        capadm = capadm ? capadm * 2 : 256;
        adm = xrealloc(adm, sizeof *adm * capadm);
      }
      adm[nadm++] = sqlite3_column_int64(st, 0);
    }
    rc = step_failed(db, step);
    sqlite3_finalize(st);
  }
  int k = o->offset + o->limit, n = 0;
  if (q->recency && k < SEARCH_RECENCY_POOL) k = SEARCH_RECENCY_POOL; /* recency reranks the best 100 */
  SxHit *top = xmalloc(sizeof *top * (size_t)k);
  /* only the matches the public may see (pubrec_filter), or of those the
  ** ones the filters admit */
  void *ctx[2] = {filtered ? adm : (int64_t *)r->mids, (void *)(uintptr_t)(filtered ? nadm : r->nmids)};
  if (!rc) rc = sx_top(sq, k, in_sorted, ctx, 0, top, &n);
  if (!rc && q->recency) rc = search_recency_rerank(db, top, n); /* search_vote.c */
  if (n > o->offset + o->limit) n = o->offset + o->limit;
  free(adm);
  SearchHit *h = arena_alloc(a, sizeof *h * (size_t)o->limit);
  memset(h, 0, sizeof *h * (size_t)o->limit);
  res->hits = h;
  sqlite3_stmt *st = rc ? NULL
                        : db_stmt(db, HIT_COLUMNS " FROM public_speech sp JOIN sitting s ON s.id=sp.sitting_id"
                                                  " JOIN organization o ON o.id=s.body_id"
                                                  " LEFT JOIN person p ON p.id=sp.person_id WHERE sp.id=?1");
  if (!rc && !st) rc = MJ_EIO;
  for (int i = o->offset; i < n && !rc; i++) {
    sqlite3_bind_int64(st, 1, top[i].doc);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
      SearchHit *x = &h[res->n++];
      hit_row(a, st, x);
      x->score = -top[i].score; /* the convention of bm25(): lower is better */
    } else {
      rc = step == SQLITE_DONE ? mj_fail(MJ_EINTERNAL, "search index: speech %lld is indexed but gone; run majlis check",
                                         (long long)top[i].doc)
                               : step_failed(db, step);
    }
    db_done(st);
  }
  free(top);
  return rc;
}

/* ------------------------------------------------------------------ vocabulary */

/* The vocabulary is our index's dictionary (search_term: each normal form,
** its stem when it differs, and its document frequency). It holds drafts'
** words too, so a word offered to a reader is checked against the public
** record (pubrec_word_public). */

/* Documents holding a word with this normal form, or with this stem: the
** larger of the normal form's df and the sum of the dfs of the forms with
** the stem (an upper bound of the documents holding any of them, as the
** ranking's df of a query word; 0 if none). */
static int64_t term_docs(Db *db, const char *norm, const char *stem) {
  sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT df FROM search_term WHERE term=?1),"
                                 " (SELECT sum(df) FROM search_term WHERE stem=?2 OR term=?2)");
  if (!st) return 0;
  sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, stem, -1, SQLITE_STATIC);
  int64_t d = 0, m = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    d = sqlite3_column_int64(st, 0);
    m = sqlite3_column_int64(st, 1);
  }
  db_done(st);
  return m > d ? m : d;
}

static int decode(const char *s, int32_t *cps, int max) {
  int n = 0;
  size_t i = 0, len = strlen(s);
  while (i < len && n < max) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) break;
    cps[n++] = cp;
    i += (size_t)k;
  }
  return n;
}

/* Levenshtein distance of two code-point strings, or limit+1 when above it. */
static int edit_distance(const int32_t *a, int na, const int32_t *b, int nb, int limit) {
  if (abs(na - nb) > limit) return limit + 1;
  int prev[72], cur[72];
  for (int j = 0; j <= nb; j++) prev[j] = j;
  for (int i = 1; i <= na; i++) {
    cur[0] = i;
    int best = cur[0];
    for (int j = 1; j <= nb; j++) {
      int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < c) c = prev[j] + 1;
      if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
      cur[j] = c;
      if (c < best) best = c;
    }
    if (best > limit) return limit + 1;
    memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
  }
  return prev[nb];
}

#define SUGGEST_SCAN 50000

/* The speeches that are not public as published (pubrec.h), read once per
** search when first needed. */
typedef struct Private {
  int loaded; /* 0 not yet, 1 read, -1 failed */
  PubrecSets ps;
} Private;

static int private_load(Db *db, Private *pv) {
  if (!pv->loaded) pv->loaded = pubrec_sets(db, &pv->ps) ? -1 : 1;
  return pv->loaded > 0;
}

static void private_free(Private *pv) {
  if (pv->loaded > 0) pubrec_sets_free(&pv->ps);
  pv->loaded = 0;
}

/* The public speeches (as published, not revised since) that the search
** word `word` matches: with exact, its normal form only, else every form
** of its stem; counted on ix (NULL: a reader opened for it). At most `stop`
** are counted (stop 1: whether there is one). -1 on a failure. */
static int64_t public_count(Db *db, SxIndex *ix, Private *pv, const char *word, int exact, int64_t stop) {
  if (!private_load(db, pv)) return -1;
  SxIndex *own = NULL;
  if (!ix && sx_open(db_handle(db), NULL, NULL, &own)) return -1;
  SxQuery *sq = sxq_new(ix ? ix : own);
  sxq_item(sq, 0);
  int64_t *m = NULL, count = 0;
  size_t nm = 0;
  if (sxq_alt(sq, word, strlen(word), exact ? SXQ_EXACT : 0, -1) > 0 && !sxq_failed(sq) && !sx_matches(sq, &m, &nm))
    for (size_t i = 0; i < nm && count < stop; i++)
      count += !pubrec_has(pv->ps.hidden, pv->ps.nhidden, m[i]) && !pubrec_has(pv->ps.revised, pv->ps.nrevised, m[i]);
  else if (sxq_failed(sq))
    count = -1;
  free(m);
  sxq_free(sq);
  sx_close(own);
  return count;
}

/* The dictionary scans of nearest_term run on a Majlis file (db: statements
** from its cache; what is offered must be public, and is chosen by public
** speeches alone, so that no draft decides it) or on the evaluation's index
** (h, db NULL: every word may be offered). ix may be NULL; pv caches the
** non-public sets. */
typedef struct Dict {
  Db *db;
  sqlite3 *h;
  SxIndex *ix;
  Private *pv;
} Dict;

typedef struct Near {
  const char *term;
  int stem, d;
  int64_t df;
} Near;

#define NEAR_MAX 256 /* candidates kept within the distance */

/* Scans the indexed normal forms (stems: 0) or stems (1) that start with
** `prefix`, keeping those within `limit` edits of w (at most NEAR_MAX). */
static void scan_terms(const Dict *dc, Arena *a, const char *prefix, int stems, const int32_t *w, int nw, int limit,
                       Near *out, int *n) {
  size_t pl = strlen(prefix);
  char hi[16];
  memcpy(hi, prefix, pl + 1);
  hi[pl - 1] = (char)((unsigned char)hi[pl - 1] + 1);
  const char *sql = stems ? "SELECT stem, sum(df) FROM search_term WHERE stem>=?1 AND stem<?2 GROUP BY stem LIMIT 50000"
                          : "SELECT term, df FROM search_term WHERE term>=?1 AND term<?2 LIMIT 50000";
  sqlite3_stmt *st = NULL;
  if (dc->db) st = db_stmt(dc->db, sql);
  else if (sqlite3_prepare_v2(dc->h, sql, -1, &st, NULL) != SQLITE_OK) st = NULL;
  if (!st) return;
  sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
  int32_t t[64];
  while (sqlite3_step(st) == SQLITE_ROW && *n < NEAR_MAX) {
    const char *term = (const char *)sqlite3_column_text(st, 0);
    if (!term) continue;
    int nt = decode(term, t, 64);
    if (nt > 62) continue;
    int d = edit_distance(w, nw, t, nt, limit);
    if (d > limit || d == 0) continue;
    out[*n] = (Near){arena_strdup(a, term), stems, d, sqlite3_column_int64(st, 1)};
    ++*n;
  }
  if (dc->db) db_done(st);
  else sqlite3_finalize(st);
}

/* The indexed word nearest to `norm`: the same first letter (for a word
** that begins with the article ال, the same first three), edit distance at
** most `limit`, then the most documents: in a Majlis file the most public
** speeches holding that normal form (or, for a stem, a form of it), and
** only words a public speech holds; in the evaluation, the index's counts.
** Normal forms and stems (without their mark) are both candidates, so
** تصويط finds the stem تصويت even where the text only has التصويت (and
** surface_of then offers التصويت). Bounded: at most SUGGEST_SCAN terms of
** each kind are read, NEAR_MAX kept. */
static const char *nearest_term(const Dict *dc, Arena *a, const char *norm, int limit) {
  int32_t w[64];
  int nw = decode(norm, w, 64);
  if (nw < 3 || nw > 60 || limit < 1) return NULL;
  /* the candidates share the first letter; a word with the article, its
  ** first three letters: of the news corpus' 525,000 distinct words, 126,000
  ** begin with an alef and 92,000 with ال, more than the scan reads, and a
  ** slip is rarely in the article or the letter after it */
  int keep = nw >= 4 && w[0] == 0x0627 && w[1] == 0x0644 ? 3 : 1;
  size_t fl = 0;
  for (int k = 0; k < keep; k++) {
    fl++;
    while (norm[fl] && ((unsigned char)norm[fl] & 0xC0) == 0x80) fl++;
  }
  char lo[16];
  memcpy(lo, norm, fl);
  lo[fl] = 0;
  Near *c = xmalloc(sizeof *c * NEAR_MAX);
  int n = 0;
  scan_terms(dc, a, lo, 0, w, nw, limit, c, &n);
  scan_terms(dc, a, lo, 1, w, nw, limit, c, &n);
  const char *best = NULL;
  for (int d = 1; d <= limit && !best; d++) {
    int64_t bestdoc = 0;
    for (int i = 0; i < n; i++) {
      if (c[i].d != d) continue;
      int64_t docs = c[i].df;
      if (dc->db) { /* public speeches only: a draft neither offers a word nor breaks a tie */
        Private own = {0};
        docs = public_count(dc->db, dc->ix, dc->pv ? dc->pv : &own, c[i].term, !c[i].stem, INT64_MAX);
        private_free(&own);
      }
      if (docs > bestdoc || (docs == bestdoc && docs > 0 && strcmp(c[i].term, best) < 0)) {
        bestdoc = docs;
        best = c[i].term;
      }
    }
  }
  free(c);
  return best;
}

/* A word's original bytes made clean for a suggestion: NFC, without the
** Arabic vowel and Quranic marks (combining marks of U+0600..U+08FF; a Latin
** accent stays), the tatweel (U+0640) and format characters (ZWNJ ...).
** Malloc'd; NULL when nothing is left. */
static char *clean_surface(const char *s, size_t n) {
  Buf b;
  buf_init(&b, n + 1);
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) break;
    utf8proc_category_t cat = utf8proc_category(cp);
    int arabic_mark = cp >= 0x0600 && cp <= 0x08FF && (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME);
    if (cp != 0x0640 && !arabic_mark && cat != UTF8PROC_CATEGORY_CF)
      buf_append(&b, s + i, (size_t)k);
    i += (size_t)k;
  }
  char *out = NULL;
  if (b.n && !b.err) out = (char *)utf8proc_NFC((const utf8proc_uint8_t *)b.p);
  buf_free(&b);
  return out;
}

#define SURFACE_SPEECHES 4 /* public speeches read for a suggested word's spelling */
#define SURFACE_FORMS 32
typedef struct SurfaceCollect {
  const char *text, *norm;
  int by_stem; /* match the stem (the word is a stem no text has as a whole word) */
  char *form[SURFACE_FORMS];
  int count[SURFACE_FORMS], n;
} SurfaceCollect;

static int surface_collect(void *ctx, const AnalyzerToken *t) {
  SurfaceCollect *c = ctx;
  size_t l = strlen(c->norm);
  const char *w = c->by_stem ? t->stem : t->norm;
  size_t wn = c->by_stem ? t->nstem : t->nnorm;
  if (wn != l || memcmp(w, c->norm, l) != 0) return 0;
  char *f = clean_surface(c->text + t->start, t->end - t->start);
  if (!f) return 0;
  for (int i = 0; i < c->n; i++)
    if (strcmp(c->form[i], f) == 0) {
      c->count[i]++;
      free(f);
      return 0;
    }
  if (c->n == SURFACE_FORMS) {
    free(f);
    return 0;
  }
  c->form[c->n] = f;
  c->count[c->n++] = 1;
  return 0;
}

/* How the public record spells a suggested word: `norm` is an indexed
** normal form (or stem) and so a folded spelling (ة as ه, أ as ا), never
** shown as such. One look-up in our index for the speeches holding exactly
** that normal form (else that stem), then the first SURFACE_SPEECHES of them
** that the public sees as published (pubrec.h: no draft, no correction in
** progress) are read through the analyzer, and the original spelling that
** most often has this normal form wins, cleaned of vowel marks and tatweel
** (clean_surface). NULL when no public speech has it. */
static const char *surface_of(Db *db, Arena *a, const char *norm) {
  PubrecSets ps;
  if (pubrec_sets(db, &ps)) return NULL;
  SxIndex *ix = NULL;
  SurfaceCollect c;
  memset(&c, 0, sizeof c);
  c.norm = norm;
  if (!sx_open(db_handle(db), NULL, NULL, &ix)) {
    for (int pass = 0; pass < 2 && !c.n; pass++) {
      SxQuery *sq = sxq_new(ix);
      sxq_item(sq, 0);
      int64_t *m = NULL;
      size_t nm = 0;
      c.by_stem = pass == 1;
      if (sxq_alt(sq, norm, strlen(norm), pass ? 0 : SXQ_EXACT, 0) > 0 && !sxq_failed(sq) && !sx_matches(sq, &m, &nm)) {
        /* the fields the index reads of a speech (pubrec.c's PUBLIC_FIELDS_SQL), as published */
        sqlite3_stmt *st = db_stmt(db, "SELECT sp.text, rs.heading, ai.title, p.name_ar, p.name_en, p.name_az, sp.label"
                                       " FROM public_speech sp LEFT JOIN person p ON p.id=sp.person_id"
                                       " LEFT JOIN record_section rs ON rs.id=sp.section_id"
                                       " LEFT JOIN agenda_item ai ON ai.id=sp.agenda_item_id WHERE sp.id=?1");
        AnalyzerConfig cfg;
        analyzer_config_default(&cfg);
        for (size_t i = 0, read = 0; st && i < nm && read < SURFACE_SPEECHES; i++) {
          if (pubrec_has(ps.hidden, ps.nhidden, m[i]) || pubrec_has(ps.revised, ps.nrevised, m[i])) continue;
          sqlite3_bind_int64(st, 1, m[i]);
          if (sqlite3_step(st) == SQLITE_ROW) {
            read++;
            for (int f = 0; f < 7; f++) {
              const char *t = (const char *)sqlite3_column_text(st, f);
              if (!t) continue;
              size_t len = strlen(t);
              c.text = t;
              analyzer_tokenize(&cfg, t, len > (1u << 18) ? (1u << 18) : len, surface_collect, &c);
            }
          }
          sqlite3_reset(st);
        }
        if (st) db_done(st);
      }
      free(m);
      sxq_free(sq);
    }
    sx_close(ix);
  }
  pubrec_sets_free(&ps);
  int best = -1;
  for (int i = 0; i < c.n; i++)
    if (best < 0 || c.count[i] > c.count[best]) best = i;
  const char *out = best >= 0 ? arena_strdup(a, c.form[best]) : NULL;
  for (int i = 0; i < c.n; i++) free(c.form[i]);
  return out;
}

/* Whether a word (a normal form) has a digit: 2025 and 2024 are two years,
** not a slip of one another, so neither the suggestion nor the respelling
** changes such a word. */
static int has_digit(const char *norm) {
  for (const char *c = norm; *c; c++)
    if (*c >= '0' && *c <= '9') return 1;
  return 0;
}

/* Whether a word of text has the stem of a word q excludes (-word): a
** replacement must not turn a word into one the query leaves out. */
static int excluded_word(const SearchQuery *q, const char *text) {
  const char *qt = q->text ? q->text : "";
  WordList *l = xmalloc(sizeof *l), *x = xmalloc(sizeof *x);
  words_of(text, strlen(text), l);
  int found = 0;
  for (int i = 0; i < q->nitems && q->items && !found; i++) {
    const SearchItem *it = &q->items[i];
    if (!it->exclude) continue;
    words_of(qt + it->s, it->e - it->s, x);
    for (int j = 0; j < l->n && !found; j++)
      for (int m = 0; m < x->n && !found; m++) found = strcmp(l->w[j].stem, x->w[m].stem) == 0;
  }
  free(l);
  free(x);
  return found;
}

/* Whether a query word that df speeches hold (the index's count, drafts
** included) is in a speech the public sees: a word only drafts have must
** behave for the reader as a word no speech has, or the difference would
** tell that a draft holds it. pv caches the sets of speeches that are not
** public as published (pubrec.h); a word in more speeches than they hold is
** public without a look; else its matches on ix (NULL: a new index) are. */
static int word_public(Db *db, SxIndex *ix, Private *pv, const char *word, int64_t df) {
  if (df <= 0) return 0;
  if (!private_load(db, pv)) return 1; /* (the search itself reports the failure) */
  if (df > (int64_t)(pv->ps.nhidden + pv->ps.nrevised)) return 1;
  return public_count(db, ix, pv, word, 0, 1) != 0;
}

static const char *suggest(Db *db, Arena *a, const SearchQuery *q) {
  if (!q->nterms) return NULL;
  Buf b;
  buf_init(&b, SEARCH_MAX_QUERY * 4);
  size_t at = 0;
  int changed = 0;
  Private pv = {0};
  for (int i = 0; i < q->nterms; i++) {
    const SearchTerm *t = &q->terms[i];
    if (t->prefix || t->qstart < at || has_digit(t->norm) ||
        word_public(db, NULL, &pv, t->norm, term_docs(db, t->norm, t->stem)))
      continue;
    Dict dc = {db, NULL, NULL, &pv};
    const char *s = nearest_term(&dc, a, t->norm, count_cps(t->norm, strlen(t->norm)) <= 4 ? 1 : 2);
    if (s && excluded_word(q, s)) s = NULL;
    if (s) s = surface_of(db, a, s); /* a spelling of the record, not the folded form */
    if (!s) continue;
    buf_append(&b, q->text + at, t->qstart - at);
    buf_puts(&b, s);
    at = t->qend;
    changed = 1;
  }
  buf_puts(&b, q->text + at);
  const char *out = changed && !b.err ? arena_strdup(a, b.p) : NULL;
  buf_free(&b);
  private_free(&pv);
  return out;
}

/* ------------------------------------------------------------------ the ranking engine's query */

/* Synonyms: the editors' groups (table search_synonym, schema 11), read
** once per change of the table and kept for every connection of the
** process (the table only gains and loses rows, so its row count and
** largest id tell when it changed). A term's key is its words' stems
** joined by a space; a query word or phrase with the same key gets the
** group's other terms as alternatives. */
typedef struct SynEntry {
  char *key, *term;
  int64_t grp;
} SynEntry;
static pthread_mutex_t syn_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char *file;
  int64_t count, maxid;
  SynEntry *e;
  int n;
} syn_cache;

static void stem_key(const char *s, size_t n, Buf *out) {
  WordList *l = xmalloc(sizeof *l);
  words_of(s, n, l);
  for (int i = 0; i < l->n; i++) {
    if (i) buf_putc(out, ' ');
    buf_puts(out, l->w[i].stem);
  }
  free(l);
}

static void syn_clear(void) {
  for (int i = 0; i < syn_cache.n; i++) {
    free(syn_cache.e[i].key);
    free(syn_cache.e[i].term);
  }
  free(syn_cache.e);
  free(syn_cache.file);
  memset(&syn_cache, 0, sizeof syn_cache);
}

/* Makes syn_cache hold the groups of db (called with syn_mu held). */
static void syn_load(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int64_t count = 0, maxid = 0;
  if (sqlite3_prepare_v2(db, "SELECT count(*), max(id) FROM search_synonym", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st); /* no table yet (before schema 11, or the evaluation's database) */
    syn_clear();
    return;
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    count = sqlite3_column_int64(st, 0);
    maxid = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  st = NULL;
  const char *file = sqlite3_db_filename(db, "main");
  char self[64];
  if (!file || !*file) { /* in-memory: only this connection sees it */
    snprintf(self, sizeof self, "mem:%p", (void *)db);
    file = self;
  }
  if (syn_cache.file && strcmp(syn_cache.file, file) == 0 && syn_cache.count == count && syn_cache.maxid == maxid)
    return;
  syn_clear();
  syn_cache.file = xstrdup(file);
  syn_cache.count = count;
  syn_cache.maxid = maxid;
  if (!count || sqlite3_prepare_v2(db, "SELECT grp, term FROM search_synonym ORDER BY grp, id", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  syn_cache.e = xmalloc(sizeof *syn_cache.e * (size_t)count);
  Buf k;
  buf_init(&k, 1 << 16);
  while (sqlite3_step(st) == SQLITE_ROW && syn_cache.n < count) {
    const char *t = (const char *)sqlite3_column_text(st, 1);
    if (!t) continue;
    buf_reset(&k);
    stem_key(t, strlen(t), &k);
    if (!k.n || k.err) continue;
    SynEntry *e = &syn_cache.e[syn_cache.n++];
    e->grp = sqlite3_column_int64(st, 0);
    e->key = xstrdup(k.p);
    e->term = xstrdup(t);
  }
  buf_free(&k);
  sqlite3_finalize(st);
}

/* Adds the synonyms of text[0..n) as alternatives of the current item. */
static void add_synonyms(struct SxQuery *sq, const char *text, size_t n, unsigned flags) {
  if (flags & SXQ_PREFIX) return;
  pthread_mutex_lock(&syn_mu);
  if (syn_cache.n) {
    Buf k;
    buf_init(&k, 1 << 16);
    stem_key(text, n, &k);
    for (int i = 0; i < syn_cache.n && k.n; i++) {
      if (strcmp(syn_cache.e[i].key, k.p) != 0) continue;
      for (int j = 0; j < syn_cache.n; j++)
        if (syn_cache.e[j].grp == syn_cache.e[i].grp && strcmp(syn_cache.e[j].key, k.p) != 0)
          sxq_alt(sq, syn_cache.e[j].term, strlen(syn_cache.e[j].term), flags & SXQ_EXACT, -1);
      break;
    }
    buf_free(&k);
  }
  pthread_mutex_unlock(&syn_mu);
}

/* Reads the groups of db again if they changed (once per search). */
static void syn_refresh(Db *db) {
  pthread_mutex_lock(&syn_mu);
  syn_load(db_handle(db));
  pthread_mutex_unlock(&syn_mu);
}

/* The other terms of the synonym group holding text[0..n) (the same stem
** key, as add_synonyms finds them), as malloc'd copies in *out (the caller
** frees each and the array); returns how many. The groups as last read
** (syn_load). */
static int syn_others(const char *text, size_t n, char ***out) {
  *out = NULL;
  int k = 0;
  pthread_mutex_lock(&syn_mu);
  if (syn_cache.n) {
    Buf key;
    buf_init(&key, 1 << 16);
    stem_key(text, n, &key);
    for (int i = 0; i < syn_cache.n && key.n && !key.err; i++) {
      if (strcmp(syn_cache.e[i].key, key.p) != 0) continue;
      *out = xmalloc(sizeof **out * (size_t)syn_cache.n);
      for (int j = 0; j < syn_cache.n; j++)
        if (syn_cache.e[j].grp == syn_cache.e[i].grp && strcmp(syn_cache.e[j].key, key.p) != 0)
          (*out)[k++] = xstrdup(syn_cache.e[j].term);
      break;
    }
    buf_free(&key);
  }
  pthread_mutex_unlock(&syn_mu);
  return k;
}

static void syn_others_free(char **t, int n) {
  for (int i = 0; i < n; i++) free(t[i]);
  free(t);
}

/* Name filters (speaker:, party:, body:): the synonyms of each of the
** value's words and of the whole value, each as its words; a name matches
** a value word when one of that word's synonyms has all its words in the
** name (resolve, name_matches). */
static void name_alts(NameQuery *nq, const char *text, size_t n, int word) {
  char **t;
  int k = syn_others(text, n, &t);
  for (int i = 0; i < k && nq->nalt < NAME_ALTS; i++) {
    WordList *w = xmalloc(sizeof *w);
    words_of(t[i], strlen(t[i]), w);
    if (!w->n) {
      free(w);
      continue;
    }
    nq->alt[nq->nalt].word = word;
    nq->alt[nq->nalt++].w = w;
  }
  syn_others_free(t, k);
}

static void name_query_init(Db *db, NameQuery *nq, WordList *want, const char *value) {
  memset(nq, 0, sizeof *nq);
  nq->want = want;
  syn_refresh(db);
  for (int i = 0; i < want->n; i++) name_alts(nq, value + want->w[i].start, want->w[i].end - want->w[i].start, i);
  if (want->n > 1) name_alts(nq, value, strlen(value), -1);
}

static void name_query_free(NameQuery *nq) {
  for (int i = 0; i < nq->nalt; i++) free(nq->alt[i].w);
  nq->nalt = 0;
}

/* Appends the words of text to the terms *out (*n of them, room for *cap),
** while there are fewer than max. */
static void push_terms(const char *text, int exact, int max, SearchTerm **out, int *n, int *cap) {
  WordList *w = xmalloc(sizeof *w);
  words_of(text, strlen(text), w);
  for (int x = 0; x < w->n && *n < max; x++) {
    if (*n == *cap) *out = xrealloc(*out, sizeof **out * (size_t)(*cap = *cap ? *cap * 2 : 8));
    SearchTerm *st = &(*out)[(*n)++];
    memset(st, 0, sizeof *st);
    memcpy(st->norm, w->w[x].norm, sizeof st->norm);
    memcpy(st->stem, w->w[x].stem, sizeof st->stem);
    st->exact = exact;
  }
  free(w);
}

/* Snippets: the words of the synonyms of the query's items, marked like the
** query's own words, as search_sx_query adds them (a ranked query: of each
** word; a boolean one: of each word, phrase or exact item; never of a
** prefix or an exclusion), and what search_respell searched words no speech
** has as. A malloc'd array in *out; returns its length. */
static int syn_terms(const SearchQuery *q, SearchTerm **out) {
  *out = NULL;
  int n = 0, cap = 0;
  const char *text = q->text ? q->text : "";
  for (int i = 0; i < q->nitems && q->items; i++) {
    const SearchItem *it = &q->items[i];
    if (it->exclude || it->prefix || it->kind == SEARCH_PREFIX || (q->boolean && it->skip)) continue;
    if (!q->boolean && it->kind != SEARCH_WORD) continue;
    /* the texts whose synonyms the engine looked up: each word (ranked) or the item */
    WordList *iw = xmalloc(sizeof *iw);
    if (q->boolean) {
      iw->n = 1;
      iw->w[0].start = 0;
      iw->w[0].end = it->e - it->s;
    } else {
      words_of(text + it->s, it->e - it->s, iw);
    }
    for (int j = 0; j < iw->n; j++) {
      char **t;
      int k = syn_others(text + it->s + iw->w[j].start, iw->w[j].end - iw->w[j].start, &t);
      for (int m = 0; m < k; m++) push_terms(t[m], it->exact, SEARCH_MAX_TERMS * 4, out, &n, &cap);
      syn_others_free(t, k);
    }
    free(iw);
  }
  for (int i = 0; i < q->nrespell; i++) /* and what words no speech has were searched as */
    push_terms(q->respell[i].as, 0, SEARCH_MAX_TERMS * 5, out, &n, &cap);
  return n;
}

/* ------------------------------------------------------------------ words no speech has */

/* Whether text (a word, or two words as a phrase) is in a speech the
** public sees (db), or anywhere in the index (db NULL). */
static int respell_known(Db *db, SxIndex *ix, Private *pv, const char *text) {
  if (db) return public_count(db, ix, pv, text, 0, 1) > 0;
  SxQuery *sq = sxq_new(ix);
  sxq_item(sq, 0);
  SxHit h;
  int n = 0;
  int found = sxq_alt(sq, text, strlen(text), 0, -1) > 0 && !sxq_failed(sq) && !sx_top(sq, 1, NULL, NULL, 0, &h, &n) && n > 0;
  sxq_free(sq);
  return found;
}

/* The one-letter prefixes the stemmer leaves on a word (ل would make لجنة,
** committee, جنه): ل ب ف ك. */
static int clitic(int32_t c) { return c == 0x0644 || c == 0x0628 || c == 0x0641 || c == 0x0643; }

/* The words of one query that rule 3 may look up (each reads up to twice
** SUGGEST_SCAN rows of the dictionary): a query of many unknown words
** stays quick. */
#define RESPELL_SCANS 4

/* How the record spells an indexed normal form or stem, for the reader: the
** commonest spelling of each of its words in public speeches (surface_of),
** else the form itself. */
static const char *record_spelling(Db *db, Arena *a, const char *as) {
  if (!db) return as;
  Buf b;
  buf_init(&b, 256);
  WordList *l = xmalloc(sizeof *l);
  words_of(as, strlen(as), l);
  for (int j = 0; j < l->n; j++) {
    const char *sp = surface_of(db, a, l->w[j].norm);
    if (j) buf_putc(&b, ' ');
    buf_puts(&b, sp ? sp : l->w[j].norm);
  }
  free(l);
  const char *out = !b.err && b.p ? arena_strdup(a, b.p) : as;
  buf_free(&b);
  return out;
}

/* The byte offset of each of the nw + 1 letter boundaries of s. */
static void letter_offsets(const char *s, int nw, size_t *off) {
  for (int k = 0, i = 0; k <= nw; k++) {
    off[k] = (size_t)i;
    if (s[i]) i++;
    while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
}

/* What a word the index does not know is searched as (search.h's three
** rules in order): norm is its normal form, orig..orig+norig its bytes as
** typed; *scans counts the look-ups by rule 3 (at most RESPELL_SCANS a
** query). NULL when no rule gives a word; else *shown is what the reader is
** told: the typed word cut as its normal form was (لسويسرا: سويسرا) when
** the two have as many letters, else the record's spelling. */
static const char *respell_word(Db *db, SxIndex *ix, Private *pv, Arena *a, const char *norm, const char *orig,
                                size_t norig, int *scans, const char **shown) {
  int32_t w[64];
  int nw = decode(norm, w, 64);
  if (nw < 4 || nw > 60) return NULL;
  size_t off[65], coff[65];
  letter_offsets(norm, nw, off);
  /* the typed word without its vowel marks and tatweel, letter for letter
  ** the normal form's when they have as many letters */
  char *typed = clean_surface(orig, norig), *cut = NULL;
  if (typed) {
    int32_t tw[64];
    int nt = decode(typed, tw, 64);
    cut = arena_strdup(a, typed);
    free(typed);
    if (nt == nw && strlen(cut) < 1024) letter_offsets(cut, nt, coff);
    else cut = NULL;
  }
  /* 1. without a prefix: لسويسرا, ولسويسرا */
  int p = clitic(w[0]) ? 1 : w[0] == 0x0648 && clitic(w[1]) ? 2 : 0;
  if (p && nw - p >= 3) {
    const char *rest = norm + off[p];
    int64_t df = sx_word_df(ix, rest, strlen(rest));
    if (df > 0 && respell_known(db, ix, pv, rest)) {
      *shown = cut ? cut + coff[p] : record_spelling(db, a, rest);
      return arena_strdup(a, rest);
    }
  }
  /* 2. two words written without the space between them, which stand side
  ** by side somewhere; of several cuts, the one whose rarer word is in most
  ** documents */
  int64_t best = 0;
  const char *two = NULL;
  int bk = 0;
  for (int k = 3; k <= nw - 3; k++) {
    char *left = arena_strndup(a, norm, off[k]);
    const char *right = norm + off[k];
    int64_t dl = sx_word_df(ix, left, strlen(left)), dr = dl > 0 ? sx_word_df(ix, right, strlen(right)) : 0;
    int64_t m = dl < dr ? dl : dr;
    if (m <= best) continue;
    char *both = arena_printf(a, "%s %s", left, right);
    if (respell_known(db, ix, pv, both)) {
      best = m;
      two = both;
      bk = k;
    }
  }
  if (two) {
    *shown = cut ? arena_printf(a, "%.*s %s", (int)coff[bk], cut, cut + coff[bk]) : record_spelling(db, a, two);
    return two;
  }
  /* 3. the nearest word: 1 edit for 5 to 7 letters (the article counts), 2 from 8 */
  if (nw < 5 || *scans >= RESPELL_SCANS) return NULL;
  ++*scans;
  Dict dc = {db, sx_db(ix), ix, pv};
  const char *near = nearest_term(&dc, a, norm, nw <= 7 ? 1 : 2);
  if (near) *shown = record_spelling(db, a, near);
  return near;
}

/* search_sx_respell's state: the words respelt so far. */
typedef struct Respell {
  Db *db;
  Arena *a;
  SearchRespell *out;
  int n, scans;
  Private pv; /* word_public's cache */
} Respell;

/* Respells the word w (its normal form norm) at bytes qstart..qend of the
** query, which the index does not know; NULL when nothing replaces it. */
static const SearchRespell *respell_now(Respell *rp, SxIndex *ix, const SearchQuery *q, const char *w, size_t wn,
                                        const char *norm, size_t qstart, size_t qend) {
  if (has_digit(norm)) return NULL; /* a number is another law, year or article, never a slip */
  char **syn;
  int k = syn_others(w, wn, &syn); /* the editors' synonyms search it already */
  syn_others_free(syn, k);
  if (k || rp->n >= ANALYZER_MAX_QUERY_WORDS) return NULL;
  const char *shown = NULL;
  const char *as = respell_word(rp->db, ix, &rp->pv, rp->a, norm, w, wn, &rp->scans, &shown);
  if (!as) return NULL;
  /* not into function words alone (فهذا is not هذا), nor into a word the
  ** query excludes */
  WordList *l = xmalloc(sizeof *l);
  words_of(as, strlen(as), l);
  int content = 0;
  for (int j = 0; j < l->n; j++) content |= !l->w[j].stop;
  free(l);
  if (!content || excluded_word(q, as)) return NULL;
  SearchRespell *r = &rp->out[rp->n++];
  r->qstart = qstart;
  r->qend = qend;
  r->as = as;
  r->shown = shown ? shown : as;
  return r;
}

/* The words of a ranked query as the engine gets them: each word of each
** word item (at[i]: the item's first byte in the text), the noun after a
** question word marked as a function word (analyzer_is_answer_type), and
** used[i] set for the words searched: function words dropped unless all
** are, a stem once. */
static void ranked_words(const SearchQuery *q, WordList *all, size_t *at, int *used) {
  const char *text = q->text ? q->text : "";
  all->n = 0;
  for (int i = 0; i < q->nitems; i++) {
    const SearchItem *it = &q->items[i];
    if (it->exclude || it->kind != SEARCH_WORD) continue;
    WordList *l = xmalloc(sizeof *l);
    words_of(text + it->s, it->e - it->s, l);
    for (int j = 0; j < l->n && all->n < ANALYZER_MAX_QUERY_WORDS; j++) {
      all->w[all->n] = l->w[j];
      at[all->n++] = it->s;
    }
    free(l);
  }
  for (int i = 1; i < all->n; i++) /* "كم عدد", "ما اسم": see analyzer_is_answer_type */
    if (analyzer_is_answer_type(all->w[i - 1].norm, strlen(all->w[i - 1].norm), all->w[i].norm,
                                strlen(all->w[i].norm)))
      all->w[i].stop = 1;
  int all_stop = 1;
  for (int i = 0; i < all->n; i++) all_stop &= all->w[i].stop;
  for (int i = 0; i < all->n; i++) {
    used[i] = 0;
    if (all->w[i].stop && !all_stop) continue;
    int dup = 0;
    for (int j = 0; j < i && !dup; j++) dup = used[j] && strcmp(all->w[j].stem, all->w[i].stem) == 0;
    used[i] = !dup;
  }
}

/* What search_respell searched the word at byte `start` of the query as. */
static const SearchRespell *respelt(const SearchQuery *q, size_t start) {
  for (int i = 0; i < q->nrespell; i++)
    if (q->respell[i].qstart == start) return &q->respell[i];
  return NULL;
}

/* search_sx_query; with rp, also search_sx_respell's respelling. */
static int build_query(SxIndex *ix, const SearchQuery *q, Respell *rp, SxQuery **out) {
  SxQuery *sq = sxq_new(ix);
  if (!q->boolean) sxq_plain(sq); /* a reader's words: the early-mention bonus (sindex.h) */
  pthread_mutex_lock(&syn_mu);
  syn_load(sx_db(ix)); /* once per query: the groups, if they changed */
  pthread_mutex_unlock(&syn_mu);
  const char *text = q->text ? q->text : "";
  int qpos = 0;
  if (!q->boolean) {
    /* ranked: the words of every word item, as analyzer_query_ranked reads
    ** them (function words dropped unless all are, a stem once) */
    WordList *all = xcalloc(1, sizeof *all);
    size_t at[SEARCH_MAX_TERMS];
    int used[SEARCH_MAX_TERMS];
    ranked_words(q, all, at, used);
    int group = 0;
    for (int i = 0; i < all->n; i++) {
      if (!used[i]) continue;
      const char *w = text + at[i] + all->w[i].start;
      size_t wn = all->w[i].end - all->w[i].start;
      sxq_item(sq, group++);
      int nw = sxq_alt(sq, w, wn, 0, i);
      int64_t df = nw ? sxq_last_df(sq) : 1;
      add_synonyms(sq, w, wn, 0);
      size_t start = at[i] + all->w[i].start;
      const SearchRespell *rs = NULL;
      if (!rp) rs = respelt(q, start);
      else if (df == 0 || (rp->db && !word_public(rp->db, ix, &rp->pv, all->w[i].norm, df)))
        rs = respell_now(rp, ix, q, w, wn, all->w[i].norm, start, at[i] + all->w[i].end);
      if (rs) { /* a word no speech has: what it was searched as instead */
        sxq_alt(sq, rs->as, strlen(rs->as), 0, i);
        add_synonyms(sq, rs->as, strlen(rs->as), 0);
      }
    }
    qpos = all->n;
    free(all);
    for (int i = 0; i < q->nitems; i++) {
      const SearchItem *it = &q->items[i];
      if (it->exclude || it->kind == SEARCH_WORD) continue;
      sxq_item(sq, group++);
      sxq_alt(sq, text + it->s, it->e - it->s, SXQ_PREFIX | (it->exact ? SXQ_EXACT : 0), qpos++);
    }
  }
  for (int i = 0; i < q->nitems; i++) {
    const SearchItem *it = &q->items[i];
    if (!q->boolean && !it->exclude) continue;
    if (it->skip) continue;
    unsigned flags = (it->exact ? SXQ_EXACT : 0) | (it->prefix ? SXQ_PREFIX : 0);
    sxq_item(sq, it->exclude ? SXQ_EXCLUDE : it->group);
    int nw = sxq_alt(sq, text + it->s, it->e - it->s, flags, it->exclude ? -1 : qpos);
    add_synonyms(sq, text + it->s, it->e - it->s, flags);
    if (!it->exclude) qpos += nw + 1; /* +1: separate items are not one phrase */
  }
  if (sxq_failed(sq)) {
    sxq_free(sq);
    *out = NULL;
    return MJ_EIO;
  }
  *out = sq;
  return MJ_OK;
}

int search_sx_query(struct SxIndex *ix, const SearchQuery *q, struct SxQuery **out) {
  return build_query(ix, q, NULL, out);
}

int search_sx_respell(Db *db, Arena *a, struct SxIndex *ix, SearchQuery *q, struct SxQuery **out) {
  q->respell = NULL;
  q->nrespell = 0;
  if (q->boolean || q->literal) return build_query(ix, q, NULL, out);
  Respell rp = {db, a, arena_alloc(a, sizeof(SearchRespell) * ANALYZER_MAX_QUERY_WORDS), 0, 0, {0}};
  int rc = build_query(ix, q, &rp, out);
  private_free(&rp.pv);
  q->respell = rp.out;
  q->nrespell = rp.n;
  return rc;
}

/* ------------------------------------------------------------------ running */

/* The engine's statements from the connection's cache (db_stmt): a search
** then parses no SQL of the engine's again (sx_open_cached). */
static sqlite3_stmt *sx_prepare(void *db, const char *sql) { return db_stmt(db, sql); }

int search_run(Db *db, Arena *a, SearchQuery *q, const SearchOptions *o, SearchResult *res) {
  memset(res, 0, sizeof *res);
  if (o->limit < 1 || o->limit > 100 || o->offset < 0 || o->offset > 10000)
    return mj_fail(MJ_EINVAL, "limit must be 1 to 100 and the results looked at at most 10000 deep");
  if (q->nothing) {
    res->hits = arena_alloc(a, sizeof *res->hits);
    for (int f = 0; f < FACET_COUNT; f++) res->facets[f] = arena_alloc(a, sizeof(FacetRow));
    return MJ_OK;
  }
  Resolved r;
  int rc = resolve_all(db, a, q, &r);
  SearchVoteIds vids = {r.speaker, r.party, r.body};
  if (!rc && q->type && strcmp(q->type, "vote") == 0) { /* vote events, not speeches (search_vote.c) */
    rc = search_votes(db, a, q, o, &vids, res);
    if (!rc && !res->total && o->suggest && q->fts) res->suggestion = suggest(db, a, q);
    return rc;
  }
  SxIndex *ix = NULL;
  SxQuery *sq = NULL;
  if (!rc && (q->fts || q->not_fts)) { /* the words go through the ranking engine */
    rc = sx_open_cached(db_handle(db), NULL, NULL, sx_prepare, db, &ix);
    if (!rc) rc = search_sx_respell(db, a, ix, q, &sq); /* and words no speech has */
    int64_t *ids = NULL;
    size_t n = 0;
    if (!rc) rc = sx_matches(sq, &ids, &n);
    if (!rc) rc = pubrec_filter(db, q, sxq_positive(sq), &ids, &n); /* never a draft */
    if (!rc) {
      int64_t *keep = arena_alloc(a, sizeof *keep * (n + 1));
      if (n) memcpy(keep, ids, sizeof *keep * n);
      r.mids = keep;
      r.nmids = n;
      Buf b;
      buf_init(&b, BUF_UNLIMITED);
      buf_putc(&b, '[');
      for (size_t i = 0; i < n; i++) buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
      buf_putc(&b, ']');
      if (sxq_positive(sq)) r.ids = arena_strdup(a, b.p);
      else r.nids = arena_strdup(a, b.p);
      buf_free(&b);
    }
    free(ids);
  }
  if (!rc) rc = o->facets ? run_facets(db, a, q, &r, res) : run_count(db, q, &r, &res->total);
  if (!rc && o->facets) rc = search_votes_facet(db, q, &vids, res); /* the type facet's "vote" row */
  if (!rc) rc = r.ids && !o->sort_date ? run_ranked(db, a, q, &r, o, sq, res) : run_hits(db, a, q, &r, o, res);
  if (!rc && !res->total && o->suggest && q->fts) res->suggestion = suggest(db, a, q);
  sxq_free(sq);
  sx_close(ix);
  return rc;
}

int search_speeches(Db *db, Arena *a, const char *q, int limit, int offset, SearchHit **hits, int *n,
                    int *total) {
  *hits = NULL;
  *n = *total = 0;
  SearchQuery sq;
  memset(&sq, 0, sizeof sq);
  sq.text = q ? q : "";
  Buf b;
  buf_init(&b, 1 << 16);
  if (analyzer_query_ranked(sq.text, 0, &b) > 0 && !b.err) sq.fts = arena_strdup(a, b.p);
  buf_free(&b);
  if (!sq.fts) return MJ_OK;
  SearchItem *it = arena_alloc(a, sizeof *it); /* the whole text as words, ranked */
  memset(it, 0, sizeof *it);
  it->kind = SEARCH_WORD;
  it->e = strlen(sq.text);
  sq.items = it;
  sq.nitems = 1;
  SearchOptions o = {limit, offset, 0, 0, 0};
  SearchResult res;
  int rc = search_run(db, a, &sq, &o, &res);
  *hits = res.hits;
  *n = res.n;
  *total = res.total;
  return rc;
}

/* ------------------------------------------------------------------ more like this */

typedef struct LikeWord {
  char norm[128], stem[128];
  size_t start, end; /* first occurrence */
  int tf;
  int64_t df;
  double weight; /* tf * idf */
} LikeWord;

typedef struct LikeCollect {
  LikeWord *w;
  int n, cap;
} LikeCollect;

#define LIKE_MAX_WORDS 4000
static int like_collect(void *ctx, const AnalyzerToken *t) {
  LikeCollect *c = ctx;
  if (analyzer_is_stopword(t->norm, t->nnorm) || count_cps(t->stem, t->nstem) < 3 || t->nstem >= 127) return 0;
  for (int i = 0; i < c->n; i++)
    if (strlen(c->w[i].stem) == t->nstem && memcmp(c->w[i].stem, t->stem, t->nstem) == 0) {
      c->w[i].tf++;
      return 0;
    }
  if (c->n >= c->cap) return 1;
  LikeWord *w = &c->w[c->n++];
  copy_str(w->norm, sizeof w->norm, t->norm, t->nnorm);
  copy_str(w->stem, sizeof w->stem, t->stem, t->nstem);
  w->start = t->start;
  w->end = t->end;
  w->tf = 1;
  w->df = 0;
  return 0;
}

static int like_cmp(const void *pa, const void *pb) {
  const LikeWord *x = pa, *y = pb;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

int search_like(Db *db, Arena *a, int64_t id, SearchQuery *out) {
  memset(out, 0, sizeof *out);
  /* a public speech only, as published (pubrec.h): a draft's words never become a query */
  sqlite3_stmt *st = db_stmt(db, "SELECT text FROM public_speech WHERE id=?1");
  if (!st) return MJ_EIO;
  sqlite3_bind_int64(st, 1, id);
  const char *text = sqlite3_step(st) == SQLITE_ROW ? col(a, st, 0) : NULL;
  db_done(st);
  if (!text) return mj_fail(MJ_ENOTFOUND, "there is no speech %lld", (long long)id);
  LikeCollect c = {xmalloc(sizeof(LikeWord) * LIKE_MAX_WORDS), 0, LIKE_MAX_WORDS};
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  size_t len = strlen(text);
  analyzer_tokenize(&cfg, text, len > (1u << 18) ? (1u << 18) : len, like_collect, &c);
  int kept = 0;
  /* a statistic for the weights, of the index's documents (drafts too, like the vocabulary's) */
  double ndocs = (double)db_int(db, "SELECT docs FROM search_stat WHERE id=1", 0, 0, 1);
  for (int i = 0; i < c.n; i++) {
    c.w[i].df = term_docs(db, c.w[i].norm, c.w[i].stem);
    /* found in at least one other speech, and not in most of them */
    if (c.w[i].df < 2 || (double)c.w[i].df > ndocs / 2) continue;
    c.w[i].weight = c.w[i].tf * log(ndocs / (double)c.w[i].df);
    c.w[kept++] = c.w[i];
  }
  qsort(c.w, (size_t)kept, sizeof *c.w, like_cmp);
  if (kept > 12) kept = 12;
  Buf b, qt;
  buf_init(&b, 1 << 16);
  buf_init(&qt, 1 << 16);
  for (int i = 0; i < kept; i++) {
    if (i) {
      buf_puts(&b, " OR ");
      buf_putc(&qt, ' ');
    }
    buf_putc(&b, '"');
    buf_append(&b, text + c.w[i].start, c.w[i].end - c.w[i].start);
    buf_putc(&b, '"');
    SearchTerm *t = &out->terms[out->nterms];
    memcpy(t->norm, c.w[i].norm, sizeof t->norm);
    memcpy(t->stem, c.w[i].stem, sizeof t->stem);
    t->qstart = qt.n;
    buf_append(&qt, text + c.w[i].start, c.w[i].end - c.w[i].start);
    t->qend = qt.n;
    out->nterms++;
  }
  out->fts = kept ? arena_strdup(a, b.p) : NULL;
  out->text = arena_strdup(a, qt.p ? qt.p : "");
  SearchItem *si = arena_alloc(a, sizeof *si * (size_t)(kept + 1));
  for (int i = 0; i < kept; i++) { /* a ranked query of the words, for the ranking engine */
    memset(&si[i], 0, sizeof si[i]);
    si[i].kind = SEARCH_WORD;
    si[i].s = out->terms[i].qstart;
    si[i].e = out->terms[i].qend;
  }
  out->items = si;
  out->nitems = kept;
  out->like_id = id;
  out->nothing = !kept;
  buf_free(&b);
  buf_free(&qt);
  free(c.w);
  return MJ_OK;
}

/* ------------------------------------------------------------------ snippets */

typedef struct SnipTok {
  size_t s, e;
  int mark;
} SnipTok;

typedef struct SnipCollect {
  const SearchQuery *q;
  SnipTok *t;
  int n, cap;
  const SearchTerm *syn; /* the words of the query's synonyms (syn_terms) */
  int nsyn;
} SnipCollect;

static int starts(const char *s, const char *p) { return *p && strncmp(s, p, strlen(p)) == 0; }

static int term_match(const SearchTerm *t, const AnalyzerToken *k) {
  char norm[128], stem[128];
  copy_str(norm, sizeof norm, k->norm, k->nnorm);
  copy_str(stem, sizeof stem, k->stem, k->nstem);
  if (t->exact) return strcmp(norm, t->norm) == 0;
  if (t->prefix) return starts(norm, t->norm) || starts(stem, t->norm) || starts(stem, t->stem);
  return strcmp(stem, t->stem) == 0 || strcmp(norm, t->stem) == 0 || strcmp(stem, t->norm) == 0 ||
         strcmp(norm, t->norm) == 0;
}

static int snip_collect(void *ctx, const AnalyzerToken *k) {
  SnipCollect *c = ctx;
  if (c->n >= c->cap) {
    if (c->cap >= 65536) return 1;
    c->cap = c->cap ? c->cap * 2 : 256;
    c->t = xrealloc(c->t, sizeof *c->t * (size_t)c->cap);
  }
  SnipTok *t = &c->t[c->n++];
  t->s = k->start;
  t->e = k->end;
  t->mark = 0;
  for (int i = 0; i < c->q->nterms && !t->mark; i++) t->mark = term_match(&c->q->terms[i], k);
  for (int i = 0; i < c->nsyn && !t->mark; i++) t->mark = term_match(&c->syn[i], k);
  return 0;
}

static void add_part(Arena *a, Snippet *out, const char *text, size_t s, size_t e, int mark, int cap) {
  if (e <= s || out->n >= cap) return;
  out->parts[out->n].text = arena_strndup(a, text + s, e - s);
  out->parts[out->n].mark = mark;
  out->n++;
}

void search_snippet(Arena *a, const SearchQuery *q, const char *text, size_t window, Snippet *out) {
  memset(out, 0, sizeof *out);
  if (!text) text = "";
  size_t len = strlen(text), scan = len > (1u << 18) ? (1u << 18) : len;
  /* words found through the editors' synonyms are marked and counted too */
  SearchTerm *syn;
  int nsyn = syn_terms(q, &syn);
  SnipCollect c = {q, NULL, 0, 0, syn, nsyn};
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  analyzer_tokenize(&cfg, text, scan, snip_collect, &c);
  /* the window holding the most matched words */
  int best = -1, bestn = 0;
  for (int i = 0, j = 0, inwin = 0; i < c.n; i++) {
    if (!c.t[i].mark) continue;
    if (j <= i) {
      j = i;
      inwin = 0;
    }
    while (j < c.n && c.t[j].e - c.t[i].s <= window) inwin += c.t[j++].mark;
    if (inwin > bestn || best < 0) {
      bestn = inwin;
      best = i;
    }
    if (j > i) inwin--; /* token i leaves the window */
  }
  size_t ws = 0, we;
  if (best >= 0) {
    size_t last = c.t[best].e;
    for (int j = best; j < c.n && c.t[j].e - c.t[best].s <= window; j++)
      if (c.t[j].mark) last = c.t[j].e;
    size_t span = last - c.t[best].s, slack = window > span ? (window - span) / 2 : 0;
    ws = c.t[best].s > slack ? c.t[best].s - slack : 0;
  }
  we = ws + window < len ? ws + window : len;
  if (we == len) ws = len > window ? len - window : 0;
  if (best >= 0 && ws > c.t[best].s) ws = c.t[best].s;
  /* cut at word boundaries (which are also UTF-8 boundaries) */
  int first = -1, lastk = -1;
  for (int i = 0; i < c.n; i++) {
    if (c.t[i].s >= ws && c.t[i].e <= we) {
      if (first < 0) first = i;
      lastk = i;
    }
  }
  if (first < 0) { /* no word in the window: fall back to code-point boundaries */
    while (ws < len && ((unsigned char)text[ws] & 0xC0) == 0x80) ws++;
    while (we > ws && we < len && ((unsigned char)text[we] & 0xC0) == 0x80) we--;
  } else {
    if (ws > 0) ws = c.t[first].s;
    if (we < len) we = c.t[lastk].e;
  }
  int cap = 2 * (lastk - first + 1) + 2;
  if (cap < 2) cap = 2;
  out->parts = arena_alloc(a, sizeof *out->parts * (size_t)cap);
  out->lead = ws > 0;
  out->trail = we < len;
  size_t at = ws;
  if (first >= 0)
    for (int i = first; i <= lastk; i++)
      if (c.t[i].mark) {
        add_part(a, out, text, at, c.t[i].s, 0, cap);
        add_part(a, out, text, c.t[i].s, c.t[i].e, 1, cap);
        at = c.t[i].e;
      }
  add_part(a, out, text, at, we, 0, cap);
  free(c.t);
  free(syn);
}

static void escape_html(Buf *b, const char *s) {
  for (; *s; s++) switch (*s) {
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '&': buf_puts(b, "&amp;"); break;
    case '"': buf_puts(b, "&quot;"); break;
    case '\'': buf_puts(b, "&#39;"); break;
    default: buf_putc(b, *s);
    }
}

void search_snippet_html(const Snippet *s, Buf *out) {
  if (s->lead) buf_puts(out, "… ");
  for (int i = 0; i < s->n; i++) {
    if (s->parts[i].mark) buf_puts(out, "<mark>");
    escape_html(out, s->parts[i].text);
    if (s->parts[i].mark) buf_puts(out, "</mark>");
  }
  if (s->trail) buf_puts(out, " …");
}

void search_snippet_plain(const Snippet *s, Buf *out) {
  if (s->lead) buf_puts(out, "… ");
  for (int i = 0; i < s->n; i++) {
    if (s->parts[i].mark) buf_putc(out, '[');
    for (const char *p = s->parts[i].text; *p; p++) buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
    if (s->parts[i].mark) buf_putc(out, ']');
  }
  if (s->trail) buf_puts(out, " …");
}

/* ------------------------------------------------------------------ JSON */

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *names_json(const Names *n) {
  json_t *o = json_object();
  json_object_set_new(o, "ar", jstr(n->ar));
  if (n->en) json_object_set_new(o, "en", json_string(n->en));
  if (n->az) json_object_set_new(o, "az", json_string(n->az));
  return o;
}

json_t *search_json(Arena *a, const SearchQuery *q, const SearchResult *res, int page) {
  json_t *o = json_object();
  json_object_set_new(o, "total", json_integer(res->total));
  json_object_set_new(o, "page", json_integer(page));
  json_t *arr = json_array();
  for (int i = 0; i < res->n; i++) {
    const SearchHit *h = &res->hits[i];
    json_t *x = json_object();
    json_object_set_new(x, "speech_id", json_integer(h->speech_id));
    json_object_set_new(x, "sitting_id", json_integer(h->sitting_id));
    json_object_set_new(x, "date", jstr(h->date));
    json_object_set_new(x, "speaker", h->person_id ? names_json(&h->speaker) : json_null());
    json_object_set_new(x, "body", names_json(&h->body));
    json_object_set_new(x, "type", jstr(h->kind));
    json_object_set_new(x, "lang", jstr(h->lang));
    Snippet sn;
    search_snippet(a, q, h->text, 300, &sn);
    Buf b;
    buf_init(&b, 1 << 20);
    search_snippet_html(&sn, &b);
    json_object_set_new(x, "snippet_html", json_string(b.p ? b.p : ""));
    buf_reset(&b);
    for (int k = 0; k < sn.n; k++) buf_puts(&b, sn.parts[k].text);
    json_object_set_new(x, "text_excerpt", json_string(b.p ? b.p : ""));
    buf_free(&b);
    if (q->fts && h->score != 0) json_object_set_new(x, "score", json_real(-h->score));
    if (h->vote_id) search_vote_json(a, q, h, x); /* vote_id, url, result, counts */
    json_array_append_new(arr, x);
  }
  json_object_set_new(o, "results", arr);
  json_t *f = json_object();
  for (int k = 0; k < FACET_COUNT; k++) {
    json_t *l = json_array();
    for (int i = 0; i < res->nfacets[k]; i++) {
      const FacetRow *r = &res->facets[k][i];
      json_t *x = json_object();
      if (r->key) {
        json_object_set_new(x, "id", json_string(r->key));
        json_object_set_new(x, "name", json_string(r->key));
      } else {
        json_object_set_new(x, "id", json_integer(r->id));
        json_object_set_new(x, "name", names_json(&r->name));
      }
      json_object_set_new(x, "count", json_integer(r->count));
      json_array_append_new(l, x);
    }
    json_object_set_new(f, search_facet_names[k], l);
  }
  json_object_set_new(o, "facets", f);
  json_object_set_new(o, "suggestion", jstr(res->suggestion));
  json_t *rl = json_array(); /* words no speech has, and what they were searched as */
  for (int i = 0; i < q->nrespell; i++) {
    const SearchRespell *r = &q->respell[i];
    json_t *x = json_object();
    json_object_set_new(x, "word", json_stringn(q->text + r->qstart, r->qend - r->qstart));
    json_object_set_new(x, "searched_as", json_string(r->shown));
    json_array_append_new(rl, x);
  }
  json_object_set_new(o, "respelled", rl);
  return o;
}
