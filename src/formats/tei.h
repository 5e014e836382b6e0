/*
** tei: ParlaMint TEI (the Parla-CLARIN encoding of the ParlaMint corpora).
** Reading: a corpus root (<teiCorpus>) gives its organisations (listOrg),
** persons (listPerson, with sex and affiliations) as Popolo records for
** people_import, and the component files it includes (xi:include); a
** component (<TEI>) gives one sitting as a RecDoc: div -> sections, u ->
** speeches (who, ana, xml:id; each seg a paragraph), note -> narrative,
** kinesic / vocal / incident / gap -> scene, note type="time" -> the
** following speeches' start time, note type="speaker" -> the label of the
** next utterance. Linguistically annotated files (.ana.xml: w and pc
** tokens) are read as text. Writing: one sitting as a ParlaMint-shaped
** <TEI> document with its own person list; tei_check validates the
** structure (see tei_check). Mapping: doc/hansard.md, "Formats".
*/
#ifndef MJ_TEI_H
#define MJ_TEI_H

#include "base.h"
#include "popolo.h"
#include "recdoc.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* What a file is: TEI_CORPUS (root teiCorpus), TEI_SITTING (root TEI), or
** 0 (with an error naming the file and line). */
enum { TEI_CORPUS = 1, TEI_SITTING = 2 };
int tei_kind(const char *name, const char *data, size_t len, int *kind);

typedef struct TeiCorpus {
  const char *id;        /* the corpus xml:id */
  PopoloFile people;     /* orgs, persons, memberships (ids "parlamint:<xml:id>") */
  const char **includes; /* hrefs of xi:include, as written */
  int *include_lines;
  int nincludes;
  Buf warnings;          /* affiliations left out, ... (caller frees with buf_free) */
} TeiCorpus;

/* Parses a corpus root; everything in the arena a except warnings. */
int tei_parse_corpus(const char *name, const char *data, size_t len, Arena *a, TeiCorpus *out);

/* Parses one sitting into d (recdoc_init'ed with format "parlamint").
** MJ_EINVAL with "NAME:LINE: reason" for XML that is not well-formed, a
** root other than TEI in the TEI namespace, no date, no text/body. */
int tei_parse_sitting(const char *name, const char *data, size_t len, RecDoc *d);

/* Writes d as one ParlaMint-shaped TEI document. */
int tei_write(const RecDoc *d, Buf *out);

/* The checks an export passes (the ParlaMint RNG schema is not available
** here): well-formed; root TEI in the TEI namespace with xml:id and
** xml:lang; teiHeader with fileDesc/titleStmt/title, a meeting, the
** setting date as YYYY-MM-DD; text/body with at least one div; every
** xml:id unique; every u has an xml:id and one or more non-empty seg and a
** `who` that names a person of the listPerson; the extent's speeches and
** words equal the utterances and the words of the segs. MJ_EINVAL with
** the first failure and its line. */
int tei_check(const char *xml, size_t len);

#endif
