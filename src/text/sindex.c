/*
** sindex.c: the postings, their maintenance and the ranking (sindex.h).
**
** Storage (schemas 14 and 18, or sx_create_tables; doc/search.md "Speed"):
**   search_term(term, id, stem, df, bound, docs, pos)   one row per normal
**       form, a WITHOUT ROWID table keyed by it (schema 18: the text is
**       stored once, not in the row and again in an index on it, and an
**       exact lookup is one b-tree descent); id keys the term's blocks and
**       position rows, and nothing looks a term up by it; stem is its stem
**       when different (indexed, so a query word finds every form of its
**       stem). A term in at most SX_INLINE
**       documents (one block's worth: most terms) keeps its postings in docs
**       (as a block's, the first id absolute) and their positions in pos,
**       and no bound (its postings give it); the others have docs and pos
**       NULL, their postings in blocks, and bound: the largest frequency per
**       field and the shortest length per field of any posting ever added
**       (an upper bound of what the term can score; deletions never lower
**       it). Ids are given by falling df in a rebuild; a new term takes
**       search_stat.nextterm.
**   search_block(k, last, n, bound, docs)   k = term id * 2^32 + the first
**       document id: at most SX_BLOCK postings of a term, by document id:
**       per posting the id delta and the frequency in each field; bound as
**       above for the block (checked, not read by queries), from the
**       postings' document lengths, which the writer reads from search_norm.
**   search_pos(k, pos)   the positions of the same postings, in a row of
**       their own so ranked queries never read them; a position is a word's
**       number in its field plus the field's base, so a phrase never spans
**       two fields; stored field by field, each field's first from its base.
**   search_doc(id, len, sum)   per document its field lengths and a 64-bit
**       checksum of what its analysis indexed (doc_sum: terms, stems,
**       frequencies and positions per field). No list of its terms (schema
**       14 kept their ids: 8.2 of the 64.3 MB of the news corpus): a
**       deletion analyses the document's fields again, as FTS5's
**       contentless tables do, and removes those postings, but only when
**       the checksum is the same; else (an analyzer change without a
**       rebuild, a change no trigger saw) it fails, naming the speech, and
**       the caller's statement changes nothing. So the fields must still be
**       readable when the deletion runs: schema 18's BEFORE triggers (on
**       the speech, the person, the section, the agenda item) remove the
**       speech before its fields change, the AFTER triggers put the new
**       state; a put of a speech still indexed checks the same way.
**   search_norm(id, q)   the field lengths as scoring uses them (one byte a
**       field, log-quantised, as Lucene's norms), once per document, in
**       chunks of 1024 ids (id = document id >> 10, 3 bytes a document); a
**       query reads a chunk once and it stays in memory across queries and
**       connections until the lengths change (schema 14 kept them in every
**       posting: 7 MB of the news corpus' 64 MB).
**   search_stat   documents, total field lengths (for avgL), the next new
**       term's id, and stamp: a new random number with each change of
**       search_norm (the copies in memory are the stamp's).
**
** Ranking: BM25F with a bounded proximity boost and, for plain words, a
** bounded early-mention bonus (sindex.h; each word's upper bound includes
** its largest bonus, and positions are read for it only for a document that
** can still enter the top k). Top k: MaxScore
** (Turtle and Flood 1995) over words sorted by their upper bounds when the
** query is an OR of words; otherwise each candidate from the rarest item of
** each group gets a cheap BM25F score first and its positions are read
** only when that score plus the largest possible boost can still enter the
** top k. Both give exactly the top k of scoring every match (the unit test
** checks it). A query word's rare forms come with its dictionary lookup
** (inline); a common form's block rows are read with one range read.
** Positions are read per block by point query, or, when a query will
** likely visit most of a term's blocks (a phrase over common words), all
** at once with one range read; each reading call runs in one read
** transaction when the caller has none.
*/
#include "sindex.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const char *const sx_field_names[SX_NFIELDS] = {"speaker", "heading", "text"};

/* A field's positions start here; speaker and heading keep at most
** FIELD_CAP words. */
static const uint32_t field_base[SX_NFIELDS] = {0, 4096, 8192};
#define FIELD_CAP 4000
#define NBOUND 6 /* maxtf[3], minql[3] */

/* ------------------------------------------------------------------ parameters */

void sx_params_default(SxParams *p) {
  p->k1 = 1.2;
  p->b[SX_SPEAKER] = 0.5;
  p->b[SX_HEADING] = 0.5;
  p->b[SX_TEXT] = 0.75;
  p->w[SX_SPEAKER] = 2.0;
  p->w[SX_HEADING] = 5.0;
  p->w[SX_TEXT] = 1.0;
  p->prox = 0.05;
  p->proxwin = 1;
  p->early = 0.5;
  p->earlywin = 15;
}

int sx_params_parse(SxParams *p, const char *spec) {
  const char *s = spec;
  while (s && *s) {
    size_t l = strcspn(s, ",");
    char item[64];
    if (l == 0 || l >= sizeof item) return mj_fail(MJ_EINVAL, "--params: a list of name=value separated by commas");
    memcpy(item, s, l);
    item[l] = 0;
    s += l;
    if (*s == ',') s++;
    char *eq = strchr(item, '=');
    if (!eq) return mj_fail(MJ_EINVAL, "--params: %s has no '=value'", item);
    *eq = 0;
    char *end = NULL;
    double v = strtod(eq + 1, &end);
    if (!end || *end || end == eq + 1 || !(v >= 0 && v <= 100))
      return mj_fail(MJ_EINVAL, "--params: %s=%s is not a number from 0 to 100", item, eq + 1);
    static const char *const names[] = {"k1", "bs", "bh", "bt", "ws", "wh", "wt", "prox", "proxwin", "early", "earlywin"};
    int k = -1;
    for (int i = 0; i < (int)MJ_COUNT(names); i++)
      if (strcmp(item, names[i]) == 0) k = i;
    if (k < 0)
      return mj_fail(MJ_EINVAL, "--params: unknown parameter %s (known: k1 bs bh bt ws wh wt prox proxwin early earlywin)",
                     item);
    if ((k >= 1 && k <= 3) && v > 1) return mj_fail(MJ_EINVAL, "--params: %s must be from 0 to 1", item);
    if (k == 10 && v < 1) return mj_fail(MJ_EINVAL, "--params: earlywin must be from 1 to 100");
    if (k == 0) p->k1 = v;
    else if (k <= 3) p->b[k - 1] = v;
    else if (k <= 6) p->w[k - 4] = v;
    else if (k == 7) p->prox = v;
    else if (k == 8) p->proxwin = (int)v;
    else if (k == 9) p->early = v;
    else p->earlywin = v;
  }
  return MJ_OK;
}

/* ------------------------------------------------------------------ encoding */

static size_t put_varint(uint8_t *p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  p[n++] = (uint8_t)v;
  return n;
}

static void buf_varint(Buf *b, uint64_t v) {
  uint8_t t[10];
  buf_append(b, t, put_varint(t, v));
}

/* Reads a varint; sets *bad on a truncated or overlong one. */
static inline uint64_t get_varint(const uint8_t **p, const uint8_t *end, int *bad) {
  if (*p < end && **p < 0x80) return *(*p)++; /* most deltas, frequencies and positions */
  uint64_t v = 0;
  for (int s = 0; s < 64 && *p < end; s += 7) {
    uint8_t c = *(*p)++;
    v |= (uint64_t)(c & 0x7f) << s;
    if (!(c & 0x80)) return v;
  }
  *bad = 1;
  return 0;
}

/* Field lengths in one byte: exact below 32, then steps of 4% (up to about
** 200,000 words). Scores use the decoded value, everywhere the same. */
static uint32_t ql_table[256];
static pthread_once_t ql_once = PTHREAD_ONCE_INIT;
static void ql_init(void) {
  for (int q = 0; q < 256; q++) ql_table[q] = q < 32 ? (uint32_t)q : (uint32_t)(32.0 * pow(1.04, q - 31));
}
static uint32_t ql_dec(uint8_t q) {
  pthread_once(&ql_once, ql_init);
  return ql_table[q];
}
static uint8_t ql_enc(uint32_t len) {
  pthread_once(&ql_once, ql_init);
  if (len < 32) return (uint8_t)len;
  int lo = 31, hi = 255; /* largest q with table[q] <= len */
  while (lo < hi) {
    int m = (lo + hi + 1) / 2;
    if (ql_table[m] <= len) lo = m;
    else hi = m - 1;
  }
  return (uint8_t)lo;
}

/* The quantised field lengths of every indexed document (ql_enc of
** search_doc.len: the "norms"), in chunks of NORM_DOCS consecutive ids:
** search_norm's row id >> NORM_SHIFT holds 3 bytes a document (speaker,
** heading, text) at 3 * (id % NORM_DOCS), the blob cut after its last
** document with a length (a chunk with none has no row). Postings carry no
** lengths: a query reads a chunk once and keeps it in memory across queries
** (the norm snapshots under "reading"), a writer through its Wr. */
#define NORM_SHIFT 10
#define NORM_DOCS (1 << NORM_SHIFT)
#define NORM_BYTES (SX_NFIELDS * NORM_DOCS)

/* A chunk's stored length: up to its last document with a length. */
static size_t norm_len(const uint8_t *q) {
  size_t n = NORM_BYTES;
  while (n && !q[n - 1]) n--;
  return (n + SX_NFIELDS - 1) / SX_NFIELDS * SX_NFIELDS;
}

/* A new value of search_stat.stamp, which changes with every change of the
** norms (a random one: a rolled back change cannot leave a cached copy that
** a later change with the same number would pass as current). */
static int64_t new_stamp(void) {
  uint64_t v = 0;
  sqlite3_randomness((int)sizeof v, &v);
  return (int64_t)(v >> 1);
}

/* One posting as stored. pos points to its positions inside a block's
** position bytes: field by field (speaker, heading, text, tf[f] of each),
** delta varints, each field's first from the field's base (field_base).
** ql: its document's quantised lengths where a writer needs them (for
** bounds), from the analysis or the norms; decoding leaves them 0. */
typedef struct Post {
  int64_t doc;
  uint32_t tf[SX_NFIELDS];
  uint8_t ql[SX_NFIELDS];
  const uint8_t *pos;
  size_t npos; /* bytes */
} Post;

static uint32_t post_npos(const Post *p) { return p->tf[0] + p->tf[1] + p->tf[2]; }

static void bound_init(uint8_t *b) {
  b[0] = b[1] = b[2] = 0;
  b[3] = b[4] = b[5] = 255;
}
static inline void bound_add(uint8_t *b, const uint32_t *tf, const uint8_t *ql) {
  for (int f = 0; f < SX_NFIELDS; f++)
    if (tf[f]) {
      uint8_t t = tf[f] > 255 ? 255 : (uint8_t)tf[f];
      if (t > b[f]) b[f] = t;
      if (ql[f] < b[3 + f]) b[3 + f] = ql[f];
    }
}

static void encode_post(Buf *docs, Buf *pos, int64_t prev, const Post *p) {
  buf_varint(docs, (uint64_t)(p->doc - prev));
  buf_varint(docs, (uint64_t)p->tf[SX_TEXT] << 2 | (p->tf[SX_HEADING] ? 2u : 0u) | (p->tf[SX_SPEAKER] ? 1u : 0u));
  for (int f = SX_HEADING; f >= SX_SPEAKER; f--)
    if (p->tf[f]) buf_varint(docs, p->tf[f]);
  buf_append(pos, p->pos, p->npos);
}

/* Decodes one posting at *pp (prev: the id before it; the block's first
** id for its first posting). -1 when corrupt. */
static inline int decode_post(const uint8_t **pp, const uint8_t *e, int64_t prev, int first, Post *o) {
  const uint8_t *p = *pp;
  int bad = 0;
  memset(o, 0, sizeof *o);
  uint64_t delta = get_varint(&p, e, &bad);
  o->doc = prev + (int64_t)delta;
  uint64_t x = get_varint(&p, e, &bad);
  o->tf[SX_TEXT] = (uint32_t)(x >> 2);
  if (x & 2) o->tf[SX_HEADING] = (uint32_t)get_varint(&p, e, &bad);
  if (x & 1) o->tf[SX_SPEAKER] = (uint32_t)get_varint(&p, e, &bad);
  *pp = p;
  return bad || post_npos(o) == 0 || (!first && o->doc <= prev) ? -1 : 0;
}

/* decode_post for a whole block without positions: the loop every query
** spends most of its decoding in (a posting of one text occurrence is
** mostly two one-byte fields: delta, frequency). */
static int decode_docs(int64_t prev, int n, const uint8_t *p, const uint8_t *e, Post *out) {
  int bad = 0;
  for (int i = 0; i < n; i++) {
    Post *o = &out[i];
    uint64_t delta, x;
    if (e - p >= 2 && (p[0] | p[1]) < 0x80 && (p[1] & 3) == 0 && p[1] >= 4 && (i == 0 || p[0] > 0)) {
      /* in the text only, one-byte delta and frequency: most postings */
      prev += p[0];
      o->doc = prev;
      o->tf[SX_TEXT] = (uint32_t)(p[1] >> 2);
      o->tf[SX_HEADING] = o->tf[SX_SPEAKER] = 0;
      memset(o->ql, 0, sizeof o->ql);
      o->pos = NULL;
      o->npos = 0;
      p += 2;
      continue;
    }
    if (e - p >= 2 && p[0] < 0x80 && p[1] < 0x80) {
      delta = p[0];
      x = p[1];
      p += 2;
    } else {
      delta = get_varint(&p, e, &bad);
      x = get_varint(&p, e, &bad);
    }
    int64_t doc = prev + (int64_t)delta;
    uint32_t tt = (uint32_t)(x >> 2), th = 0, ts = 0;
    if (x & 2) th = (uint32_t)get_varint(&p, e, &bad);
    if (x & 1) ts = (uint32_t)get_varint(&p, e, &bad);
    o->doc = doc;
    o->tf[SX_TEXT] = tt;
    o->tf[SX_HEADING] = th;
    o->tf[SX_SPEAKER] = ts;
    memset(o->ql, 0, sizeof o->ql);
    o->pos = NULL;
    o->npos = 0;
    if (bad || tt + th + ts == 0 || (i && doc <= prev)) return -1;
    prev = doc;
  }
  return p == e ? 0 : -1;
}

/* Decodes n postings of a block (first = the block's first id). With pos
** (may be NULL) also cuts the position bytes per posting. -1 when corrupt. */
static int decode_block(int64_t first, int n, const uint8_t *d, size_t dn, const uint8_t *pos, size_t pn, Post *out) {
  if (!pos) return decode_docs(first, n, d, d + dn, out);
  const uint8_t *p = d, *e = d + dn, *q = pos, *qe = pos ? pos + pn : NULL;
  int bad = 0;
  int64_t prev = first;
  for (int i = 0; i < n; i++) {
    Post *o = &out[i];
    if (decode_post(&p, e, prev, i == 0, o)) return -1;
    prev = o->doc;
    if (q) {
      o->pos = q;
      for (uint32_t k = 0; k < post_npos(o); k++) get_varint(&q, qe, &bad);
      if (bad) return -1;
      o->npos = (size_t)(q - o->pos);
    }
  }
  if (p != e || (q && q != qe)) return -1;
  return 0;
}

/* ------------------------------------------------------------------ analysis of one document */

typedef struct DTok {
  uint32_t norm, stem; /* offsets into the string buffer */
  uint16_t nnorm, nstem;
  uint32_t pos;
  uint8_t field;
} DTok;

/* A document's terms, sorted by normal form. */
typedef struct DTerm {
  const char *norm, *stem; /* stem NULL when equal to norm */
  size_t nnorm, nstem;
  Post p;
} DTerm;

typedef struct DocAn {
  Buf str;
  DTok *tok;
  size_t ntok, cap;
  uint32_t len[SX_NFIELDS];
  int field;
  uint32_t at;
  DTerm *terms;
  size_t nterms;
  Buf pos; /* positions of all terms */
} DocAn;

static int an_emit(void *ctx, const AnalyzerToken *t) {
  DocAn *a = ctx;
  if (a->field != SX_TEXT && a->at >= FIELD_CAP) return 1;
  if (t->nnorm > 0xffff || t->nstem > 0xffff) return 0;
  if (a->ntok == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 256;
    a->tok = xrealloc(a->tok, sizeof *a->tok * a->cap);
  }
  DTok *k = &a->tok[a->ntok++];
  k->norm = (uint32_t)a->str.n;
  k->nnorm = (uint16_t)t->nnorm;
  buf_append(&a->str, t->norm, t->nnorm);
  if (t->stem != t->norm) {
    k->stem = (uint32_t)a->str.n;
    k->nstem = (uint16_t)t->nstem;
    buf_append(&a->str, t->stem, t->nstem);
  } else {
    k->stem = k->norm;
    k->nstem = 0;
  }
  k->field = (uint8_t)a->field;
  k->pos = field_base[a->field] + a->at++;
  return 0;
}

static const DocAn *sort_an;
static int tok_cmp(const void *x, const void *y) {
  const DTok *a = x, *b = y;
  size_t n = a->nnorm < b->nnorm ? a->nnorm : b->nnorm;
  int c = memcmp(sort_an->str.p + a->norm, sort_an->str.p + b->norm, n);
  if (c) return c;
  if (a->nnorm != b->nnorm) return a->nnorm < b->nnorm ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}
static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

static void an_free(DocAn *a) {
  buf_free(&a->str);
  buf_free(&a->pos);
  free(a->tok);
  free(a->terms);
  memset(a, 0, sizeof *a);
}

/* Analyses the fields of one document into a->terms. */
static void analyse_doc(const AnalyzerConfig *cfg, const char *const fields[SX_NFIELDS], DocAn *a) {
  memset(a, 0, sizeof *a);
  buf_init(&a->str, BUF_UNLIMITED);
  buf_init(&a->pos, BUF_UNLIMITED);
  for (int f = 0; f < SX_NFIELDS; f++) {
    a->field = f;
    a->at = 0;
    if (fields[f]) analyzer_tokenize(cfg, fields[f], strlen(fields[f]), an_emit, a);
    a->len[f] = a->at;
  }
  if (!a->ntok) return;
  /* qsort has no context argument in C11; the comparison reads sort_an */
  pthread_mutex_lock(&sort_mu);
  sort_an = a;
  qsort(a->tok, a->ntok, sizeof *a->tok, tok_cmp);
  pthread_mutex_unlock(&sort_mu);
  a->terms = xmalloc(sizeof *a->terms * a->ntok);
  uint8_t ql[SX_NFIELDS];
  for (int f = 0; f < SX_NFIELDS; f++) ql[f] = ql_enc(a->len[f]);
  size_t *posoff = xmalloc(sizeof *posoff * a->ntok);
  for (size_t i = 0; i < a->ntok;) {
    size_t j = i;
    DTerm *t = &a->terms[a->nterms++];
    memset(t, 0, sizeof *t);
    t->norm = (const char *)(uintptr_t)a->tok[i].norm; /* offsets until the buffer stops moving */
    t->nnorm = a->tok[i].nnorm;
    t->stem = a->tok[i].nstem ? (const char *)(uintptr_t)a->tok[i].stem : NULL;
    t->nstem = a->tok[i].nstem;
    posoff[a->nterms - 1] = a->pos.n;
    uint32_t prev = 0;
    int pf = -1;
    while (j < a->ntok && a->tok[j].nnorm == a->tok[i].nnorm &&
           memcmp(a->str.p + a->tok[j].norm, a->str.p + a->tok[i].norm, a->tok[i].nnorm) == 0) {
      int f = a->tok[j].field;
      t->p.tf[f]++;
      if (f != pf) { /* each field's first position from the field's base: mostly one byte */
        prev = field_base[f];
        pf = f;
      }
      buf_varint(&a->pos, a->tok[j].pos - prev);
      prev = a->tok[j].pos;
      j++;
    }
    for (int f = 0; f < SX_NFIELDS; f++) t->p.ql[f] = t->p.tf[f] ? ql[f] : 0;
    i = j;
  }
  for (size_t i = 0; i < a->nterms; i++) {
    DTerm *t = &a->terms[i];
    t->norm = a->str.p + (uintptr_t)t->norm;
    if (t->stem) t->stem = a->str.p + (uintptr_t)t->stem;
    t->p.pos = (const uint8_t *)a->pos.p + posoff[i];
    t->p.npos = (i + 1 < a->nterms ? posoff[i + 1] : a->pos.n) - posoff[i];
  }
  free(posoff);
}

static uint64_t sum_add(uint64_t h, const void *p, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ ((const uint8_t *)p)[i]) * 1099511628211ull; /* FNV-1a */
  return h;
}

/* A 64-bit checksum of what a document's analysis indexes: its field
** lengths, and each term (normal form, stem) with its frequency and
** positions in each field. search_doc keeps it; a deletion analyses the
** document's fields again and removes its postings only when the checksum
** is the same (else the fields changed without the index seeing it, or the
** analyzer changed: the deletion would leave postings behind). */
static uint64_t doc_sum(const DocAn *a) {
  uint8_t t[64];
  size_t k = 0;
  for (int f = 0; f < SX_NFIELDS; f++) k += put_varint(t + k, a->len[f]);
  uint64_t h = sum_add(1469598103934665603ull, t, k);
  for (size_t i = 0; i < a->nterms; i++) {
    const DTerm *d = &a->terms[i];
    k = put_varint(t, d->nnorm);
    k += put_varint(t + k, d->stem ? d->nstem : 0);
    for (int f = 0; f < SX_NFIELDS; f++) k += put_varint(t + k, d->p.tf[f]);
    k += put_varint(t + k, d->p.npos);
    h = sum_add(h, t, k);
    h = sum_add(h, d->norm, d->nnorm);
    if (d->stem) h = sum_add(h, d->stem, d->nstem);
    h = sum_add(h, d->p.pos, d->p.npos);
  }
  h ^= h >> 33; /* spread the last bytes over all bits (murmur3's finaliser) */
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

/* ------------------------------------------------------------------ tables */

/* The SQL that gives a speech's fields: id, speaker, heading, text. */
#define SPEECH_FIELDS_SQL                                                                                   \
  "SELECT sp.id, coalesce(p.name_ar, '') || char(10) || coalesce(nullif(p.name_en, p.name_ar), '') || char(10)" \
  " || coalesce(nullif(nullif(p.name_az, p.name_en), p.name_ar), '') || char(10)"                           \
  " || coalesce(nullif(nullif(nullif(sp.label, p.name_ar), p.name_en), p.name_az), ''),"                  \
  " coalesce(nullif(rs.heading, ''), ai.title), sp.text"                                                    \
  " FROM speech sp LEFT JOIN person p ON p.id=sp.person_id"                                                 \
  " LEFT JOIN record_section rs ON rs.id=sp.section_id LEFT JOIN agenda_item ai ON ai.id=sp.agenda_item_id"

/* Block and position rows are keyed by term id * 2^32 + the block's first
** document id (rowid tables: a bulk build appends and packs their pages
** full; a composite WITHOUT ROWID key left a fifth of search_pos empty, its
** larger rows on overflow pages). In SQL, ?1 is the term and ?2 the
** first document; speech ids stay below 2^32 (sx_builder_add and the puts
** refuse others). */
#define TERM_LO "?1 << 32"
#define TERM_HI "(?1 << 32) + 4294967295"
#define TERM_KEY "(?1 << 32) + ?2"
#define DOC_MAX 4294967295LL

/* The dictionary (schema 18): a WITHOUT ROWID table keyed by the normal
** form, so the text is stored once (schema 14 kept it in the row and in a
** unique index on it, 5.6 MB on the news corpus), and an exact lookup is
** one b-tree descent instead of two. Term ids only key the blocks and
** position rows: nothing looks a term up by id. New terms take their id
** from search_stat.nextterm. */
#define TERM_TABLE_SQL(name)                                                                          \
  "CREATE TABLE " name "(term TEXT PRIMARY KEY, id INTEGER NOT NULL, stem TEXT, df INTEGER NOT NULL," \
  " bound BLOB, docs BLOB, pos BLOB) WITHOUT ROWID;"
/* The dictionary's index on the stem (as schema 18 creates it): the bulk
** writer drops it and creates it again after the rows when it may (a
** sorted build packs it fuller than row-by-row inserts). */
#define TERM_INDEXES_SQL "CREATE INDEX IF NOT EXISTS search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;"
#define TERM_ID_MAX 2147483647LL /* k = id * 2^32 + first stays a positive int64 */

int sx_create_tables(sqlite3 *db) {
  char *msg = NULL;
  int rc = sqlite3_exec(
      db,
      TERM_TABLE_SQL("search_term") TERM_INDEXES_SQL
      "CREATE TABLE search_block(k INTEGER PRIMARY KEY, last INTEGER NOT NULL, n INTEGER NOT NULL,"
      " bound BLOB NOT NULL, docs BLOB NOT NULL);"
      "CREATE TABLE search_pos(k INTEGER PRIMARY KEY, pos BLOB NOT NULL);"
      "CREATE TABLE search_doc(id INTEGER PRIMARY KEY, len BLOB NOT NULL, sum INTEGER NOT NULL);"
      "CREATE TABLE search_norm(id INTEGER PRIMARY KEY, q BLOB NOT NULL);"
      "CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,"
      " len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,"
      " nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL, nextterm INTEGER NOT NULL,"
      " stamp INTEGER NOT NULL);"
      "INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0, 1, random() >> 1);",
      NULL, NULL, &msg);
  if (rc != SQLITE_OK) rc = mj_fail(MJ_EIO, "creating the search index tables: %s", msg ? msg : "?");
  sqlite3_free(msg);
  return rc;
}

/* A chunk of the norms as a writing call holds it (read once, written
** back when the call ends if it changed). */
typedef struct WNorm {
  int64_t id; /* document id >> NORM_SHIFT */
  uint8_t *q; /* NORM_BYTES; NULL: an empty slot */
  int dirty;
} WNorm;

/* Prepared statements of one writing call, and the norms it read. */
typedef struct Wr {
  sqlite3 *db;
  sqlite3_stmt *st[28];
  int failed;
  WNorm *nm; /* open addressing by chunk id */
  size_t nnm, capnm;
} Wr;

enum {
  W_TERM_GET, W_TERM_ADD, W_TERM_SET, W_TERM_DEL, W_BLK_AT, W_BLK_FIRST, W_BLK_PUT, W_BLK_DEL, W_POS_GET,
  W_POS_PUT, W_POS_DEL, W_DOC_GET, W_DOC_PUT, W_DOC_DEL, W_STAT, W_BLK_NEXT, W_BLK_ALL,
  W_BLK_DELALL, W_POS_DELALL, W_TERM_NEXT, W_NORM_GET, W_NORM_PUT, W_NORM_DEL, W_STAMP, W_COUNT
};
static const char *const wsql[W_COUNT] = {
  "SELECT id, df, bound, docs, pos FROM search_term WHERE term=?1",
  "INSERT INTO search_term(term, stem, df, bound, id) VALUES(?1, ?2, 0, ?3, ?4)",
  "UPDATE search_term SET df=?2, bound=?3, docs=?4, pos=?5 WHERE term=?1",
  "DELETE FROM search_term WHERE term=?1",
  "SELECT k & 4294967295, last, n, docs FROM search_block WHERE k BETWEEN " TERM_LO " AND " TERM_KEY
  " ORDER BY k DESC LIMIT 1",
  "SELECT k & 4294967295, last, n, docs FROM search_block WHERE k BETWEEN " TERM_LO " AND " TERM_HI " ORDER BY k LIMIT 1",
  "INSERT OR REPLACE INTO search_block(k, last, n, bound, docs) VALUES(" TERM_KEY ", ?3, ?4, ?5, ?6)",
  "DELETE FROM search_block WHERE k=" TERM_KEY,
  "SELECT pos FROM search_pos WHERE k=" TERM_KEY,
  "INSERT OR REPLACE INTO search_pos(k, pos) VALUES(" TERM_KEY ", ?3)",
  "DELETE FROM search_pos WHERE k=" TERM_KEY,
  "SELECT len, sum FROM search_doc WHERE id=?1",
  "INSERT INTO search_doc(id, len, sum) VALUES(?1, ?2, ?3)",
  "DELETE FROM search_doc WHERE id=?1",
  "UPDATE search_stat SET docs=docs+?1, len0=len0+?2, len1=len1+?3, len2=len2+?4, nf0=nf0+?5, nf1=nf1+?6,"
  " nf2=nf2+?7 WHERE id=1",
  "SELECT k & 4294967295 FROM search_block WHERE k > " TERM_KEY " AND k <= " TERM_HI " ORDER BY k LIMIT 1",
  "SELECT k & 4294967295, n, docs FROM search_block WHERE k BETWEEN " TERM_LO " AND " TERM_HI " ORDER BY k",
  "DELETE FROM search_block WHERE k BETWEEN " TERM_LO " AND " TERM_HI,
  "DELETE FROM search_pos WHERE k BETWEEN " TERM_LO " AND " TERM_HI,
  "UPDATE search_stat SET nextterm=nextterm+1 WHERE id=1 RETURNING nextterm-1",
  "SELECT q FROM search_norm WHERE id=?1",
  "INSERT OR REPLACE INTO search_norm(id, q) VALUES(?1, ?2)",
  "DELETE FROM search_norm WHERE id=?1",
  "UPDATE search_stat SET stamp=?1 WHERE id=1",
};

static sqlite3_stmt *wst(Wr *w, int i) {
  if (!w->st[i] && sqlite3_prepare_v2(w->db, wsql[i], -1, &w->st[i], NULL) != SQLITE_OK) {
    mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(w->db));
    w->failed = 1;
    return NULL;
  }
  sqlite3_reset(w->st[i]);
  sqlite3_clear_bindings(w->st[i]);
  return w->st[i];
}

static int wr_step(Wr *w, sqlite3_stmt *st) {
  int s = sqlite3_step(st);
  if (s != SQLITE_DONE && s != SQLITE_ROW) {
    mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(w->db));
    w->failed = 1;
  }
  return s;
}

static size_t wnorm_slot(const Wr *w, int64_t c) {
  size_t h = (size_t)(((uint64_t)c * 11400714819323198485ull) >> 32) & (w->capnm - 1);
  while (w->nm[h].q && w->nm[h].id != c) h = (h + 1) & (w->capnm - 1);
  return h;
}

/* The chunk of the norms that holds document ids c * NORM_DOCS and on,
** read when first needed (all zero when it has no row). */
static WNorm *wr_chunk(Wr *w, int64_t c) {
  if (2 * (w->nnm + 1) > w->capnm) {
    WNorm *old = w->nm;
    size_t oc = w->capnm;
    w->capnm = oc ? 2 * oc : 64;
    w->nm = xcalloc(w->capnm, sizeof *w->nm);
    for (size_t i = 0; i < oc; i++)
      if (old[i].q) w->nm[wnorm_slot(w, old[i].id)] = old[i];
    free(old);
  }
  WNorm *k = &w->nm[wnorm_slot(w, c)];
  if (k->q) return k;
  k->id = c;
  k->q = xcalloc(1, NORM_BYTES);
  k->dirty = 0;
  w->nnm++;
  sqlite3_stmt *st = wst(w, W_NORM_GET);
  if (st) {
    sqlite3_bind_int64(st, 1, c);
    if (wr_step(w, st) == SQLITE_ROW) {
      size_t n = (size_t)sqlite3_column_bytes(st, 0);
      if (n > NORM_BYTES) n = NORM_BYTES; /* (majlis check reports it) */
      if (n) memcpy(k->q, sqlite3_column_blob(st, 0), n);
    }
    sqlite3_reset(st);
  }
  return k;
}

/* Document doc's quantised lengths as this call sees them. */
static const uint8_t *wr_ql(Wr *w, int64_t doc) {
  return wr_chunk(w, doc >> NORM_SHIFT)->q + SX_NFIELDS * (size_t)(doc & (NORM_DOCS - 1));
}

static void wr_set_ql(Wr *w, int64_t doc, const uint8_t *ql) {
  WNorm *k = wr_chunk(w, doc >> NORM_SHIFT);
  uint8_t *d = k->q + SX_NFIELDS * (size_t)(doc & (NORM_DOCS - 1));
  if (memcmp(d, ql, SX_NFIELDS) != 0) {
    memcpy(d, ql, SX_NFIELDS);
    k->dirty = 1;
  }
}

/* A posting into a bound, with its document's lengths from the norms. */
static void wr_bound_add(Wr *w, uint8_t *bound, const Post *p) { bound_add(bound, p->tf, wr_ql(w, p->doc)); }

/* Writes the changed chunks back and, when any changed, a new stamp. */
static void wr_norms_flush(Wr *w) {
  int changed = 0;
  for (size_t i = 0; i < w->capnm; i++) {
    WNorm *k = &w->nm[i];
    if (!k->q) continue;
    if (k->dirty && !w->failed) {
      size_t n = norm_len(k->q);
      sqlite3_stmt *st = wst(w, n ? W_NORM_PUT : W_NORM_DEL);
      if (st) {
        sqlite3_bind_int64(st, 1, k->id);
        if (n) sqlite3_bind_blob(st, 2, k->q, (int)n, SQLITE_STATIC);
        wr_step(w, st);
        sqlite3_reset(st);
      }
      changed = 1;
    }
    free(k->q);
  }
  free(w->nm);
  w->nm = NULL;
  w->nnm = w->capnm = 0;
  if (changed && !w->failed) {
    sqlite3_stmt *st = wst(w, W_STAMP);
    if (st) {
      sqlite3_bind_int64(st, 1, new_stamp());
      wr_step(w, st);
      sqlite3_reset(st);
    }
  }
}

static void wr_done(Wr *w) {
  wr_norms_flush(w);
  for (int i = 0; i < W_COUNT; i++) sqlite3_finalize(w->st[i]);
}

/* Writes postings p[0..n) of a term as one block (n > 0). */
static void write_block(Wr *w, int64_t term, const Post *p, int n) {
  Buf docs, pos;
  buf_init(&docs, BUF_UNLIMITED);
  buf_init(&pos, BUF_UNLIMITED);
  uint8_t bound[NBOUND];
  bound_init(bound);
  for (int i = 0; i < n; i++) {
    encode_post(&docs, &pos, i ? p[i - 1].doc : p[0].doc, &p[i]);
    wr_bound_add(w, bound, &p[i]);
  }
  sqlite3_stmt *st = wst(w, W_BLK_PUT);
  if (st) {
    sqlite3_bind_int64(st, 1, term);
    sqlite3_bind_int64(st, 2, p[0].doc);
    sqlite3_bind_int64(st, 3, p[n - 1].doc);
    sqlite3_bind_int(st, 4, n);
    sqlite3_bind_blob(st, 5, bound, NBOUND, SQLITE_STATIC);
    sqlite3_bind_blob(st, 6, docs.p ? docs.p : "", (int)docs.n, SQLITE_STATIC);
    wr_step(w, st);
    sqlite3_reset(st);
  }
  st = wst(w, W_POS_PUT);
  if (st) {
    sqlite3_bind_int64(st, 1, term);
    sqlite3_bind_int64(st, 2, p[0].doc);
    sqlite3_bind_blob(st, 3, pos.p ? pos.p : "", (int)pos.n, SQLITE_STATIC);
    wr_step(w, st);
    sqlite3_reset(st);
  }
  buf_free(&docs);
  buf_free(&pos);
}

static void delete_block(Wr *w, int64_t term, int64_t first) {
  for (int k = 0; k < 2; k++) {
    sqlite3_stmt *st = wst(w, k ? W_POS_DEL : W_BLK_DEL);
    if (!st) return;
    sqlite3_bind_int64(st, 1, term);
    sqlite3_bind_int64(st, 2, first);
    wr_step(w, st);
    sqlite3_reset(st);
  }
}

/* Loads the block of `term` that holds (or would hold) doc: its postings
** into *out (malloc'd, room for one more), with positions copied into *posbuf.
** Returns the count (0: the term has no block), -1 on error. */
static int load_block(Wr *w, int64_t term, int64_t doc, int64_t *first, Post **out, uint8_t **posbuf) {
  *out = NULL;
  *posbuf = NULL;
  sqlite3_stmt *st = wst(w, W_BLK_AT);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, term);
  sqlite3_bind_int64(st, 2, doc);
  int s = wr_step(w, st);
  if (s != SQLITE_ROW) {
    sqlite3_reset(st);
    st = wst(w, W_BLK_FIRST);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, term);
    s = wr_step(w, st);
  }
  if (s != SQLITE_ROW) {
    sqlite3_reset(st);
    return s == SQLITE_DONE ? 0 : -1;
  }
  *first = sqlite3_column_int64(st, 0);
  int n = sqlite3_column_int(st, 2);
  int dn = sqlite3_column_bytes(st, 3);
  uint8_t *docs = xmalloc((size_t)dn + 1);
  memcpy(docs, sqlite3_column_blob(st, 3), (size_t)dn);
  sqlite3_reset(st);
  sqlite3_stmt *ps = wst(w, W_POS_GET);
  if (!ps) {
    free(docs);
    return -1;
  }
  if (n < 1 || n > 4 * SX_BLOCK) {
    free(docs);
    w->failed = 1;
    mj_fail(MJ_EINVAL, "search index: a block of term %lld is corrupt; run majlis search --rebuild", (long long)term);
    return -1;
  }
  sqlite3_bind_int64(ps, 1, term);
  sqlite3_bind_int64(ps, 2, *first);
  int pn = 0;
  if (wr_step(w, ps) == SQLITE_ROW) {
    pn = sqlite3_column_bytes(ps, 0);
    *posbuf = xmalloc((size_t)pn + 1);
    memcpy(*posbuf, sqlite3_column_blob(ps, 0), (size_t)pn);
  }
  sqlite3_reset(ps);
  *out = xmalloc(sizeof **out * (size_t)(n + 1));
  if (!*posbuf || decode_block(*first, n, docs, (size_t)dn, *posbuf, (size_t)pn, *out) < 0) {
    free(docs);
    free(*out);
    free(*posbuf);
    *out = NULL;
    *posbuf = NULL;
    w->failed = 1;
    mj_fail(MJ_EINVAL, "search index: a block of term %lld is corrupt; run majlis search --rebuild", (long long)term);
    return -1;
  }
  free(docs);
  return n;
}

/* Rewrites a term's block after a change: p[0..n) were at old key `first`. */
static void store_block(Wr *w, int64_t term, int64_t first, const Post *p, int n) {
  if (n == 0 || p[0].doc != first) delete_block(w, term, first);
  if (n == 0) return;
  if (n <= SX_BLOCK) {
    write_block(w, term, p, n);
  } else {
    int h = n / 2;
    write_block(w, term, p, h);
    write_block(w, term, p + h, n - h);
  }
}

static void remove_posting(Wr *w, int64_t term, int64_t doc) {
  int64_t first = 0;
  Post *p;
  uint8_t *pb;
  int n = load_block(w, term, doc, &first, &p, &pb);
  if (n <= 0) return;
  int at = -1;
  for (int i = 0; i < n; i++)
    if (p[i].doc == doc) at = i;
  if (at >= 0) {
    memmove(p + at, p + at + 1, sizeof *p * (size_t)(n - at - 1));
    n--;
    store_block(w, term, first, p, n);
  }
  free(p);
  free(pb);
}

static void add_postings(Wr *w, int64_t term, const Post *np, int k);

/* A term's dictionary row as read for a change: its postings and positions
** when they are inline (df <= SX_INLINE; malloc'd copies), else NULL. */
typedef struct TRow {
  const char *term; /* its normal form (the dictionary's key) */
  int nterm;
  int64_t id, df;
  uint8_t bound[NBOUND];
  uint8_t *docs, *pos;
  size_t dn, pn;
} TRow;

/* Reads df, bound, docs, pos from columns c0 .. c0+3 of st. */
static void trow_read(sqlite3_stmt *st, int c0, TRow *r) {
  r->df = sqlite3_column_int64(st, c0);
  if (sqlite3_column_bytes(st, c0 + 1) == NBOUND) memcpy(r->bound, sqlite3_column_blob(st, c0 + 1), NBOUND);
  else bound_init(r->bound);
  for (int k = 0; k < 2; k++) {
    if (sqlite3_column_type(st, c0 + 2 + k) == SQLITE_NULL) continue;
    size_t n = (size_t)sqlite3_column_bytes(st, c0 + 2 + k);
    uint8_t *c = xmalloc(n + 1);
    if (n) memcpy(c, sqlite3_column_blob(st, c0 + 2 + k), n);
    if (k) r->pos = c, r->pn = n;
    else r->docs = c, r->dn = n;
  }
}

static void trow_free(TRow *r) {
  free(r->docs);
  free(r->pos);
  r->docs = r->pos = NULL;
}

/* Writes a term's row: df, bound and, for an inline term, its postings. */
static void term_set(Wr *w, const TRow *r, int64_t df, const Post *p, int n) {
  Buf docs, pos;
  buf_init(&docs, BUF_UNLIMITED);
  buf_init(&pos, BUF_UNLIMITED);
  for (int i = 0; i < n; i++) encode_post(&docs, &pos, i ? p[i - 1].doc : 0, &p[i]); /* the first id absolute */
  sqlite3_stmt *st = wst(w, W_TERM_SET);
  if (st) {
    sqlite3_bind_text(st, 1, r->term, r->nterm, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, df);
    if (!n) sqlite3_bind_blob(st, 3, r->bound, NBOUND, SQLITE_STATIC); /* inline: none, the postings give it */
    if (n) {
      sqlite3_bind_blob(st, 4, docs.p, (int)docs.n, SQLITE_STATIC);
      sqlite3_bind_blob(st, 5, pos.p ? pos.p : "", (int)pos.n, SQLITE_STATIC);
    }
    wr_step(w, st);
    sqlite3_reset(st);
  }
  buf_free(&docs);
  buf_free(&pos);
}

static void term_corrupt(Wr *w, int64_t term) {
  w->failed = 1;
  mj_fail(MJ_EINVAL, "search index: the postings of term %lld are corrupt; run majlis search --rebuild", (long long)term);
}

/* Reads every block of a term (with positions) and deletes them: when a
** deletion brings its df down to SX_INLINE. Returns the postings' count
** (-1 on error); their bytes stay in *docs and *pos. */
static int take_blocks(Wr *w, int64_t term, Post **out, Buf *docs, Buf *pos) {
  *out = NULL;
  sqlite3_stmt *st = wst(w, W_BLK_ALL);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, term);
  int64_t *first = NULL;
  int *cnt = NULL, nb = 0, capb = 0, total = 0;
  size_t *doff = NULL, *poff = NULL;
  int s;
  while ((s = wr_step(w, st)) == SQLITE_ROW) {
    if (nb == capb) {
      capb = capb ? 2 * capb : 8;
      first = xrealloc(first, sizeof *first * (size_t)capb);
      cnt = xrealloc(cnt, sizeof *cnt * (size_t)capb);
      doff = xrealloc(doff, sizeof *doff * (size_t)(capb + 1));
      poff = xrealloc(poff, sizeof *poff * (size_t)(capb + 1));
    }
    first[nb] = sqlite3_column_int64(st, 0);
    cnt[nb] = sqlite3_column_int(st, 1);
    doff[nb] = docs->n;
    const void *blob = sqlite3_column_blob(st, 2);
    if (blob) buf_append(docs, blob, (size_t)sqlite3_column_bytes(st, 2));
    if (cnt[nb] < 1 || cnt[nb] > 4 * SX_BLOCK) s = SQLITE_CORRUPT;
    total += cnt[nb++];
    if (s == SQLITE_CORRUPT) break;
  }
  sqlite3_reset(st);
  int bad = s != SQLITE_DONE || nb == 0; /* (a term above SX_INLINE has blocks) */
  for (int i = 0; i < nb && !bad; i++) {
    sqlite3_stmt *ps = wst(w, W_POS_GET);
    if (!ps) break;
    sqlite3_bind_int64(ps, 1, term);
    sqlite3_bind_int64(ps, 2, first[i]);
    poff[i] = pos->n;
    if (wr_step(w, ps) == SQLITE_ROW) {
      const void *blob = sqlite3_column_blob(ps, 0);
      if (blob) buf_append(pos, blob, (size_t)sqlite3_column_bytes(ps, 0));
    } else {
      bad = 1;
    }
    sqlite3_reset(ps);
  }
  if (!bad && !w->failed) {
    doff[nb] = docs->n;
    poff[nb] = pos->n;
    *out = xmalloc(sizeof **out * (size_t)(total + 1));
    for (int i = 0, at = 0; i < nb && !bad; at += cnt[i++])
      bad = decode_block(first[i], cnt[i], (const uint8_t *)docs->p + doff[i], doff[i + 1] - doff[i],
                         (const uint8_t *)pos->p + poff[i], poff[i + 1] - poff[i], *out + at) < 0;
  }
  free(first);
  free(cnt);
  free(doff);
  free(poff);
  if (bad || w->failed) {
    free(*out);
    *out = NULL;
    if (!w->failed) term_corrupt(w, term);
    return -1;
  }
  for (int k = 0; k < 2; k++) {
    sqlite3_stmt *d = wst(w, k ? W_POS_DELALL : W_BLK_DELALL);
    if (!d) return -1;
    sqlite3_bind_int64(d, 1, term);
    wr_step(w, d);
    sqlite3_reset(d);
  }
  return total;
}

/* Changes one term: postings np[0..k) added (increasing documents, none
** of them there yet), or document del's posting removed (k == 0). r: the
** term's row as read, its bound already raised for np. A term keeps its
** postings in its row while its df is at most SX_INLINE, in blocks above:
** crossing the line moves them, so the layout is always the one a rebuild
** gives (majlis check compares them). The row is deleted with its last
** posting. */
static void term_apply(Wr *w, TRow *r, const Post *np, int k, int64_t del) {
  int64_t df = r->df + k - (k ? 0 : 1);
  if (r->df > SX_INLINE && df > SX_INLINE) {
    if (k) add_postings(w, r->id, np, k);
    else remove_posting(w, r->id, del);
    if (!w->failed) term_set(w, r, df, NULL, 0);
    return;
  }
  Post *cur = NULL;
  int n = 0;
  Buf bd, bp;
  buf_init(&bd, BUF_UNLIMITED);
  buf_init(&bp, BUF_UNLIMITED);
  if (r->df > SX_INLINE) {
    n = take_blocks(w, r->id, &cur, &bd, &bp);
  } else if (r->df > 0) {
    cur = xmalloc(sizeof *cur * (size_t)(r->df + 1));
    n = (int)r->df;
    if (!r->docs || decode_block(0, n, r->docs, r->dn, r->pos ? r->pos : (const uint8_t *)"", r->pn, cur) < 0) {
      term_corrupt(w, r->id);
      n = -1;
    }
  }
  if (n >= 0 && !w->failed) {
    Post *m = xmalloc(sizeof *m * (size_t)(n + k + 1));
    int nm = 0, i = 0, j = 0;
    while (i < n || j < k) {
      if (j >= k || (i < n && cur[i].doc < np[j].doc)) {
        if (k || cur[i].doc != del) m[nm++] = cur[i];
        i++;
      } else {
        if (i < n && cur[i].doc == np[j].doc) i++; /* cannot happen after a delete; replace */
        m[nm++] = np[j++];
      }
    }
    if (nm != df) {
      term_corrupt(w, r->id); /* the row's df does not count its postings */
    } else if (nm == 0) {
      sqlite3_stmt *st = wst(w, W_TERM_DEL);
      if (st) {
        sqlite3_bind_text(st, 1, r->term, r->nterm, SQLITE_STATIC);
        wr_step(w, st);
        sqlite3_reset(st);
      }
    } else if (nm <= SX_INLINE) {
      term_set(w, r, df, m, nm);
    } else { /* into blocks: the term's bound, none while inline, from all its postings */
      bound_init(r->bound);
      for (int i2 = 0; i2 < nm; i2++) wr_bound_add(w, r->bound, &m[i2]);
      for (int s = 0; s < nm && !w->failed; s += SX_BLOCK) write_block(w, r->id, m + s, nm - s < SX_BLOCK ? nm - s : SX_BLOCK);
      if (!w->failed) term_set(w, r, df, NULL, 0);
    }
    free(m);
  }
  free(cur);
  buf_free(&bd);
  buf_free(&bp);
}

static void update_stats(Wr *w, int sign, const uint32_t *len) {
  sqlite3_stmt *st = wst(w, W_STAT);
  if (!st) return;
  sqlite3_bind_int(st, 1, sign);
  for (int f = 0; f < SX_NFIELDS; f++) {
    sqlite3_bind_int64(st, 2 + f, sign * (int64_t)len[f]);
    sqlite3_bind_int(st, 5 + f, len[f] ? sign : 0);
  }
  wr_step(w, st);
  sqlite3_reset(st);
}

/* Whether document id is indexed (1; 0 not, -1 error), with its stored
** field lengths and checksum. */
static int doc_row(Wr *w, int64_t id, uint32_t len[SX_NFIELDS], uint64_t *sum) {
  sqlite3_stmt *st = wst(w, W_DOC_GET);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, id);
  int s = wr_step(w, st);
  if (s != SQLITE_ROW) {
    sqlite3_reset(st);
    return s == SQLITE_DONE ? 0 : -1;
  }
  const uint8_t *p = sqlite3_column_blob(st, 0), *e = p + sqlite3_column_bytes(st, 0);
  int bad = 0;
  for (int f = 0; f < SX_NFIELDS; f++) len[f] = (uint32_t)get_varint(&p, e, &bad);
  *sum = (uint64_t)sqlite3_column_int64(st, 1);
  sqlite3_reset(st);
  if (bad) {
    w->failed = 1;
    mj_fail(MJ_EINVAL, "search index: the entry of speech %lld is corrupt; run majlis search --rebuild", (long long)id);
    return -1;
  }
  return 1;
}

/* The error when an indexed document's fields no longer give what was
** indexed (a ==NULL: the document is gone). Nothing has been written yet:
** the caller's statement fails and changes nothing. */
static void doc_mismatch(Wr *w, int64_t id, const DocAn *a) {
  w->failed = 1;
  if (!a)
    mj_fail(MJ_EINVAL,
            "search index: speech %lld is indexed but no longer in the speech table, so its postings cannot be found;"
            " nothing was changed; run majlis search --rebuild",
            (long long)id);
  else
    mj_fail(MJ_EINVAL,
            "search index: speech %lld no longer reads as it was indexed (its fields changed without the index seeing"
            " it, or the analyzer changed), so its postings cannot be found; nothing was changed;"
            " run majlis search --rebuild",
            (long long)id);
}

/* Whether analysis a gives what search_doc keeps for its document. */
static int doc_same(const DocAn *a, const uint32_t *len, uint64_t sum) {
  return memcmp(a->len, len, sizeof a->len) == 0 && doc_sum(a) == sum;
}

/* Removes indexed document id, whose fields are analysed as a (the fields
** it has now: a deletion runs before the change, from the BEFORE triggers),
** len and sum what search_doc keeps for it: each of its terms loses the
** document's posting. No list of a document's terms is stored (FTS5's
** contentless tables keep none either): the checksum guards the
** re-analysis. */
static void remove_doc(Wr *w, int64_t id, const DocAn *a, const uint32_t *len, uint64_t sum) {
  if (!doc_same(a, len, sum)) {
    doc_mismatch(w, id, a);
    return;
  }
  for (size_t i = 0; i < a->nterms && !w->failed; i++) {
    const DTerm *t = &a->terms[i];
    sqlite3_stmt *st = wst(w, W_TERM_GET);
    if (!st) break;
    sqlite3_bind_text(st, 1, t->norm, (int)t->nnorm, SQLITE_STATIC);
    if (wr_step(w, st) == SQLITE_ROW) {
      TRow r = {t->norm, (int)t->nnorm, sqlite3_column_int64(st, 0), 0, {0}, NULL, NULL, 0, 0};
      trow_read(st, 1, &r);
      sqlite3_reset(st);
      term_apply(w, &r, NULL, 0, id);
      trow_free(&r);
    } else {
      sqlite3_reset(st);
      if (!w->failed) {
        w->failed = 1;
        mj_fail(MJ_EINVAL, "search index: a term of speech %lld is missing from the dictionary; run majlis search --rebuild",
                (long long)id);
      }
    }
  }
  if (!w->failed) {
    static const uint8_t none[SX_NFIELDS];
    wr_set_ql(w, id, none);
    update_stats(w, -1, len);
    sqlite3_stmt *st = wst(w, W_DOC_DEL);
    if (st) {
      sqlite3_bind_int64(st, 1, id);
      wr_step(w, st);
      sqlite3_reset(st);
    }
  }
}

static int64_t cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }
static int i64_cmp(const void *a, const void *b) { return (int)cmp_i64(*(const int64_t *)a, *(const int64_t *)b); }

static void put_docs(Wr *w, const AnalyzerConfig *cfg, const int64_t *ids, const char *const *fields, const uint8_t *present,
                     size_t n);

int sindex_put(sqlite3 *db, const AnalyzerConfig *cfg, int64_t id, const char *const fields[SX_NFIELDS]) {
  Wr w = {db, {0}, 0, NULL, 0, 0};
  static const uint8_t present = 1;
  put_docs(&w, cfg, &id, fields, &present, 1);
  wr_done(&w);
  return w.failed ? MJ_EIO : MJ_OK;
}

/* Reads speech id's fields with st (SPEECH_FIELDS_SQL WHERE sp.id=?1):
** 1 and f[] (valid until st is reset), 0 when there is no such speech. */
static int speech_fields(sqlite3 *db, sqlite3_stmt *st, int64_t id, const char *f[SX_NFIELDS]) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, id);
  int s = sqlite3_step(st);
  if (s == SQLITE_ROW) {
    for (int i = 0; i < SX_NFIELDS; i++) f[i] = (const char *)sqlite3_column_text(st, 1 + i);
    return 1;
  }
  if (s != SQLITE_DONE) return mj_fail(MJ_EIO, "search index: reading speech %lld: %s", (long long)id, sqlite3_errmsg(db));
  return 0;
}

/* Removes document id when it is indexed: its fields are f (NULL: the
** document is gone, which is an error when it is indexed). */
static void remove_fields(Wr *w, const AnalyzerConfig *cfg, int64_t id, const char *const *f) {
  uint32_t len[SX_NFIELDS];
  uint64_t sum = 0;
  if (doc_row(w, id, len, &sum) != 1) return;
  if (!f) {
    doc_mismatch(w, id, NULL);
    return;
  }
  DocAn a;
  analyse_doc(cfg, f, &a);
  remove_doc(w, id, &a, len, sum);
  an_free(&a);
}

int sindex_remove(sqlite3 *db, const AnalyzerConfig *cfg, int64_t id, const char *const fields[SX_NFIELDS]) {
  Wr w = {db, {0}, 0, NULL, 0, 0};
  remove_fields(&w, cfg, id, fields);
  wr_done(&w);
  return w.failed ? MJ_EIO : MJ_OK;
}

int sindex_delete(sqlite3 *db, int64_t id) {
  Wr w = {db, {0}, 0, NULL, 0, 0};
  uint32_t len[SX_NFIELDS];
  uint64_t sum = 0;
  if (doc_row(&w, id, len, &sum) == 1) { /* (indexed: its fields are read only then) */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, SPEECH_FIELDS_SQL " WHERE sp.id=?1", -1, &st, NULL) != SQLITE_OK) {
      mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
      w.failed = 1;
    }
    const char *f[SX_NFIELDS];
    int r = w.failed ? -1 : speech_fields(db, st, id, f);
    if (r < 0) w.failed = 1;
    else {
      AnalyzerConfig cfg;
      analyzer_config_default(&cfg);
      remove_fields(&w, &cfg, id, r ? f : NULL);
    }
    sqlite3_finalize(st);
  }
  wr_done(&w);
  return w.failed ? MJ_EIO : MJ_OK;
}

/* ------------------------------------------------------------------ many documents at once */

/* Adds postings np[0..k) (increasing documents) of one term: each block
** they fall into is read and written once, however many of them it takes
** (add_posting reads and writes it once per posting: a bulk import of a
** sitting's speeches rewrote the growing last block of every common word
** once per speech). A merged block longer than SX_BLOCK is written as
** blocks of SX_BLOCK postings. */
static void add_postings(Wr *w, int64_t term, const Post *np, int k) {
  while (k > 0 && !w->failed) {
    int64_t first = 0, next = INT64_MAX;
    Post *p;
    uint8_t *pb;
    int n = load_block(w, term, np[0].doc, &first, &p, &pb);
    if (n < 0) return;
    if (n > 0) { /* the postings up to the next block's first go into this one */
      sqlite3_stmt *st = wst(w, W_BLK_NEXT);
      if (!st) {
        free(p);
        free(pb);
        return;
      }
      sqlite3_bind_int64(st, 1, term);
      sqlite3_bind_int64(st, 2, first);
      if (wr_step(w, st) == SQLITE_ROW) next = sqlite3_column_int64(st, 0);
      sqlite3_reset(st);
    }
    int m = 0;
    while (m < k && np[m].doc < next) m++;
    Post *q = xmalloc(sizeof *q * (size_t)(n + m));
    int nq = 0, i = 0, j = 0;
    while (i < n || j < m) {
      if (j >= m || (i < n && p[i].doc < np[j].doc)) q[nq++] = p[i++];
      else {
        if (i < n && p[i].doc == np[j].doc) i++; /* cannot happen after a delete; replace */
        q[nq++] = np[j++];
      }
    }
    if (n > 0 && q[0].doc != first) delete_block(w, term, first);
    for (int s = 0; s < nq && !w->failed; s += SX_BLOCK) write_block(w, term, q + s, nq - s < SX_BLOCK ? nq - s : SX_BLOCK);
    free(q);
    free(p);
    free(pb);
    np += m;
    k -= m;
  }
}

/* One term occurrence of a document of a batch. */
typedef struct BPair {
  DTerm *t;
  size_t doc; /* index into the batch */
} BPair;

static const int64_t *bpair_ids;
static int bpair_cmp(const void *x, const void *y) {
  const BPair *a = x, *b = y;
  size_t n = a->t->nnorm < b->t->nnorm ? a->t->nnorm : b->t->nnorm;
  int c = memcmp(a->t->norm, b->t->norm, n);
  if (c) return c;
  if (a->t->nnorm != b->t->nnorm) return a->t->nnorm < b->t->nnorm ? -1 : 1;
  return (int)cmp_i64(bpair_ids[a->doc], bpair_ids[b->doc]);
}

/* Indexes documents ids[0..n) (increasing, distinct), with fields +
** SX_NFIELDS * i their fields (present[i] 0: the document is gone), each
** term's dictionary row and blocks read and written once for the whole
** batch. The stored index is the same as n puts one by one make, posting
** for posting (only the cut into blocks may differ, as it may between any
** two orders of puts). A document is not indexed here when it is already:
** the triggers remove it before its fields change (remove_doc); one still
** indexed must then read as it was indexed (nothing to do), else the
** change went past the triggers and this fails, changing nothing. */
static void put_docs(Wr *w, const AnalyzerConfig *cfg, const int64_t *ids, const char *const *fields, const uint8_t *present,
                     size_t n) {
  DocAn *an = xcalloc(n ? n : 1, sizeof *an);
  size_t npairs = 0;
  uint64_t *sums = xcalloc(n ? n : 1, sizeof *sums);
  for (size_t d = 0; d < n && !w->failed; d++) {
    if (present[d] && (ids[d] < 1 || ids[d] > DOC_MAX)) {
      w->failed = 1;
      mj_fail(MJ_EINVAL, "search index: speech id %lld is out of the index's range (1 to 2^32 - 1)", (long long)ids[d]);
      break;
    }
    if (present[d]) {
      analyse_doc(cfg, fields + SX_NFIELDS * d, &an[d]);
      sums[d] = doc_sum(&an[d]);
    }
    uint32_t len[SX_NFIELDS];
    uint64_t sum = 0;
    int r = doc_row(w, ids[d], len, &sum);
    if (r < 0) break;
    if (r == 1) {
      if (!present[d] || !doc_same(&an[d], len, sum)) {
        doc_mismatch(w, ids[d], present[d] ? &an[d] : NULL);
        break;
      }
      an_free(&an[d]); /* indexed as it reads: nothing to do */
      continue;
    }
    if (!present[d]) continue;
    npairs += an[d].nterms;
    if (an[d].nterms) { /* its lengths, before any block that will hold it is written */
      uint8_t ql[SX_NFIELDS];
      for (int f = 0; f < SX_NFIELDS; f++) ql[f] = ql_enc(an[d].len[f]);
      wr_set_ql(w, ids[d], ql);
    }
    /* only the terms are needed from here on: a batch holds many documents */
    free(an[d].tok);
    an[d].tok = NULL;
    an[d].ntok = an[d].cap = 0;
    if (an[d].nterms) an[d].terms = xrealloc(an[d].terms, sizeof *an[d].terms * an[d].nterms);
  }
  BPair *pairs = xmalloc(sizeof *pairs * (npairs + 1));
  size_t np = 0;
  for (size_t d = 0; d < n && !w->failed; d++)
    for (size_t i = 0; i < an[d].nterms; i++) {
      an[d].terms[i].p.doc = ids[d];
      pairs[np++] = (BPair){&an[d].terms[i], d};
    }
  pthread_mutex_lock(&sort_mu);
  bpair_ids = ids;
  qsort(pairs, np, sizeof *pairs, bpair_cmp);
  pthread_mutex_unlock(&sort_mu);
  Post *posts = xmalloc(sizeof *posts * (np + 1));
  for (size_t i = 0; i < np && !w->failed;) {
    size_t j = i + 1;
    DTerm *t = pairs[i].t;
    while (j < np && pairs[j].t->nnorm == t->nnorm && memcmp(pairs[j].t->norm, t->norm, t->nnorm) == 0) j++;
    sqlite3_stmt *st = wst(w, W_TERM_GET);
    if (!st) break;
    sqlite3_bind_text(st, 1, t->norm, (int)t->nnorm, SQLITE_STATIC);
    TRow r = {t->norm, (int)t->nnorm, 0, 0, {0}, NULL, NULL, 0, 0};
    bound_init(r.bound);
    if (wr_step(w, st) == SQLITE_ROW) {
      r.id = sqlite3_column_int64(st, 0);
      trow_read(st, 1, &r);
      sqlite3_reset(st);
    } else { /* a new term: the next id */
      sqlite3_reset(st);
      st = wst(w, W_TERM_NEXT);
      if (!st) break;
      r.id = wr_step(w, st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
      sqlite3_reset(st);
      if (!w->failed && (r.id < 1 || r.id > TERM_ID_MAX)) {
        w->failed = 1;
        mj_fail(MJ_EINVAL, "search index: no term id is left (%lld); run majlis search --rebuild", (long long)r.id);
      }
      st = w->failed ? NULL : wst(w, W_TERM_ADD);
      if (!st) break;
      sqlite3_bind_text(st, 1, t->norm, (int)t->nnorm, SQLITE_STATIC);
      if (t->stem) sqlite3_bind_text(st, 2, t->stem, (int)t->nstem, SQLITE_STATIC);
      sqlite3_bind_blob(st, 3, r.bound, NBOUND, SQLITE_STATIC);
      sqlite3_bind_int64(st, 4, r.id);
      wr_step(w, st);
      sqlite3_reset(st);
    }
    for (size_t k = i; k < j; k++) {
      bound_add(r.bound, pairs[k].t->p.tf, pairs[k].t->p.ql);
      posts[k - i] = pairs[k].t->p;
    }
    if (!w->failed) term_apply(w, &r, posts, (int)(j - i), 0);
    trow_free(&r);
    i = j;
  }
  for (size_t d = 0; d < n && !w->failed; d++) {
    DocAn *a = &an[d];
    if (!a->nterms) continue; /* nothing to find: no row */
    Buf lb;
    buf_init(&lb, BUF_UNLIMITED);
    for (int f = 0; f < SX_NFIELDS; f++) buf_varint(&lb, a->len[f]);
    sqlite3_stmt *st = wst(w, W_DOC_PUT);
    if (st) {
      sqlite3_bind_int64(st, 1, ids[d]);
      sqlite3_bind_blob(st, 2, lb.p, (int)lb.n, SQLITE_STATIC);
      sqlite3_bind_int64(st, 3, (sqlite3_int64)sums[d]);
      wr_step(w, st);
      sqlite3_reset(st);
    }
    update_stats(w, 1, a->len);
    buf_free(&lb);
  }
  for (size_t d = 0; d < n; d++) an_free(&an[d]);
  free(sums);
  free(an);
  free(pairs);
  free(posts);
}

/* ------------------------------------------------------------------ a speech's fields */


int sindex_put_speech(sqlite3 *db, int64_t id) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, SPEECH_FIELDS_SQL " WHERE sp.id=?1", -1, &st, NULL) != SQLITE_OK)
    return mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
  const char *f[SX_NFIELDS] = {NULL, NULL, NULL};
  int r = speech_fields(db, st, id, f);
  int rc = r < 0 ? MJ_EIO : MJ_OK;
  if (r >= 0) { /* a speech that is gone: nothing to index (and it must not be indexed) */
    AnalyzerConfig cfg;
    analyzer_config_default(&cfg);
    Wr w = {db, {0}, 0, NULL, 0, 0};
    const uint8_t present = (uint8_t)r;
    put_docs(&w, &cfg, &id, f, &present, 1);
    wr_done(&w);
    rc = w.failed ? MJ_EIO : MJ_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* ------------------------------------------------------------------ bulk building */

typedef struct BTerm {
  uint32_t norm, stem; /* offsets into SxBuilder.str */
  uint16_t nnorm, nstem;
  uint32_t df;
  uint8_t bound[NBOUND];
  uint8_t *d, *p; /* every posting's bytes, block after block */
  size_t dn, dcap, pn, pcap;
  /* the open block */
  int64_t first, last;
  uint32_t n;
  size_t d0, p0;
  uint8_t bb[NBOUND];
} BTerm;

typedef struct BBlk {
  uint32_t term;
  uint32_t n;
  int64_t first, last;
  size_t d0, dn, p0, pn;
  uint8_t bound[NBOUND];
} BBlk;

typedef struct BDoc {
  int64_t id;
  uint32_t len[SX_NFIELDS];
  size_t nt;   /* how many terms */
  uint64_t sum; /* doc_sum */
} BDoc;

struct SxBuilder {
  AnalyzerConfig cfg;
  Buf str;
  BTerm *t;
  size_t nt, capt;
  uint32_t *hash; /* term index + 1, 0 = empty */
  size_t hcap;
  BBlk *blk;
  size_t nblk, capblk;
  BDoc *doc;
  size_t ndoc, capdoc;
  int64_t lastid;
};

SxBuilder *sx_builder_new(const AnalyzerConfig *cfg) {
  SxBuilder *b = xcalloc(1, sizeof *b);
  b->cfg = *cfg;
  buf_init(&b->str, BUF_UNLIMITED);
  b->hcap = 1 << 16;
  b->hash = xcalloc(b->hcap, sizeof *b->hash);
  b->lastid = INT64_MIN;
  return b;
}

void sx_builder_free(SxBuilder *b) {
  if (!b) return;
  for (size_t i = 0; i < b->nt; i++) {
    free(b->t[i].d);
    free(b->t[i].p);
  }
  free(b->t);
  free(b->hash);
  free(b->blk);
  free(b->doc);
  buf_free(&b->str);
  free(b);
}

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static void grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  *p = xrealloc(*p, c * size);
  *cap = c;
}

static void bytes_append(uint8_t **p, size_t *n, size_t *cap, const void *src, size_t len) {
  if (*n + len > *cap) {
    size_t c = *cap ? *cap : 32;
    while (c < *n + len) c *= 2;
    *p = xrealloc(*p, c);
    *cap = c;
  }
  memcpy(*p + *n, src, len);
  *n += len;
}

static uint32_t builder_term(SxBuilder *b, const DTerm *dt) {
  if (b->nt * 2 >= b->hcap) {
    size_t nc = b->hcap * 2;
    uint32_t *nh = xcalloc(nc, sizeof *nh);
    for (size_t i = 0; i < b->nt; i++) {
      size_t h = (size_t)hash_bytes(b->str.p + b->t[i].norm, b->t[i].nnorm) & (nc - 1);
      while (nh[h]) h = (h + 1) & (nc - 1);
      nh[h] = (uint32_t)i + 1;
    }
    free(b->hash);
    b->hash = nh;
    b->hcap = nc;
  }
  size_t h = (size_t)hash_bytes(dt->norm, dt->nnorm) & (b->hcap - 1);
  while (b->hash[h]) {
    BTerm *t = &b->t[b->hash[h] - 1];
    if (t->nnorm == dt->nnorm && memcmp(b->str.p + t->norm, dt->norm, dt->nnorm) == 0) return b->hash[h] - 1;
    h = (h + 1) & (b->hcap - 1);
  }
  grow((void **)&b->t, &b->capt, b->nt + 1, sizeof *b->t);
  BTerm *t = &b->t[b->nt];
  memset(t, 0, sizeof *t);
  t->norm = (uint32_t)b->str.n;
  t->nnorm = (uint16_t)dt->nnorm;
  buf_append(&b->str, dt->norm, dt->nnorm);
  t->stem = (uint32_t)b->str.n;
  t->nstem = (uint16_t)(dt->stem ? dt->nstem : 0);
  if (dt->stem) buf_append(&b->str, dt->stem, dt->nstem);
  bound_init(t->bound);
  b->hash[h] = (uint32_t)b->nt + 1;
  return (uint32_t)b->nt++;
}

static void close_block(SxBuilder *b, uint32_t ti) {
  BTerm *t = &b->t[ti];
  if (!t->n) return;
  grow((void **)&b->blk, &b->capblk, b->nblk + 1, sizeof *b->blk);
  BBlk *k = &b->blk[b->nblk++];
  k->term = ti;
  k->n = t->n;
  k->first = t->first;
  k->last = t->last;
  k->d0 = t->d0;
  k->dn = t->dn - t->d0;
  k->p0 = t->p0;
  k->pn = t->pn - t->p0;
  memcpy(k->bound, t->bb, NBOUND);
  t->n = 0;
}

static void builder_post(SxBuilder *b, uint32_t ti, const Post *p) {
  BTerm *t = &b->t[ti];
  if (t->n == SX_BLOCK) close_block(b, ti);
  if (!t->n) {
    t->first = p->doc;
    t->d0 = t->dn;
    t->p0 = t->pn;
    bound_init(t->bb);
  }
  uint8_t tmp[40];
  size_t k = put_varint(tmp, (uint64_t)(p->doc - (t->n ? t->last : p->doc)));
  k += put_varint(tmp + k, (uint64_t)p->tf[SX_TEXT] << 2 | (p->tf[SX_HEADING] ? 2u : 0u) | (p->tf[SX_SPEAKER] ? 1u : 0u));
  for (int f = SX_HEADING; f >= SX_SPEAKER; f--)
    if (p->tf[f]) k += put_varint(tmp + k, p->tf[f]);
  bytes_append(&t->d, &t->dn, &t->dcap, tmp, k);
  bytes_append(&t->p, &t->pn, &t->pcap, p->pos, p->npos);
  t->last = p->doc;
  t->n++;
  t->df++;
  bound_add(t->bb, p->tf, p->ql);
  bound_add(t->bound, p->tf, p->ql);
}

int sx_builder_add(SxBuilder *b, int64_t id, const char *const fields[SX_NFIELDS]) {
  if (id <= b->lastid) return mj_fail(MJ_EINVAL, "search index: documents must be added by increasing id");
  if (id < 1 || id > DOC_MAX)
    return mj_fail(MJ_EINVAL, "search index: document id %lld is out of the index's range (1 to 2^32 - 1)", (long long)id);
  b->lastid = id;
  DocAn a;
  analyse_doc(&b->cfg, fields, &a);
  grow((void **)&b->doc, &b->capdoc, b->ndoc + 1, sizeof *b->doc);
  BDoc *d = &b->doc[b->ndoc++];
  d->id = id;
  memcpy(d->len, a.len, sizeof d->len);
  d->nt = a.nterms;
  d->sum = doc_sum(&a);
  for (size_t i = 0; i < a.nterms; i++) {
    a.terms[i].p.doc = id;
    builder_post(b, builder_term(b, &a.terms[i]), &a.terms[i].p);
  }
  an_free(&a);
  return MJ_OK;
}

static const SxBuilder *sort_b;
/* Commoner terms first (then by normal form). (Schema 14 did it so that a
** speech's list of term ids, delta varints, took mostly one byte a term;
** schema 18 keeps no such list, but the order costs nothing and keeps
** the commonest terms' rows together.) */
static int bterm_cmp(const void *x, const void *y) {
  const BTerm *a = &sort_b->t[*(const uint32_t *)x], *c = &sort_b->t[*(const uint32_t *)y];
  if (a->df != c->df) return a->df > c->df ? -1 : 1;
  size_t n = a->nnorm < c->nnorm ? a->nnorm : c->nnorm;
  int r = memcmp(sort_b->str.p + a->norm, sort_b->str.p + c->norm, n);
  return r ? r : (a->nnorm > c->nnorm) - (a->nnorm < c->nnorm);
}
static int bname_cmp(const void *x, const void *y) {
  const BTerm *a = &sort_b->t[*(const uint32_t *)x], *c = &sort_b->t[*(const uint32_t *)y];
  size_t n = a->nnorm < c->nnorm ? a->nnorm : c->nnorm;
  int r = memcmp(sort_b->str.p + a->norm, sort_b->str.p + c->norm, n);
  return r ? r : (a->nnorm > c->nnorm) - (a->nnorm < c->nnorm);
}
static const uint32_t *sort_ids;
static int bblk_cmp(const void *x, const void *y) {
  const BBlk *a = x, *c = y;
  if (a->term != c->term) return sort_ids[a->term] < sort_ids[c->term] ? -1 : 1;
  return (int)cmp_i64(a->first, c->first);
}

/* Term ids by falling df (order[rank] = term index, ids[term index] = rank
** + 1), and the blocks sorted by (id, first). */
static void builder_finish(SxBuilder *b, uint32_t **order, uint32_t **ids) {
  for (size_t i = 0; i < b->nt; i++) close_block(b, (uint32_t)i);
  *order = xmalloc(sizeof **order * (b->nt + 1));
  *ids = xmalloc(sizeof **ids * (b->nt + 1));
  for (size_t i = 0; i < b->nt; i++) (*order)[i] = (uint32_t)i;
  pthread_mutex_lock(&sort_mu);
  sort_b = b;
  if (b->nt) qsort(*order, b->nt, sizeof **order, bterm_cmp);
  for (size_t i = 0; i < b->nt; i++) (*ids)[(*order)[i]] = (uint32_t)i + 1;
  sort_ids = *ids;
  if (b->nblk) qsort(b->blk, b->nblk, sizeof *b->blk, bblk_cmp);
  pthread_mutex_unlock(&sort_mu);
}

static int exec_ok(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK
               ? MJ_OK
               : mj_fail(MJ_EIO, "search index: %s", msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  return rc;
}

/* Whether a statement of db is running (a SQL function's caller): DDL
** must wait for it to end. */
static int stmt_running(sqlite3 *db) {
  for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
    if (sqlite3_stmt_busy(st)) return 1;
  return 0;
}

int sx_builder_write(SxBuilder *b, sqlite3 *db) {
  uint32_t *order, *ids;
  builder_finish(b, &order, &ids);
  sqlite3_stmt *st[6] = {0};
  /* The dictionary's stem index is built after its rows (sorted, so packed
  ** full), and its rows go first into a temporary table of the same
  ** layout, in key order, then into search_term with one INSERT ... SELECT
  ** *, which SQLite copies page by page packed full (its transfer
  ** optimisation; the same rows inserted one by one, even in key order,
  ** leave a tenth of a WITHOUT ROWID table's pages empty: 22.5 against
  ** 20.7 MB). Unless a running statement forbids DDL: then the rows go
  ** straight into search_term, and schema 18's migration copies the table
  ** and creates the index after its rebuild. */
  int ddl = !stmt_running(db);
  int rc = ddl ? exec_ok(db, "DROP INDEX IF EXISTS search_term_stem; DROP TABLE IF EXISTS temp.search_term_new;"
                             TERM_TABLE_SQL("temp.search_term_new"))
               : MJ_OK;
  const char *sql[6] = {
      ddl ? "INSERT INTO temp.search_term_new(id, term, stem, df, bound, docs, pos) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
          : "INSERT INTO search_term(id, term, stem, df, bound, docs, pos) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      "INSERT INTO search_block(k, last, n, bound, docs) VALUES(" TERM_KEY ", ?3, ?4, ?5, ?6)",
      "INSERT INTO search_pos(k, pos) VALUES(" TERM_KEY ", ?3)",
      "INSERT INTO search_doc(id, len, sum) VALUES(?1, ?2, ?3)",
      "UPDATE search_stat SET docs=?1, len0=?2, len1=?3, len2=?4, nf0=?5, nf1=?6, nf2=?7, nextterm=?8, stamp=?9 WHERE id=1",
      "INSERT INTO search_norm(id, q) VALUES(?1, ?2)"};
  for (int i = 0; i < 6 && !rc; i++)
    if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) != SQLITE_OK)
      rc = mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
  /* the terms by normal form (the dictionary's key order) */
  uint32_t *byname = xmalloc(sizeof *byname * (b->nt + 1));
  for (size_t i = 0; i < b->nt; i++) byname[i] = (uint32_t)i;
  pthread_mutex_lock(&sort_mu);
  sort_b = b;
  if (b->nt) qsort(byname, b->nt, sizeof *byname, bname_cmp);
  pthread_mutex_unlock(&sort_mu);
#define STEP(s)                                                                   \
  do {                                                                            \
    if (!rc && sqlite3_step(s) != SQLITE_DONE)                                    \
      rc = mj_fail(MJ_EIO, "search index: writing: %s", sqlite3_errmsg(db));      \
    sqlite3_reset(s);                                                             \
  } while (0)
  for (size_t r = 0; r < b->nt && !rc; r++) {
    const BTerm *t = &b->t[byname[r]];
    sqlite3_bind_int64(st[0], 1, ids[byname[r]]);
    sqlite3_bind_text(st[0], 2, b->str.p + t->norm, t->nnorm, SQLITE_STATIC);
    if (t->nstem) sqlite3_bind_text(st[0], 3, b->str.p + t->stem, t->nstem, SQLITE_STATIC);
    else sqlite3_bind_null(st[0], 3);
    sqlite3_bind_int64(st[0], 4, t->df);
    uint8_t *inl = NULL;
    if (t->df <= SX_INLINE) sqlite3_bind_null(st[0], 5); /* the postings give it */
    else sqlite3_bind_blob(st[0], 5, t->bound, NBOUND, SQLITE_STATIC);
    if (t->df <= SX_INLINE) {
      /* its one block, the first id absolute (the block's first delta is 0) */
      inl = xmalloc(t->dn + 10);
      size_t h = put_varint(inl, (uint64_t)t->first);
      memcpy(inl + h, t->d + 1, t->dn - 1);
      sqlite3_bind_blob(st[0], 6, inl, (int)(h + t->dn - 1), SQLITE_STATIC);
      sqlite3_bind_blob(st[0], 7, t->pn ? (const void *)t->p : "", (int)t->pn, SQLITE_STATIC);
    } else {
      sqlite3_bind_null(st[0], 6);
      sqlite3_bind_null(st[0], 7);
    }
    STEP(st[0]);
    free(inl);
  }
  for (size_t i = 0; i < b->nblk && !rc; i++) {
    const BBlk *k = &b->blk[i];
    const BTerm *t = &b->t[k->term];
    if (t->df <= SX_INLINE) continue;
    sqlite3_bind_int64(st[1], 1, ids[k->term]);
    sqlite3_bind_int64(st[1], 2, k->first);
    sqlite3_bind_int64(st[1], 3, k->last);
    sqlite3_bind_int(st[1], 4, (int)k->n);
    sqlite3_bind_blob(st[1], 5, k->bound, NBOUND, SQLITE_STATIC);
    sqlite3_bind_blob(st[1], 6, t->d + k->d0, (int)k->dn, SQLITE_STATIC);
    STEP(st[1]);
    sqlite3_bind_int64(st[2], 1, ids[k->term]);
    sqlite3_bind_int64(st[2], 2, k->first);
    sqlite3_bind_blob(st[2], 3, t->p + k->p0, (int)k->pn, SQLITE_STATIC);
    STEP(st[2]);
  }
  int64_t tot[SX_NFIELDS] = {0}, nf[SX_NFIELDS] = {0};
  Buf lb;
  buf_init(&lb, BUF_UNLIMITED);
  uint8_t *chunk = xcalloc(1, NORM_BYTES);
  int64_t cid = -1; /* the chunk of the norms being filled */
  for (size_t i = 0; i < b->ndoc && !rc; i++) {
    const BDoc *d = &b->doc[i];
    if (d->nt && d->id >> NORM_SHIFT != cid) { /* (ids increase) */
      if (cid >= 0) {
        sqlite3_bind_int64(st[5], 1, cid);
        sqlite3_bind_blob(st[5], 2, chunk, (int)norm_len(chunk), SQLITE_STATIC);
        STEP(st[5]);
      }
      cid = d->id >> NORM_SHIFT;
      memset(chunk, 0, NORM_BYTES);
    }
    if (d->nt)
      for (int f = 0; f < SX_NFIELDS; f++) chunk[SX_NFIELDS * (size_t)(d->id & (NORM_DOCS - 1)) + (size_t)f] = ql_enc(d->len[f]);
    buf_reset(&lb);
    for (int f = 0; f < SX_NFIELDS; f++) {
      buf_varint(&lb, d->len[f]);
      tot[f] += d->len[f];
      nf[f] += d->len[f] > 0;
    }
    if (!d->nt) continue; /* nothing to find: no row, as sindex_put */
    sqlite3_bind_int64(st[3], 1, d->id);
    sqlite3_bind_blob(st[3], 2, lb.p, (int)lb.n, SQLITE_STATIC);
    sqlite3_bind_int64(st[3], 3, (sqlite3_int64)d->sum);
    STEP(st[3]);
  }
  if (cid >= 0 && !rc) {
    sqlite3_bind_int64(st[5], 1, cid);
    sqlite3_bind_blob(st[5], 2, chunk, (int)norm_len(chunk), SQLITE_STATIC);
    STEP(st[5]);
  }
  free(chunk);
  int64_t ndocs = 0;
  for (size_t i = 0; i < b->ndoc; i++) ndocs += b->doc[i].nt > 0;
  if (!rc) {
    /* documents without a word are not counted, nor are their lengths (0) */
    sqlite3_bind_int64(st[4], 1, ndocs);
    for (int f = 0; f < SX_NFIELDS; f++) {
      sqlite3_bind_int64(st[4], 2 + f, tot[f]);
      sqlite3_bind_int64(st[4], 5 + f, nf[f]);
    }
    sqlite3_bind_int64(st[4], 8, (int64_t)b->nt + 1);
    sqlite3_bind_int64(st[4], 9, new_stamp());
    STEP(st[4]);
  }
#undef STEP
  buf_free(&lb);
  for (int i = 0; i < 6; i++) sqlite3_finalize(st[i]);
  if (!rc && ddl) rc = exec_ok(db, "INSERT INTO search_term SELECT * FROM temp.search_term_new;" TERM_INDEXES_SQL);
  if (ddl) sqlite3_exec(db, "DROP TABLE IF EXISTS temp.search_term_new", NULL, NULL, NULL);
  free(byname);
  free(order);
  free(ids);
  return rc;
}

/* Builds an index of the speech table in memory. */
static int build_speeches(sqlite3 *db, SxBuilder *b, int64_t *ndocs) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, SPEECH_FIELDS_SQL " ORDER BY sp.id", -1, &st, NULL) != SQLITE_OK)
    return mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
  int rc = MJ_OK, s;
  int64_t n = 0;
  while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *f[SX_NFIELDS];
    for (int i = 0; i < SX_NFIELDS; i++) f[i] = (const char *)sqlite3_column_text(st, 1 + i);
    rc = sx_builder_add(b, sqlite3_column_int64(st, 0), f);
    n++;
  }
  if (!rc && s != SQLITE_DONE) rc = mj_fail(MJ_EIO, "search index: reading speeches: %s", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  if (ndocs) *ndocs = n;
  return rc;
}

int sindex_rebuild(sqlite3 *db, int64_t *ndocs) {
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *b = sx_builder_new(&cfg);
  int rc = build_speeches(db, b, ndocs);
  if (!rc)
    rc = exec_ok(db, "DELETE FROM search_term; DELETE FROM search_block; DELETE FROM search_pos;"
                     " DELETE FROM search_doc; DELETE FROM search_norm; UPDATE search_stat SET docs=0, len0=0, len1=0, len2=0,"
                     " nf0=0, nf1=0, nf2=0 WHERE id=1");
  if (!rc) rc = sx_builder_write(b, db);
  sx_builder_free(b);
  return rc;
}

/* ------------------------------------------------------------------ reading */

/* The norms as queries keep them: a snapshot per value of search_stat.stamp
** (which every change of the norms renews), shared by every connection of
** the process (a stamp names one content of the norms, in whatever file or
** transaction it is read), its chunks read when a query first needs them
** and kept. A query takes the snapshot of the stamp that sx_open read with
** the statistics (when it first needs a length) and looks lengths up
** without a lock; chunks are read with the stamp in one statement (64 at a
** time) and kept in the snapshot of that stamp only. At most NORM_SNAPS snapshots no query
** holds are kept, the least recently used dropped first. */
#define NORM_TOP 4096 /* chunk ids below 2^32 >> NORM_SHIFT: NORM_TOP * NORM_MID */
#define NORM_MID 1024
#define NORM_SNAPS 4
#define NORM_RANGE 64 /* chunks a query reads with one statement (aligned) */

typedef struct NormSnap {
  int64_t stamp;
  _Atomic(_Atomic(uint8_t *) *) top[NORM_TOP]; /* chunk c at top[c / NORM_MID][c % NORM_MID], NULL until read */
  int refs;
  uint64_t used;
  struct NormSnap *next;
} NormSnap;

static pthread_mutex_t norm_mu = PTHREAD_MUTEX_INITIALIZER;
static NormSnap *norm_snaps;
static uint64_t norm_clock;
static const uint8_t norm_zero[NORM_BYTES]; /* a chunk without a row */

static void snap_free(NormSnap *s) {
  for (int i = 0; i < NORM_TOP; i++) {
    _Atomic(uint8_t *) *mid = atomic_load_explicit(&s->top[i], memory_order_relaxed);
    if (!mid) continue;
    for (int j = 0; j < NORM_MID; j++) {
      uint8_t *k = atomic_load_explicit(&mid[j], memory_order_relaxed);
      if (k != norm_zero) free(k);
    }
    free((void *)mid);
  }
  free(s);
}

/* The snapshot of stamp, held (snap_release gives it back). */
static NormSnap *snap_acquire(int64_t stamp) {
  pthread_mutex_lock(&norm_mu);
  NormSnap *s = norm_snaps;
  while (s && s->stamp != stamp) s = s->next;
  if (!s) {
    s = xcalloc(1, sizeof *s);
    s->stamp = stamp;
    s->next = norm_snaps;
    norm_snaps = s;
    int n = 0; /* drop the least recently used unheld ones past NORM_SNAPS */
    for (NormSnap *t = norm_snaps; t; t = t->next) n++;
    while (n > NORM_SNAPS) {
      NormSnap **lru = NULL;
      for (NormSnap **t = &norm_snaps; *t; t = &(*t)->next)
        if (!(*t)->refs && *t != s && (!lru || (*t)->used < (*lru)->used)) lru = t;
      if (!lru) break;
      NormSnap *d = *lru;
      *lru = d->next;
      snap_free(d);
      n--;
    }
  }
  s->refs++;
  s->used = ++norm_clock;
  pthread_mutex_unlock(&norm_mu);
  return s;
}

static void snap_release(NormSnap *s) {
  if (!s) return;
  pthread_mutex_lock(&norm_mu);
  s->refs--;
  pthread_mutex_unlock(&norm_mu);
}

/* Keeps chunk c's bytes k (malloc'd, NORM_BYTES, or norm_zero) in s; returns
** what s holds for c (k, or the copy another thread kept first). */
static const uint8_t *snap_put(NormSnap *s, int64_t c, uint8_t *k) {
  _Atomic(uint8_t *) *mid = atomic_load_explicit(&s->top[c / NORM_MID], memory_order_acquire);
  if (!mid) {
    _Atomic(uint8_t *) *m = xcalloc(NORM_MID, sizeof *m);
    _Atomic(uint8_t *) *none = NULL;
    if (atomic_compare_exchange_strong_explicit(&s->top[c / NORM_MID], &none, m, memory_order_acq_rel,
                                                memory_order_acquire)) {
      mid = m;
    } else {
      free((void *)m);
      mid = none;
    }
  }
  uint8_t *none = NULL;
  if (atomic_compare_exchange_strong_explicit(&mid[c % NORM_MID], &none, k, memory_order_acq_rel, memory_order_acquire))
    return k;
  if (k != norm_zero) free(k);
  return none;
}

enum { SXS_BLOCKS, SXS_POS, SXS_POSALL, SXS_WORD, SXS_EXACT, SXS_PREFIX, SXS_BEGIN, SXS_COMMIT, SXS_NORM, SXS_COUNT };
struct SxIndex {
  sqlite3 *db;
  AnalyzerConfig cfg;
  SxParams p;
  int64_t ndocs;
  double norm[SX_NFIELDS][256]; /* 1 - b + b * L / avgL for each quantised L */
  int64_t stamp;                /* of the field lengths, read with the statistics */
  sqlite3_stmt *stmt[SXS_COUNT]; /* prepared on first use (sx_stmt) */
  SxPrepare prepare;             /* NULL: its own statements; else a cache's */
  void *pctx;
};

int64_t sx_ndocs(const SxIndex *ix) { return ix->ndocs; }
sqlite3 *sx_db(const SxIndex *ix) { return ix->db; }

int sx_open(sqlite3 *db, const AnalyzerConfig *cfg, const SxParams *p, SxIndex **out) {
  return sx_open_cached(db, cfg, p, NULL, NULL, out);
}

int sx_open_cached(sqlite3 *db, const AnalyzerConfig *cfg, const SxParams *p, SxPrepare prepare, void *ctx,
                   SxIndex **out) {
  static const char *const stat_sql = "SELECT docs, len0, len1, len2, nf0, nf1, nf2, stamp FROM search_stat WHERE id=1";
  *out = NULL;
  SxIndex *ix = xcalloc(1, sizeof *ix);
  ix->db = db;
  ix->prepare = prepare;
  ix->pctx = ctx;
  if (cfg) ix->cfg = *cfg;
  else analyzer_config_default(&ix->cfg);
  if (p) ix->p = *p;
  else sx_params_default(&ix->p);
  sqlite3_stmt *st = NULL;
  int rc = MJ_OK;
  if (prepare) st = prepare(ctx, stat_sql);
  else if (sqlite3_prepare_v2(db, stat_sql, -1, &st, NULL) != SQLITE_OK) st = NULL;
  if (!st || sqlite3_step(st) != SQLITE_ROW) {
    rc = mj_fail(MJ_EIO, "search index: no statistics (%s); run majlis search --rebuild", sqlite3_errmsg(db));
  } else {
    ix->ndocs = sqlite3_column_int64(st, 0);
    ix->stamp = sqlite3_column_int64(st, 7);
    for (int f = 0; f < SX_NFIELDS; f++) {
      int64_t tot = sqlite3_column_int64(st, 1 + f), nf = sqlite3_column_int64(st, 4 + f);
      double avg = nf > 0 && tot > 0 ? (double)tot / (double)nf : 1.0;
      for (int q = 0; q < 256; q++)
        ix->norm[f][q] = 1.0 - ix->p.b[f] + ix->p.b[f] * (double)ql_dec((uint8_t)q) / avg;
    }
  }
  if (prepare) sqlite3_reset(st);
  else sqlite3_finalize(st);
  if (rc) {
    sx_close(ix);
    return rc;
  }
  *out = ix;
  return MJ_OK;
}

/* The reading statements, each prepared when a query first needs it (an OR
** query never reads positions; most queries have no prefix). */
static sqlite3_stmt *sx_stmt(SxIndex *ix, int which) {
  static const char *const sql[SXS_COUNT] = {
      "SELECT k & 4294967295, last, n, bound, docs FROM search_block WHERE k BETWEEN " TERM_LO " AND " TERM_HI
      " ORDER BY k",
      "SELECT pos FROM search_pos WHERE k=" TERM_KEY,
      "SELECT k & 4294967295, pos FROM search_pos WHERE k BETWEEN " TERM_LO " AND " TERM_HI " ORDER BY k",
      /* a word: its stem as a normal form, normal forms with that stem, and
      ** (expand) normal forms whose stem is the word's own normal form; a
      ** row met twice is dropped by word_unit */
      "SELECT id, df, bound, docs, pos FROM search_term WHERE term=?1"
      " UNION ALL SELECT id, df, bound, docs, pos FROM search_term WHERE stem=?1"
      " UNION ALL SELECT id, df, bound, docs, pos FROM search_term WHERE stem=?2",
      "SELECT id, df, bound, docs, pos FROM search_term WHERE term=?1",
      "SELECT id, df, bound, docs, pos FROM search_term WHERE term>=?1 AND term<?2"
      " UNION ALL SELECT id, df, bound, docs, pos FROM search_term WHERE stem>=?1 AND stem<?2"
      " UNION ALL SELECT id, df, bound, docs, pos FROM search_term WHERE stem>=?3 AND stem<?4",
      "BEGIN", "COMMIT",
      /* chunks of the norms with the stamp, read together (one snapshot of the file) */
      "SELECT s.stamp, n.id, n.q FROM search_stat s LEFT JOIN search_norm n ON n.id BETWEEN ?1 AND ?2 WHERE s.id=1"};
  if (!ix->stmt[which] && ix->prepare) {
    ix->stmt[which] = ix->prepare(ix->pctx, sql[which]); /* (sql's strings are static: the cache's key) */
    if (!ix->stmt[which]) mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(ix->db));
  } else if (!ix->stmt[which] &&
             sqlite3_prepare_v3(ix->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT, &ix->stmt[which], NULL) != SQLITE_OK) {
    mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(ix->db));
    return NULL;
  }
  return ix->stmt[which];
}

void sx_close(SxIndex *ix) {
  if (!ix) return;
  for (int i = 0; i < SXS_COUNT; i++) {
    if (ix->prepare) sqlite3_reset(ix->stmt[i]); /* the cache's: left reset, as found */
    else sqlite3_finalize(ix->stmt[i]);
  }
  free(ix);
}

#define END INT64_MAX

typedef struct Blk {
  int64_t first, last;
  uint32_t n;
  uint8_t bound[NBOUND];
  size_t off, len;
} Blk;

typedef struct List {
  int64_t term;
  uint32_t df;
  int inl;               /* its postings came with its dictionary row (df <= SX_INLINE) */
  size_t dn, pn;         /* then data holds dn bytes of them, pall pn bytes of positions */
  uint8_t bound[NBOUND];
  Blk *b;
  int nb;
  uint8_t *data;
  int bi, dec, di;
  Post *post; /* the decoded block bi */
  int maxn;
  int posbi;             /* the block whose positions are at pos .. posend */
  const uint8_t *pos, *posend;
  size_t *posoff;        /* where each posting's positions start, known for [0, posparsed] */
  int posparsed;
  uint8_t *posown;       /* pos's bytes when read by block */
  int dense;             /* read every block's positions at once (list_load_positions) */
  uint8_t *pall;         /* then all of them, block after block */
  size_t *pblk;          /* block i's positions: pall + pblk[i] .. pall + pblk[i + 1] */
  int64_t cur;
} List;

typedef struct Unit {
  int l0, nl; /* its lists: q->lists[l0 .. l0+nl) */
  int part;   /* 0 positive, 1 exclusion */
  char key[2 * ANALYZER_MAX_BYTES + 4];
  uint32_t df;
  double idf, ub; /* ub: the most a document can score by this word, its early-mention bonus eb included */
  double eb;      /* the largest early-mention bonus: p.early * idf */
  int64_t cur;
  int drive;
  struct Act {
    int64_t cur;
    int li;
  } *act;         /* lists not exhausted (indexes into q->lists) and their current documents */
  int nact;
  int *at, nat;   /* of those, the ones at cur */
  int64_t posdoc; /* positions cached for this document */
  uint32_t *pv, *pv2;     /* pv2: room to merge in */
  size_t npv, cappv, cappv2;
} Unit;

typedef struct Alt {
  int u0, nu; /* q->au[u0 .. u0+nu): its words' units in order */
} Alt;

typedef struct Item {
  int group; /* SXQ_EXCLUDE for exclusions */
  int a0, na;
} Item;

typedef struct Seq {
  int unit, qpos;
} Seq;

struct SxQuery {
  SxIndex *ix;
  List *lists;
  int nlists;
  Unit *units;
  int nunits;
  Alt *alts;
  int nalts;
  int *au;
  int nau;
  Item *items;
  int nitems;
  Seq *seq;
  int nseq;
  size_t caplists, capunits, capalts, capau, capitems, capseq;
  int failed;
  int64_t *excl;
  size_t nexcl;
  int excl_done;
  int plain;   /* words a reader typed: the early-mention bonus applies (sxq_plain) */
  int *eorder; /* the units by falling eb (early_score), once needed */
  NormSnap *norms; /* held from the first length it needs */
  int64_t qlc;      /* the chunk last looked up (INT64_MIN: none) ... */
  const uint8_t *qlk; /* ... and its bytes in norms */
  SxStats st;
};

SxQuery *sxq_new(SxIndex *ix) {
  SxQuery *q = xcalloc(1, sizeof *q);
  q->ix = ix;
  q->qlc = INT64_MIN;
  return q;
}

void sxq_plain(SxQuery *q) { q->plain = 1; }

void sxq_free(SxQuery *q) {
  if (!q) return;
  free(q->eorder);
  for (int i = 0; i < q->nlists; i++) {
    free(q->lists[i].b);
    free(q->lists[i].data);
    free(q->lists[i].post);
    free(q->lists[i].posown);
    free(q->lists[i].posoff);
    free(q->lists[i].pall);
    free(q->lists[i].pblk);
  }
  for (int i = 0; i < q->nunits; i++) {
    free(q->units[i].pv);
    free(q->units[i].pv2);
    free(q->units[i].act);
    free(q->units[i].at);
  }
  free(q->lists);
  free(q->units);
  free(q->alts);
  free(q->au);
  free(q->items);
  free(q->seq);
  free(q->excl);
  snap_release(q->norms);
  free(q);
}

/* Document doc's quantised lengths (speaker, heading, text) when they are
** not in the query's snapshot yet: the first time, the snapshot of the
** stamp read with the statistics (sx_open) is taken; then its chunk and
** the ones around it are read with the stamp and kept (in the snapshot of
** the stamp they came with: a write since sx_open moves the query to the
** new one, as it read the statistics before it too). */
static const uint8_t *doc_ql_load(SxQuery *q, int64_t doc) {
  static const uint8_t none[SX_NFIELDS];
  if (doc < 0 || doc > DOC_MAX || q->failed) return none;
  int64_t c = doc >> NORM_SHIFT;
  size_t at = SX_NFIELDS * (size_t)(doc & (NORM_DOCS - 1));
  sqlite3_stmt *st;
  if (!q->norms) {
    q->norms = snap_acquire(q->ix->stamp);
    _Atomic(uint8_t *) *mid = atomic_load_explicit(&q->norms->top[c / NORM_MID], memory_order_acquire);
    const uint8_t *k = mid ? atomic_load_explicit(&mid[c % NORM_MID], memory_order_acquire) : NULL;
    if (k) {
      q->qlc = c;
      q->qlk = k;
      return k + at;
    }
  }
  /* the NORM_RANGE chunks around c at once: a query that needs one needs
  ** most (an inline term's bound reads the lengths of all its postings) */
  int64_t lo = c & ~(int64_t)(NORM_RANGE - 1), hi = lo + NORM_RANGE - 1;
  if (!(st = sx_stmt(q->ix, SXS_NORM))) {
    q->failed = 1;
    return none;
  }
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, lo);
  sqlite3_bind_int64(st, 2, hi);
  uint8_t seen[NORM_RANGE] = {0};
  const uint8_t *kc = NULL;
  int s, rows = 0;
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    if (!rows++ && sqlite3_column_int64(st, 0) != q->norms->stamp) {
      /* changed since the query took its snapshot: keep them in the new one's */
      NormSnap *now = snap_acquire(sqlite3_column_int64(st, 0));
      snap_release(q->norms);
      q->norms = now;
    }
    if (sqlite3_column_type(st, 1) == SQLITE_NULL) continue; /* (no chunk in the range) */
    int64_t r = sqlite3_column_int64(st, 1);
    if (r < lo || r > hi) continue;
    size_t n = (size_t)sqlite3_column_bytes(st, 2);
    uint8_t *k = (uint8_t *)norm_zero;
    if (n) {
      k = xcalloc(1, NORM_BYTES);
      memcpy(k, sqlite3_column_blob(st, 2), n < NORM_BYTES ? n : NORM_BYTES); /* (longer: majlis check says) */
    }
    const uint8_t *kept = snap_put(q->norms, r, k);
    if (r == c) kc = kept;
    seen[r - lo] = 1;
    q->st.norms_read++;
  }
  sqlite3_reset(st);
  if (s != SQLITE_DONE || !rows) {
    q->failed = 1;
    mj_fail(MJ_EIO, "search index: no statistics or lengths (%s); run majlis search --rebuild", sqlite3_errmsg(q->ix->db));
    return none;
  }
  for (int i = 0; i < NORM_RANGE; i++) /* chunks without a row: no lengths */
    if (!seen[i]) {
      const uint8_t *kept = snap_put(q->norms, lo + i, (uint8_t *)norm_zero);
      if (lo + i == c) kc = kept;
    }
  q->qlc = c;
  q->qlk = kc;
  return kc + at;
}

/* doc_ql when doc is not in the chunk last looked up: in the snapshot, or read. */
static const uint8_t *doc_ql_chunk(SxQuery *q, int64_t doc) {
  if (q->norms && doc >= 0 && doc <= DOC_MAX) {
    int64_t c = doc >> NORM_SHIFT;
    _Atomic(uint8_t *) *mid = atomic_load_explicit(&q->norms->top[c / NORM_MID], memory_order_acquire);
    const uint8_t *k = mid ? atomic_load_explicit(&mid[c % NORM_MID], memory_order_acquire) : NULL;
    if (k) {
      q->qlc = c;
      q->qlk = k;
      return k + SX_NFIELDS * (size_t)(doc & (NORM_DOCS - 1));
    }
  }
  return doc_ql_load(q, doc);
}

/* Document doc's quantised lengths: a lookup in memory once its chunk was
** read (the documents a query scores come in id order: mostly the chunk of
** the one before). */
static inline const uint8_t *doc_ql(SxQuery *q, int64_t doc) {
  if (doc >> NORM_SHIFT == q->qlc) return q->qlk + SX_NFIELDS * (size_t)(doc & (NORM_DOCS - 1));
  return doc_ql_chunk(q, doc);
}

void sx_stats(const SxQuery *q, SxStats *s) { *s = q->st; }
int sxq_failed(const SxQuery *q) { return q->failed; }

void sxq_item(SxQuery *q, int group) {
  grow((void **)&q->items, &q->capitems, (size_t)q->nitems + 1, sizeof *q->items);
  Item *it = &q->items[q->nitems++];
  it->group = group < 0 ? SXQ_EXCLUDE : group;
  it->a0 = q->nalts;
  it->na = 0;
}

int sxq_positive(const SxQuery *q) {
  for (int i = 0; i < q->nitems; i++)
    if (q->items[i].group != SXQ_EXCLUDE && q->items[i].na) return 1;
  return 0;
}

/* An inline term's postings as the list's one block (its bound the
** term's), its positions as if read at once. */
static int list_inline(SxQuery *q, List *l) {
  int n = (int)l->df;
  l->b = xmalloc(sizeof *l->b);
  l->post = xmalloc(sizeof *l->post * (size_t)(n + 1));
  l->pblk = xmalloc(sizeof *l->pblk * 2);
  l->posbi = -1;
  if (!l->pall) l->pall = xmalloc(1);
  if (n < 1 || !l->data || decode_block(0, n, l->data, l->dn, NULL, 0, l->post) < 0)
    return mj_fail(MJ_EINVAL, "search index: the postings of term %lld are corrupt; run majlis search --rebuild",
                   (long long)l->term);
  bound_init(l->bound); /* the term's bound, exact: from its postings and their documents' lengths */
  for (int i = 0; i < n; i++) bound_add(l->bound, l->post[i].tf, doc_ql(q, l->post[i].doc));
  Blk *k = &l->b[0];
  k->first = l->post[0].doc;
  k->last = l->post[n - 1].doc;
  k->n = (uint32_t)n;
  memcpy(k->bound, l->bound, NBOUND);
  k->off = 0;
  k->len = l->dn;
  l->nb = 1;
  l->maxn = n;
  l->pblk[0] = 0;
  l->pblk[1] = l->pn;
  q->st.blocks_loaded++;
  return MJ_OK;
}

/* Reads every block's header and postings bytes of a term. */
static int list_load(SxQuery *q, List *l) {
  if (l->inl) return list_inline(q, l);
  sqlite3_stmt *st = sx_stmt(q->ix, SXS_BLOCKS);
  if (!st) return MJ_EIO;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, l->term);
  /* room for what the df suggests (postings take about 3.3 bytes): no
  ** copy after copy as the buffers double */
  size_t cap = (size_t)l->df * 4 + 64, used = 0;
  int capb = (int)(l->df / (SX_BLOCK / 2)) + 2, s;
  l->data = xmalloc(cap);
  l->b = xmalloc(sizeof *l->b * (size_t)capb);
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    if (l->nb == capb) {
      capb = capb ? capb * 2 : 8;
      l->b = xrealloc(l->b, sizeof *l->b * (size_t)capb);
    }
    Blk *k = &l->b[l->nb];
    k->first = sqlite3_column_int64(st, 0);
    k->last = sqlite3_column_int64(st, 1);
    int n = sqlite3_column_int(st, 2);
    if (n < 1 || n > 4 * SX_BLOCK || sqlite3_column_bytes(st, 3) != NBOUND || k->last < k->first ||
        (l->nb && k->first <= l->b[l->nb - 1].last)) {
      sqlite3_reset(st);
      return mj_fail(MJ_EINVAL, "search index: the blocks of term %lld are corrupt; run majlis search --rebuild",
                     (long long)l->term);
    }
    k->n = (uint32_t)n;
    if (n > l->maxn) l->maxn = n;
    memcpy(k->bound, sqlite3_column_blob(st, 3), NBOUND);
    size_t len = (size_t)sqlite3_column_bytes(st, 4);
    bytes_append(&l->data, &used, &cap, sqlite3_column_blob(st, 4), len);
    k->off = used - len;
    k->len = len;
    l->nb++;
  }
  sqlite3_reset(st);
  if (s != SQLITE_DONE) return mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(q->ix->db));
  q->st.blocks_loaded += l->nb;
  l->post = xmalloc(sizeof *l->post * (size_t)(l->maxn + 1));
  l->posbi = -1;
  return MJ_OK;
}

static void list_reset(List *l) {
  l->bi = 0;
  l->dec = l->inl; /* an inline list's one block was decoded when loaded */
  l->di = 0;
  l->cur = l->nb ? l->b[0].first : END;
}

static int list_decode(SxQuery *q, List *l) {
  if (l->dec) return 0;
  const Blk *k = &l->b[l->bi];
  q->st.blocks_decoded++;
  if (decode_block(l->inl ? 0 : k->first, (int)k->n, l->data + k->off, k->len, NULL, 0, l->post) < 0 ||
      l->post[0].doc != k->first ||
      l->post[k->n - 1].doc != k->last) {
    q->failed = 1;
    mj_fail(MJ_EINVAL, "search index: a block of term %lld is corrupt; run majlis search --rebuild", (long long)l->term);
    l->cur = END;
    l->bi = l->nb;
    return -1;
  }
  l->dec = 1;
  return 0;
}

static void list_next(SxQuery *q, List *l) {
  if (l->cur == END) return;
  if (list_decode(q, l)) return;
  if (++l->di >= (int)l->b[l->bi].n) {
    l->bi++;
    l->di = 0;
    l->dec = 0;
    l->cur = l->bi < l->nb ? l->b[l->bi].first : END;
    return;
  }
  l->cur = l->post[l->di].doc;
}

static void list_seek(SxQuery *q, List *l, int64_t d) {
  if (l->cur >= d) return;
  if (l->b[l->bi].last < d) {
    /* skip whole blocks without decoding them (binary search) */
    int lo = l->bi + 1, hi = l->nb;
    while (lo < hi) {
      int m = (lo + hi) / 2;
      if (l->b[m].last < d) lo = m + 1;
      else hi = m;
    }
    l->bi = lo;
    l->di = 0;
    l->dec = 0;
    if (lo == l->nb) {
      l->cur = END;
      return;
    }
    if (l->b[lo].first >= d) {
      l->cur = l->b[lo].first;
      return;
    }
  }
  if (list_decode(q, l)) return;
  while (l->post[l->di].doc < d) l->di++; /* stops: the block's last is >= d */
  l->cur = l->post[l->di].doc;
}

static const Post *list_post(SxQuery *q, List *l) {
  if (list_decode(q, l)) return NULL;
  return &l->post[l->di];
}

static int pos_corrupt(SxQuery *q, const List *l) {
  q->failed = 1;
  return mj_fail(MJ_EINVAL, "search index: positions of term %lld corrupt or missing; run majlis search --rebuild",
                 (long long)l->term);
}

/* Reads the positions of all of l's blocks with one range read: what a
** phrase or proximity check costs when it visits most of a term's blocks
** (one point query per block costs a B-tree descent and a statement step
** each, several times the bytes' worth). */
static int list_load_positions(SxQuery *q, List *l) {
  sqlite3_stmt *st = sx_stmt(q->ix, SXS_POSALL);
  if (!st) {
    q->failed = 1;
    return MJ_EIO;
  }
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, l->term);
  size_t cap = (size_t)l->df * 3 + 64, used = 0; /* (positions take about 2.2 bytes a posting) */
  int bi = 0, s;
  l->pall = xmalloc(cap);
  l->pblk = xmalloc(sizeof *l->pblk * (size_t)(l->nb + 1));
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    if (bi >= l->nb || sqlite3_column_int64(st, 0) != l->b[bi].first) {
      sqlite3_reset(st);
      return pos_corrupt(q, l);
    }
    size_t n = (size_t)sqlite3_column_bytes(st, 1);
    bytes_append(&l->pall, &used, &cap, sqlite3_column_blob(st, 1), n);
    l->pblk[bi++] = used - n;
  }
  sqlite3_reset(st);
  if (s != SQLITE_DONE) {
    q->failed = 1;
    return mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(q->ix->db));
  }
  if (bi != l->nb) return pos_corrupt(q, l);
  l->pblk[l->nb] = used;
  if (!l->pall) l->pall = xmalloc(1);
  q->st.positions += l->nb;
  return MJ_OK;
}

/* The positions of the current posting, appended to u's position vector.
** A block's position bytes come from the term's range read (dense lists)
** or a point query; each posting's start is found by walking the varints
** of the postings before it, only as far as the list has come. */
static int list_positions(SxQuery *q, List *l, Unit *u) {
  const Post *p = list_post(q, l);
  if (!p) return -1;
  const Blk *k = &l->b[l->bi];
  if (l->posbi != l->bi) {
    l->posbi = -1;
    if (l->dense && !l->pall && list_load_positions(q, l)) return -1;
    if (l->pall) {
      l->pos = l->pall + l->pblk[l->bi];
      l->posend = l->pall + l->pblk[l->bi + 1];
    } else {
      sqlite3_stmt *st = sx_stmt(q->ix, SXS_POS);
      if (!st) {
        q->failed = 1;
        return -1;
      }
      sqlite3_reset(st);
      sqlite3_bind_int64(st, 1, l->term);
      sqlite3_bind_int64(st, 2, k->first);
      if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return pos_corrupt(q, l);
      }
      size_t n = (size_t)sqlite3_column_bytes(st, 0);
      free(l->posown);
      l->posown = xmalloc(n + 1);
      memcpy(l->posown, sqlite3_column_blob(st, 0), n);
      sqlite3_reset(st);
      l->pos = l->posown;
      l->posend = l->posown + n;
      q->st.positions++;
    }
    l->posoff = xrealloc(l->posoff, sizeof *l->posoff * (k->n + 1));
    l->posoff[0] = 0;
    l->posparsed = 0;
    l->posbi = l->bi;
  }
  int bad = 0;
  while (l->posparsed <= l->di) { /* the start of posting di + 1 = the end of di */
    const uint8_t *c = l->pos + l->posoff[l->posparsed], *e = l->posend;
    uint32_t left = post_npos(&l->post[l->posparsed]); /* varints to skip: count their last bytes */
    while (left > 8 && e - c >= 8) {                     /* eight bytes at a time */
      uint64_t w;
      memcpy(&w, c, 8);
      /* the bytes whose high bit is clear, summed into the top byte (no
      ** popcount instruction is assumed: the builtin is a library call) */
      uint32_t ends = (uint32_t)((((~w & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull) >> 56);
      if (ends >= left) break;
      left -= ends;
      c += 8;
    }
    while (left && c < e) left -= !(*c++ & 0x80);
    if (left) return pos_corrupt(q, l);
    l->posoff[++l->posparsed] = (size_t)(c - l->pos);
  }
  if (l->posparsed == (int)k->n && l->pos + l->posoff[k->n] != l->posend) return pos_corrupt(q, l);
  const uint8_t *c = l->pos + l->posoff[l->di], *e = l->pos + l->posoff[l->di + 1];
  uint32_t np = post_npos(p);
  grow((void **)&u->pv, &u->cappv, u->npv + np, sizeof *u->pv);
  for (int f = 0; f < SX_NFIELDS; f++) { /* deltas, each field's first from its base */
    uint32_t at = field_base[f];
    for (uint32_t j = 0; j < p->tf[f]; j++) {
      at += (uint32_t)get_varint(&c, e, &bad);
      u->pv[u->npv++] = at;
    }
  }
  return bad ? -1 : 0;
}

/* ---- units: one query word, the union of its normal forms' lists ---- */

/* A word often has tens of forms, most of them rare: the unit keeps the
** lists not yet exhausted (act) as a min-heap by their current document,
** and the ones at its current document (at). A seek moves only the lists
** behind the target (the heap's top ones), a step only those at cur: it
** costs the lists that move, a logarithm each, not all the live lists. */
static void act_down(Unit *u, int i) {
  int n = u->nact;
  struct Act x = u->act[i];
  for (;;) {
    int m = 2 * i + 1;
    if (m >= n) break;
    if (m + 1 < n && u->act[m + 1].cur < u->act[m].cur) m++;
    if (u->act[m].cur >= x.cur) break;
    u->act[i] = u->act[m];
    i = m;
  }
  u->act[i] = x;
}

/* The top list moved on (or is exhausted): back into order. */
static void act_top_moved(SxQuery *q, Unit *u) {
  int64_t c = q->lists[u->act[0].li].cur;
  if (c == END) u->act[0] = u->act[--u->nact];
  else u->act[0].cur = c;
  if (u->nact > 1) act_down(u, 0);
}

/* cur and at from the heap: the lists at the smallest document. */
static void unit_update(SxQuery *q, Unit *u) {
  (void)q;
  u->nat = 0;
  if (!u->nact) {
    u->cur = END;
    return;
  }
  int64_t c = u->act[0].cur;
  u->cur = c;
  int stack[64], ns = 0; /* the heap's nodes at c form a subtree at the root */
  stack[ns++] = 0;
  while (ns) {
    int i = stack[--ns];
    u->at[u->nat++] = u->act[i].li;
    for (int m = 2 * i + 1; m <= 2 * i + 2 && m < u->nact; m++)
      if (u->act[m].cur == c) {
        if (ns < (int)MJ_COUNT(stack)) stack[ns++] = m;
        else u->at[u->nat++] = u->act[m].li; /* (a depth beyond any unit's) */
      }
  }
}

static void unit_reset(SxQuery *q, Unit *u) {
  u->nact = 0;
  for (int i = 0; i < u->nl; i++) {
    List *l = &q->lists[u->l0 + i];
    list_reset(l);
    if (l->cur != END) u->act[u->nact++] = (struct Act){l->cur, u->l0 + i};
  }
  for (int i = u->nact / 2 - 1; i >= 0; i--) act_down(u, i);
  u->posdoc = -1;
  unit_update(q, u);
}

static void unit_seek(SxQuery *q, Unit *u, int64_t d) {
  if (u->cur >= d) return;
  while (u->nact && u->act[0].cur < d) {
    list_seek(q, &q->lists[u->act[0].li], d);
    act_top_moved(q, u);
  }
  unit_update(q, u);
}

static void unit_next(SxQuery *q, Unit *u) {
  if (u->cur == END) return;
  int64_t c = u->cur;
  while (u->nact && u->act[0].cur == c) {
    list_next(q, &q->lists[u->act[0].li]);
    act_top_moved(q, u);
  }
  unit_update(q, u);
}

static double bm25f(const SxIndex *ix, double idf, const double *tf, const uint8_t *ql) {
  double x = 0;
  for (int f = 0; f < SX_NFIELDS; f++)
    if (tf[f] > 0) x += ix->p.w[f] * tf[f] / ix->norm[f][ql[f]];
  return x > 0 ? idf * x * (ix->p.k1 + 1) / (ix->p.k1 + x) : 0;
}

/* The unit's BM25F score at its current document. */
static double unit_score(SxQuery *q, Unit *u) {
  double tf[SX_NFIELDS] = {0};
  for (int i = 0; i < u->nat; i++) {
    List *l = &q->lists[u->at[i]];
    const Post *p = list_post(q, l);
    if (!p) return 0;
    for (int f = 0; f < SX_NFIELDS; f++) tf[f] += p->tf[f];
  }
  return bm25f(q->ix, u->idf, tf, doc_ql(q, u->cur)); /* (bm25f reads the lengths of fields with tf only) */
}


/* The unit's positions in its current document, sorted. */
static const uint32_t *unit_positions(SxQuery *q, Unit *u, size_t *n) {
  if (u->posdoc != u->cur) {
    u->npv = 0;
    for (int i = 0; i < u->nat; i++) {
      List *l = &q->lists[u->at[i]];
      size_t run = u->npv; /* each list's positions come sorted: merge them in */
      if (list_positions(q, l, u)) {
        u->npv = 0;
        break;
      }
      if (run && u->npv > run && u->pv[run] < u->pv[run - 1]) {
        grow((void **)&u->pv2, &u->cappv2, u->npv, sizeof *u->pv2);
        size_t a = 0, b = run, o = 0;
        while (a < run && b < u->npv) u->pv2[o++] = u->pv[a] < u->pv[b] ? u->pv[a++] : u->pv[b++];
        while (a < run) u->pv2[o++] = u->pv[a++];
        while (b < u->npv) u->pv2[o++] = u->pv[b++];
        uint32_t *t = u->pv;
        size_t tc = u->cappv;
        u->pv = u->pv2;
        u->cappv = u->cappv2;
        u->pv2 = t;
        u->cappv2 = tc;
      }
    }
    u->posdoc = u->cur;
  }
  *n = u->npv;
  return u->pv;
}

static int has_pos(const uint32_t *p, size_t n, uint32_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (p[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo < n && p[lo] == x;
}

static int list_cmp(const void *x, const void *y) { return (int)cmp_i64(((const List *)x)->term, ((const List *)y)->term); }

/* Resolves a word into a unit of lists (creating it, or finding the same
** word met before in this part of the query). */
static int word_unit(SxQuery *q, int part, const char *norm, const char *stem, int exact, int prefix) {
  char key[sizeof q->units[0].key];
  snprintf(key, sizeof key, "%d%c%s|%s", part, prefix ? 'p' : exact ? 'x' : 's', prefix || exact ? norm : stem,
           prefix ? stem : "");
  for (int i = 0; i < q->nunits; i++)
    if (strcmp(q->units[i].key, key) == 0) return i;
  SxIndex *ix = q->ix;
  sqlite3_stmt *st = sx_stmt(ix, prefix ? SXS_PREFIX : exact ? SXS_EXACT : SXS_WORD);
  char hi1[ANALYZER_MAX_BYTES + 1], hi2[ANALYZER_MAX_BYTES + 1];
  if (!st) {
    q->failed = 1; /* an empty unit; sx_top reports the failure */
  } else if (prefix) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    size_t n1 = strlen(norm), n2 = strlen(stem);
    memcpy(hi1, norm, n1 + 1);
    memcpy(hi2, stem, n2 + 1);
    if (n1) hi1[n1 - 1]++;
    if (n2) hi2[n2 - 1]++;
    sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hi1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, stem, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, hi2, -1, SQLITE_STATIC);
  } else if (exact) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
  } else {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* ?2 is bound only for some words */
    sqlite3_bind_text(st, 1, stem, -1, SQLITE_STATIC);
    /* with "expand", also forms whose stem is this word's normal form */
    if ((ix->cfg.flags & ANALYZER_EXPAND) && strcmp(norm, stem) != 0) sqlite3_bind_text(st, 2, norm, -1, SQLITE_STATIC);
  }
  grow((void **)&q->units, &q->capunits, (size_t)q->nunits + 1, sizeof *q->units);
  free(q->eorder); /* a new unit: early_score orders them again */
  q->eorder = NULL;
  Unit *u = &q->units[q->nunits];
  memset(u, 0, sizeof *u);
  memcpy(u->key, key, sizeof key);
  u->part = part;
  u->l0 = q->nlists;
  int s = SQLITE_DONE;
  while (st && (s = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    grow((void **)&q->lists, &q->caplists, (size_t)q->nlists + 1, sizeof *q->lists);
    List *l = &q->lists[q->nlists++];
    memset(l, 0, sizeof *l);
    l->term = id;
    l->df = (uint32_t)sqlite3_column_int64(st, 1);
    if (sqlite3_column_bytes(st, 2) == NBOUND) memcpy(l->bound, sqlite3_column_blob(st, 2), NBOUND);
    else memset(l->bound, 255, NBOUND);
    if (l->df <= SX_INLINE) { /* the postings came with the row */
      l->inl = 1;
      l->dn = (size_t)sqlite3_column_bytes(st, 3);
      const void *d = sqlite3_column_blob(st, 3);
      if (d) {
        l->data = xmalloc(l->dn + 1);
        memcpy(l->data, d, l->dn);
      }
      l->pn = (size_t)sqlite3_column_bytes(st, 4);
      const void *p = sqlite3_column_blob(st, 4);
      l->pall = xmalloc(l->pn + 1);
      if (p) memcpy(l->pall, p, l->pn);
    }
  }
  if (st) sqlite3_reset(st);
  /* by term id, each once (UNION ALL may give a row twice) */
  if (q->nlists - u->l0 > 1) qsort(q->lists + u->l0, (size_t)(q->nlists - u->l0), sizeof *q->lists, list_cmp);
  int kept = u->l0;
  for (int i = u->l0; i < q->nlists; i++) {
    if (kept > u->l0 && q->lists[kept - 1].term == q->lists[i].term) {
      free(q->lists[i].data);
      free(q->lists[i].pall);
      continue;
    }
    q->lists[kept++] = q->lists[i];
  }
  q->nlists = kept;
  if (s != SQLITE_DONE) {
    q->failed = 1;
    mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(ix->db));
  }
  u->nl = q->nlists - u->l0;
  u->act = xmalloc(sizeof *u->act * (size_t)(u->nl + 1));
  u->at = xmalloc(sizeof *u->at * (size_t)(u->nl + 1));
  for (int i = 0; i < u->nl && !q->failed; i++)
    if (list_load(q, &q->lists[u->l0 + i])) q->failed = 1;
  /* idf from the sum of the forms' document frequencies (an upper bound
  ** of the documents holding any of them) */
  uint64_t df = 0;
  double tf[SX_NFIELDS] = {0};
  uint8_t ql[SX_NFIELDS] = {255, 255, 255};
  int sat = 0;
  for (int i = 0; i < u->nl; i++) {
    const List *l = &q->lists[u->l0 + i];
    df += l->df;
    for (int f = 0; f < SX_NFIELDS; f++) {
      tf[f] += l->bound[f];
      sat |= l->bound[f] == 255;
      if (l->bound[f] && l->bound[3 + f] < ql[f]) ql[f] = l->bound[3 + f];
    }
  }
  double n = (double)ix->ndocs;
  if ((double)df > n) df = (uint64_t)n;
  u->df = (uint32_t)df;
  u->idf = u->nl ? log(1.0 + (n - (double)df + 0.5) / ((double)df + 0.5)) : 0;
  u->eb = q->plain && ix->p.early > 0 ? ix->p.early * u->idf : 0;
  u->ub = (sat ? u->idf * (ix->p.k1 + 1) : bm25f(ix, u->idf, tf, ql)) + u->eb;
  u->cur = END;
  u->posdoc = -1;
  return q->nunits++;
}

typedef struct QWords {
  struct {
    char norm[ANALYZER_MAX_BYTES], stem[ANALYZER_MAX_BYTES];
  } w[ANALYZER_MAX_QUERY_WORDS];
  int n;
} QWords;

static int qwords_emit(void *ctx, const AnalyzerToken *t) {
  QWords *w = ctx;
  if (w->n >= ANALYZER_MAX_QUERY_WORDS) return 1;
  memcpy(w->w[w->n].norm, t->norm, t->nnorm + 1);
  memcpy(w->w[w->n].stem, t->stem, t->nstem);
  w->w[w->n].stem[t->nstem] = 0;
  w->n++;
  return 0;
}

static int alt_impl(SxQuery *q, const char *text, size_t n, unsigned flags, int qpos) {
  if (!q->nitems) sxq_item(q, 0);
  Item *it = &q->items[q->nitems - 1];
  QWords *w = xmalloc(sizeof *w);
  w->n = 0;
  analyzer_tokenize(&q->ix->cfg, text, n, qwords_emit, w);
  int part = it->group == SXQ_EXCLUDE;
  int nw = w->n;
  if (nw) {
    grow((void **)&q->alts, &q->capalts, (size_t)q->nalts + 1, sizeof *q->alts);
    /* the item's alternatives must be contiguous: items are filled in order */
    Alt *a = &q->alts[q->nalts++];
    a->u0 = q->nau;
    a->nu = nw;
    grow((void **)&q->au, &q->capau, (size_t)(q->nau + nw), sizeof *q->au);
    for (int i = 0; i < nw; i++) {
      int u = word_unit(q, part, w->w[i].norm, w->w[i].stem, (flags & SXQ_EXACT) != 0,
                        (flags & SXQ_PREFIX) && i == nw - 1);
      q->au[q->nau++] = u;
      if (!part && qpos >= 0) {
        grow((void **)&q->seq, &q->capseq, (size_t)q->nseq + 1, sizeof *q->seq);
        q->seq[q->nseq].unit = u;
        q->seq[q->nseq].qpos = qpos + i;
        q->nseq++;
      }
    }
    it->na++;
  }
  free(w);
  return nw;
}

/* ---- matching ---- */

static int alt_match(SxQuery *q, const Alt *a, int64_t d) {
  for (int i = 0; i < a->nu; i++) {
    Unit *u = &q->units[q->au[a->u0 + i]];
    unit_seek(q, u, d);
    if (u->cur != d) return 0;
  }
  if (a->nu == 1) return 1;
  /* The words are checked rarest first: the rarest one's positions are the
  ** anchors, and a common word's positions (a block's row read and walked,
  ** for "في" or "من" in most speeches) are read only where the rarer words
  ** already stand in order. The phrase's words by falling idf: */
  int ord[16], no = a->nu < 16 ? a->nu : 16;
  for (int i = 0; i < no; i++) {
    int j = i;
    for (; j > 0 && q->units[q->au[a->u0 + ord[j - 1]]].df > q->units[q->au[a->u0 + i]].df; j--) ord[j] = ord[j - 1];
    ord[j] = i;
  }
  int r = ord[0];
  size_t n0;
  const uint32_t *p0 = unit_positions(q, &q->units[q->au[a->u0 + r]], &n0);
  for (size_t k = 0; k < n0; k++) {
    if (p0[k] < (uint32_t)r) continue; /* the phrase would start before the field */
    uint32_t start = p0[k] - (uint32_t)r;
    int ok = 1;
    for (int o = 1; o < a->nu && ok; o++) {
      int i = o < no ? ord[o] : o; /* (a phrase of more than 16 words: the rest in order) */
      size_t ni;
      const uint32_t *pi = unit_positions(q, &q->units[q->au[a->u0 + i]], &ni);
      ok = has_pos(pi, ni, start + (uint32_t)i);
    }
    if (ok) return 1;
  }
  return 0;
}

static int item_match(SxQuery *q, const Item *it, int64_t d) {
  for (int i = 0; i < it->na; i++)
    if (alt_match(q, &q->alts[it->a0 + i], d)) return 1;
  return 0;
}

/* Whether d matches the positive part (part 0: some group has all its
** items) or an exclusion (part 1: any exclusion item). */
static int doc_match(SxQuery *q, int part, int64_t d) {
  if (part) {
    for (int i = 0; i < q->nitems; i++)
      if (q->items[i].group == SXQ_EXCLUDE && q->items[i].na && item_match(q, &q->items[i], d)) return 1;
    return 0;
  }
  for (int i = 0; i < q->nitems; i++) {
    const Item *it = &q->items[i];
    if (it->group == SXQ_EXCLUDE || !it->na) continue;
    int first = 1; /* evaluate each group once, at its first item */
    for (int j = 0; j < i && first; j++) first = q->items[j].group != it->group || !q->items[j].na;
    if (!first) continue;
    int all = 1;
    for (int j = i; j < q->nitems && all; j++)
      if (q->items[j].group == it->group && q->items[j].na) all = item_match(q, &q->items[j], d);
    if (all) return 1;
  }
  return 0;
}

/* Marks the driving units of a part: for each group, the item whose
** rarest words are rarest, and of its alternatives each one's rarest word
** (every match of the group holds one of them). */
static void choose_drivers(SxQuery *q, int part) {
  for (int i = 0; i < q->nunits; i++) q->units[i].drive = 0;
  for (int i = 0; i < q->nitems; i++) {
    const Item *it = &q->items[i];
    if ((it->group == SXQ_EXCLUDE) != part || !it->na) continue;
    int first = 1;
    if (!part)
      for (int j = 0; j < i && first; j++) first = q->items[j].group != it->group || !q->items[j].na;
    if (!first) continue;
    const Item *best = it;
    uint64_t bestcost = UINT64_MAX;
    for (int j = i; j < q->nitems; j++) {
      const Item *c = &q->items[j];
      if (!c->na || (part ? j != i : c->group != it->group)) continue;
      uint64_t cost = 0;
      for (int a = 0; a < c->na; a++) {
        const Alt *al = &q->alts[c->a0 + a];
        uint32_t m = UINT32_MAX;
        for (int k = 0; k < al->nu; k++)
          if (q->units[q->au[al->u0 + k]].df < m) m = q->units[q->au[al->u0 + k]].df;
        cost += m;
      }
      if (cost < bestcost) {
        bestcost = cost;
        best = c;
      }
    }
    for (int a = 0; a < best->na; a++) {
      const Alt *al = &q->alts[best->a0 + a];
      int bu = q->au[al->u0];
      for (int k = 1; k < al->nu; k++)
        if (q->units[q->au[al->u0 + k]].df < q->units[bu].df) bu = q->au[al->u0 + k];
      q->units[bu].drive = 1;
    }
  }
}

static int64_t drivers_min(SxQuery *q) {
  int64_t d = END;
  for (int i = 0; i < q->nunits; i++)
    if (q->units[i].drive && q->units[i].cur < d) d = q->units[i].cur;
  return d;
}

static void drivers_next(SxQuery *q, int64_t d) {
  for (int i = 0; i < q->nunits; i++)
    if (q->units[i].drive && q->units[i].cur == d) unit_next(q, &q->units[i]);
}

static void reset_units(SxQuery *q) {
  for (int i = 0; i < q->nunits; i++) unit_reset(q, &q->units[i]);
}

static int i64_in(const int64_t *v, size_t n, int64_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (v[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo < n && v[lo] == x;
}

/* Every document of a part, in id order. */
static int part_docs(SxQuery *q, int part, int64_t **out, size_t *nout) {
  reset_units(q);
  choose_drivers(q, part);
  int64_t *v = NULL;
  size_t n = 0, cap = 0;
  for (int64_t d = drivers_min(q); d != END && !q->failed; d = drivers_min(q)) {
    if (doc_match(q, part, d) && (part || !i64_in(q->excl, q->nexcl, d))) {
      grow((void **)&v, &cap, n + 1, sizeof *v);
      v[n++] = d;
    }
    drivers_next(q, d);
  }
  *out = v;
  *nout = n;
  return q->failed ? MJ_EINVAL : MJ_OK;
}

static int exclusions(SxQuery *q) {
  if (q->excl_done) return MJ_OK;
  q->excl_done = 1;
  int any = 0;
  for (int i = 0; i < q->nitems; i++) any |= q->items[i].group == SXQ_EXCLUDE && q->items[i].na;
  if (!any) return MJ_OK;
  return part_docs(q, 1, &q->excl, &q->nexcl);
}

static int matches_impl(SxQuery *q, int64_t **docs, size_t *n) {
  *docs = NULL;
  *n = 0;
  if (q->failed) return MJ_EINVAL;
  if (!sxq_positive(q)) {
    int rc = exclusions(q);
    if (!rc && q->nexcl) {
      *docs = xmalloc(sizeof **docs * q->nexcl);
      memcpy(*docs, q->excl, sizeof **docs * q->nexcl);
      *n = q->nexcl;
    }
    return rc;
  }
  int rc = exclusions(q);
  return rc ? rc : part_docs(q, 0, docs, n);
}

/* ---- ranking ---- */

/* The largest proximity boost any document can get. */
static double prox_max(const SxQuery *q) {
  double m = 0;
  if (q->ix->p.prox <= 0) return 0;
  for (int i = 0; i + 1 < q->nseq; i++) {
    const Unit *a = &q->units[q->seq[i].unit], *b = &q->units[q->seq[i + 1].unit];
    if (a == b) continue;
    m += q->ix->p.prox * (a->idf < b->idf ? a->idf : b->idf);
  }
  return m;
}

/* The proximity boost of d (every positive unit already sought to d). */
static double prox_score(SxQuery *q, int64_t d) {
  const SxParams *p = &q->ix->p;
  double s = 0;
  if (p->prox <= 0) return 0;
  for (int i = 0; i + 1 < q->nseq; i++) {
    Unit *a = &q->units[q->seq[i].unit], *b = &q->units[q->seq[i + 1].unit];
    if (a == b) continue;
    unit_seek(q, a, d);
    unit_seek(q, b, d);
    if (a->cur != d || b->cur != d) continue;
    int gap = q->seq[i + 1].qpos - q->seq[i].qpos;
    if (gap < 1) gap = 1;
    uint32_t win = (uint32_t)gap + (uint32_t)(p->proxwin > 0 ? p->proxwin - 1 : 0);
    size_t na, nb;
    const uint32_t *pa = unit_positions(q, a, &na);
    const uint32_t *pb = unit_positions(q, b, &nb);
    size_t c = 0, j = 0;
    for (size_t k = 0; k < na; k++) {
      while (j < nb && pb[j] <= pa[k]) j++;
      if (j < nb && pb[j] - pa[k] <= win) c++;
    }
    if (c) s += p->prox * (a->idf < b->idf ? a->idf : b->idf) * (double)c / ((double)c + 1.0);
  }
  return s;
}

/* Whether x is worse than y: lower score, or the same score and a later id. */
static int worse(const SxHit *x, const SxHit *y) {
  return x->score < y->score || (x->score == y->score && x->doc > y->doc);
}

typedef struct Heap {
  SxHit *h;
  int n, k;
} Heap;

static void heap_push(Heap *hp, int64_t doc, double score) {
  SxHit x = {doc, score};
  if (hp->n == hp->k) {
    if (!worse(&hp->h[0], &x)) return;
    int i = 0; /* replace the root and sift down */
    for (;;) {
      int l = 2 * i + 1, r = l + 1, m = i;
      const SxHit *cand = &x;
      if (l < hp->n && worse(&hp->h[l], cand)) {
        m = l;
        cand = &hp->h[l];
      }
      if (r < hp->n && worse(&hp->h[r], cand)) m = r;
      if (m == i) break;
      hp->h[i] = hp->h[m];
      i = m;
    }
    hp->h[i] = x;
    return;
  }
  int i = hp->n++;
  while (i > 0 && worse(&x, &hp->h[(i - 1) / 2])) {
    hp->h[i] = hp->h[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  hp->h[i] = x;
}

/* An upper bound b cannot beat the current k-th best theta (a small margin
** keeps rounding from pruning a document that would tie). */
static int cannot_enter(const Heap *hp, double b) {
  return hp->n == hp->k && b + 1e-9 * fabs(b) + 1e-12 <= hp->h[0].score;
}

/* The early-mention bonus a unit gives d (it is at d): u->eb * earlywin /
** (earlywin + its first position in the text); 0 when it is not in the text. */
static double unit_early(SxQuery *q, Unit *u) {
  size_t n;
  const uint32_t *pos = unit_positions(q, u, &n);
  size_t lo = 0, hi = n; /* the first position in the text field: positions ascend */
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (pos[m] < field_base[SX_TEXT]) lo = m + 1;
    else hi = m;
  }
  if (lo == n) return 0;
  double w = q->ix->p.earlywin;
  return u->eb * w / (w + (double)(pos[lo] - field_base[SX_TEXT]));
}

/* Units by falling eb (their largest early bonus), for early_score. */
static const SxQuery *eb_q;
static int by_eb_desc(const void *x, const void *y) {
  const Unit *a = &eb_q->units[*(const int *)x], *b = &eb_q->units[*(const int *)y];
  return a->eb > b->eb ? -1 : a->eb < b->eb;
}

/* The early-mention bonus of d (sindex.h, SxParams; plain queries only):
** the sum of unit_early over the positive units at d, at most the sum of
** their eb. The units are read from the largest eb down (a rare word's
** positions are few), and with hp the reading stops as soon as base + the
** bonus so far + the rest's eb cannot enter the top k: then *pruned is set
** and the bound returned. */
static double early_score(SxQuery *q, int64_t d, const Heap *hp, double base, int *pruned) {
  *pruned = 0;
  if (!q->plain || q->ix->p.early <= 0) return 0;
  if (!q->eorder) {
    q->eorder = xmalloc(sizeof *q->eorder * (size_t)(q->nunits + 1));
    for (int i = 0; i < q->nunits; i++) q->eorder[i] = i;
    pthread_mutex_lock(&sort_mu);
    eb_q = q;
    qsort(q->eorder, (size_t)q->nunits, sizeof *q->eorder, by_eb_desc);
    pthread_mutex_unlock(&sort_mu);
  }
  double rest = 0, s = 0;
  for (int i = 0; i < q->nunits; i++) {
    Unit *u = &q->units[i];
    if (u->part) continue;
    unit_seek(q, u, d);
    if (u->cur == d) rest += u->eb;
  }
  for (int i = 0; i < q->nunits; i++) {
    Unit *u = &q->units[q->eorder[i]];
    if (u->part || u->cur != d) continue;
    rest -= u->eb;
    s += unit_early(q, u);
    if (hp && cannot_enter(hp, base + s + (rest > 0 ? rest : 0))) {
      *pruned = 1;
      return s + (rest > 0 ? rest : 0);
    }
  }
  return s;
}

static int hit_cmp(const void *x, const void *y) {
  const SxHit *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return (int)cmp_i64(a->doc, b->doc);
}

static int allowed(SxQuery *q, SxAllow allow, void *ctx, int64_t d) {
  if (q->nexcl && i64_in(q->excl, q->nexcl, d)) return 0;
  return !allow || allow(ctx, d);
}

static int by_ub(const void *x, const void *y, const SxQuery *q) {
  const Unit *a = &q->units[*(const int *)x], *b = &q->units[*(const int *)y];
  return a->ub < b->ub ? -1 : a->ub > b->ub;
}
static const SxQuery *sort_q;
static int by_ub_cmp(const void *x, const void *y) { return by_ub(x, y, sort_q); }

/* MaxScore for an OR of words (each group one item of one word). */
static void top_maxscore(SxQuery *q, Heap *hp, SxAllow allow, void *ctx) {
  int m = 0;
  int *order = xmalloc(sizeof *order * (size_t)(q->nunits + 1));
  for (int i = 0; i < q->nunits; i++)
    if (!q->units[i].part) order[m++] = i;
  pthread_mutex_lock(&sort_mu);
  sort_q = q;
  qsort(order, (size_t)m, sizeof *order, by_ub_cmp);
  pthread_mutex_unlock(&sort_mu);
  double *cum = xmalloc(sizeof *cum * (size_t)(m + 1));
  cum[0] = 0;
  for (int i = 0; i < m; i++) cum[i + 1] = cum[i] + q->units[order[i]].ub;
  double pmax = prox_max(q);
  int ne = 0; /* order[0 .. ne) are non-essential: alone they cannot reach the top k */
  while (!q->failed) {
    int64_t d = END;
    for (int i = ne; i < m; i++)
      if (q->units[order[i]].cur < d) d = q->units[order[i]].cur;
    if (d == END) break;
    q->st.candidates++;
    double s = 0, e = 0; /* e: the matched units' largest early bonuses, until early_score */
    for (int i = ne; i < m; i++)
      if (q->units[order[i]].cur == d) {
        s += unit_score(q, &q->units[order[i]]);
        e += q->units[order[i]].eb;
      }
    double rem = cum[ne];
    int pruned = cannot_enter(hp, s + e + rem + pmax);
    for (int i = ne - 1; i >= 0 && !pruned; i--) {
      Unit *u = &q->units[order[i]];
      rem -= u->ub;
      unit_seek(q, u, d);
      if (u->cur == d) {
        s += unit_score(q, u);
        e += u->eb;
      }
      pruned = cannot_enter(hp, s + e + rem + pmax);
    }
    if (e > 0 && !pruned) e = early_score(q, d, hp, s + pmax, &pruned); /* the bonus itself, from the positions */
    if (!pruned && allowed(q, allow, ctx, d)) {
      q->st.scored++;
      double fin = s + e + (pmax > 0 ? prox_score(q, d) : 0);
      heap_push(hp, d, fin);
      while (ne < m && cannot_enter(hp, cum[ne + 1] + pmax)) ne++;
    }
    for (int i = ne; i < m; i++)
      if (q->units[order[i]].cur == d) unit_next(q, &q->units[order[i]]);
    /* units that just became non-essential may sit at d: move them on */
    for (int i = 0; i < ne; i++)
      if (q->units[order[i]].cur == d) unit_next(q, &q->units[order[i]]);
  }
  free(order);
  free(cum);
}

/* Everything else: candidates from the drivers; a cheap BM25F score
** first, positions only when the document can still enter. */
static void top_drivers(SxQuery *q, Heap *hp, SxAllow allow, void *ctx, int exhaustive) {
  choose_drivers(q, 0);
  if (exhaustive)
    for (int i = 0; i < q->nunits; i++) q->units[i].drive = !q->units[i].part;
  /* at most this many candidates; a list with no more blocks than that will
  ** likely have most of them visited, so its positions are read at once */
  uint64_t cand = 0;
  for (int i = 0; i < q->nunits; i++)
    if (q->units[i].drive) cand += q->units[i].df;
  for (int i = 0; i < q->nunits; i++)
    if (!q->units[i].part)
      for (int j = 0; j < q->units[i].nl; j++) {
        List *l = &q->lists[q->units[i].l0 + j];
        l->dense = cand >= (uint64_t)l->nb;
      }
  double pmax = prox_max(q), rest = 0; /* rest: the other units' largest scores */
  for (int i = 0; i < q->nunits; i++)
    if (!q->units[i].part && !q->units[i].drive) rest += q->units[i].ub;
  for (int64_t d = drivers_min(q); d != END && !q->failed; d = drivers_min(q)) {
    q->st.candidates++;
    /* the drivers' scores first (they sit at d or past it); each other
    ** unit is sought only while d could still enter with its bound */
    double s = 0, e = 0, r = rest; /* e: as in top_maxscore */
    for (int i = 0; i < q->nunits; i++) {
      Unit *u = &q->units[i];
      if (!u->part && u->drive && u->cur == d) {
        s += unit_score(q, u);
        e += u->eb;
      }
    }
    int pruned = !exhaustive && cannot_enter(hp, s + e + r + pmax);
    for (int i = 0; i < q->nunits && !pruned; i++) {
      Unit *u = &q->units[i];
      if (u->part || u->drive) continue;
      unit_seek(q, u, d);
      if (u->cur == d) {
        s += unit_score(q, u);
        e += u->eb;
      }
      r -= u->ub;
      pruned = !exhaustive && cannot_enter(hp, s + e + (r > 0 ? r : 0) + pmax);
    }
    if (!pruned && allowed(q, allow, ctx, d) && doc_match(q, 0, d)) {
      if (e > 0) e = early_score(q, d, exhaustive ? NULL : hp, s + pmax, &pruned);
      if (!pruned) {
        q->st.scored++;
        heap_push(hp, d, s + e + prox_score(q, d));
      }
    }
    drivers_next(q, d);
  }
}

static int top_impl(SxQuery *q, int k, SxAllow allow, void *ctx, int exhaustive, SxHit *out, int *n) {
  *n = 0;
  long nread = q->st.norms_read; /* (counted over the whole query: most are read by sxq_alt, for bounds) */
  memset(&q->st, 0, sizeof q->st);
  q->st.norms_read = nread;
  if (q->failed) return MJ_EINVAL;
  if (k < 1) return mj_fail(MJ_EINVAL, "search index: k must be at least 1");
  if (!sxq_positive(q)) return MJ_OK;
  int rc = exclusions(q);
  if (rc) return rc;
  reset_units(q);
  int simple = 1; /* an OR of single words */
  for (int i = 0; i < q->nitems && simple; i++) {
    const Item *it = &q->items[i];
    if (it->group == SXQ_EXCLUDE || !it->na) continue;
    simple = it->na == 1 && q->alts[it->a0].nu == 1;
    for (int j = 0; j < q->nitems && simple; j++)
      if (j != i && q->items[j].group == it->group && q->items[j].na) simple = 0;
  }
  Heap hp = {out, 0, k};
  if (simple && !exhaustive) top_maxscore(q, &hp, allow, ctx);
  else top_drivers(q, &hp, allow, ctx, exhaustive);
  if (q->failed) return MJ_EINVAL;
  qsort(out, (size_t)hp.n, sizeof *out, hit_cmp);
  *n = hp.n;
  return MJ_OK;
}

/* One read transaction around each public reading call when the caller has
** none: SQLite otherwise takes and drops its file lock (and checks page 1)
** for every statement, and a query runs hundreds of them (one per term,
** per block of positions). Inside the caller's transaction nothing
** changes. A read transaction's COMMIT cannot fail for want of space. */
static int rd_step(SxIndex *ix, int which) {
  sqlite3_stmt *st = sx_stmt(ix, which);
  int ok = st && sqlite3_step(st) == SQLITE_DONE;
  if (st) sqlite3_reset(st);
  return ok;
}
static int rd_begin(SxIndex *ix) {
  if (!sqlite3_get_autocommit(ix->db)) return 0;
  /* inside a writing statement (a trigger's SQL function) autocommit is on
  ** too, but a COMMIT would fail there: leave it alone */
  for (sqlite3_stmt *st = sqlite3_next_stmt(ix->db, NULL); st; st = sqlite3_next_stmt(ix->db, st))
    if (sqlite3_stmt_busy(st) && !sqlite3_stmt_readonly(st)) return 0;
  int ok = rd_step(ix, SXS_BEGIN);
  if (!ok) mj_errclear(); /* without it the call just runs as before, one lock per statement */
  return ok;
}
static void rd_end(SxIndex *ix, int began) {
  if (began && !sqlite3_get_autocommit(ix->db) && !rd_step(ix, SXS_COMMIT))
    sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
}

int sxq_alt(SxQuery *q, const char *text, size_t n, unsigned flags, int qpos) {
  int began = rd_begin(q->ix);
  int r = alt_impl(q, text, n, flags, qpos);
  rd_end(q->ix, began);
  return r;
}

int64_t sxq_last_df(const SxQuery *q) {
  if (!q->nalts) return 0;
  const Alt *a = &q->alts[q->nalts - 1];
  int64_t df = -1;
  for (int i = 0; i < a->nu; i++) {
    int64_t d = q->units[q->au[a->u0 + i]].df;
    if (df < 0 || d < df) df = d;
  }
  return df < 0 ? 0 : df;
}

int64_t sx_word_df(SxIndex *ix, const char *text, size_t n) {
  SxQuery *q = sxq_new(ix);
  sxq_item(q, 0);
  int nw = sxq_alt(q, text, n, 0, -1);
  int64_t df = q->failed ? -1 : nw > 0 ? sxq_last_df(q) : 0;
  sxq_free(q);
  return df;
}

int sx_matches(SxQuery *q, int64_t **docs, size_t *n) {
  int began = rd_begin(q->ix);
  int rc = matches_impl(q, docs, n);
  rd_end(q->ix, began);
  return rc;
}

int sx_top(SxQuery *q, int k, SxAllow allow, void *ctx, int exhaustive, SxHit *out, int *n) {
  int began = rd_begin(q->ix);
  int rc = top_impl(q, k, allow, ctx, exhaustive, out, n);
  rd_end(q->ix, began);
  return rc;
}

/* ------------------------------------------------------------------ integrity check */

typedef struct Chk {
  Buf *r;
  int problems;
} Chk;

static void problem(Chk *c, const char *fmt, ...) MJ_PRINTF(2, 3);
static void problem(Chk *c, const char *fmt, ...) {
  if (c->problems++ < 10) {
    va_list ap;
    va_start(ap, fmt);
    buf_puts(c->r, "search index: ");
    buf_vprintf(c->r, fmt, ap);
    buf_putc(c->r, '\n');
    va_end(ap);
  }
}

static int64_t count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static int post_equal(const Post *a, const Post *b) {
  return a->doc == b->doc && memcmp(a->tf, b->tf, sizeof a->tf) == 0 && memcmp(a->ql, b->ql, sizeof a->ql) == 0 &&
         a->npos == b->npos && memcmp(a->pos, b->pos, a->npos) == 0;
}

static int bound_covers(const uint8_t *b, const Post *p) {
  for (int f = 0; f < SX_NFIELDS; f++)
    if (p->tf[f] && ((p->tf[f] > 255 ? 255u : p->tf[f]) > b[f] || p->ql[f] < b[3 + f])) return 0;
  return 1;
}

/* The builder's document id (NULL: not added). */
static const BDoc *builder_doc(const SxBuilder *b, int64_t id) {
  size_t lo = 0, hi = b->ndoc;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (b->doc[m].id < id) lo = m + 1;
    else hi = m;
  }
  return lo < b->ndoc && b->doc[lo].id == id ? &b->doc[lo] : NULL;
}

/* Whether a bound covers a stored posting, with its document's lengths
** as the text gives them (check_norms compares the stored ones). */
static int bound_covers_doc(const SxBuilder *b, const uint8_t *bound, const Post *p) {
  Post g = *p;
  const BDoc *d = builder_doc(b, p->doc);
  for (int f = 0; f < SX_NFIELDS; f++) g.ql[f] = d ? ql_enc(d->len[f]) : 0;
  return bound_covers(bound, &g);
}

/* Compares the norms (search_norm) with the lengths of the speeches. */
static void check_norms(sqlite3 *db, Chk *c, const SxBuilder *b) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT id, q FROM search_norm ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
    problem(c, "the field lengths (search_norm) cannot be read: %s", sqlite3_errmsg(db));
    return;
  }
  uint8_t *want = xmalloc(NORM_BYTES);
  size_t i = 0;
  int s = sqlite3_step(st);
  for (;;) {
    while (i < b->ndoc && !b->doc[i].nt) i++;
    int64_t wc = i < b->ndoc ? b->doc[i].id >> NORM_SHIFT : INT64_MAX;
    int64_t gc = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : INT64_MAX;
    if (wc == INT64_MAX && gc == INT64_MAX) break;
    if (gc < wc) {
      problem(c, "field lengths are stored for speeches %lld to %lld, none of them indexed",
              (long long)(gc * NORM_DOCS), (long long)(gc * NORM_DOCS + NORM_DOCS - 1));
      break;
    }
    if (gc > wc) {
      problem(c, "speech %lld: its field lengths (search_norm) are missing", (long long)b->doc[i].id);
      break;
    }
    memset(want, 0, NORM_BYTES);
    for (; i < b->ndoc && b->doc[i].id >> NORM_SHIFT == wc; i++)
      if (b->doc[i].nt)
        for (int f = 0; f < SX_NFIELDS; f++)
          want[SX_NFIELDS * (size_t)(b->doc[i].id & (NORM_DOCS - 1)) + (size_t)f] = ql_enc(b->doc[i].len[f]);
    const uint8_t *got = sqlite3_column_blob(st, 1);
    size_t n = norm_len(want), gn = (size_t)sqlite3_column_bytes(st, 1);
    if (gn != n || (n && memcmp(got, want, n) != 0)) {
      size_t k = 0;
      while (k < n && k < gn && got[k] == want[k]) k++;
      problem(c, "speech %lld: its field lengths (search_norm) differ from the text",
              (long long)(wc * NORM_DOCS + (int64_t)(k / SX_NFIELDS)));
      break;
    }
    s = sqlite3_step(st);
  }
  if (s != SQLITE_ROW && s != SQLITE_DONE) problem(c, "the field lengths (search_norm) cannot be read: %s", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  free(want);
}

/* Checks one term's stored blocks against the expected postings. */
static void check_term(sqlite3 *db, Chk *c, const SxBuilder *b, sqlite3_stmt *bs, sqlite3_stmt *ps, const char *name,
                       int64_t id, const Post *want, size_t nwant, const uint8_t *tbound, int64_t *nblocks) {
  sqlite3_reset(bs);
  sqlite3_bind_int64(bs, 1, id);
  size_t at = 0;
  int64_t prevlast = INT64_MIN;
  Post *got = xmalloc(sizeof *got * (4 * SX_BLOCK + 1));
  int bad = 0;
  while (!bad && sqlite3_step(bs) == SQLITE_ROW) {
    (*nblocks)++;
    int64_t first = sqlite3_column_int64(bs, 0), last = sqlite3_column_int64(bs, 1);
    int n = sqlite3_column_int(bs, 2);
    const uint8_t *bound = sqlite3_column_blob(bs, 3);
    if (n < 1 || n > 4 * SX_BLOCK || sqlite3_column_bytes(bs, 3) != NBOUND || first <= prevlast) {
      problem(c, "term '%s': block at %lld has a bad header", name, (long long)first);
      bad = 1;
      break;
    }
    prevlast = last;
    sqlite3_reset(ps);
    sqlite3_bind_int64(ps, 1, id);
    sqlite3_bind_int64(ps, 2, first);
    if (sqlite3_step(ps) != SQLITE_ROW) {
      problem(c, "term '%s': the positions of block %lld are missing", name, (long long)first);
      bad = 1;
      break;
    }
    if (decode_block(first, n, sqlite3_column_blob(bs, 4), (size_t)sqlite3_column_bytes(bs, 4), sqlite3_column_blob(ps, 0),
                     (size_t)sqlite3_column_bytes(ps, 0), got) < 0 ||
        got[0].doc != first || got[n - 1].doc != last) {
      problem(c, "term '%s': block %lld does not decode", name, (long long)first);
      bad = 1;
      break;
    }
    for (int i = 0; i < n && !bad; i++) {
      if (!bound_covers_doc(b, bound, &got[i]) || !bound_covers_doc(b, tbound, &got[i])) {
        problem(c, "term '%s': the bound of block %lld is below a posting (speech %lld)", name, (long long)first,
                (long long)got[i].doc);
        bad = 1;
      } else if (at >= nwant || !post_equal(&got[i], &want[at])) {
        problem(c, "term '%s': posting for speech %lld %s", name, (long long)got[i].doc,
                at < nwant && want[at].doc == got[i].doc ? "differs from the text" : "is not in the text");
        bad = 1;
      }
      at++;
    }
  }
  if (!bad && at < nwant) problem(c, "term '%s': speech %lld is missing from its postings", name, (long long)want[at].doc);
  sqlite3_reset(ps);
  sqlite3_reset(bs);
  free(got);
  (void)db;
}

int sindex_check(sqlite3 *db, Buf *report) {
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  SxBuilder *b = sx_builder_new(&cfg);
  int64_t nspeech = 0;
  int rc = build_speeches(db, b, &nspeech);
  if (rc) {
    sx_builder_free(b);
    buf_printf(report, "search index: cannot be checked: %s\n", mj_errmsg());
    return rc;
  }
  uint32_t *order, *ids;
  builder_finish(b, &order, &ids);
  Chk c = {report, 0};
  sqlite3_stmt *ts = NULL, *bs = NULL, *ps = NULL, *ds = NULL;
  if (sqlite3_prepare_v2(db, "SELECT id, stem, df, bound, docs, pos FROM search_term WHERE term=?1", -1, &ts, NULL) ||
      sqlite3_prepare_v2(db,
                         "SELECT k & 4294967295, last, n, bound, docs FROM search_block WHERE k BETWEEN " TERM_LO
                         " AND " TERM_HI " ORDER BY k",
                         -1, &bs, NULL) ||
      sqlite3_prepare_v2(db, "SELECT pos FROM search_pos WHERE k=" TERM_KEY, -1, &ps, NULL) ||
      sqlite3_prepare_v2(db, "SELECT len, sum FROM search_doc WHERE id=?1", -1, &ds, NULL)) {
    problem(&c, "cannot be read: %s", sqlite3_errmsg(db));
  }
  int64_t nblocks = 0;
  int64_t *sids = xmalloc(sizeof *sids * (b->nt + 1)); /* the stored ids, to see that they are distinct */
  size_t nsids = 0;
  Post *want = NULL;
  size_t capwant = 0;
  size_t bi = 0;
  for (size_t r = 0; r < b->nt && ts && bs && ps && ds; r++) {
    const BTerm *t = &b->t[order[r]];
    char name[ANALYZER_MAX_BYTES + 1];
    memcpy(name, b->str.p + t->norm, t->nnorm);
    name[t->nnorm] = 0;
    /* the expected postings, from the builder's blocks of this term */
    size_t nwant = 0;
    while (bi < b->nblk && ids[b->blk[bi].term] < r + 1) bi++;
    for (; bi < b->nblk && ids[b->blk[bi].term] == r + 1; bi++) {
      const BBlk *k = &b->blk[bi];
      grow((void **)&want, &capwant, nwant + k->n, sizeof *want);
      decode_block(k->first, (int)k->n, t->d + k->d0, k->dn, t->p + k->p0, k->pn, want + nwant);
      nwant += k->n;
    }
    sqlite3_reset(ts);
    sqlite3_bind_text(ts, 1, name, (int)t->nnorm, SQLITE_STATIC);
    if (sqlite3_step(ts) != SQLITE_ROW) {
      problem(&c, "term '%s' (in %u speeches) is missing", name, t->df);
      continue;
    }
    int64_t sid = sqlite3_column_int64(ts, 0);
    sids[nsids++] = sid;
    const char *stem = (const char *)sqlite3_column_text(ts, 1);
    if ((stem == NULL) != (t->nstem == 0) ||
        (stem && (strlen(stem) != t->nstem || memcmp(stem, b->str.p + t->stem, t->nstem) != 0)))
      problem(&c, "term '%s': its stem is stored as '%s'", name, stem ? stem : "(none)");
    if (sqlite3_column_int64(ts, 2) != t->df)
      problem(&c, "term '%s': df %lld, but %u speeches hold it", name, (long long)sqlite3_column_int64(ts, 2), t->df);
    uint8_t tbound[NBOUND];
    if (sqlite3_column_bytes(ts, 3) == NBOUND) memcpy(tbound, sqlite3_column_blob(ts, 3), NBOUND);
    else memset(tbound, 0, NBOUND);
    int inl = sqlite3_column_type(ts, 4) != SQLITE_NULL;
    if (t->df <= SX_INLINE) { /* the postings in the row; its bound comes from them */
      Post *got = xmalloc(sizeof *got * (SX_INLINE + 1));
      if (!inl || sqlite3_column_type(ts, 5) == SQLITE_NULL)
        problem(&c, "term '%s': its postings are not in its row", name);
      else if (sqlite3_column_type(ts, 3) != SQLITE_NULL)
        problem(&c, "term '%s': a bound is stored beside its postings", name);
      else if (decode_block(0, (int)t->df, sqlite3_column_blob(ts, 4), (size_t)sqlite3_column_bytes(ts, 4),
                            (const uint8_t *)(sqlite3_column_blob(ts, 5) ? sqlite3_column_blob(ts, 5) : ""),
                            (size_t)sqlite3_column_bytes(ts, 5), got) < 0)
        problem(&c, "term '%s': its postings do not decode", name);
      else
        for (size_t i = 0; i < nwant; i++)
          if (!post_equal(&got[i], &want[i])) {
            problem(&c, "term '%s': posting for speech %lld %s", name, (long long)got[i].doc,
                    want[i].doc == got[i].doc ? "differs from the text" : "is not in the text");
            break;
          }
      free(got);
      sqlite3_reset(ts);
      continue;
    }
    if (inl) problem(&c, "term '%s': postings in its row as well as in blocks", name);
    sqlite3_reset(ts);
    check_term(db, &c, b, bs, ps, name, sid, want, nwant, tbound, &nblocks);
  }
  free(want);
  int64_t nterms = count_rows(db, "SELECT count(*) FROM search_term");
  if (nterms != (int64_t)b->nt)
    problem(&c, "%lld terms stored, %zu in the speeches", (long long)nterms, b->nt);
  /* term ids key the blocks: distinct, and below the next new term's */
  qsort(sids, nsids, sizeof *sids, i64_cmp);
  int64_t next = count_rows(db, "SELECT nextterm FROM search_stat WHERE id=1");
  for (size_t i = 0; i < nsids; i++)
    if (sids[i] < 1 || sids[i] >= next || (i && sids[i] == sids[i - 1])) {
      problem(&c, "term id %lld is %s", (long long)sids[i],
              sids[i] < 1 || sids[i] >= next ? "not below the next term's (search_stat.nextterm)" : "given to two terms");
      break;
    }
  free(sids);
  int64_t sb = count_rows(db, "SELECT count(*) FROM search_block"), sp = count_rows(db, "SELECT count(*) FROM search_pos");
  if (!c.problems && (sb != nblocks || sp != nblocks))
    problem(&c, "%lld blocks and %lld position rows stored, %lld belong to terms", (long long)sb, (long long)sp,
            (long long)nblocks);
  /* documents */
  int64_t ndoc = 0, tot[SX_NFIELDS] = {0}, nf[SX_NFIELDS] = {0};
  for (size_t i = 0; i < b->ndoc && ds; i++) {
    const BDoc *d = &b->doc[i];
    for (int f = 0; f < SX_NFIELDS; f++) {
      tot[f] += d->len[f];
      nf[f] += d->len[f] > 0;
    }
    if (!d->nt) continue;
    ndoc++;
    sqlite3_reset(ds);
    sqlite3_bind_int64(ds, 1, d->id);
    if (sqlite3_step(ds) != SQLITE_ROW) {
      problem(&c, "speech %lld is not indexed", (long long)d->id);
      continue;
    }
    const uint8_t *p = sqlite3_column_blob(ds, 0), *e = p + sqlite3_column_bytes(ds, 0);
    int bad = 0;
    for (int f = 0; f < SX_NFIELDS; f++)
      if (get_varint(&p, e, &bad) != d->len[f] || bad) bad = 1;
    if (bad) problem(&c, "speech %lld: its field lengths differ from the text", (long long)d->id);
    else if ((uint64_t)sqlite3_column_int64(ds, 1) != d->sum)
      problem(&c, "speech %lld: its checksum differs from its text's analysis (a deletion would fail)", (long long)d->id);
  }
  sqlite3_reset(ds);
  int64_t sd = count_rows(db, "SELECT count(*) FROM search_doc");
  if (sd != ndoc) problem(&c, "%lld speeches indexed, %lld have words", (long long)sd, (long long)ndoc);
  check_norms(db, &c, b);
  sqlite3_stmt *ss = NULL;
  if (sqlite3_prepare_v2(db, "SELECT docs, len0, len1, len2, nf0, nf1, nf2 FROM search_stat WHERE id=1", -1, &ss,
                         NULL) == SQLITE_OK &&
      sqlite3_step(ss) == SQLITE_ROW) {
    int same = sqlite3_column_int64(ss, 0) == ndoc;
    for (int f = 0; f < SX_NFIELDS; f++)
      same &= sqlite3_column_int64(ss, 1 + f) == tot[f] && sqlite3_column_int64(ss, 4 + f) == nf[f];
    if (!same) problem(&c, "the statistics (documents, lengths) differ from the speeches");
  } else {
    problem(&c, "the statistics row is missing");
  }
  sqlite3_finalize(ss);
  sqlite3_finalize(ts);
  sqlite3_finalize(bs);
  sqlite3_finalize(ps);
  sqlite3_finalize(ds);
  free(order);
  free(ids);
  size_t nterms_b = b->nt;
  sx_builder_free(b);
  if (c.problems > 10) buf_printf(report, "search index: ... %d problems in all\n", c.problems);
  if (c.problems) {
    buf_puts(report, "search index: rebuild it with: majlis search --rebuild\n");
    return mj_fail(MJ_EINVAL, "the search index differs from the speeches");
  }
  buf_printf(report, "search index: ok (%lld speeches, %zu terms)\n", (long long)ndoc, nterms_b);
  return MJ_OK;
}

/* ------------------------------------------------------------------ SQL functions */

/* Indexes speeches ids[0..n) again from the database, in batches of
** put_docs (sorts ids and drops repeats). */
static int put_speeches(sqlite3 *db, int64_t *ids, size_t n) {
  qsort(ids, n, sizeof *ids, i64_cmp);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (!u || ids[i] != ids[u - 1]) ids[u++] = ids[i];
  n = u;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, SPEECH_FIELDS_SQL " WHERE sp.id=?1", -1, &st, NULL) != SQLITE_OK)
    return mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
  AnalyzerConfig cfg;
  analyzer_config_default(&cfg);
  enum { BATCH = 256 }; /* documents analysed and held at once (about 15 KB each) */
  char **fields = xcalloc((size_t)BATCH * SX_NFIELDS, sizeof *fields);
  uint8_t *present = xcalloc(BATCH, 1);
  Wr w = {db, {0}, 0, NULL, 0, 0};
  for (size_t at = 0; at < n && !w.failed; at += BATCH) {
    size_t k = n - at < BATCH ? n - at : BATCH;
    for (size_t d = 0; d < k && !w.failed; d++) {
      sqlite3_reset(st);
      sqlite3_bind_int64(st, 1, ids[at + d]);
      int s = sqlite3_step(st);
      present[d] = s == SQLITE_ROW;
      for (int f = 0; f < SX_NFIELDS && present[d]; f++) {
        const char *v = (const char *)sqlite3_column_text(st, 1 + f);
        fields[d * SX_NFIELDS + f] = v ? xstrdup(v) : NULL;
      }
      if (s != SQLITE_ROW && s != SQLITE_DONE) {
        mj_fail(MJ_EIO, "search index: %s", sqlite3_errmsg(db));
        w.failed = 1;
      }
    }
    if (!w.failed) put_docs(&w, &cfg, ids + at, (const char *const *)fields, present, k);
    for (size_t i = 0; i < (size_t)BATCH * SX_NFIELDS; i++) {
      free(fields[i]);
      fields[i] = NULL;
    }
  }
  wr_done(&w);
  sqlite3_finalize(st);
  free(fields);
  free(present);
  return w.failed ? MJ_EIO : MJ_OK;
}

/* Per connection: the speeches noted while indexing is deferred. */
typedef struct SxConn {
  int defer;
  int64_t *ids;
  size_t n, cap;
} SxConn;

static void conn_free(void *p) {
  SxConn *c = p;
  if (c) free(c->ids);
  free(c);
}

static void fn_put(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  SxConn *c = sqlite3_user_data(ctx);
  int64_t id = sqlite3_value_int64(argv[0]);
  if (c && c->defer) {
    if (c->n == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 256;
      c->ids = xrealloc(c->ids, sizeof *c->ids * c->cap);
    }
    c->ids[c->n++] = id;
    sqlite3_result_null(ctx);
    return;
  }
  if (sindex_put_speech(sqlite3_context_db_handle(ctx), id)) sqlite3_result_error(ctx, mj_errmsg(), -1);
  else sqlite3_result_null(ctx);
}

static void fn_delete(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  SxConn *c = sqlite3_user_data(ctx);
  int64_t id = sqlite3_value_int64(argv[0]);
  if (c && c->defer) { /* a noted speech that is deleted (or renumbered) is not put */
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
      if (c->ids[i] != id) c->ids[k++] = c->ids[i];
    c->n = k;
  }
  if (sindex_delete(sqlite3_context_db_handle(ctx), id)) sqlite3_result_error(ctx, mj_errmsg(), -1);
  else sqlite3_result_null(ctx);
}

/* majlis_search_defer(on): 1 starts noting puts instead of indexing; 0
** stops and forgets what was noted. majlis_search_flush(): indexes what
** was noted and stops deferring; returns how many speeches. */
static void fn_defer(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  SxConn *c = sqlite3_user_data(ctx);
  c->defer = sqlite3_value_int(argv[0]) != 0;
  if (!c->defer) c->n = 0;
  sqlite3_result_null(ctx);
}

static void fn_flush(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  SxConn *c = sqlite3_user_data(ctx);
  int64_t *ids = c->ids;
  size_t n = c->n;
  c->defer = 0;
  c->ids = NULL;
  c->n = c->cap = 0;
  int rc = n ? put_speeches(sqlite3_context_db_handle(ctx), ids, n) : MJ_OK;
  free(ids);
  if (rc) sqlite3_result_error(ctx, mj_errmsg(), -1);
  else sqlite3_result_int64(ctx, (sqlite3_int64)n);
}

static int exec_fn(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) rc = mj_fail(MJ_EIO, "search index: %s", msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  return rc;
}

int sindex_defer(sqlite3 *db, int on) {
  return exec_fn(db, on ? "SELECT majlis_search_defer(1)" : "SELECT majlis_search_defer(0)");
}

int sindex_flush(sqlite3 *db) { return exec_fn(db, "SELECT majlis_search_flush()"); }

static void fn_rebuild(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  int64_t n = 0;
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  /* schema 10's and 14's migrations call this on their own layouts of the
  ** tables, which schema 18 replaces (and then builds the index): nothing
  ** to do there */
  sqlite3_stmt *probe = NULL;
  int old = sqlite3_prepare_v2(db,
                               "SELECT t.docs, t.pos, d.sum, s.nextterm, s.stamp, n.q FROM search_term t, search_doc d,"
                               " search_stat s, search_norm n LIMIT 0",
                               -1, &probe, NULL) != SQLITE_OK;
  sqlite3_finalize(probe);
  if (old) sqlite3_result_int64(ctx, 0);
  else if (sindex_rebuild(db, &n)) sqlite3_result_error(ctx, mj_errmsg(), -1);
  else sqlite3_result_int64(ctx, n);
}

int sindex_register(sqlite3 *db) {
  /* called from the schema's triggers, so not SQLITE_DIRECTONLY; they
  ** write, so not SQLITE_INNOCUOUS either */
  int f = SQLITE_UTF8;
  SxConn *c = xcalloc(1, sizeof *c); /* freed with the connection, by majlis_search_flush's destructor */
  /* (also when this registration fails, which frees it at once) */
  if (sqlite3_create_function_v2(db, "majlis_search_flush", 0, f, c, fn_flush, NULL, NULL, conn_free) != SQLITE_OK ||
      sqlite3_create_function(db, "majlis_search_put", 1, f, c, fn_put, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(db, "majlis_search_delete", 1, f, c, fn_delete, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(db, "majlis_search_defer", 1, f, c, fn_defer, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(db, "majlis_search_rebuild", 0, f, NULL, fn_rebuild, NULL, NULL) != SQLITE_OK)
    return mj_fail(MJ_EINTERNAL, "registering the search index functions: %s", sqlite3_errmsg(db));
  return MJ_OK;
}
