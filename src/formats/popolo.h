/*
** popolo: reading Popolo JSON (persons, organizations, memberships and the
** legislative-period events they refer to) and the EveryPolitician members
** CSV. Knows files, JSON and CSV, nothing of the database: the readers check
** shapes and types and hand back arena-allocated records; src/domain/people.c
** matches them against the database. See doc/popolo.md.
*/
#ifndef MJ_POPOLO_H
#define MJ_POPOLO_H

#include <stdint.h>

#include "base.h"

typedef struct PopoloIdent {
  const char *scheme, *identifier;
} PopoloIdent;

typedef struct PopoloName {
  const char *name, *lang, *note;
} PopoloName;

/* A contact detail, its type mapped onto ours (email, phone, fax, address,
** twitter, facebook, website); details of other types are not kept. */
typedef struct PopoloContact {
  const char *type, *value, *label;
} PopoloContact;

typedef struct PopoloPerson {
  const char *id, *name, *image, *gender, *email;
  const char *legacy_id; /* an identifier from another scheme, if any */
  /* Filled by popolo_read (not by popolo_read_persons): */
  const char *where;     /* "persons[3] (id \"x\")" or "line 17", for messages */
  const char *name_ar, *name_en, *name_az; /* by the name's lang or script */
  const char *birth_date;
  PopoloName *other_names;
  int n_other_names;
  PopoloIdent *identifiers;
  int n_identifiers;
  PopoloContact *contacts;
  int n_contacts;
  const char *biography_ar, *biography_en; /* "biography" and "summary", by script */
  const char *death_date;
} PopoloPerson;

typedef struct PopoloOrg {
  const char *where;
  const char *id, *name, *name_ar, *name_en, *name_az;
  const char *classification; /* already mapped onto ours (legislature ... other) */
  const char *parent_id, *founding_date, *dissolution_date;
  long long seats; /* 0: not given */
  PopoloIdent *identifiers;
  int n_identifiers;
  int duplicate; /* repeats an earlier record with the same id (see popolo_read); skip it */
} PopoloOrg;

/* A post: a seat or a constituency of a body. organization_id NULL (the
** CSV) means the body the caller names. area: the area_id, else the area's
** name. */
typedef struct PopoloPost {
  const char *where;
  const char *id, *label, *label_ar, *label_en, *label_az; /* label_*: by other_label's script */
  const char *organization_id, *role, *area;
} PopoloPost;

typedef struct PopoloMembership {
  const char *where;
  const char *id, *person_id, *organization_id, *on_behalf_of_id, *post_id;
  const char *role;       /* ours: member, chair, deputy_chair, rapporteur, speaker, deputy_speaker */
  const char *role_label; /* the source's role when it is not exactly one of ours, else NULL */
  const char *start_date, *end_date; /* start_date may be NULL: see popolo_fill_start_dates */
  const char *legislative_period_id;
  int64_t organization_rowid; /* set by the CSV importer: the body by database id */
  int term;                   /* CSV: the term number, 0 if none */
} PopoloMembership;

typedef struct PopoloEvent {
  const char *id, *classification, *start_date, *end_date, *organization_id;
} PopoloEvent;

typedef struct PopoloFile {
  const char *path;
  PopoloPerson *persons;
  int n_persons;
  PopoloOrg *orgs;
  int n_orgs;
  PopoloMembership *memberships;
  int n_memberships;
  PopoloEvent *events;
  int n_events;
  PopoloPost *posts;
  int n_posts;
  int n_merged; /* organisations repeated with the same id and a name differing only in letter case */
} PopoloFile;

/* Reads the "persons" array of a Popolo file into arena-allocated rows.
** MJ_EINVAL with the file and the JSON error position on malformed input;
** persons without an id or a name are refused with their index. */
int popolo_read_persons(const char *path, Arena *a, PopoloPerson **out, int *n);

/* Reads a whole Popolo file (an object with any of "persons",
** "organizations", "posts", "memberships", "events"; other keys are ignored).
** Every record is checked: required ids and names, the type of every field
** read, dates as YYYY[-MM[-DD]]. A membership with no start_date takes its
** legislative period's start (an event in the same file), then its
** organisation's founding_date; with neither it is refused. Two records
** with the same id are refused, except organisations whose repeat differs
** only in the letter case of its name (real files have them): the first
** is kept and the repeat marked duplicate. The first
** problem fails the whole file with MJ_EINVAL naming the file, the record
** (array and index, and its id) and the reason. */
int popolo_read(const char *path, Arena *a, PopoloFile *out);
/* The same from a string in memory (`name` is used in messages). */
int popolo_parse(const char *name, const char *json, size_t len, Arena *a, PopoloFile *out);

/* Maps a Popolo organisation classification onto ours ("lower house" ->
** chamber, "political party" -> party, "parliamentary group" -> bloc, ...);
** unknown or missing gives "other". */
const char *popolo_classification(const char *s);
/* "ar" when s has Arabic letters, "az" when it has letters of Azerbaijani's
** alphabet that English lacks (ə ğ ı İ ş ç ö ü), else "en". */
const char *popolo_script_lang(const char *s);
/* 1 when s has at least one Arabic letter. */
int popolo_is_arabic(const char *s);
/* 1 for YYYY, YYYY-MM or YYYY-MM-DD. */
int popolo_date_ok(const char *s);

/* ---- CSV (RFC 4180) -------------------------------------------------------
** Quoted fields with embedded commas, doubled quotes and newlines; CRLF or
** LF; a leading UTF-8 byte-order mark is dropped; the bytes must be valid
** UTF-8. Every row must have as many fields as the header. Errors name
** file:line (the line where the bad row starts) and the reason. */
typedef struct PopoloCsv {
  char **head;
  int ncol;
  char ***rows; /* rows[i][j], NUL-terminated */
  int *line;    /* the line each row starts on */
  int nrows;
} PopoloCsv;
int popolo_csv_parse(const char *name, const char *data, size_t len, Arena *a, PopoloCsv *out);
/* Column index of a header name, -1 if absent. */
int popolo_csv_col(const PopoloCsv *c, const char *name);

/* The EveryPolitician members CSV (id,name,sort_name,email,...,group,
** group_id,...,term,start_date,end_date,image,gender,wikidata,...) as
** Popolo records: a person per distinct id (names go to name_`lang`, or by
** script when lang is NULL: az if any name in the file uses Azerbaijani
** letters), a party organisation "party/<group_id>" per group, and a
** membership per row with organization_id NULL (the caller names the body)
** and on_behalf_of_id the party. A person's rows must agree on the name.
** The area_id / area columns give a constituency post "post/<area_id>"
** (organization_id NULL: the body) named by the membership's post_id; the
** email, twitter and facebook columns give contact details. */
int popolo_read_ep_csv(const char *path, const char *lang, Arena *a, PopoloFile *out);
int popolo_parse_ep_csv(const char *name, const char *data, size_t len, const char *lang, Arena *a,
                        PopoloFile *out);

#endif
