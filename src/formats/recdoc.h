/*
** recdoc: the record of one sitting as the record formats see it, between a
** file and the database. The readers (akn.c, tei.c, parlparse.c) fill a
** RecDoc from a file; src/domain/record_io.c writes it into the database
** (matching persons, deduplicating) and loads one back for the writers.
** Knows nothing of SQLite: the row ids in it are filled by record_io.
**
** Order: sections and speeches carry one shared document-order number
** (`order`), so a writer can interleave a section's speeches and its
** subsections as the source had them.
*/
#ifndef MJ_RECDOC_H
#define MJ_RECDOC_H

#include <stdint.h>

#include "base.h"

/* A person the file names: matched on (scheme, identifier) through
** person_identifier, else created. */
typedef struct RecPerson {
  const char *key;        /* the file's own reference: TLCPerson eId, TEI xml:id, ParlParse member id */
  const char *scheme;     /* person_identifier scheme: akn, parlamint, parlparse */
  const char *identifier; /* the identifier in that scheme */
  const char *name;       /* the name as the file gives it */
  int64_t rowid;          /* the database person (filled by record_io) */
  int used;               /* a speech or a ballot refers to it */
} RecPerson;

typedef struct RecSection {
  int parent;             /* index into sections, -1 at the top */
  const char *name;       /* AKN section name: prayers, questions, debateSection's name, ... */
  const char *heading;
  const char *ident;      /* eId / xml:id / ParlParse id in the source */
  int order, line;
  int64_t rowid;
  int64_t agenda_item;    /* the agenda item it reports (filled by record_io), 0: none */
} RecSection;

typedef struct RecSpeech {
  int section;            /* index into sections, -1: none */
  int person;             /* index into persons, -1: none known */
  const char *kind;       /* speech question answer narrative scene summary other */
  const char *role;       /* the role as printed or referenced ("Mr. Speaker", "chair") */
  const char *label;      /* the speaker as printed */
  const char *lang;       /* 2 or 3 letters; NULL: the document's */
  const char *start_time, *end_time; /* HH:MM[:SS] or NULL */
  const char *ident;
  const char *text;       /* paragraphs separated by one '\n' */
  int order, line;
  int64_t rowid;
} RecSpeech;

typedef struct RecBallot {
  int person;             /* index into persons */
  const char *option;     /* yes no abstain */
} RecBallot;

/* A division (vote event) with its named votes. */
typedef struct RecVote {
  const char *ident, *title;
  const char *time;       /* HH:MM[:SS] or NULL */
  const char *result;     /* pass fail */
  int yes, no, abstain;   /* the counts as the source prints them (-1: not printed) */
  RecBallot *ballots;
  int nballots, cballots;
  int line;
  int section;            /* the section of its agenda item (filled by record_io), -1: none */
  int64_t rowid;
} RecVote;

typedef struct RecDoc {
  Arena *a;               /* owns every string; recdoc_free frees the arrays */
  const char *path;       /* for messages */
  const char *format;     /* akn parlamint parlparse: record_source.scheme */
  const char *source;     /* record_source.ident: FRBR work URI, TEI id, ParlParse day id */
  const char *day;        /* a key every file of one sitting shares (ParlParse: record type and
                          ** date), so they fill one sitting; NULL: the source alone is the sitting */
  char sha256[65];        /* of the file's bytes */
  const char *date;       /* YYYY-MM-DD */
  const char *start_time; /* HH:MM[:SS] or NULL */
  const char *title;
  const char *lang;       /* the document's language (2 letters where known) */
  const char *country;    /* ISO 3166-1 alpha-2, lower case, or NULL */
  const char *body_name;  /* the chamber as the file names it */
  const char *body_ident; /* organisation ident to find or create it under */
  const char *body_classification; /* legislature, chamber, ... */
  int number;             /* the sitting's number when the source gives one, else 0 */
  int64_t sitting_id;     /* export: the sitting loaded; import: the one written */
  const char *status;     /* export: the record's status; NULL otherwise */
  RecPerson *persons;
  int npersons, cpersons;
  RecSection *sections;
  int nsections, csections;
  RecSpeech *speeches;
  int nspeeches, cspeeches;
  RecVote *votes;
  int nvotes, cvotes;
  int seq;                /* the next document-order number */
  Buf warnings;           /* one line each: "FILE:LINE: warning: ..." */
  int skip;               /* 1: the file is valid but not to be imported (skip_reason says why) */
  const char *skip_reason;
} RecDoc;

void recdoc_init(RecDoc *d, const char *path, const char *format);
void recdoc_free(RecDoc *d);

/* Appends and returns the index. Strings are not copied (arena-owned). */
int recdoc_person(RecDoc *d, const char *key, const char *scheme, const char *identifier, const char *name);
/* The index of the person with this key, -1 if none. */
int recdoc_person_find(const RecDoc *d, const char *key);
int recdoc_section(RecDoc *d, int parent, const char *name, const char *heading, const char *ident, int line);
RecSpeech *recdoc_speech(RecDoc *d, int section, const char *kind, int line);
RecVote *recdoc_vote(RecDoc *d, int line);
void recdoc_ballot(RecDoc *d, RecVote *v, int person, const char *option);
void recdoc_warn(RecDoc *d, int line, const char *fmt, ...) MJ_PRINTF(3, 4);

/* Text helpers shared by the readers. */
/* Collapses runs of white space to one space and trims both ends (in place
** in a copy made in the arena); NULL stays NULL. */
char *recdoc_squash(Arena *a, const char *s);
/* Counts words (runs of non-space) of a text. */
long recdoc_words(const char *s);
/* "HH:MM[:SS]" from a time or a date-time ("2011-06-10T10:02:00+02:00",
** "14.01", "015:47:00"): a leading zero too many on the hour is dropped;
** NULL when it is not a time of day (00:00:00 .. 23:59:59). *repaired is set
** to 1 when the input had to be repaired. */
const char *recdoc_time(Arena *a, const char *s, int *repaired);
/* ISO 639-2 (eng, ara, tur, aze, ...) to 639-1 where we know it; other
** values are returned as given if they are 2 or 3 lower-case letters, else NULL. */
const char *recdoc_lang2(const char *s);
/* 639-1 to 639-2 for the AKN FRBRlanguage (ar -> ara); unknown: as given. */
const char *recdoc_lang3(const char *s);
/* SHA-256 of bytes as lower-case hex (65 bytes). */
void recdoc_sha256(const void *data, size_t n, char out[65]);
/* 1 for YYYY-MM-DD. */
int recdoc_date_ok(const char *s);

#endif
