/*
** analyzer.c: words, their normalised forms and their light stems (see
** analyzer.h). The pipeline for one word: find the run of letters and
** digits in the original bytes (marks and zero-width joiners stay inside
** it); decompose it with utf8proc (compatibility + case folding, after
** mapping U+0130 to i) and recompose (NFKC); drop the Arabic marks and
** tatweel and fold the Arabic letters; then stem a copy. Everything works
** on small fixed arrays of code points: no allocation per word unless NFKC
** expands a word beyond them (a ligature such as U+FDFA).
*/
#include "analyzer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- Arabic letters by name ---- */
enum {
  AR_HAMZA_ALEF_MADDA = 0x622, AR_ALEF_HAMZA_ABOVE = 0x623, AR_WAW_HAMZA = 0x624,
  AR_ALEF_HAMZA_BELOW = 0x625, AR_YEH_HAMZA = 0x626, AR_ALEF = 0x627, AR_BEH = 0x628,
  AR_TEH_MARBUTA = 0x629, AR_TEH = 0x62A, AR_FEH = 0x641, AR_KAF = 0x643, AR_LAM = 0x644,
  AR_MEEM = 0x645, AR_NOON = 0x646, AR_HEH = 0x647, AR_WAW = 0x648, AR_ALEF_MAKSURA = 0x649,
  AR_YEH = 0x64A, AR_TATWEEL = 0x640, AR_ALEF_WASLA = 0x671, FA_KEHEH = 0x6A9, FA_HEH_DOACHASHMEE = 0x6BE,
  FA_HEH_YEH = 0x6C0, FA_YEH = 0x6CC, AR_HAMZA = 0x621, UR_HEH_GOAL = 0x6C1, UR_YEH_BARREE = 0x6D2
};

/* ---- configuration and rules ---- */
typedef struct Affix {
  const char *name; /* as written in tokenizer arguments (UTF-8) */
  int32_t cp[3];
  int len;
  int min;     /* letters the rule must leave */
  int on;      /* in the default configuration */
  int pronoun; /* an attached pronoun: a ت left before it was a ة (see ANALYZER_TEH) */
} Affix;

/* Prefixes, longest first; the first that matches is removed. Rules that
** are off by default were measured and lost (doc/search.md). */
static const Affix prefixes[] = {
  {"وال", {AR_WAW, AR_ALEF, AR_LAM}, 3, 2, 1, 0},
  {"بال", {AR_BEH, AR_ALEF, AR_LAM}, 3, 2, 1, 0},
  {"كال", {AR_KAF, AR_ALEF, AR_LAM}, 3, 2, 1, 0},
  {"فال", {AR_FEH, AR_ALEF, AR_LAM}, 3, 2, 1, 0},
  {"لل", {AR_LAM, AR_LAM}, 2, 2, 1, 0},
  {"ال", {AR_ALEF, AR_LAM}, 2, 2, 1, 0},
  {"و", {AR_WAW}, 1, 3, 1, 0},
  {"ب", {AR_BEH}, 1, 3, 0, 0},
  {"ل", {AR_LAM}, 1, 3, 0, 0},
  {"ف", {AR_FEH}, 1, 3, 0, 0},
};

/* Suffixes in light10's order. */
static const Affix suffixes[] = {
  {"ها", {AR_HEH, AR_ALEF}, 2, 2, 1, 1},
  {"ان", {AR_ALEF, AR_NOON}, 2, 2, 1, 0},
  {"ات", {AR_ALEF, AR_TEH}, 2, 2, 1, 0},
  {"ون", {AR_WAW, AR_NOON}, 2, 2, 1, 0},
  {"ين", {AR_YEH, AR_NOON}, 2, 2, 1, 0},
  {"يه", {AR_YEH, AR_HEH}, 2, 2, 1, 0},
  {"ية", {AR_YEH, AR_TEH_MARBUTA}, 2, 2, 1, 0},
  {"ه", {AR_HEH}, 1, 2, 1, 1},
  {"ة", {AR_TEH_MARBUTA}, 1, 2, 1, 0},
  {"ي", {AR_YEH}, 1, 2, 1, 1},
  {"هم", {AR_HEH, AR_MEEM}, 2, 2, 0, 1},
  {"هما", {AR_HEH, AR_MEEM, AR_ALEF}, 3, 2, 0, 1},
  {"كم", {AR_KAF, AR_MEEM}, 2, 2, 0, 1},
  {"نا", {AR_NOON, AR_ALEF}, 2, 2, 0, 1},
};

void analyzer_config_default(AnalyzerConfig *c) {
  memset(c, 0, sizeof *c);
  c->flags = ANALYZER_FOLD | ANALYZER_STEM | ANALYZER_SPLIT_DIGITS | ANALYZER_EXPAND | ANALYZER_WAW_FIRST |
             ANALYZER_SUFFIX_SEQ | ANALYZER_HAMZA;
  for (size_t i = 0; i < MJ_COUNT(prefixes); i++)
    if (!prefixes[i].on) c->prefix_off |= 1u << i;
  for (size_t i = 0; i < MJ_COUNT(suffixes); i++)
    if (!suffixes[i].on) c->suffix_off |= 1u << i;
  c->prefix_min = 2;
  c->suffix_min = 2;
}

static int set_rule(uint32_t *off, const Affix *rules, size_t n, const char *name, int on) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(rules[i].name, name) == 0) {
      if (on) *off &= ~(1u << i);
      else *off |= 1u << i;
      return MJ_OK;
    }
  return mj_fail(MJ_EINVAL, "majlis tokenizer: no affix rule '%s'", name);
}

int analyzer_config_arg(AnalyzerConfig *c, const char *arg) {
  static const struct {
    const char *name;
    unsigned flag;
  } switches[] = {{"fold", ANALYZER_FOLD},          {"stem", ANALYZER_STEM},
                  {"split", ANALYZER_SPLIT_DIGITS}, {"expand", ANALYZER_EXPAND},
                  {"wawfirst", ANALYZER_WAW_FIRST}, {"sufseq", ANALYZER_SUFFIX_SEQ},
                  {"teh", ANALYZER_TEH},            {"hamza", ANALYZER_HAMZA}};
  for (size_t i = 0; i < MJ_COUNT(switches); i++) {
    if (strcmp(arg, switches[i].name) == 0) {
      c->flags |= switches[i].flag;
      return MJ_OK;
    }
    if (strncmp(arg, "no", 2) == 0 && strcmp(arg + 2, switches[i].name) == 0) {
      c->flags &= ~switches[i].flag;
      return MJ_OK;
    }
  }
  if ((arg[0] == '-' || arg[0] == '+') && (arg[1] == 'p' || arg[1] == 's') && arg[2] == ':') {
    int on = arg[0] == '+';
    if (arg[1] == 'p') return set_rule(&c->prefix_off, prefixes, MJ_COUNT(prefixes), arg + 3, on);
    return set_rule(&c->suffix_off, suffixes, MJ_COUNT(suffixes), arg + 3, on);
  }
  if (mj_startswith(arg, "pmin=") || mj_startswith(arg, "smin=")) {
    long long v;
    if (mj_parse_int(arg + 5, 1, 5, &v))
      return mj_fail(MJ_EINVAL, "majlis tokenizer: %s: a number 1 to 5", arg);
    if (arg[0] == 'p') c->prefix_min = (int)v;
    else c->suffix_min = (int)v;
    return MJ_OK;
  }
  return mj_fail(
      MJ_EINVAL,
      "majlis tokenizer: unknown argument '%s' (known: [no]fold, [no]stem, [no]split, [no]expand, "
      "[no]wawfirst, [no]sufseq, [no]teh, -p:PREFIX, +p:PREFIX, -s:SUFFIX, +s:SUFFIX, pmin=N, smin=N)",
      arg);
}

/* ---- character classes ---- */
static int is_word_cat(utf8proc_category_t k) {
  return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
         (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}
static int is_mark_cat(utf8proc_category_t k) {
  return k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME;
}
static int is_arabic_mark(int32_t c) {
  return (c >= 0x64B && c <= 0x65F) || c == 0x670 || (c >= 0x6D6 && c <= 0x6ED) || c == AR_TATWEEL;
}
static int is_arabic_letter(int32_t c) {
  return (c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || c == 0x6D5 || (c >= 0x6FA && c <= 0x6FF);
}
/* Classes for splitting "2018م": 1 digit, 2 Arabic letter, 3 anything else. */
static int split_class(int32_t c, utf8proc_category_t k) {
  if (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO) return 1;
  return is_arabic_letter(c) ? 2 : 3;
}

/* The Arabic and Persian letter folds, and Eastern digits to ASCII. */
static int32_t fold_letter(int32_t c, unsigned flags) {
  if (c >= 0x660 && c <= 0x669) return '0' + (c - 0x660);
  if (c >= 0x6F0 && c <= 0x6F9) return '0' + (c - 0x6F0);
  if (!(flags & ANALYZER_FOLD)) return c;
  if (flags & ANALYZER_HAMZA)
    switch (c) {
    case AR_WAW_HAMZA:
    case AR_YEH_HAMZA:
    case 0x676: /* high hamza waw */
    case 0x678: /* high hamza yeh */
      return AR_HAMZA;
    default:
      break;
    }
  switch (c) {
  case AR_HAMZA_ALEF_MADDA:
  case AR_ALEF_HAMZA_ABOVE:
  case AR_ALEF_HAMZA_BELOW:
  case AR_ALEF_WASLA:
  case 0x672: /* alef with wavy hamza above */
  case 0x673: /* alef with wavy hamza below */
  case 0x675: /* high hamza alef */
    return AR_ALEF;
  case AR_ALEF_MAKSURA:
  case AR_YEH_HAMZA:
  case FA_YEH:
  case 0x678: /* high hamza yeh */
  case UR_YEH_BARREE:
  case 0x6D3: /* yeh barree with hamza above */
    return AR_YEH;
  case AR_TEH_MARBUTA:
  case FA_HEH_YEH:
  case FA_HEH_DOACHASHMEE:
  case UR_HEH_GOAL:
  case 0x6C2: /* heh goal with hamza above */
  case 0x6C3: /* teh marbuta goal */
  case 0x6D5: /* Arabic letter ae */
    return AR_HEH;
  case AR_WAW_HAMZA:
  case 0x676: /* high hamza waw */
    return AR_WAW;
  case FA_KEHEH:
    return AR_KAF;
  default:
    return c;
  }
}

/* Applied before decomposition and case folding: Turkish and Azerbaijani
** dotted capital I becomes a plain i (full case folding would give i and a
** combining dot), and dotless ı becomes i too. Turkish pairs İ with i and I
** with ı; English pairs I with i. Without each word's language the one rule
** that keeps every pair together is a single i for all four letters, so
** BAKI, Bakı and baki are one word (doc/search.md, "Normal form"). */
static utf8proc_int32_t pre_map(utf8proc_int32_t c, void *data) {
  (void)data;
  return c == 0x130 || c == 0x131 ? 'i' : c;
}

#define NORM_MAX (ANALYZER_MAX_WORD * 2)

/* NFKC + case folding + the Arabic folds of bytes [s, e) into cps (at most
** NORM_MAX code points, the rest dropped). Returns the count (0: nothing
** left, e.g. a word of tatweel only). */
static size_t normalise(const AnalyzerConfig *cfg, const char *s, size_t n, int32_t *cps) {
  int32_t stackbuf[ANALYZER_MAX_WORD * 4];
  int32_t *buf = stackbuf;
  utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE;
  utf8proc_ssize_t m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf,
                                                 (utf8proc_ssize_t)MJ_COUNT(stackbuf), opt, pre_map, NULL);
  if (m > (utf8proc_ssize_t)MJ_COUNT(stackbuf)) {
    buf = xmalloc(sizeof *buf * (size_t)m);
    m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, m, opt, pre_map,
                                  NULL);
  }
  size_t out = 0;
  if (m > 0) m = utf8proc_normalize_utf32(buf, m, opt);
  for (utf8proc_ssize_t i = 0; i < m && out < NORM_MAX; i++) {
    int32_t c = buf[i];
    if (is_arabic_mark(c)) continue;
    c = fold_letter(c, cfg->flags);
    utf8proc_category_t k = utf8proc_category(c);
    if (!is_word_cat(k) && !is_mark_cat(k)) continue; /* spaces or signs from a compatibility form */
    if (is_mark_cat(k) && out == 0) continue;
    cps[out++] = c;
  }
  if (buf != stackbuf) free(buf);
  return out;
}

static size_t encode(const int32_t *cps, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) o += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)out + o);
  out[o] = 0;
  return o;
}

/* ---- stemming ---- */
static int has_prefix(const int32_t *w, size_t n, const Affix *a) {
  if (n < (size_t)a->len) return 0;
  for (int i = 0; i < a->len; i++)
    if (w[i] != a->cp[i]) return 0;
  return 1;
}
static int has_suffix(const int32_t *w, size_t n, const Affix *a) {
  if (n < (size_t)a->len) return 0;
  for (int i = 0; i < a->len; i++)
    if (w[n - (size_t)a->len + (size_t)i] != a->cp[i]) return 0;
  return 1;
}
static size_t need(int rule_min, int cfg_min) { return (size_t)(rule_min > cfg_min ? rule_min : cfg_min); }

/* Light stem of an Arabic word in place: returns the new start in *b and
** the new length. */
static size_t stem_arabic(const AnalyzerConfig *c, const int32_t *w, size_t n, size_t *b) {
  static const int32_t allah[] = {AR_ALEF, AR_LAM, AR_LAM, AR_HEH};
  size_t at = 0;
  *b = 0;
  /* الله, والله, بالله, وبالله ... stem to الله, not to "له" (to him); لله stays */
  if (n >= 4 && n <= 6 && memcmp(w + n - 4, allah, sizeof allah) == 0) {
    int ok = 1;
    for (size_t i = 0; i + 4 < n; i++)
      ok &= w[i] == AR_WAW || w[i] == AR_BEH || w[i] == AR_FEH || w[i] == AR_KAF;
    if (ok) {
      *b = n - 4;
      return 4;
    }
  }
  if (n == 3 && w[0] == AR_LAM && w[1] == AR_LAM && w[2] == AR_HEH) return n;
  int waw = -1;
  for (size_t i = 0; i < MJ_COUNT(prefixes); i++)
    if (prefixes[i].len == 1 && prefixes[i].cp[0] == AR_WAW) waw = (int)i;
  if ((c->flags & ANALYZER_WAW_FIRST) && waw >= 0 && !(c->prefix_off & (1u << waw)) && n > 0 &&
      w[0] == AR_WAW && n - 1 >= need(prefixes[waw].min, c->prefix_min)) {
    /* "والتصويت" → "التصويت" → "تصويت"; but a root و leading a short
    ** word (وطن) stays. */
    at = 1;
    n--;
  }
  for (size_t i = 0; i < MJ_COUNT(prefixes); i++) {
    const Affix *a = &prefixes[i];
    if ((c->prefix_off & (1u << i)) || (at && (int)i == waw)) continue;
    if (has_prefix(w + at, n, a) && n - (size_t)a->len >= need(a->min, c->prefix_min)) {
      at += (size_t)a->len;
      n -= (size_t)a->len;
      break;
    }
  }
  w += at;
  int pronoun = 0;
  if (c->flags & ANALYZER_SUFFIX_SEQ) {
    for (size_t i = 0; i < MJ_COUNT(suffixes); i++) {
      const Affix *a = &suffixes[i];
      if (c->suffix_off & (1u << i)) continue;
      if (has_suffix(w, n, a) && n - (size_t)a->len >= need(a->min, c->suffix_min)) {
        n -= (size_t)a->len;
        pronoun |= a->pronoun;
      }
    }
  } else {
    const Affix *best = NULL;
    for (size_t i = 0; i < MJ_COUNT(suffixes); i++) {
      const Affix *a = &suffixes[i];
      if (c->suffix_off & (1u << i)) continue;
      if (has_suffix(w, n, a) && n - (size_t)a->len >= need(a->min, c->suffix_min) &&
          (!best || a->len > best->len))
        best = a;
    }
    if (best) {
      n -= (size_t)best->len;
      pronoun = best->pronoun;
    }
  }
  /* "مدينتها" → "مدينت" → "مدين", as "المدينة" → "مدينه" → "مدين" */
  if ((c->flags & ANALYZER_TEH) && pronoun && n >= 4 && w[n - 1] == AR_TEH) n--;
  *b = at;
  return n;
}

/* A Latin letter without its diacritics, for the stem (ş→s, ö→o, ı→i, ə→e). */
static int32_t latin_loose(int32_t c) {
  if (c < 0x80) return c;
  switch (c) {
  case 0x131: return 'i';
  case 0x259: return 'e';
  case 0xF8: return 'o';
  case 0x142: return 'l';
  case 0x111: return 'd';
  default: break;
  }
  utf8proc_int32_t d[8];
  int bc = 0;
  utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &bc);
  return k >= 1 && d[0] < 0x80 ? d[0] : c;
}
static int is_latin_letter(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0x24F && c != 0xF7) || c == 0x259 ||
         (c >= 0x1E00 && c <= 0x1EFF);
}
static int ends(const int32_t *w, size_t n, const char *s) {
  size_t l = strlen(s);
  if (n < l) return 0;
  for (size_t i = 0; i < l; i++)
    if (w[n - l + i] != (unsigned char)s[i]) return 0;
  return 1;
}
static int is_vowel(int32_t c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}
static int has_vowel(const int32_t *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (is_vowel(w[i])) return 1;
  return 0;
}

/* A minimal English suffix stemmer (ASCII letters only, in place). */
static size_t stem_english(int32_t *w, size_t n) {
  int plural = 0, verb = 0;
  if (n > 4 && ends(w, n, "ies")) {
    n -= 2;
    w[n - 1] = 'y';
    plural = 1;
  } else if (n > 4 && ends(w, n, "sses")) {
    n -= 2;
    plural = 1;
  } else if (n > 3 && w[n - 1] == 's' && !ends(w, n, "ss") && !ends(w, n, "us") && !ends(w, n, "is")) {
    n--;
    plural = 1;
  }
  if (!plural) {
    if (n >= 6 && ends(w, n, "ing") && has_vowel(w, n - 3)) {
      n -= 3;
      verb = 1;
    } else if (n >= 5 && ends(w, n, "ed") && !ends(w, n, "eed") && has_vowel(w, n - 2)) {
      n -= 2;
      verb = 1;
    }
  }
  if (n >= 6 && ends(w, n, "ly")) n -= 2;
  if (verb) {
    if (n >= 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 'l' && w[n - 1] != 's' &&
        w[n - 1] != 'z')
      n--; /* running → run */
  } else if (n > 3 && w[n - 1] == 'e' && w[n - 2] != 'e') {
    n--; /* vote, votes → vot, as voted, voting */
  }
  return n;
}

/* ---- words ---- */
typedef struct Word {
  int32_t cps[NORM_MAX];
  size_t n;
  char norm[ANALYZER_MAX_BYTES], stem[ANALYZER_MAX_BYTES];
} Word;

static int analyse(const AnalyzerConfig *c, const char *text, size_t s, size_t e, Word *w, AnalyzerToken *t) {
  w->n = normalise(c, text + s, e - s, w->cps);
  if (!w->n) return 0;
  t->nnorm = encode(w->cps, w->n, w->norm);
  t->norm = w->norm;
  t->start = s;
  t->end = e;
  int arabic = 1, latin = 1;
  for (size_t i = 0; i < w->n; i++) {
    if (!is_arabic_letter(w->cps[i])) arabic = 0;
    if (!is_latin_letter(w->cps[i])) latin = 0;
  }
  t->arabic = arabic;
  t->stem = w->norm;
  t->nstem = t->nnorm;
  if (!(c->flags & ANALYZER_STEM) || (!arabic && !latin)) return 1;
  int32_t tmp[NORM_MAX];
  size_t b = 0, n = w->n;
  if (arabic) {
    n = stem_arabic(c, w->cps, w->n, &b);
    memcpy(tmp, w->cps + b, sizeof *tmp * n);
  } else {
    int ascii = 1;
    for (size_t i = 0; i < n; i++) {
      tmp[i] = latin_loose(w->cps[i]);
      if (tmp[i] < 'a' || tmp[i] > 'z') ascii = 0;
    }
    if (ascii) n = stem_english(tmp, n);
  }
  size_t l = encode(tmp, n, w->stem);
  if (l != t->nnorm || memcmp(w->stem, w->norm, l) != 0) {
    t->stem = w->stem;
    t->nstem = l;
  }
  return 1;
}

int analyzer_tokenize(const AnalyzerConfig *c, const char *text, size_t n, AnalyzerEmit emit, void *ctx) {
  Word *w = xmalloc(sizeof *w);
  AnalyzerToken t;
  size_t i = 0, start = 0, count = 0;
  int in = 0, prev = 0, rc = 0;
  while (i < n && !rc) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len =
        utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &cp);
    if (len <= 0) { /* an invalid byte ends the word and is skipped */
      if (in && analyse(c, text, start, i, w, &t)) rc = emit(ctx, &t);
      in = 0;
      i++;
      continue;
    }
    utf8proc_category_t k = utf8proc_category(cp);
    int word = is_word_cat(k);
    int joins = is_mark_cat(k) || cp == 0x200C || cp == 0x200D;
    if (in && (word || joins)) {
      int cls = word ? split_class(cp, k) : prev;
      int cut = count >= ANALYZER_MAX_WORD || ((c->flags & ANALYZER_SPLIT_DIGITS) && word &&
                                               ((prev == 1 && cls == 2) || (prev == 2 && cls == 1)));
      if (cut) {
        if (analyse(c, text, start, i, w, &t)) rc = emit(ctx, &t);
        start = i;
        count = 0;
      }
      prev = cls;
      count++;
    } else if (in) {
      if (analyse(c, text, start, i, w, &t)) rc = emit(ctx, &t);
      in = 0;
    } else if (word) {
      in = 1;
      start = i;
      count = 1;
      prev = split_class(cp, k);
    }
    i += (size_t)len;
  }
  if (in && !rc && analyse(c, text, start, n, w, &t)) rc = emit(ctx, &t);
  free(w);
  return rc;
}

typedef struct FirstWord {
  char *norm, *stem;
  int found;
} FirstWord;

static int first_word(void *ctx, const AnalyzerToken *t) {
  FirstWord *f = ctx;
  memcpy(f->norm, t->norm, t->nnorm + 1);
  memcpy(f->stem, t->stem, t->nstem);
  f->stem[t->nstem] = 0;
  f->found = 1;
  return 1;
}

int analyzer_word(const AnalyzerConfig *c, const char *s, char *norm, char *stem) {
  FirstWord f = {norm, stem, 0};
  norm[0] = stem[0] = 0;
  analyzer_tokenize(c, s, strlen(s), first_word, &f);
  return f.found;
}

/* ---- function words ----
** Written in normalised form (أ إ آ → ا, ى → ي, ة → ه), since they are
** compared with a word's normal form; the unit test checks that the usual
** spellings (على, إلى, أين, ...) reach them. */
static const char *const stopwords[] = {
  /* prepositions */
  "في", "من", "علي", "الي", "عن", "مع", "حتي", "منذ", "عند", "لدي", "بين", "حول", "خلال", "ضد", "نحو",
  "دون", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "اليه", "به", "بها", "له", "لها",
  /* conjunctions and particles */
  "و", "او", "ام", "ثم", "بل", "لكن", "ان", "انه", "انها", "قد", "لقد", "لا", "لم", "لن", "ليس", "اذا",
  "اذ", "كما", "كل", "بعض", "غير", "ايضا", "ال",
  /* question words */
  "هل", "ما", "ماذا", "متي", "اين", "كيف", "كم", "لماذا", "اي", "ايه", "مما", "ممن", "ماهي", "ماهو",
  "بماذا", "عما", "فيما", "بما",
  /* the same in the spoken Arabic a question is often typed in: who, where (Levantine, Egyptian),
  ** what (Levantine, Gulf), why, how (Egyptian) */
  "مين", "وين", "فين", "شو", "ايش", "ليش", "ازاي",
  /* pronouns, relatives, demonstratives */
  "هو", "هي", "هم", "هما", "هن", "انا", "نحن", "انت", "انتم", "الذي", "التي", "الذين", "اللذان",
  "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي", "هذا", "هذه", "ذلك", "تلك", "هولاء", "اولئك",
  "هناك", "هنا",
  /* auxiliaries */
  "كان", "كانت", "يكون", "تكون", "تم",
  /* English */
  "the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "is", "are", "was", "were", "be", "what",
  "who", "when", "where", "which", "how", "why", "do", "does", "did", "for", "by", "with", "from", "that",
  "this", "it", "as",
  /* Azerbaijani */
  "və", "ilə", "bu", "da", "də", "ki", "üçün",
};

int analyzer_is_stopword(const char *norm, size_t n) {
  for (size_t i = 0; i < MJ_COUNT(stopwords); i++)
    if (strlen(stopwords[i]) == n && memcmp(stopwords[i], norm, n) == 0) return 1;
  return 0;
}

static int in_list(const char *const *list, size_t count, const char *s, size_t n) {
  for (size_t i = 0; i < count; i++)
    if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0) return 1;
  return 0;
}

/* The noun right after a question word names the kind of answer sought,
** not what the question is about: "كم عدد سكان مصر" asks about Egypt's
** population, and the passage that answers says "يبلغ سكانها" as often as
** "عدد سكانها". So in "ما اسم", "كم عدد", "في أي عام", "ما هو عدد" the noun
** is left out of a ranked query like a function word (doc/search.md,
** "Queries from a user's words"; measured on ARCD's tuning half). */
int analyzer_is_answer_type(const char *prev, size_t nprev, const char *norm, size_t n) {
  static const char *const asks[] = {"ما", "كم", "اي", "ايه", "ماهو", "ماهي", "هو", "هي"};
  static const char *const kinds[] = {"اسم", "عدد", "عام", "سنه"};
  return in_list(kinds, MJ_COUNT(kinds), norm, n) && in_list(asks, MJ_COUNT(asks), prev, nprev);
}

/* ---- query strings ---- */
typedef struct QWord {
  size_t start, end;
  uint64_t key; /* hash of the stem (or of the bytes, raw) for de-duplication */
  int stop, used;
} QWord;

typedef struct QCollect {
  const char *q;
  char prev[ANALYZER_MAX_BYTES]; /* the normal form of the word before */
  QWord w[ANALYZER_MAX_QUERY_WORDS];
  int n, raw;
} QCollect;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static int collect(void *ctx, const AnalyzerToken *t) {
  QCollect *qc = ctx;
  if (qc->n >= ANALYZER_MAX_QUERY_WORDS) return 1;
  QWord *w = &qc->w[qc->n++];
  w->start = t->start;
  w->end = t->end;
  w->key = qc->raw ? fnv(qc->q + t->start, t->end - t->start) : fnv(t->stem, t->nstem);
  w->stop = analyzer_is_stopword(t->norm, t->nnorm) ||
            (qc->n > 1 && analyzer_is_answer_type(qc->prev, strlen(qc->prev), t->norm, t->nnorm));
  memcpy(qc->prev, t->norm, t->nnorm + 1);
  return 0;
}

static void quoted(Buf *out, const char *pre, const char *s, size_t n) {
  buf_putc(out, '"');
  buf_puts(out, pre);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') buf_putc(out, '"');
    buf_putc(out, s[i]);
  }
  buf_putc(out, '"');
}

int analyzer_query_ranked(const char *q, unsigned flags, Buf *out) {
  AnalyzerConfig c;
  analyzer_config_default(&c);
  QCollect *qc = xcalloc(1, sizeof *qc);
  qc->q = q;
  qc->raw = (flags & ANALYZER_Q_RAW) != 0;
  analyzer_tokenize(&c, q, strlen(q), collect, qc);
  int all_stop = 1;
  for (int i = 0; i < qc->n; i++) all_stop &= qc->w[i].stop;
  int terms = 0;
  for (int i = 0; i < qc->n; i++) {
    QWord *w = &qc->w[i];
    if (w->stop && !all_stop && !(flags & ANALYZER_Q_KEEP_STOP)) continue;
    int dup = 0;
    for (int j = 0; j < i; j++) dup |= qc->w[j].used && qc->w[j].key == w->key;
    if (dup) continue;
    w->used = 1;
    if (terms++) buf_puts(out, " OR ");
    quoted(out, "", q + w->start, w->end - w->start);
    if (flags & ANALYZER_Q_EXACT_BONUS) {
      buf_puts(out, " OR ");
      quoted(out, "=", q + w->start, w->end - w->start);
    }
  }
  free(qc);
  return terms;
}

int analyzer_query_phrase(const char *q, int exact, Buf *out) {
  AnalyzerConfig c;
  analyzer_config_default(&c);
  QCollect *qc = xcalloc(1, sizeof *qc);
  qc->q = q;
  qc->raw = 1;
  analyzer_tokenize(&c, q, strlen(q), collect, qc);
  int n = qc->n;
  if (n) {
    buf_putc(out, '"');
    if (exact) buf_putc(out, ANALYZER_EXACT_MARK);
    for (int i = 0; i < n; i++) {
      if (i) buf_putc(out, ' ');
      buf_append(out, q + qc->w[i].start, qc->w[i].end - qc->w[i].start);
    }
    buf_putc(out, '"');
  }
  free(qc);
  return n;
}
