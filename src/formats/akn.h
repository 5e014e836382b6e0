/*
** akn: Akoma Ntoso 3.0 (OASIS LegalDocML) debate records. The reader turns
** an <akomaNtoso><debate> into a RecDoc (sections with their AKN names and
** headings, speeches, questions, answers, narratives, scenes, summaries,
** speakers from the TLCPerson references); the writer turns a RecDoc into a
** debate document that validates against the OASIS schema; the validator
** checks any document against that schema with libxml2's XML Schema
** support. Knows files and XML, nothing of the database (see record_io.h).
** Mapping and traps: doc/hansard.md, "Formats".
*/
#ifndef MJ_AKN_H
#define MJ_AKN_H

#include "base.h"
#include "recdoc.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

typedef struct AknOptions {
  /* The sitting's date for a document that gives none (the not-namespaced
  ** converter output has no FRBR identification); NULL: refuse such files. */
  const char *date;
} AknOptions;

/* Parses a debate from memory into d (recdoc_init'ed by the caller with
** format "akn"). Accepts the 3.0 namespace, the 2016 working-draft
** namespaces (.../akn/3.0/WDnn, .../CSDnn) and, leniently, no namespace.
** Refuses, with MJ_EINVAL and "NAME:LINE: reason": XML that is not
** well-formed, a root other than akomaNtoso, another namespace, a document
** type other than debate (act, bill, judgment, ...), a debate without a
** date (unless o->date), a debate without a debateBody. */
int akn_parse(const char *name, const char *data, size_t len, const AknOptions *o, RecDoc *d);
int akn_read(const char *path, const AknOptions *o, RecDoc *d);

/* Writes d as one AKN 3.0 debate document (UTF-8) into out: FRBR
** identification, references (TLCOrganization, TLCPerson, TLCRole),
** preface, debateBody. Every element that takes an eId has a unique one. */
int akn_write(const RecDoc *d, Buf *out);

/* Validates a document against an XML Schema (the AKN schema): MJ_OK, or
** MJ_EINVAL with the first errors as "line N: reason" (up to 5). */
int akn_validate(const char *xml, size_t len, const char *schema_path);
/* $MAJLIS_DATA/akoma-ntoso/schema/akomantoso30.xsd (default data folder
** ../shared/data); static storage. */
const char *akn_schema_default(void);

#endif
