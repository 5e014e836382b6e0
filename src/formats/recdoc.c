/*
** recdoc.c: the in-between record of a sitting (see recdoc.h): growable
** arrays of persons, sections, speeches and divisions, and the small text
** helpers every record reader needs (white space, times, language codes).
*/
#include "recdoc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void recdoc_init(RecDoc *d, const char *path, const char *format) {
  memset(d, 0, sizeof *d);
  d->a = arena_new();
  d->path = arena_strdup(d->a, path ? path : "(input)");
  d->format = format;
  buf_init(&d->warnings, 1u << 20);
}

void recdoc_free(RecDoc *d) {
  for (int i = 0; i < d->nvotes; i++) free(d->votes[i].ballots);
  free(d->persons);
  free(d->sections);
  free(d->speeches);
  free(d->votes);
  buf_free(&d->warnings);
  if (d->a) arena_free(d->a);
  memset(d, 0, sizeof *d);
}

#define GROW(arr, n, cap)                                                                          \
  do {                                                                                             \
    if ((n) == (cap)) {                                                                            \
      (cap) = (cap) ? (cap) * 2 : 16;                                                              \
      (arr) = xrealloc((arr), sizeof *(arr) * (size_t)(cap));                                      \
    }                                                                                              \
  } while (0)

int recdoc_person(RecDoc *d, const char *key, const char *scheme, const char *identifier, const char *name) {
  GROW(d->persons, d->npersons, d->cpersons);
  RecPerson *p = &d->persons[d->npersons];
  memset(p, 0, sizeof *p);
  p->key = key;
  p->scheme = scheme;
  p->identifier = identifier;
  p->name = name;
  return d->npersons++;
}

int recdoc_person_find(const RecDoc *d, const char *key) {
  if (!key) return -1;
  for (int i = 0; i < d->npersons; i++)
    if (d->persons[i].key && strcmp(d->persons[i].key, key) == 0) return i;
  return -1;
}

int recdoc_section(RecDoc *d, int parent, const char *name, const char *heading, const char *ident, int line) {
  GROW(d->sections, d->nsections, d->csections);
  RecSection *s = &d->sections[d->nsections];
  memset(s, 0, sizeof *s);
  s->parent = parent;
  s->name = name && *name ? name : "debateSection";
  s->heading = heading;
  s->ident = ident;
  s->line = line;
  s->order = ++d->seq;
  return d->nsections++;
}

RecSpeech *recdoc_speech(RecDoc *d, int section, const char *kind, int line) {
  GROW(d->speeches, d->nspeeches, d->cspeeches);
  RecSpeech *s = &d->speeches[d->nspeeches++];
  memset(s, 0, sizeof *s);
  s->section = section;
  s->person = -1;
  s->kind = kind;
  s->line = line;
  s->order = ++d->seq;
  return s;
}

RecVote *recdoc_vote(RecDoc *d, int line) {
  GROW(d->votes, d->nvotes, d->cvotes);
  RecVote *v = &d->votes[d->nvotes++];
  memset(v, 0, sizeof *v);
  v->yes = v->no = v->abstain = -1;
  v->line = line;
  v->section = -1;
  return v;
}

void recdoc_ballot(RecDoc *d, RecVote *v, int person, const char *option) {
  (void)d;
  GROW(v->ballots, v->nballots, v->cballots);
  v->ballots[v->nballots].person = person;
  v->ballots[v->nballots].option = option;
  v->nballots++;
}

void recdoc_warn(RecDoc *d, int line, const char *fmt, ...) {
  va_list ap;
  if (line > 0) buf_printf(&d->warnings, "%s:%d: warning: ", d->path, line);
  else buf_printf(&d->warnings, "%s: warning: ", d->path);
  va_start(ap, fmt);
  buf_vprintf(&d->warnings, fmt, ap);
  va_end(ap);
  buf_putc(&d->warnings, '\n');
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char *recdoc_squash(Arena *a, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *out = arena_alloc(a, n + 1), *o = out;
  int space = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    /* U+00A0 no-break space counts as space too (C2 A0) */
    if (is_space(*p) || (p[0] == 0xC2 && p[1] == 0xA0)) {
      if (p[0] == 0xC2) p++;
      space = 1;
      continue;
    }
    if (space && o > out) *o++ = ' ';
    space = 0;
    *o++ = (char)*p;
  }
  *o = 0;
  return out;
}

long recdoc_words(const char *s) {
  long n = 0;
  int in = 0;
  for (; s && *s; s++) {
    if (is_space((unsigned char)*s)) in = 0;
    else if (!in) {
      in = 1;
      n++;
    }
  }
  return n;
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

const char *recdoc_time(Arena *a, const char *s, int *repaired) {
  int dummy;
  if (!repaired) repaired = &dummy;
  *repaired = 0;
  if (!s) return NULL;
  while (is_space((unsigned char)*s)) s++;
  const char *t = strchr(s, 'T');
  if (t && t - s == 10 && digits(s, 4)) s = t + 1; /* a date-time */
  /* hours: 1 to 3 digits, a leading zero too many is dropped (015 -> 15) */
  int h = 0, nh = 0;
  while (s[nh] >= '0' && s[nh] <= '9' && nh < 4) h = h * 10 + (s[nh++] - '0');
  if (nh == 0 || nh == 4) return NULL;
  if (nh == 3) {
    if (s[0] != '0') return NULL;
    *repaired = 1;
  }
  const char *p = s + nh;
  if (*p != ':' && *p != '.') return NULL;
  p++;
  if (!digits(p, 2)) return NULL;
  int m = (p[0] - '0') * 10 + (p[1] - '0'), sec = -1;
  p += 2;
  if ((*p == ':' || *p == '.') && digits(p + 1, 2)) {
    sec = (p[1] - '0') * 10 + (p[2] - '0');
    p += 3;
  }
  if (h > 23 || m > 59 || sec > 59) return NULL;
  return sec >= 0 ? arena_printf(a, "%02d:%02d:%02d", h, m, sec) : arena_printf(a, "%02d:%02d", h, m);
}

static const struct {
  const char *three, *two;
} langs[] = {{"ara", "ar"}, {"eng", "en"}, {"aze", "az"}, {"tur", "tr"}, {"fra", "fr"}, {"fre", "fr"},
             {"deu", "de"}, {"ger", "de"}, {"spa", "es"}, {"ita", "it"}, {"por", "pt"}, {"rus", "ru"},
             {"swa", "sw"}, {"msa", "ms"}, {"may", "ms"}, {"fas", "fa"}, {"per", "fa"}, {"urd", "ur"},
             {"nld", "nl"}, {"dut", "nl"}, {"pol", "pl"}, {"ces", "cs"}, {"slv", "sl"}, {"hrv", "hr"}};

static int lower_word(const char *s, size_t n) {
  if (strlen(s) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < 'a' || s[i] > 'z') return 0;
  return 1;
}

const char *recdoc_lang2(const char *s) {
  if (!s) return NULL;
  for (size_t i = 0; i < MJ_COUNT(langs); i++)
    if (strcmp(s, langs[i].three) == 0) return langs[i].two;
  if (lower_word(s, 2) || lower_word(s, 3)) return s;
  return NULL;
}

const char *recdoc_lang3(const char *s) {
  if (!s) return "ara";
  for (size_t i = 0; i < MJ_COUNT(langs); i++)
    if (strcmp(s, langs[i].two) == 0) return langs[i].three;
  return s;
}

void recdoc_sha256(const void *data, size_t n, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, n);
  sodium_bin2hex(out, 65, h, sizeof h);
}

int recdoc_date_ok(const char *s) {
  if (!s || strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
    return 0;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}
