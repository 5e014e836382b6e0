/*
** cli.h: what the command-line files share. main.c holds the table of
** commands and the option parser; a capability with commands of its own
** (src/cli/cmd_*.c) implements its command functions here and main.c lists
** them. Conventions: validate every argument before touching the database;
** errors through mj_fail() and fail(); counts on standard output.
*/
#ifndef MAJLIS_CLI_H
#define MAJLIS_CLI_H

typedef struct Opt {
  const char *name; /* "db", "serve", ... */
  int takes_value;
  const char *value; /* set by parse; "1" for flags */
} Opt;

typedef struct Args {
  Opt *opts;
  int nopts;
  const char *pos[64]; /* import takes many files (a shell glob) */
  int npos;
} Args;

typedef struct Command {
  const char *name, *usage, *help;
  int (*fn)(Args *);
  const char *opts; /* space-separated; a trailing '=' means it takes a value */
} Command;

/* The value of --NAME ("1" for a flag), or NULL when not given. */
const char *opt(Args *a, const char *name);
/* --db, else $MAJLIS_DB, else ./majlis.db. */
const char *db_path_of(Args *a);
/* Prints "majlis: <the last error>" and returns the exit status for rc. */
int fail(int rc);
/* Progress messages on a terminal, silence otherwise (a ProgressFn). */
void progress(const char *step, void *arg);
int cmd_synonyms(Args *a); /* cmd_synonyms.c */
int cmd_search_rebuild(Args *a); /* cmd_search.c: majlis search --rebuild */
int cmd_export_pdf(Args *a); /* cmd_pdf.c: majlis export pdf */
int cmd_record_import(Args *a); /* cmd_record.c: majlis import akn|parlamint|parlparse */
int cmd_record_export(Args *a); /* cmd_record.c: majlis export akn|parlamint */
int cmd_dataset(Args *a); /* cmd_dataset.c: majlis dataset list|show|define|load|publish|... */
int cmd_hansard(Args *a); /* cmd_hansard.c: majlis hansard ... */
int cmd_import_segments(Args *a); /* cmd_hansard.c: majlis import segments */
int cmd_export_hansard(Args *a); /* cmd_hansard.c: majlis export vtt|popolo --sitting */

#endif
