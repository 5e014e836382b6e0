/*
** hansard_diff.c: the word-level comparison of two versions of the record,
** and the record's WebVTT and Popolo exports.
**
** Diff. A text is cut into tokens: words (as the search analyzer reads
** them) and runs of punctuation; the spaces after a token travel with it.
** Words are compared by their analyzer normal form, punctuation by its
** bytes. Equal tokens whose bytes differ are a "marks" op: in Arabic that
** is a change of diacritics (tashkeel), tatweel or hamza seat only, which a
** reader wants to tell apart from a changed word. The alignment is Myers'
** O(ND) algorithm on what remains after the common head and tail are cut
** off; past 2,000 differences the rest is reported as one deletion and
** one insertion, so a rewrite cannot make the server work for long.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "hansard.h"
#include "hansard_int.h"

#define MAX_D 2000

typedef struct Tok {
  const char *raw; /* the token's bytes (no trailing space) */
  size_t nraw;
  const char *key; /* normal form, or the bytes for punctuation */
  size_t nkey;
  uint64_t h;
  const char *trail; /* the spaces after it */
  size_t ntrail;
} Tok;

typedef struct Toks {
  Arena *a;
  const char *text;
  Tok *v;
  int n, cap;
  size_t pos; /* end of the last token */
} Toks;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static int is_space(const char *s, size_t n, size_t i, size_t *len) {
  unsigned char c = (unsigned char)s[i];
  *len = 1;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
    *len = 2;
    return 1;
  }
  return 0;
}

static void push(Toks *t, const char *raw, size_t nraw, const char *key, size_t nkey) {
  t->v = hansard_grow(t->a, t->v, t->n, &t->cap, sizeof *t->v);
  Tok *k = &t->v[t->n++];
  k->raw = raw;
  k->nraw = nraw;
  k->key = key;
  k->nkey = nkey;
  k->h = fnv(key, nkey);
  k->trail = raw + nraw;
  k->ntrail = 0;
}

/* The gap text[from, to) between words: punctuation runs become tokens,
** spaces become the trail of the token before them. */
static void gap(Toks *t, size_t from, size_t to) {
  const char *s = t->text;
  size_t i = from;
  while (i < to) {
    size_t l;
    if (is_space(s, to, i, &l)) {
      size_t j = i;
      while (j < to && is_space(s, to, j, &l)) j += l;
      if (t->n) {
        Tok *k = &t->v[t->n - 1];
        if (k->trail + k->ntrail == s + i) k->ntrail += j - i;
      }
      i = j;
      continue;
    }
    size_t j = i;
    while (j < to && !is_space(s, to, j, &l)) j++;
    push(t, s + i, j - i, s + i, j - i);
    i = j;
  }
}

static int on_word(void *ctx, const AnalyzerToken *w) {
  Toks *t = ctx;
  /* words are never split: the analyzer cuts long runs, keep them whole */
  if (t->n && w->start == t->pos && t->v[t->n - 1].key != t->v[t->n - 1].raw) {
    Tok *k = &t->v[t->n - 1];
    char *key = arena_alloc(t->a, k->nkey + w->nnorm + 1);
    memcpy(key, k->key, k->nkey);
    memcpy(key + k->nkey, w->norm, w->nnorm + 1);
    k->key = key;
    k->nkey += w->nnorm;
    k->nraw = w->end - (size_t)(k->raw - t->text);
    k->h = fnv(k->key, k->nkey);
    k->trail = k->raw + k->nraw;
    t->pos = w->end;
    return 0;
  }
  gap(t, t->pos, w->start);
  push(t, t->text + w->start, w->end - w->start, arena_strndup(t->a, w->norm, w->nnorm), w->nnorm);
  t->pos = w->end;
  return 0;
}

static void tokenize(Arena *a, const char *text, Toks *t) {
  memset(t, 0, sizeof *t);
  t->a = a;
  t->text = text ? text : "";
  AnalyzerConfig c;
  analyzer_config_default(&c);
  c.flags &= ~(unsigned)(ANALYZER_STEM | ANALYZER_SPLIT_DIGITS);
  size_t n = strlen(t->text);
  analyzer_tokenize(&c, t->text, n, on_word, t);
  gap(t, t->pos, n);
}

static int same(const Tok *x, const Tok *y) { return x->h == y->h && x->nkey == y->nkey && memcmp(x->key, y->key, x->nkey) == 0; }

/* ---------------------------------------------------------------- ops */
typedef struct Ops {
  Arena *a;
  HansardDiff *d;
  int cap;
  Buf text, old;
  const char *cur; /* op being built */
  int64_t speech;
} Ops;

static void op_flush(Ops *o) {
  if (!o->cur) return;
  HansardDiff *d = o->d;
  d->ops = hansard_grow(o->a, d->ops, d->n, &o->cap, sizeof *d->ops);
  HansardDiffOp *x = &d->ops[d->n++];
  x->op = o->cur;
  x->text = arena_strndup(o->a, o->text.p ? o->text.p : "", o->text.n);
  x->old = strcmp(o->cur, "marks") == 0 ? arena_strndup(o->a, o->old.p ? o->old.p : "", o->old.n) : NULL;
  x->speech_id = o->speech;
  buf_reset(&o->text);
  buf_reset(&o->old);
  o->cur = NULL;
}

static void op_add(Ops *o, const char *op, const Tok *t, const Tok *old) {
  if (o->cur && strcmp(o->cur, op) != 0) op_flush(o);
  o->cur = op;
  buf_append(&o->text, t->raw, t->nraw + t->ntrail);
  if (old) buf_append(&o->old, old->raw, old->nraw + old->ntrail);
  if (op[0] == 'i') o->d->ins++;
  else if (op[0] == 'd') o->d->del++;
  else if (op[0] == 'm') o->d->marks++;
}

static void op_eq(Ops *o, const Tok *oldt, const Tok *newt) {
  if (oldt->nraw == newt->nraw && memcmp(oldt->raw, newt->raw, oldt->nraw) == 0) op_add(o, "eq", newt, NULL);
  else op_add(o, "marks", newt, oldt);
}

/* Myers: the edit script of a[0..n) -> b[0..m), appended to o in order. */
static void myers(Ops *o, const Tok *a, int n, const Tok *b, int m) {
  int max = n + m;
  if (!max) return;
  int dmax = max < MAX_D ? max : MAX_D;
  int off = max + 1;
  int *v = xcalloc((size_t)(2 * max + 3), sizeof *v);
  int **trace = xcalloc((size_t)dmax + 1, sizeof *trace);
  int found = -1;
  for (int d = 0; d <= dmax && found < 0; d++) {
    /* V as it was before step d, for k in -d-1 .. d+1 */
    trace[d] = xmalloc(sizeof(int) * (size_t)(2 * d + 3));
    memcpy(trace[d], v + off - d - 1, sizeof(int) * (size_t)(2 * d + 3));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && same(&a[x], &b[y])) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    /* too different: one deletion, one insertion */
    for (int i = 0; i < n; i++) op_add(o, "del", &a[i], NULL);
    for (int j = 0; j < m; j++) op_add(o, "ins", &b[j], NULL);
  } else {
    /* walk back from (n, m), collecting moves in reverse */
    typedef struct Mv {
      char kind; /* '=', '-', '+' */
      int x, y;
    } Mv;
    Mv *mv = xmalloc(sizeof *mv * (size_t)(n + m + 1));
    int nm = 0, x = n, y = m;
    for (int d = found; d >= 0; d--) {
      const int *tv = trace[d]; /* index k + d + 1 */
      int k = x - y;
      int pk = (k == -d || (k != d && tv[k - 1 + d + 1] < tv[k + 1 + d + 1])) ? k + 1 : k - 1;
      int px = d ? tv[pk + d + 1] : 0;
      int py = d ? px - pk : 0;
      while (x > px && y > py) {
        mv[nm++] = (Mv){'=', x - 1, y - 1};
        x--;
        y--;
      }
      if (d) {
        if (x == px) mv[nm++] = (Mv){'+', x, y - 1};
        else mv[nm++] = (Mv){'-', x - 1, y};
      }
      x = px;
      y = py;
    }
    for (int i = nm - 1; i >= 0; i--) {
      if (mv[i].kind == '=') op_eq(o, &a[mv[i].x], &b[mv[i].y]);
      else if (mv[i].kind == '-') op_add(o, "del", &a[mv[i].x], NULL);
      else op_add(o, "ins", &b[mv[i].y], NULL);
    }
    free(mv);
  }
  for (int d = 0; d <= dmax; d++) free(trace[d]);
  free(trace);
  free(v);
}

/* Appends the ops of one pair of texts to o. */
static void diff_into(Ops *o, const char *old_text, const char *new_text) {
  Toks a, b;
  tokenize(o->a, old_text, &a);
  tokenize(o->a, new_text, &b);
  int head = 0;
  while (head < a.n && head < b.n && same(&a.v[head], &b.v[head])) head++;
  int tail = 0;
  while (tail < a.n - head && tail < b.n - head && same(&a.v[a.n - 1 - tail], &b.v[b.n - 1 - tail])) tail++;
  for (int i = 0; i < head; i++) op_eq(o, &a.v[i], &b.v[i]);
  myers(o, a.v + head, a.n - head - tail, b.v + head, b.n - head - tail);
  for (int i = tail; i > 0; i--) op_eq(o, &a.v[a.n - i], &b.v[b.n - i]);
}

static void ops_init(Ops *o, Arena *a, HansardDiff *out) {
  memset(out, 0, sizeof *out);
  memset(o, 0, sizeof *o);
  o->a = a;
  o->d = out;
  buf_init(&o->text, BUF_UNLIMITED);
  buf_init(&o->old, BUF_UNLIMITED);
}

static void ops_done(Ops *o) {
  op_flush(o);
  buf_free(&o->text);
  buf_free(&o->old);
}

int hansard_diff_text(Arena *a, const char *old_text, const char *new_text, int64_t speech_id, HansardDiff *out) {
  Ops o;
  ops_init(&o, a, out);
  o.speech = speech_id;
  diff_into(&o, old_text, new_text);
  ops_done(&o);
  return MJ_OK;
}

int hansard_diff_snapshots(Arena *a, const char *old_json, const char *new_json, HansardDiff *out) {
  json_error_t err;
  json_t *oj = json_loads(old_json, 0, &err), *nj = oj ? json_loads(new_json, 0, &err) : NULL;
  json_t *os = oj ? json_object_get(oj, "speeches") : NULL, *ns = nj ? json_object_get(nj, "speeches") : NULL;
  if (!json_is_array(os) || !json_is_array(ns)) {
    json_decref(oj);
    json_decref(nj);
    memset(out, 0, sizeof *out);
    return mj_fail(MJ_EINTERNAL, "a record snapshot is not readable");
  }
  Ops o;
  ops_init(&o, a, out);
  size_t no = json_array_size(os);
  char *used = xcalloc(no + 1, 1);
  size_t i;
  json_t *sp;
  json_array_foreach(ns, i, sp) {
    json_int_t id = json_integer_value(json_object_get(sp, "id"));
    const char *old_text = "";
    for (size_t k = 0; k < no; k++) {
      json_t *x = json_array_get(os, k);
      if (!used[k] && json_integer_value(json_object_get(x, "id")) == id) {
        used[k] = 1;
        old_text = json_string_value(json_object_get(x, "text"));
        break;
      }
    }
    op_flush(&o);
    o.speech = id;
    diff_into(&o, old_text ? old_text : "", json_string_value(json_object_get(sp, "text")));
  }
  for (size_t k = 0; k < no; k++) {
    if (used[k]) continue;
    json_t *x = json_array_get(os, k);
    op_flush(&o);
    o.speech = json_integer_value(json_object_get(x, "id"));
    diff_into(&o, json_string_value(json_object_get(x, "text")), "");
  }
  ops_done(&o);
  free(used);
  json_decref(oj);
  json_decref(nj);
  return MJ_OK;
}

int hansard_diff(Db *db, Arena *a, int64_t from, int64_t to, HansardDiff *out) {
  memset(out, 0, sizeof *out);
  HansardEdition e1, e2;
  int rc = hansard_edition(db, a, from, &e1);
  if (rc) return rc;
  const char *newer;
  char *cur = NULL;
  if (to) {
    if ((rc = hansard_edition(db, a, to, &e2))) return rc;
    if (e2.sitting_id != e1.sitting_id)
      return mj_fail(MJ_EINVAL, "editions %lld and %lld are of different sittings", (long long)from, (long long)to);
    newer = e2.content;
  } else {
    if ((rc = hansard_snapshot(db, e1.sitting_id, &cur))) return rc;
    newer = cur;
  }
  rc = hansard_diff_snapshots(a, e1.content, newer, out);
  free(cur);
  return rc;
}

/* ---------------------------------------------------------------- exports */
/* The snapshot to export: the latest edition's, else (or with use_current)
** the current text. Caller frees. */
static int export_source(Db *db, int64_t sitting, int use_current, char **json) {
  *json = NULL;
  if (!db_int(db, "SELECT count(*) FROM sitting WHERE id=?1", 1, sitting, 0))
    return mj_fail(MJ_ENOTFOUND, "there is no sitting %lld", (long long)sitting);
  if (!use_current) {
    Arena *a = arena_new();
    HansardEdition e;
    int rc = hansard_edition_latest(db, a, sitting, &e);
    if (!rc) *json = xstrdup(e.content);
    arena_free(a);
    if (!rc) return MJ_OK;
  }
  return hansard_snapshot(db, sitting, json);
}

static const char *speaker_of(json_t *sp) {
  json_t *p = json_object_get(sp, "person");
  const char *n = json_is_object(p) ? json_string_value(json_object_get(p, "name")) : NULL;
  if (!n) n = json_string_value(json_object_get(sp, "label"));
  if (!n) n = json_string_value(json_object_get(sp, "role"));
  return n;
}

int hansard_export_vtt(Db *db, int64_t sitting, int use_current, Buf *out) {
  char *src;
  int rc = export_source(db, sitting, use_current, &src);
  if (rc) return rc;
  json_error_t err;
  json_t *root = json_loads(src, 0, &err);
  free(src);
  json_t *sps = root ? json_object_get(root, "speeches") : NULL;
  if (!json_is_array(sps)) {
    json_decref(root);
    return mj_fail(MJ_EINTERNAL, "the record snapshot is not readable");
  }
  Arena *a = arena_new();
  Segment *v = arena_alloc(a, sizeof *v * (json_array_size(sps) + 1));
  int n = 0;
  size_t i;
  json_t *sp;
  json_array_foreach(sps, i, sp) {
    json_t *s0 = json_object_get(sp, "media_start_ms"), *s1 = json_object_get(sp, "media_end_ms");
    if (!json_is_integer(s0) || !json_is_integer(s1)) continue;
    v[n].start_ms = json_integer_value(s0);
    v[n].end_ms = json_integer_value(s1);
    v[n].text = json_string_value(json_object_get(sp, "text"));
    v[n].speaker = speaker_of(sp);
    v[n].confidence = -1;
    v[n].line = 0;
    if (v[n].text) n++;
  }
  segments_write_vtt(v, n, out);
  arena_free(a);
  json_decref(root);
  return out->err ? mj_fail(MJ_ETOOBIG, "the WebVTT export is too large") : MJ_OK;
}

int hansard_export_popolo(Db *db, int64_t sitting, int use_current, char **json) {
  *json = NULL;
  char *src;
  int rc = export_source(db, sitting, use_current, &src);
  if (rc) return rc;
  json_error_t err;
  json_t *root = json_loads(src, 0, &err);
  free(src);
  json_t *sps = root ? json_object_get(root, "speeches") : NULL;
  json_t *sit = root ? json_object_get(root, "sitting") : NULL;
  if (!json_is_array(sps) || !json_is_object(sit)) {
    json_decref(root);
    return mj_fail(MJ_EINTERNAL, "the record snapshot is not readable");
  }
  const char *date = json_string_value(json_object_get(sit, "date"));
  const char *media = json_string_value(json_object_get(root, "media_url"));
  json_t *list = json_array();
  size_t i;
  json_t *sp;
  json_array_foreach(sps, i, sp) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_sprintf("majlis:speech/%lld", (long long)json_integer_value(json_object_get(sp, "id"))));
    json_t *p = json_object_get(sp, "person");
    if (json_is_object(p)) {
      const char *ident = json_string_value(json_object_get(p, "ident"));
      json_object_set_new(o, "creator_id", ident ? json_string(ident)
                                                 : json_sprintf("majlis:person/%lld", (long long)json_integer_value(json_object_get(p, "id"))));
    }
    const char *role = json_string_value(json_object_get(sp, "role"));
    if (role) json_object_set_new(o, "role", json_string(role));
    const char *label = json_string_value(json_object_get(sp, "label"));
    const char *who = label ? label : json_is_object(p) ? json_string_value(json_object_get(p, "name")) : NULL;
    if (who) json_object_set_new(o, "attribution_text", json_string(who));
    json_object_set(o, "text", json_object_get(sp, "text"));
    json_object_set(o, "type", json_object_get(sp, "kind"));
    json_object_set(o, "position", json_object_get(sp, "position"));
    const char *t0 = json_string_value(json_object_get(sp, "start_time")), *t1 = json_string_value(json_object_get(sp, "end_time"));
    if (date && t0 && strlen(t0) >= 5 && strlen(t0) <= 8) {
      json_object_set_new(o, "date", json_sprintf("%sT%s", date, t0));
      json_object_set_new(o, "start_date", json_sprintf("%sT%s", date, t0));
    } else if (date) {
      json_object_set_new(o, "date", json_string(date));
    }
    if (date && t1 && strlen(t1) >= 5 && strlen(t1) <= 8) json_object_set_new(o, "end_date", json_sprintf("%sT%s", date, t1));
    json_object_set_new(o, "event_id", json_sprintf("majlis:sitting/%lld", (long long)sitting));
    json_object_set(o, "lang", json_object_get(sp, "lang"));
    json_t *m0 = json_object_get(sp, "media_start_ms"), *m1 = json_object_get(sp, "media_end_ms");
    if (json_is_integer(m0) && json_is_integer(m1)) {
      json_t *au = json_object();
      if (media) json_object_set_new(au, "url", json_string(media));
      json_object_set(au, "start_ms", m0);
      json_object_set(au, "end_ms", m1);
      json_object_set_new(o, media && strstr(media, ".mp4") ? "video" : "audio", au);
    }
    json_object_set(o, "source", json_object_get(sp, "source"));
    if (json_is_string(json_object_get(sp, "engine"))) {
      json_object_set(o, "engine", json_object_get(sp, "engine"));
      json_object_set(o, "engine_version", json_object_get(sp, "engine_version"));
      json_object_set(o, "confidence", json_object_get(sp, "confidence"));
    }
    json_array_append_new(list, o);
  }
  json_t *wrap = json_pack("{s:o}", "speeches", list);
  *json = json_dumps(wrap, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  json_decref(wrap);
  json_decref(root);
  return *json ? MJ_OK : mj_fail(MJ_EINTERNAL, "writing the Popolo export");
}
