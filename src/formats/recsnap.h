/*
** recsnap: reads a published edition of a sitting's record — the frozen
** JSON snapshot that hansard_snapshot() writes and the edition table keeps —
** into rows in document order, for the faces that show an edition (the
** public record pages, the printable view, the PDF). Reading the edition and
** never the live tables is what keeps unpublished drafts off public pages.
** Knows nothing of SQLite or HTTP.
*/
#ifndef MJ_RECSNAP_H
#define MJ_RECSNAP_H

#include <stdint.h>

#include "base.h"

typedef struct SnapSection {
  int64_t id, parent_id, agenda_item_id; /* 0 when absent */
  int position, depth;                   /* depth: 0 at the top */
  const char *name, *heading;
} SnapSection;

typedef struct SnapSpeech {
  int64_t id, section_id, agenda_item_id, person_id; /* 0 when absent */
  int position;
  const char *person_ar, *person_en; /* NULL without a person */
  const char *label, *role, *kind, *lang, *start_time, *end_time, *text;
  const char *ident; /* the speech's id in its source (AKN eId, TEI xml:id), NULL when none */
  int64_t media_start_ms, media_end_ms; /* -1 when unknown */
  int version;
} SnapSpeech;

/* One step of the document: a section heading or a speech. */
typedef struct SnapItem {
  int is_section;
  int index; /* into sections or speeches */
} SnapItem;

typedef struct Snap {
  int64_t sitting_id, body_id;
  int number;
  const char *date, *start_time, *body_ar, *body_en;
  const char *media_url, *certified_by, *certified_at;
  SnapSection *sections; /* in document order (depth first, by position) */
  int nsections;
  SnapSpeech *speeches;  /* by position */
  int nspeeches;
  SnapItem *items;       /* headings and speeches interleaved, in reading order */
  int nitems;
} Snap;

/* Parses an edition's content. Strings and arrays live in the arena.
** MJ_EINVAL with a message when the JSON is not a record snapshot. */
int recsnap_parse(Arena *a, const char *json, Snap *out);
/* The index of speech `id` in out->speeches, -1 when not in this edition. */
int recsnap_find_speech(const Snap *s, int64_t id);
/* The speaker as printed in language `lang` ("ar", "en", "az"): the
** person's name in that language (Arabic when there is none), else the
** printed label, else "". */
const char *recsnap_speaker(const SnapSpeech *sp, const char *lang);
/* The section that holds speech i (NULL: none). */
const SnapSection *recsnap_section_of(const Snap *s, int i);

#endif
