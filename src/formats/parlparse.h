/*
** parlparse: UK Hansard in the XML that mySociety's ParlParse writes for
** TheyWorkForYou (root <publicwhip>): debates (major-heading, minor-heading,
** speech with speakername, speakerid or person_id, speakeroffice, time and
** <p> paragraphs) and divisions (division, divisioncount, mplist/lordlist
** of mpname/lord with their votes), read into a RecDoc. Import only.
**
** The traps of the real files, and what the reader does:
** - ISO-8859-1 with an internal DTD of HTML entities: the entities declared
**   there are substituted (no external DTD is ever loaded) and the text is
**   converted to UTF-8.
** - Several versions of one day (scrapeversion a, b, c ...): only the file
**   with latest="yes" counts; a latest="no" file is read, then skipped
**   (RecDoc.skip) with the reason.
** - Malformed times such as 015:47:00 or 022:00:00: a leading zero too many
**   is dropped with a warning; a time that cannot be read is left out with a
**   warning. Never an error.
** The sitting is the day of one record type (Commons debates, Lords, ...):
** a divisions-only file of the same day adds its divisions to the same
** sitting (RecDoc.day), and divisions already imported are not repeated.
*/
#ifndef MJ_PARLPARSE_H
#define MJ_PARLPARSE_H

#include "base.h"
#include "recdoc.h"

/* Parses one file from memory into d (recdoc_init'ed with format
** "parlparse"). MJ_EINVAL with "NAME:LINE: reason" for XML that is not
** well-formed, a root other than publicwhip, a file with no date. */
int parlparse_parse(const char *name, const char *data, size_t len, RecDoc *d);
int parlparse_read(const char *path, RecDoc *d);

#endif
