/*
** main.c: the command-line face. One table of commands, each with its help
** text and a function; a small option parser shared by all of them. A
** command validates its arguments, calls the domain layer, and prints.
** Errors go to standard error as "majlis: <what went wrong and what to do>"
** with a non-zero exit status.
*/
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "analyzer.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "qr.h"
#include "demo.h"
#include "meeting.h"
#include "i18n.h"
#include "parl.h"
#include "people.h"
#include "search.h"
#include "search_vote.h"
#include "sindex.h"
#include "pubrec.h"
#include "alerts.h"
#include "smtp.h"
#include "searcheval.h"
#include "opendata.h"
#include "user.h"
#include "web.h"

/* ---- options (types in cli.h) ---- */
const char *opt(Args *a, const char *name) {
  for (int i = 0; i < a->nopts; i++)
    if (strcmp(a->opts[i].name, name) == 0) return a->opts[i].value;
  return NULL;
}

static int parse_args(const char *cmd, int argc, char **argv, Args *a) {
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "--") == 0) {
      for (i++; i < argc; i++) {
        if (a->npos >= (int)MJ_COUNT(a->pos)) return mj_fail(MJ_EINVAL, "%s: too many arguments", cmd);
        a->pos[a->npos++] = argv[i];
      }
      break;
    }
    if (s[0] == '-' && s[1] == '-' && s[2]) {
      const char *name = s + 2;
      const char *eq = strchr(name, '=');
      size_t nl = eq ? (size_t)(eq - name) : strlen(name);
      Opt *o = NULL;
      for (int k = 0; k < a->nopts; k++)
        if (strlen(a->opts[k].name) == nl && strncmp(a->opts[k].name, name, nl) == 0) o = &a->opts[k];
      if (!o) return mj_fail(MJ_EINVAL, "%s: unknown option --%.*s; see 'majlis help %s'", cmd, (int)nl, name, cmd);
      if (o->takes_value) {
        if (eq) o->value = eq + 1;
        else if (i + 1 < argc) o->value = argv[++i];
        else return mj_fail(MJ_EINVAL, "%s: --%s needs a value", cmd, o->name);
      } else {
        if (eq) return mj_fail(MJ_EINVAL, "%s: --%s takes no value", cmd, o->name);
        o->value = "1";
      }
      continue;
    }
    if (a->npos >= (int)MJ_COUNT(a->pos)) return mj_fail(MJ_EINVAL, "%s: too many arguments", cmd);
    a->pos[a->npos++] = s;
  }
  return MJ_OK;
}

const char *db_path_of(Args *a) {
  const char *p = opt(a, "db");
  if (!p || !*p) p = getenv("MAJLIS_DB");
  if (!p || !*p) p = "majlis.db";
  return p;
}

int fail(int rc) {
  fprintf(stderr, "majlis: %s\n", *mj_errmsg() ? mj_errmsg() : mj_codename(rc));
  return rc == MJ_EINVAL ? 2 : 1;
}

/* Progress on a terminal, silence otherwise. */
void progress(const char *step, void *arg) {
  (void)arg;
  if (isatty(2)) fprintf(stderr, "majlis: %s...\n", step);
}

/* ---- commands ---- */
static int cmd_init(Args *a) {
  const char *path = db_path_of(a);
  Db *db;
  int rc = db_open(path, DB_CREATE | DB_MUST_NEW, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  if (!(rc = db_begin(db))) {
    char at[32];
    mj_iso8601(mj_now_ms() / 1000, at, sizeof at);
    rc = db_meta_set(db, "created_at", at);
    if (!rc) rc = db_meta_set(db, "default_lang", opt(a, "lang") ? opt(a, "lang") : "ar");
    if (!rc) rc = audit_append(db, &who, "db.init", "database", "created an empty database (schema %d)",
                               db_schema_version());
    if (!rc) rc = db_commit(db);
    else db_rollback(db);
  }
  db_close(db);
  if (rc) {
    unlink(path);
    return fail(rc);
  }
  printf("created %s (schema version %d)\n", path, db_schema_version());
  return 0;
}

static void today_str(char out[11]) {
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static int serve_with(Args *a, const char *path);

static const char *members_default(void) {
  const char *base = getenv("MAJLIS_DATA");
  static char buf[1024];
  snprintf(buf, sizeof buf, "%s/popolo/everypolitician_bahrain_council_of_representatives/ep-popolo-v1.0.json",
           base && *base ? base : "../shared/data");
  return buf;
}

static int cmd_demo(Args *a) {
  const char *path = db_path_of(a);
  long long seed = 2024;
  if (opt(a, "seed") && mj_parse_int(opt(a, "seed"), 0, INT64_MAX, &seed)) return fail(MJ_EINVAL);
  char today[11];
  today_str(today);
  const char *date = opt(a, "date") ? opt(a, "date") : today;
  const char *members = NULL;
  if (opt(a, "real-members")) {
    members = opt(a, "members-file") ? opt(a, "members-file") : members_default();
    if (access(members, R_OK) != 0) {
      mj_fail(MJ_ENOTFOUND, "--real-members needs the Popolo file of Bahrain's Council of Representatives at %s "
              "(set MAJLIS_DATA to the shared data folder, or pass --members-file FILE)", members);
      return fail(MJ_ENOTFOUND);
    }
  }
  Db *db;
  int rc = db_open(path, DB_CREATE | DB_MUST_NEW, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  DemoOptions o = {(uint64_t)seed, date, members, progress, NULL};
  DemoResult res;
  rc = demo_create(db, &who, &o, &res);
  db_close(db);
  if (rc) {
    unlink(path);
    return fail(rc);
  }
  printf("demo parliament created in %s\n"
         "  %d members, %d blocs, %d committees, %d sittings, %d agenda items, %d speeches, %d votes (%d ballots)\n"
         "  today's sitting is in progress: %d members checked in, a speaker on the floor, a vote open\n"
         "  administrator: user '%s', password '%s' (shown once; store it now)\n"
         "  Hansard: users reporter1, reporter2, editor, certifier and member1 have the same password\n"
         "  two-factor sign-in is required for %s, editor and certifier: until each signs in and enrols it\n"
         "  under /account (an authenticator app), they can read but not change anything (for a local trial\n"
         "  only: majlis settings require_totp 0 --db %s)\n",
         path, res.members, res.blocs, res.committees, res.sittings, res.agenda_items, res.speeches, res.votes,
         res.ballots, res.present_today, res.admin_user, res.admin_password, res.admin_user, path);
  fflush(stdout);
  if (opt(a, "serve")) return serve_with(a, path);
  return 0;
}

static int serve_with(Args *a, const char *path) {
  ServerConfig c;
  memset(&c, 0, sizeof c);
  c.db_path = path;
  c.listen = opt(a, "listen") ? opt(a, "listen") : "127.0.0.1:8080";
  long long v;
  if (opt(a, "threads")) {
    if (mj_parse_int(opt(a, "threads"), 1, 64, &v)) return fail(MJ_EINVAL);
    c.threads = (int)v;
  }
  c.per_ip_limit = 64;
  if (opt(a, "per-ip-limit")) {
    if (mj_parse_int(opt(a, "per-ip-limit"), 0, 100000, &v)) return fail(MJ_EINVAL);
    c.per_ip_limit = (int)v;
  }
  if (opt(a, "max-body")) {
    if (mj_parse_int(opt(a, "max-body"), 1024, 1LL << 30, &v)) return fail(MJ_EINVAL);
    c.max_body = (size_t)v;
  }
  if (opt(a, "timeout")) {
    if (mj_parse_int(opt(a, "timeout"), 1, 3600, &v)) return fail(MJ_EINVAL);
    c.timeout_s = (unsigned)v;
  }
  if (opt(a, "heartbeat-ms")) {
    if (mj_parse_int(opt(a, "heartbeat-ms"), 50, 600000, &v)) return fail(MJ_EINVAL);
    c.heartbeat_ms = (int)v;
  }
  c.access_log = opt(a, "access-log");
  c.tls_cert = opt(a, "tls-cert");
  c.tls_key = opt(a, "tls-key");
  c.secure_cookies = opt(a, "behind-tls-proxy") != NULL;
  c.quiet = opt(a, "quiet") != NULL;
  if (opt(a, "error-log") && log_setfile(opt(a, "error-log"))) return fail(MJ_EIO);
  int rc = server_run(&c);
  return rc ? fail(rc) : 0;
}

static int cmd_serve(Args *a) {
  const char *path = db_path_of(a);
  Db *db; /* open once here so a missing or newer database is reported plainly */
  int rc = db_open(path, 0, &db);
  if (rc) return fail(rc);
  db_close(db);
  return serve_with(a, path);
}

static int cmd_check(Args *a) {
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  char *report = NULL;
  int bad = db_check(db, &report) != MJ_OK;
  fputs(report ? report : "", stdout);
  free(report);
  Buf sx; /* our own search index against the speeches (src/text/sindex.c) */
  buf_init(&sx, BUF_UNLIMITED);
  bad |= sindex_check(db_handle(db), &sx) != MJ_OK;
  bad |= pubrec_check(db, &sx) != MJ_OK; /* what the public sees: src/domain/pubrec.h */
  fputs(sx.p ? sx.p : "", stdout);
  buf_free(&sx);
  int64_t bad_id, n;
  if (audit_verify(db, &bad_id, &n)) {
    printf("audit chain: BROKEN at row %lld: %s\n", (long long)bad_id, mj_errmsg());
    bad = 1;
  } else {
    printf("audit chain: ok (%lld rows)\n", (long long)n);
  }
  db_close(db);
  printf("%s\n", bad ? "check FAILED" : "check passed");
  return bad ? 1 : 0;
}

static void backup_progress(int remaining, int total, void *arg) {
  (void)arg;
  if (isatty(2) && total > 0) fprintf(stderr, "\rmajlis: backup %3d%%", (int)(100.0 * (total - remaining) / total));
}

static int cmd_backup(Args *a) {
  if (a->npos != 1) {
    mj_fail(MJ_EINVAL, "backup needs one destination file: majlis backup --db FILE DEST");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  rc = db_backup(db, a->pos[0], backup_progress, NULL);
  if (isatty(2)) fputc('\n', stderr);
  db_close(db);
  if (rc) return fail(rc);
  printf("backed up %s to %s\n", db_path_of(a), a->pos[0]);
  /* the instance key (two-factor secrets) travels with the data it opens */
  char from[1100], to[1100];
  snprintf(from, sizeof from, "%s.key", db_path_of(a));
  snprintf(to, sizeof to, "%s.key", a->pos[0]);
  FILE *in = fopen(from, "rb");
  if (in) {
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
    unsigned char k[64];
    size_t n = fread(k, 1, sizeof k, in);
    fclose(in);
    if (fd < 0 || write(fd, k, n) != (ssize_t)n) {
      if (fd >= 0) close(fd);
      mj_fail(MJ_EIO, "the database was copied, but its key %s could not be copied to %s", from, to);
      return fail(MJ_EIO);
    }
    close(fd);
    printf("copied the instance key to %s (keep it with the backup, and private)\n", to);
  }
  return 0;
}

static int cmd_audit(Args *a) {
  if (a->npos != 1 || (strcmp(a->pos[0], "verify") != 0 && strcmp(a->pos[0], "export") != 0)) {
    mj_fail(MJ_EINVAL, "audit needs a subcommand: 'majlis audit verify' or 'majlis audit export [--since DATE]'");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), DB_READONLY, &db);
  if (rc) return fail(rc);
  if (strcmp(a->pos[0], "verify") == 0) {
    int64_t bad_id, n;
    rc = audit_verify(db, &bad_id, &n);
    db_close(db);
    if (rc) {
      fprintf(stderr, "majlis: %s\n", mj_errmsg());
      printf("audit chain broken at row %lld\n", (long long)bad_id);
      return 1;
    }
    printf("audit chain intact: %lld rows\n", (long long)n);
    return 0;
  }
  const char *since = opt(a, "since");
  if (since) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(since, "%Y-%m-%d", &tm);
    if (!end || (*end && *end != 'T')) {
      db_close(db);
      mj_fail(MJ_EINVAL, "--since wants a date YYYY-MM-DD (optionally with THH:MM:SSZ), got '%s'", since);
      return fail(MJ_EINVAL);
    }
  }
  rc = audit_export(db, since, stdout);
  db_close(db);
  return rc ? fail(rc) : 0;
}


/* ---- users and tokens ---- */

/* Reads a password: from standard input with --password-stdin (one line),
** otherwise asked twice on the terminal without echo. Caller frees. */
static char *read_password(Args *a, const char *prompt) {
  char buf[300];
  if (opt(a, "password-stdin") || !isatty(0)) {
    if (!fgets(buf, sizeof buf, stdin)) return NULL;
    buf[strcspn(buf, "\r\n")] = 0;
    return xstrdup(buf);
  }
  char *p1 = getpass(prompt);
  if (!p1) return NULL;
  char *first = xstrdup(p1);
  char *p2 = getpass("again: ");
  if (!p2 || strcmp(first, p2) != 0) {
    free(first);
    mj_fail(MJ_EINVAL, "the two passwords differ");
    return NULL;
  }
  return first;
}

static void print_codes(char codes[10][12]) {
  printf("recovery codes (each works once; shown only now):\n");
  for (int i = 0; i < 10; i++) printf("  %s\n", codes[i]);
}

static int cmd_user(Args *a) {
  const char *sub = a->npos ? a->pos[0] : "";
  const char *name = a->npos > 1 ? a->pos[1] : NULL;
  int need_name = strcmp(sub, "list") != 0;
  if (!*sub || (need_name && !name)) {
    mj_fail(MJ_EINVAL, "usage: majlis user add|passwd|role|list|disable|enable|totp ...; see 'majlis help user'");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  Arena *ar = arena_new();
  if (strcmp(sub, "add") == 0) {
    const char *roles = opt(a, "role");
    long long person = 0;
    if (!roles) rc = mj_fail(MJ_EINVAL, "user add needs --role ROLE[,ROLE]; 'majlis help roles' lists them");
    else if (opt(a, "person") && mj_parse_int(opt(a, "person"), 1, INT64_MAX, &person)) rc = MJ_EINVAL;
    else {
      char *pw = NULL;
      char gen[20];
      if (opt(a, "password-stdin")) {
        pw = read_password(a, "password: ");
        if (!pw) rc = mj_fail(MJ_EINVAL, "no password on standard input");
      } else {
        user_password_generate(gen, 16);
        pw = xstrdup(gen);
      }
      if (!rc) rc = user_create(db, &who, name, opt(a, "name-ar"), opt(a, "name-latin"), roles, person, pw, NULL);
      if (!rc) {
        printf("created user %s with roles %s\n", name, roles);
        if (!opt(a, "password-stdin")) printf("password: %s (shown once)\n", pw);
      }
      free(pw);
    }
  } else if (strcmp(sub, "passwd") == 0) {
    char *pw = read_password(a, "new password: ");
    rc = pw ? auth_user_set_password(db, &who, name, pw) : (*mj_errmsg() ? MJ_EINVAL : mj_fail(MJ_EINVAL, "no password given"));
    free(pw);
    if (!rc) printf("password of %s changed; their sessions ended\n", name);
  } else if (strcmp(sub, "role") == 0) {
    Buf roles;
    buf_init(&roles, 512);
    for (int i = 2; i < a->npos; i++) {
      if (roles.n) buf_putc(&roles, ',');
      buf_puts(&roles, a->pos[i]);
    }
    rc = a->npos < 3 ? mj_fail(MJ_EINVAL, "usage: majlis user role NAME ROLE...")
                     : auth_user_set_roles(db, &who, name, roles.p);
    if (!rc) printf("roles of %s: %s\n", name, roles.p);
    buf_free(&roles);
  } else if (strcmp(sub, "list") == 0) {
    UserRow *u;
    int n;
    rc = auth_users(db, ar, &who, &u, &n);
    for (int i = 0; !rc && i < n; i++)
      printf("%-20s %-40s totp:%-3s %s%s\n", u[i].name, u[i].roles, u[i].totp ? "on" : "off",
             u[i].disabled ? "disabled " : "", *u[i].display_ar ? u[i].display_ar : u[i].display_latin);
  } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
    int dis = strcmp(sub, "disable") == 0;
    rc = auth_user_set_disabled(db, &who, name, dis);
    if (!rc) printf("%s %s%s\n", dis ? "disabled" : "enabled", name, dis ? "; sessions and tokens revoked" : "");
  } else if (strcmp(sub, "totp") == 0) {
    const char *secret, *uri;
    char codes[10][12];
    rc = auth_totp_enrol_direct(db, ar, &who, name, &secret, &uri, codes);
    if (!rc) {
      printf("two-factor sign-in enrolled for %s\nscan this with an authenticator app:\n\n", name);
      qr_terminal(uri, stdout);
      printf("\n%s\nkey: %s\n", uri, secret);
      print_codes(codes);
    }
  } else {
    rc = mj_fail(MJ_EINVAL, "no 'user %s'; see 'majlis help user'", sub);
  }
  arena_free(ar);
  db_close(db);
  return rc ? fail(rc) : 0;
}

static int cmd_token(Args *a) {
  const char *sub = a->npos ? a->pos[0] : "";
  Db *db;
  int rc;
  Actor who = audit_cli_actor();
  if (strcmp(sub, "create") == 0) {
    if (a->npos != 2 || !opt(a, "user")) {
      mj_fail(MJ_EINVAL, "usage: majlis token create NAME --user USER [--expires DAYS]");
      return fail(MJ_EINVAL);
    }
    long long days = 90;
    if (opt(a, "expires") && mj_parse_int(opt(a, "expires"), 0, 3650, &days)) return fail(MJ_EINVAL);
    if ((rc = db_open(db_path_of(a), 0, &db))) return fail(rc);
    char token[AUTH_TOKEN_HEX + 8];
    int64_t id;
    rc = auth_token_create(db, &who, opt(a, "user"), a->pos[1], (int)days, token, &id);
    db_close(db);
    if (rc) return fail(rc);
    printf("%s\n", token);
    fprintf(stderr, "majlis: token %lld for %s%s; it is shown only now\n", (long long)id, opt(a, "user"),
            days ? "" : " (no expiry)");
    return 0;
  }
  if (strcmp(sub, "revoke") == 0) {
    long long id;
    if (a->npos != 2 || mj_parse_int(a->pos[1], 1, INT64_MAX, &id)) {
      mj_fail(MJ_EINVAL, "usage: majlis token revoke ID (the number 'majlis token list' shows)");
      return fail(MJ_EINVAL);
    }
    if ((rc = db_open(db_path_of(a), 0, &db))) return fail(rc);
    rc = auth_token_revoke(db, &who, id);
    db_close(db);
    if (rc) return fail(rc);
    printf("revoked token %lld\n", id);
    return 0;
  }
  if (strcmp(sub, "list") == 0) {
    if ((rc = db_open(db_path_of(a), 0, &db))) return fail(rc);
    Arena *ar = arena_new();
    TokenRow *t;
    int n;
    rc = auth_tokens(db, ar, &who, 1, &t, &n);
    for (int i = 0; !rc && i < n; i++) {
      char exp[32] = "never";
      if (t[i].expires_at) mj_iso8601(t[i].expires_at, exp, sizeof exp);
      printf("%-6lld %-16s %-30s expires %s%s\n", (long long)t[i].id, t[i].user, t[i].name, exp,
             t[i].revoked ? " (revoked)" : "");
    }
    arena_free(ar);
    db_close(db);
    return rc ? fail(rc) : 0;
  }
  mj_fail(MJ_EINVAL, "usage: majlis token create|revoke|list; see 'majlis help token'");
  return fail(MJ_EINVAL);
}

static int cmd_body(Args *a) {
  long long id;
  if (a->npos < 1 || a->npos == 2 || a->npos > 3 || mj_parse_int(a->pos[0], 1, INT64_MAX, &id)) {
    mj_fail(MJ_EINVAL, "usage: majlis body ID [RULE VALUE]; see 'majlis help body'");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  MeetingActor m = {&who, 0};
  if (a->npos == 3) rc = meeting_body_rule_set(db, &m, id, a->pos[1], a->pos[2]);
  Buf b;
  buf_init(&b, 4096);
  if (!rc) rc = meeting_body_rules(db, id, &b);
  if (!rc) fputs(b.p, stdout);
  buf_free(&b);
  db_close(db);
  return rc ? fail(rc) : 0;
}

static int cmd_settings(Args *a) {
  static const char *known[] = {"require_totp", "instance_name", "default_lang", "smtp_url", "smtp_from",
                                "smtp_user", "smtp_password", "public_url", "opendata_max_cells", "opendata_rate_limit",
                                "opendata_license", "opendata_contact_name", "opendata_contact_email",
                                "hansard_low_confidence"};
  if (a->npos > 2) {
    mj_fail(MJ_EINVAL, "usage: majlis settings [KEY [VALUE]]");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  if (a->npos == 0) {
    for (size_t i = 0; i < MJ_COUNT(known); i++) {
      char *v = db_meta_get(db, known[i]);
      printf("%-14s %s\n", known[i], v && strcmp(known[i], "smtp_password") == 0 ? "(set)"
                                     : v ? v : (strcmp(known[i], "require_totp") == 0 ? "1 (default)" : "(unset)"));
      free(v);
    }
    db_close(db);
    return 0;
  }
  int ok = 0;
  for (size_t i = 0; i < MJ_COUNT(known); i++) ok |= strcmp(a->pos[0], known[i]) == 0;
  if (!ok) rc = mj_fail(MJ_EINVAL, "unknown setting '%s'; known: require_totp, instance_name, default_lang, smtp_url, smtp_from, "
                          "smtp_user, smtp_password, public_url, opendata_max_cells, opendata_rate_limit, opendata_license, "
                          "opendata_contact_name, opendata_contact_email, hansard_low_confidence", a->pos[0]);
  else if (a->npos == 1) {
    char *v = db_meta_get(db, a->pos[0]);
    printf("%s\n", v ? v : "");
    free(v);
  } else {
    const char *k = a->pos[0], *v = a->pos[1];
    if (strcmp(k, "require_totp") == 0 && strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
      rc = mj_fail(MJ_EINVAL, "require_totp is 1 (two-factor required for roles that change the record) or 0");
    else if (strcmp(k, "default_lang") == 0 && i18n_parse(v) < 0)
      rc = mj_fail(MJ_EINVAL, "default_lang is ar, en or az");
    else if ((strcmp(k, "opendata_max_cells") == 0 && mj_parse_int(v, 1, 1000000000000LL, &(long long){0})) ||
             (strcmp(k, "opendata_rate_limit") == 0 && mj_parse_int(v, 0, 1000000000, &(long long){0})))
      rc = mj_fail(MJ_EINVAL, "%s is a whole number (opendata_max_cells from 1; opendata_rate_limit requests a minute per "
                              "address, 0 for none)", k);
    else if (strcmp(k, "hansard_low_confidence") == 0 && !(strtod(v, &(char *){NULL}) >= 0 && strtod(v, NULL) <= 1 &&
                                                           strspn(v, "0123456789.") == strlen(v) && *v))
      rc = mj_fail(MJ_EINVAL, "hansard_low_confidence is a number from 0 to 1 (segments under it are flagged)");
    else if (strcmp(k, "opendata_contact_email") == 0 && *v &&
             (!strchr(v, '@') || strchr(v, '@') == v || !v[strcspn(v, "@") + 1] || v[strcspn(v, " \t<>\"")]))
      rc = mj_fail(MJ_EINVAL, "opendata_contact_email is an e-mail address (name@host), or empty for none");
    else rc = smtp_setting_check(k, v);
    Actor who = audit_cli_actor();
    if (!rc && !(rc = db_begin(db))) {
      rc = db_meta_set(db, k, v);
      if (!rc) rc = audit_append(db, &who, "settings.set", k, "%s set to %s", k, strcmp(k, "smtp_password") == 0 ? "(hidden)" : v);
      if (!rc && strncmp(k, "opendata_contact_", 17) == 0) rc = od_builtin_contact_sync(db, &who);
      if (!rc) rc = db_commit(db);
      else db_rollback(db);
    }
    if (!rc) printf("%s = %s\n", k, strcmp(k, "smtp_password") == 0 ? "(hidden)" : v);
  }
  db_close(db);
  return rc ? fail(rc) : 0;
}

static int cmd_eval(Args *a) {
  if (a->npos != 1 || strcmp(a->pos[0], "search") != 0) {
    mj_fail(MJ_EINVAL, "usage: majlis eval search --docs FILE.jsonl --queries FILE.tsv --qrels FILE.trec; "
                       "see 'majlis help eval'");
    return fail(MJ_EINVAL);
  }
  SearchEvalOptions o;
  searcheval_defaults(&o);
  o.docs = opt(a, "docs");
  o.queries = opt(a, "queries");
  o.qrels = opt(a, "qrels");
  if (opt(a, "tokenizer")) o.tokenizers = opt(a, "tokenizer");
  long long k;
  if (opt(a, "k")) {
    if (mj_parse_int(opt(a, "k"), 1, 100, &k)) {
      mj_fail(MJ_EINVAL, "--k must be a whole number from 1 to 100");
      return fail(MJ_EINVAL);
    }
    o.k = (int)k;
  }
  if (opt(a, "title-weight")) {
    char *end = NULL;
    o.title_weight = strtod(opt(a, "title-weight"), &end);
    if (!end || *end || end == opt(a, "title-weight") || !(o.title_weight >= 0 && o.title_weight <= 100)) {
      mj_fail(MJ_EINVAL, "--title-weight must be a number from 0 to 100");
      return fail(MJ_EINVAL);
    }
  }
  o.keep_stopwords = opt(a, "keep-stopwords") != NULL;
  o.exact_bonus = opt(a, "exact-bonus") != NULL;
  o.run = opt(a, "run");
  o.params = opt(a, "params");
  if (opt(a, "split")) {
    const char *sp = opt(a, "split");
    o.split = strcmp(sp, "tune") == 0 ? SEARCHEVAL_TUNE : strcmp(sp, "held-out") == 0 ? SEARCHEVAL_HELD_OUT
              : strcmp(sp, "all") == 0 ? SEARCHEVAL_ALL : -1;
    if (o.split < 0) {
      mj_fail(MJ_EINVAL, "--split must be tune, held-out or all");
      return fail(MJ_EINVAL);
    }
  }
  SearchEvalResult r;
  int rc = searcheval_run(&o, &r);
  if (rc) return fail(rc);
  Buf out;
  buf_init(&out, BUF_UNLIMITED);
  searcheval_format(&r, opt(a, "json") != NULL, &out);
  fputs(out.p, stdout);
  buf_free(&out);
  return 0;
}

typedef struct AnalyzeOut {
  const char *text;
} AnalyzeOut;

static int print_token(void *ctx, const AnalyzerToken *t) {
  AnalyzeOut *o = ctx;
  printf("%zu-%zu\t%.*s\t%s\t%.*s%s\n", t->start, t->end, (int)(t->end - t->start), o->text + t->start, t->norm,
         (int)t->nstem, t->stem, analyzer_is_stopword(t->norm, t->nnorm) ? "\t(function word)" : "");
  return 0;
}

static int cmd_analyze(Args *a) {
  if (a->npos < 1) {
    mj_fail(MJ_EINVAL, "usage: majlis analyze [--args 'ARGS'] [--query] TEXT");
    return fail(MJ_EINVAL);
  }
  AnalyzerConfig c;
  analyzer_config_default(&c);
  if (opt(a, "args")) {
    char spec[512];
    mj_strlcpy(spec, opt(a, "args"), sizeof spec);
    for (char *save = NULL, *t = strtok_r(spec, " ", &save); t; t = strtok_r(NULL, " ", &save))
      if (analyzer_config_arg(&c, t)) return fail(MJ_EINVAL);
  }
  Buf text;
  buf_init(&text, 1 << 20);
  for (int i = 0; i < a->npos; i++) {
    if (i) buf_putc(&text, ' ');
    buf_puts(&text, a->pos[i]);
  }
  if (opt(a, "query")) {
    Buf q;
    buf_init(&q, 1 << 16);
    analyzer_query_ranked(text.p, 0, &q);
    printf("ranked: %s\n", q.p);
    buf_reset(&q);
    analyzer_query_phrase(text.p, 1, &q);
    printf("phrase: %s\n", q.p);
    buf_free(&q);
  } else {
    AnalyzeOut o = {text.p};
    printf("bytes\toriginal\tnormalised\tstem\n");
    analyzer_tokenize(&c, text.p, text.n, print_token, &o);
  }
  buf_free(&text);
  return 0;
}

static void print_people_report(const char *path, PeopleReport *r, int64_t ms) {
  if (r->log.n) fputs(r->log.p, stderr);
  printf("imported %s in %lld ms\n", path, (long long)ms);
  printf("persons: %d added, %d updated, %d unchanged, %d conflicts", r->persons.added, r->persons.updated,
         r->persons.unchanged, r->persons.conflicts);
  if (r->placeholders) printf(" (%d placeholders)", r->placeholders);
  printf("\norganisations: %d added, %d updated, %d unchanged, %d conflicts\n", r->orgs.added, r->orgs.updated,
         r->orgs.unchanged, r->orgs.conflicts);
  if (r->posts.added || r->posts.updated || r->posts.unchanged)
    printf("posts: %d added, %d updated, %d unchanged\n", r->posts.added, r->posts.updated, r->posts.unchanged);
  printf("memberships: %d added, %d updated, %d unchanged\n", r->memberships.added, r->memberships.updated,
         r->memberships.unchanged);
}

static int cmd_import(Args *a) {
  if (a->npos >= 1 && (strcmp(a->pos[0], "akn") == 0 || strcmp(a->pos[0], "parlamint") == 0 ||
                       strcmp(a->pos[0], "parlparse") == 0))
    return cmd_record_import(a);
  if (a->npos >= 1 && strcmp(a->pos[0], "segments") == 0) return cmd_import_segments(a);
  int popolo = a->npos == 2 && strcmp(a->pos[0], "popolo") == 0;
  int csv = a->npos == 2 && strcmp(a->pos[0], "members-csv") == 0;
  if (!popolo && !csv) {
    const char *k = a->npos ? a->pos[0] : "";
    mj_fail(MJ_EINVAL, "%s%s%susage: majlis import popolo FILE | members-csv FILE --body ID | akn|parlamint|parlparse FILE|DIR... "
                       "| segments FILE --sitting ID (kinds: popolo, members-csv, akn, parlamint, parlparse, segments); "
                       "see 'majlis help import'",
            *k && strcmp(k, "popolo") && strcmp(k, "members-csv") ? "import: unknown kind '" : "",
            *k && strcmp(k, "popolo") && strcmp(k, "members-csv") ? k : "",
            *k && strcmp(k, "popolo") && strcmp(k, "members-csv") ? "'; " : "");
    return fail(MJ_EINVAL);
  }
  const char *lang = opt(a, "lang");
  if (lang && strcmp(lang, "ar") && strcmp(lang, "en") && strcmp(lang, "az")) {
    mj_fail(MJ_EINVAL, "import: --lang is ar, en or az, not '%s'", lang);
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  Actor who = audit_cli_actor();
  PeopleOptions o = {opt(a, "placeholders") != NULL, opt(a, "overwrite") != NULL, lang, opt(a, "term-start"),
                     opt(a, "term-end")};
  PeopleReport r;
  people_report_init(&r);
  int64_t t0 = mj_mono_ms();
  rc = popolo ? people_import_popolo(db, &who, a->pos[1], &o, &r)
              : people_import_csv(db, &who, a->pos[1], opt(a, "body"), &o, &r);
  if (!rc) print_people_report(a->pos[1], &r, mj_mono_ms() - t0);
  people_report_free(&r);
  db_close(db);
  return rc ? fail(rc) : 0;
}

static int cmd_export(Args *a) {
  if (a->npos >= 1 && strcmp(a->pos[0], "pdf") == 0) return cmd_export_pdf(a);
  if (a->npos >= 1 && (strcmp(a->pos[0], "akn") == 0 || strcmp(a->pos[0], "parlamint") == 0))
    return cmd_record_export(a);
  if (a->npos >= 1 && (strcmp(a->pos[0], "vtt") == 0 || (strcmp(a->pos[0], "popolo") == 0 && opt(a, "sitting"))))
    return cmd_export_hansard(a);
  const char *out = opt(a, "out");
  int ok = a->npos >= 1 && strcmp(a->pos[0], "popolo") == 0;
  if (ok && a->npos == 3 && strcmp(a->pos[1], "-o") == 0) out = a->pos[2];
  else if (ok && a->npos != 1) ok = 0;
  if (!ok) {
    mj_fail(MJ_EINVAL, "usage: majlis export popolo [-o FILE]; see 'majlis help export'");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), DB_READONLY, &db);
  if (rc) return fail(rc);
  FILE *fp = stdout;
  if (out && strcmp(out, "-") != 0 && !(fp = fopen(out, "w"))) {
    db_close(db);
    mj_fail(MJ_EIO, "export: cannot write %s", out);
    return fail(MJ_EIO);
  }
  rc = people_export_popolo(db, fp);
  if (fp != stdout && fclose(fp) && !rc) rc = mj_fail(MJ_EIO, "export: cannot finish writing %s", out);
  db_close(db);
  return rc ? fail(rc) : 0;
}

static int cmd_search(Args *a) {
  if (opt(a, "rebuild")) return cmd_search_rebuild(a);
  if (a->npos < 1) {
    mj_fail(MJ_EINVAL, "usage: majlis search [--db FILE] [--json] [--limit N] [--recency] [--no-respell] QUERY");
    return fail(MJ_EINVAL);
  }
  long long limit = 10;
  if (opt(a, "limit") && mj_parse_int(opt(a, "limit"), 1, 100, &limit)) {
    mj_fail(MJ_EINVAL, "search: --limit must be a whole number from 1 to 100");
    return fail(MJ_EINVAL);
  }
  Buf text;
  buf_init(&text, SEARCH_MAX_QUERY + 1);
  for (int i = 0; i < a->npos; i++) {
    if (i) buf_putc(&text, ' ');
    buf_puts(&text, a->pos[i]);
  }
  Arena *ar = arena_new();
  SearchQuery q;
  int rc = text.err ? mj_fail(MJ_EINVAL, "search: the query may have at most %d bytes", SEARCH_MAX_QUERY)
                    : search_parse(ar, text.p, &q);
  buf_free(&text);
  if (!rc && search_query_empty(&q)) rc = mj_fail(MJ_EINVAL, "search: give words to search for or a filter such as type:question");
  q.recency = opt(a, "recency") != NULL; /* newer sittings first among equally relevant hits (doc/search.md) */
  q.literal = opt(a, "no-respell") != NULL; /* words no speech has searched as written */
  Db *db = NULL;
  if (!rc) rc = db_open(db_path_of(a), 0, &db);
  SearchResult res;
  SearchOptions o = {(int)limit, 0, 0, opt(a, "json") != NULL, 1};
  if (!rc) rc = search_run(db, ar, &q, &o, &res);
  if (rc) {
    if (db) db_close(db);
    arena_free(ar);
    return fail(rc);
  }
  if (opt(a, "json")) {
    json_t *j = search_json(ar, &q, &res, 1);
    char *s = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    printf("%s\n", s ? s : "{}");
    free(s);
    json_decref(j);
  } else {
    int votes = q.type && strcmp(q.type, "vote") == 0;
    printf("%d %s found\n", res.total, votes ? (res.total == 1 ? "vote" : "votes") : res.total == 1 ? "speech" : "speeches");
    for (int i = 0; i < q.nrespell; i++) /* words no speech has (doc/search.md) */
      printf("no speech has %.*s: searched as %s (--no-respell: as written)\n",
             (int)(q.respell[i].qend - q.respell[i].qstart), q.text + q.respell[i].qstart, q.respell[i].shown);
    if (!res.total && res.suggestion) printf("did you mean: %s\n", res.suggestion);
    Buf b;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < res.n; i++) {
      const SearchHit *h = &res.hits[i];
      Snippet sn;
      search_snippet(ar, &q, h->text, h->vote_id ? SEARCH_VOTE_SNIPPET : 300, &sn);
      buf_reset(&b);
      search_snippet_plain(&sn, &b);
      if (h->vote_id) { /* type:vote (search_vote.h) */
        printf("\n%d. %s  sitting %lld (no. %d, %s)  vote %lld  %s: yes %d, no %d, abstain %d\n   %s\n", i + 1,
               h->date ? h->date : "", (long long)h->sitting_id, h->sitting_number, parl_name(&h->body, "en"),
               (long long)h->vote_id, h->result ? h->result : "", h->yes, h->no, h->abstain, b.p ? b.p : "");
        continue;
      }
      printf("\n%d. %s  sitting %lld (no. %d, %s)  speech %lld  %s\n   %s\n", i + 1, h->date ? h->date : "",
             (long long)h->sitting_id, h->sitting_number, parl_name(&h->body, "en"), (long long)h->speech_id,
             h->person_id ? parl_name(&h->speaker, "en") : "", b.p ? b.p : "");
    }
    buf_free(&b);
  }
  db_close(db);
  arena_free(ar);
  return 0;
}

typedef struct AlertMailer {
  const SmtpConfig *c;
  int dry_run;
} AlertMailer;

static int alert_mail(void *arg, const AlertSub *s, const char *subject, const char *body, const char *unsub) {
  AlertMailer *m = arg;
  if (m->dry_run) {
    printf("would send to %s: %s\n", s->email, subject);
    return MJ_OK;
  }
  Buf msg;
  buf_init(&msg, 4 << 20);
  MailMessage mm = {m->c->from, s->email, subject, body, unsub};
  smtp_format(&mm, mj_now_ms() / 1000, &msg);
  int rc = smtp_send(m->c, s->email, msg.p, msg.n);
  buf_free(&msg);
  if (rc) fprintf(stderr, "majlis: alert %lld: %s\n", (long long)s->id, mj_errmsg());
  return rc;
}

static void alert_row(void *arg, const AlertSub *s, const char *created, const char *last) {
  (void)arg;
  printf("%-5lld %-12s %-2s %-9s %-24s %-20s %-20s %s\n", (long long)s->id, s->status, s->lang, s->kind,
         s->email ? s->email : "-", created ? created : "-", last ? last : "-", s->target);
}

static int cmd_alerts(Args *a) {
  int send = a->npos == 1 && strcmp(a->pos[0], "send") == 0, list = a->npos == 1 && strcmp(a->pos[0], "list") == 0;
  if (!send && !list) {
    mj_fail(MJ_EINVAL, "usage: majlis alerts send [--db FILE] [--dry-run] | majlis alerts list [--db FILE]");
    return fail(MJ_EINVAL);
  }
  Db *db;
  int rc = db_open(db_path_of(a), 0, &db);
  if (rc) return fail(rc);
  if (list) {
    Arena *ar = arena_new();
    printf("%-5s %-12s %-2s %-9s %-24s %-20s %-20s %s\n", "id", "status", "la", "kind", "email", "created", "last digest",
           "target");
    rc = alerts_list(db, ar, alert_row, NULL);
    arena_free(ar);
    db_close(db);
    return rc ? fail(rc) : 0;
  }
  i18n_init(); /* digests in each subscriber's language */
  SmtpConfig c;
  smtp_config_load(db, &c);
  AlertMailer m = {&c, opt(a, "dry-run") != NULL};
  if (!m.dry_run && !smtp_enabled(&c)) rc = mj_fail(MJ_ECONFLICT, "e-mail is off: set smtp_url and smtp_from (majlis settings)");
  else if (!c.public_url) rc = mj_fail(MJ_ECONFLICT, "set public_url (majlis settings public_url https://HOST) for the links in mails");
  AlertRun run;
  if (!rc) rc = alerts_run(db, c.public_url, m.dry_run, mj_now_ms() / 1000, alert_mail, &m, &run);
  smtp_config_free(&c);
  db_close(db);
  if (rc) return fail(rc);
  printf("%d active subscription%s: %d digest%s %s, %d with nothing new, %d failed, %d expired unconfirmed removed\n",
         run.active, run.active == 1 ? "" : "s", run.sent, run.sent == 1 ? "" : "s", m.dry_run ? "composed" : "sent",
         run.empty, run.failed, run.purged);
  return run.failed ? 1 : 0;
}

static int cmd_version(Args *a) {
  (void)a;
  printf("majlis %s (schema %d, SQLite %s)\n", MAJLIS_VERSION, db_schema_version(), sqlite3_libversion());
  return 0;
}

static int cmd_help(Args *a);

static const Command commands[] = {
  {"init", "majlis init [--db FILE] [--lang ar|en|az]",
   "Creates a new, empty database at the current schema version. Refuses to\n"
   "touch an existing file.", cmd_init, "db= lang="},
  {"demo", "majlis demo [--db FILE] [--seed N] [--date YYYY-MM-DD] [--real-members [--members-file F]]\n"
           "            [--serve] [--listen ADDR]",
   "Creates a demonstration parliament in a new database: a 40-seat chamber\n"
   "with blocs, five standing committees, a legislative term with sessions, a\n"
   "dozen sittings around --date (default today) with agendas, attendance,\n"
   "speeches and votes, and an administrator whose password is printed once.\n"
   "The same --seed and --date give the same parliament. --real-members takes\n"
   "the 40 members of Bahrain's Council of Representatives from the Popolo file\n"
   "in $MAJLIS_DATA (default ../shared/data); their speeches and votes are\n"
   "still generated, and every page says so. With --serve, serves it.",
   cmd_demo, "db= seed= date= real-members members-file= serve listen= threads= per-ip-limit= max-body= "
             "timeout= heartbeat-ms= access-log= error-log= quiet"},
  {"serve", "majlis serve [--db FILE] [--listen 127.0.0.1:8080] [--threads N] [--per-ip-limit N]\n"
            "             [--max-body BYTES] [--timeout S] [--access-log FILE] [--error-log FILE] [--quiet]\n"
            "             [--tls-cert FILE --tls-key FILE] [--behind-tls-proxy]",
   "Runs the web server: pages, the JSON API under /api/v1/ and live events.\n"
   "Writes an access log in the combined format (standard output by default)\n"
   "and an error log with levels (standard error by default). SIGTERM or\n"
   "Ctrl-C stops it gracefully: requests in flight finish first.\n"
   "--per-ip-limit caps concurrent connections per address (default 64, 0 for\n"
   "none); --max-body caps request bodies (default 1 MiB, 413 beyond).\n"
   "--tls-cert FILE --tls-key FILE serve HTTPS (PEM); --behind-tls-proxy marks\n"
   "cookies Secure when a TLS proxy is in front.",
   cmd_serve, "db= listen= threads= per-ip-limit= max-body= timeout= heartbeat-ms= access-log= error-log= quiet "
              "tls-cert= tls-key= behind-tls-proxy"},
  {"check", "majlis check [--db FILE]",
   "Checks integrity: SQLite's integrity_check, the search index against the\n"
   "speeches (repair: majlis search --rebuild), any FTS5 table against its\n"
   "content, the public record against the published editions, and the audit\n"
   "chain. Exit status 0 when all pass.", cmd_check, "db="},
  {"backup", "majlis backup [--db FILE] DEST",
   "Writes a consistent copy of the database to DEST while the server runs\n"
   "(SQLite's online backup). Never overwrites DEST.", cmd_backup, "db="},
  {"audit", "majlis audit verify [--db FILE]\n       majlis audit export [--db FILE] [--since DATE]",
   "verify walks the audit chain and names the first row whose content or\n"
   "order was altered (exit status 1). export writes the trail as JSON lines.",
   cmd_audit, "db= since="},
  {"user", "majlis user add NAME --role ROLE[,ROLE] [--person ID] [--name-ar T] [--name-latin T] [--password-stdin]\n"
           "       majlis user passwd NAME [--password-stdin]\n"
           "       majlis user role NAME ROLE...\n"
           "       majlis user list\n"
           "       majlis user disable|enable NAME\n"
           "       majlis user totp NAME",
   "Manages accounts. 'add' prints a generated password unless --password-stdin\n"
   "gives one; 'role' replaces the roles (and ends the user's sessions); 'totp'\n"
   "enrols two-factor sign-in and prints the otpauth URI, a QR code and ten\n"
   "recovery codes. Roles: 'majlis help roles'.", cmd_user,
   "db= role= person= name-ar= name-latin= password-stdin"},
  {"token", "majlis token create NAME --user USER [--expires DAYS]\n       majlis token revoke ID\n       majlis token list",
   "API tokens for scripts: 'create' prints the token once (send it as\n"
   "'Authorization: Bearer TOKEN'); it carries the user's capabilities and\n"
   "expires after DAYS (default 90; 0 for never).", cmd_token, "db= user= expires="},
  {"body", "majlis body ID [RULE VALUE]",
   "Shows the rules of a chamber or committee, or sets one: quorum_rule\n"
   "(majority, two_thirds, third), allow_ballot_change, allow_proxy,\n"
   "weighted_votes (0 or 1), speech_seconds, group_seconds. Audited.", cmd_body, "db="},
  {"settings", "majlis settings [KEY [VALUE]]",
   "Shows or sets instance settings: require_totp (1, the default: roles that\n"
   "change the record or votes need two-factor sign-in; 0 turns that off),\n"
   "instance_name, default_lang (ar, en, az); public_url; open data:\n"
   "opendata_max_cells (cells one data query may select, default 1000000),\n"
   "opendata_rate_limit (SDMX and download requests a minute per address,\n"
   "default 600, 0 for none), opendata_license (the catalogue's licence URL,\n"
   "default CC BY 4.0), opendata_contact_name and opendata_contact_email (the\n"
   "data contact of the built-in datasets and of the catalogue, default\n"
   "\"Secretariat — INSTANCE_NAME\", no e-mail). Changes are audited.", cmd_settings, "db="},
  {"eval", "majlis eval search --docs FILE.jsonl --queries FILE.tsv --qrels FILE.trec [--k 10] [--json]\n"
           "           [--tokenizer majlis|majlis-fts5|unicode61[,...]] [--split tune|held-out|all]\n"
           "           [--params k1=1.2,wh=2,...] [--title-weight 2] [--keep-stopwords] [--exact-bonus] [--run FILE]",
   "Measures search quality on a test collection: indexes the documents (JSON\n"
   "lines {\"id\",\"title\",\"text\"}) in memory, runs each query (id<TAB>text)\n"
   "and prints MRR@k, Recall@1/5/10 and nDCG@k over the queries the qrels\n"
   "(TREC: qid 0 docid rel) judge. 'majlis' is the search of the speeches\n"
   "itself (the query parser, our index and ranking; a title is a heading);\n"
   "'majlis-fts5' and 'unicode61' are FTS5 with our tokenizer or SQLite's own,\n"
   "ranked by bm25 (--title-weight, --keep-stopwords, --exact-bonus apply to\n"
   "them). Several, separated by commas, are compared in one run; 'majlis ARGS'\n"
   "passes tokenizer arguments. --split evaluates one half of the queries (the\n"
   "FNV-1a hash of the id even: tune, odd: held-out). --params sets ranking\n"
   "parameters for tuning (doc/search.md). --run writes a TREC run of the first.",
   cmd_eval, "docs= queries= qrels= k= json tokenizer= title-weight= keep-stopwords exact-bonus run= split= params="},
  {"analyze", "majlis analyze [--args 'ARGS'] [--query] TEXT",
   "Shows how search sees TEXT: each word's byte range, normalised form and\n"
   "stem, and which are function words; --query prints the FTS5 queries\n"
   "built from it. --args takes majlis tokenizer arguments (doc/search.md).",
   cmd_analyze, "args= query"},
  {"import", "majlis import popolo FILE [--db FILE] [--placeholders] [--overwrite]\n"
             "       majlis import members-csv FILE --body ID [--db FILE] [--lang ar|en|az] [--term-start DATE] [--term-end DATE]\n"
             "       majlis import akn|parlamint|parlparse FILE|DIR... [--db FILE] [--body ID] [--date D] [--replace]\n"
             "       majlis import segments FILE --sitting ID [--engine NAME --engine-version V] [--format vtt|srt|json]\n"
             "                              [--lang ar] [--low-confidence 0.6]",
   "Imports persons, organisations and memberships from a Popolo JSON file\n"
   "or an EveryPolitician members CSV, in one transaction: any invalid record\n"
   "refuses the whole file. Records are matched on their id, then on their\n"
   "identifiers; re-importing updates rather than duplicates. Changes and\n"
   "conflicts are listed on standard error, counts on standard output.\n"
   "  --placeholders  create a placeholder person for a membership's unknown person_id\n"
   "  --overwrite     take the file's Arabic names where they conflict with the database\n"
   "  --body ID       the chamber (id or ident) the CSV's members sit in\n"
   "  --lang L        the language of the CSV's names (default: by their letters)\n"
   "  --term-start/--term-end  the term's dates when neither the rows nor the body's term give them\n"
   "See doc/popolo.md.\n"
   "akn, parlamint, parlparse: sittings' records (the Hansard) from Akoma Ntoso\n"
   "3.0 debates, ParlaMint TEI (a corpus root brings its persons, parties and\n"
   "the sittings it includes) and ParlParse XML (UK debates and divisions; only\n"
   "latest=\"yes\" files count). Each file is one transaction; speakers are\n"
   "matched on their identifiers; importing a file again changes nothing.\n"
   "  --body ID       the chamber the sittings belong to (default: the file's, created if new)\n"
   "  --date D        the sitting date for an AKN file that gives none\n"
   "  --replace       replace a sitting imported before from another version of the file\n"
   "See doc/hansard.md, \"Formats\".\n"
   "segments: speech-recognition output (WebVTT, SRT, whisper.cpp -oj JSON or a\n"
   "JSON list) as draft speeches of the sitting's record, in one transaction: a\n"
   "bad file is refused with its line and imports nothing; the same file again\n"
   "imports nothing. Speakers are proposed from the speakers' list; passages\n"
   "under --low-confidence (default 0.6) and overlaps are flagged. Prints the\n"
   "counts of segments, speeches, takes and flags. See doc/hansard.md.",
   cmd_import, "db= placeholders overwrite body= lang= term-start= term-end= date= replace sitting= engine= "
   "engine-version= format= low-confidence="},
  {"export", "majlis export popolo [-o FILE] [--db FILE]\n       majlis export pdf --sitting ID [-o FILE] [--edition N] [--db FILE]\n"
             "       majlis export akn|parlamint --sitting ID [-o FILE] [--validate [SCHEMA]] [--edition N | --current] [--db FILE]\n"
             "       majlis export vtt|popolo --sitting ID [-o FILE] [--current] [--db FILE]",
   "Writes persons, organisations, memberships, motions, vote events and\n"
   "speeches as one Popolo JSON object (to standard output, or FILE).\n"
   "majlis export pdf --sitting ID [-o FILE] [--edition N] [--lang ar|en|az]:\n"
   "a published edition of the sitting's record (the latest unless --edition)\n"
   "as a print-ready A4 PDF, right to left, set in Amiri (doc/hansard.md).\n"
   "majlis export akn|parlamint --sitting ID: the sitting's record as an Akoma\n"
   "Ntoso 3.0 debate or a ParlaMint TEI document with its person list, from\n"
   "its latest published edition (--edition N: that one); a record with none\n"
   "yet (an import, one in editing) and --current: as it stands now, its\n"
   "workflow state written in.\n"
   "--validate [SCHEMA] checks the AKN against the OASIS schema (default\n"
   "$MAJLIS_DATA/akoma-ntoso/schema/akomantoso30.xsd); TEI is always checked\n"
   "against its structural rules (doc/hansard.md, \"Formats\").\n"
   "majlis export vtt|popolo --sitting ID: the sitting's record as WebVTT\n"
   "captions with media times, or as Popolo speeches, from its latest published\n"
   "edition (--current: the text as it stands now).", cmd_export,
   "db= out= sitting= edition= lang= validate schema= current"},
  {"hansard", "majlis hansard status|flags|corrections|editions --sitting ID [--all]\n"
              "       majlis hansard assign --sitting ID [--take-minutes N] [--reporters a,b] [--duration-minutes N]\n"
              "       majlis hansard configure --sitting ID [--media-url URL] [--media-start DATE-TIME] [--take-minutes N]\n"
              "       majlis hansard take TAKE-ID draft|edited|reviewed\n"
              "       majlis hansard resolve FLAG-ID TEXT\n"
              "       majlis hansard confirm SPEECH-ID [--person ID]\n"
              "       majlis hansard edit SPEECH-ID --version N (--text T | --file F)\n"
              "       majlis hansard review --sitting ID (--days N | --hours N | --close)\n"
              "       majlis hansard decide CORRECTION-ID accept|reject [--note T]\n"
              "       majlis hansard certify --sitting ID\n"
              "       majlis hansard publish --sitting ID --kind provisional|final [--note T]\n"
              "       majlis hansard diff EDITION-ID EDITION-ID|current",
   "The electronic Hansard of a sitting (the sitting may also be the second\n"
   "argument). status: the record's state, takes with reporters and statuses,\n"
   "open flags, pending corrections, editions. assign: cut the recording into\n"
   "takes (default 10 minutes) and give them to the reporters in rotation\n"
   "(default: every user with the role reporter). configure: the recording's\n"
   "address and start (wall clock, so the speakers' list can attribute speech).\n"
   "take, resolve, confirm, edit: the editor's work (edit refuses a stale\n"
   "--version). review: open the members' correction window, or close it.\n"
   "decide: accept or reject a member's correction. certify: refused, with the\n"
   "reasons, while flags are open, takes unreviewed, corrections pending or\n"
   "speakers only proposed. publish: an immutable numbered edition of a\n"
   "certified record. diff: word by word, Arabic-aware (marks-only changes\n"
   "apart). Every step is audited as the command-line user. See doc/hansard.md.",
   cmd_hansard, "db= sitting= all take-minutes= reporters= duration-minutes= media-url= media-start= days= hours= close "
   "note= kind= person= version= text= file="},
  {"search", "majlis search [--db FILE] [--json] [--limit N] [--recency] [--no-respell] QUERY",
   "Searches the speeches of the record and prints the best hits: date,\n"
   "sitting, speaker and a snippet with the matched words in [brackets];\n"
   "--json prints the API's JSON (with facets). QUERY is the search language\n"
   "of the web page: words, \"phrases\", -exclusions, prefix*, a OR b, and\n"
   "filters speaker: party: body: type: from: to: term: session: (doc/search.md).\n"
   "type:vote searches the votes' titles instead (result and counts printed).\n"
   "--limit N: at most N hits (1 to 100, default 10). --recency: relevance\n"
   "times 2^(-age/365 days) of the sitting, so newer hits come first among\n"
   "equally relevant ones. A word no speech has is searched as the nearest\n"
   "word the record has (لسويسرا as سويسرا, a typo as the word it misspells)\n"
   "and a line says so; --no-respell searches the words as written.\n"
   "majlis search --rebuild [--db FILE] rebuilds every search index from the\n"
   "speeches (after an analyzer change, or when 'majlis check' finds one damaged).",
   cmd_search, "db= json limit= rebuild recency no-respell"},
  {"alerts", "majlis alerts send [--db FILE] [--dry-run]\n       majlis alerts list [--db FILE]",
   "E-mail alerts for the public. 'send' mails each confirmed subscription a\n"
   "digest of what is new since its last one (run it daily, e.g. from cron)\n"
   "through the SMTP server in the settings smtp_url, smtp_from (and\n"
   "smtp_user, smtp_password), with links to public_url; --dry-run composes\n"
   "them without sending or recording anything. 'list' shows subscriptions.",
   cmd_alerts, "db= dry-run"},
  {"dataset", "majlis dataset list [--as ROLE] [--at TIME]\n"
              "       majlis dataset show FLOW [--as ROLE] [--at TIME] [--lang ar|en|az]\n"
              "       majlis dataset define FILE\n"
              "       majlis dataset load [FLOW] FILE [--map 'col=COMPONENT,...'] [--fixed 'COMPONENT=CODE,...'] [--replace]\n"
              "       majlis dataset publish FLOW [--release-at ISO] [--note TEXT]\n"
              "       majlis dataset revise FLOW [--note TEXT]\n"
              "       majlis dataset refresh\n"
              "       majlis dataset export FLOW [-o FILE] [--format F] [--key KEY] [--start-period P] [--end-period P]\n"
              "       majlis dataset announce FLOW --release-at ISO [--title TEXT] [--title-en TEXT]\n"
              "       majlis dataset calendar [--from DATE]",
   "Open data and official statistics (SDMX 2.1 cubes; doc/opendata.md).\n"
   "'define' reads a JSON definition (or an SDMX-ML 2.1 structure): code lists,\n"
   "concepts, the structure and the dataflow with its access level (public,\n"
   "restricted, non_public) and disclosure threshold; a new flow gets draft 1.0.\n"
   "'load' adds observations to the draft from SDMX-CSV, or from a plain CSV\n"
   "with --map; any invalid code, period or value refuses the whole file with\n"
   "its line and reason. 'publish' applies disclosure control and freezes the\n"
   "draft; it is public from --release-at (default now), not a second before.\n"
   "'revise' starts a new draft copied from the newest version. 'refresh'\n"
   "recomputes the built-in dataflows from the record. 'export' writes\n"
   "SDMX-CSV (--format: sdmx-json, sdmx-ml, structurespecific, csv, jsonstat,\n"
   "xlsx, csvw, datapackage). FLOW is CODE, AGENCY,CODE or AGENCY,CODE,VERSION.\n"
   "--as ROLE reads as that role would (--as public), --at TIME as of then.",
   cmd_dataset, "db= as= at= lang= map= fixed= replace release-at= note= out= format= key= start-period= end-period= "
                "title= title-en= from="},
  {"synonyms", "majlis synonyms list [--db FILE] [--json]\n"
               "       majlis synonyms add TERM TERM... [--lang L]\n"
               "       majlis synonyms add --group N TERM... [--lang L]\n"
               "       majlis synonyms remove TERM | --group N",
   "Search synonyms and spelling variants kept by the editors: the terms of a\n"
   "group are equivalent in search (a name transliterated several ways, a\n"
   "spelling search does not fold). 'add' with two or more terms makes a new\n"
   "group, with --group N adds terms to group N; 'remove' takes one term out\n"
   "of its group, or --group N removes the whole group. A term may be several\n"
   "words (quote it) and belongs to one group only; terms are compared as\n"
   "search reads them (أحمد = احمد, Ahmed = AHMED). Changes are audited.\n"
   "See doc/search-saved.md, \"Synonyms\".",
   cmd_synonyms, "db= group= lang= json"},
  {"version", "majlis version", "Prints the version.", cmd_version, ""},
  {"help", "majlis help [COMMAND | roles]", "Shows help for a command, or the role matrix.", cmd_help, ""},
};

static const Command *find_cmd(const char *name) {
  for (size_t i = 0; i < MJ_COUNT(commands); i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

static void print_roles(void) {
  int n;
  const RoleDef *r = user_roles(&n);
  printf("%-20s", "capability");
  for (int i = 0; i < n; i++) printf(" %.5s", r[i].name);
  printf("\n");
  for (int c = 0; c < user_cap_count(); c++) {
    printf("%-20s", user_cap_name(c));
    for (int i = 0; i < n; i++) printf(" %5s", (r[i].caps >> c) & 1 ? "x" : ".");
    printf("\n");
  }
  printf("\nroles:\n");
  for (int i = 0; i < n; i++)
    printf("  %-20s %s%s\n", r[i].name, r[i].title, r[i].needs_totp ? " (two-factor required)" : "");
}

static int cmd_help(Args *a) {
  if (a->npos == 1 && strcmp(a->pos[0], "roles") == 0) {
    print_roles();
    return 0;
  }
  if (a->npos == 1) {
    const Command *c = find_cmd(a->pos[0]);
    if (!c) {
      mj_fail(MJ_EINVAL, "no command '%s'; 'majlis help' lists them", a->pos[0]);
      return fail(MJ_EINVAL);
    }
    printf("usage: %s\n\n%s\n", c->usage, c->help);
    if (strstr(c->opts, "db=")) printf("\n--db defaults to $MAJLIS_DB, then ./majlis.db.\n");
    return 0;
  }
  printf("majlis %s: the open digital parliament\n\nusage: majlis COMMAND [OPTIONS]\n\ncommands:\n",
         MAJLIS_VERSION);
  static const struct {
    const char *name, *what;
  } summary[] = {
    {"init", "create a new, empty database"},
    {"demo", "create a demonstration parliament (--serve to serve it)"},
    {"serve", "run the web server (pages, JSON API, live events)"},
    {"check", "check the database, its search index and the audit chain"},
    {"backup", "copy the database while it is in use"},
    {"audit", "verify or export the tamper-evident audit trail"},
    {"user", "manage accounts, roles and two-factor sign-in"},
    {"token", "create, list and revoke API tokens"},
    {"body", "show or set a chamber's or committee's rules"},
    {"settings", "show or set instance settings"},
    {"eval", "measure search quality on a test collection"},
    {"analyze", "show how search reads a text"},
    {"import", "import members and bodies (Popolo JSON, CSV)"},
    {"export", "export the record as Popolo JSON, a sitting's record as PDF"},
    {"hansard", "the Hansard workflow: takes, flags, review, certify, publish"},
    {"search", "search the record"},
    {"alerts", "send the e-mail alert digests, list subscriptions"},
    {"dataset", "define, load, publish and export statistical datasets (open data)"},
    {"synonyms", "list, add and remove search synonyms and spelling variants"},
    {"version", "print the version"},
    {"help", "show help for a command, or the role matrix"},
  };
  for (size_t i = 0; i < MJ_COUNT(commands); i++) {
    const char *what = NULL;
    for (size_t k = 0; k < MJ_COUNT(summary); k++)
      if (strcmp(summary[k].name, commands[i].name) == 0) what = summary[k].what;
    if (what) printf("  %-9s %s\n", commands[i].name, what);
    else {
      const char *nl = strchr(commands[i].help, '\n');
      printf("  %-9s %.*s\n", commands[i].name, nl ? (int)(nl - commands[i].help) : (int)strlen(commands[i].help),
             commands[i].help);
    }
  }
  printf("\n'majlis help COMMAND' or 'majlis COMMAND --help' says more.\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    Args none = {0};
    cmd_help(&none);
    return 2;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
  if (strcmp(name, "--version") == 0) name = "version";
  const Command *c = find_cmd(name);
  if (!c) {
    fprintf(stderr, "majlis: no command '%s'; 'majlis help' lists them\n", name);
    return 2;
  }
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      Args h = {0};
      h.pos[0] = c->name;
      h.npos = 1;
      return cmd_help(&h);
    }
  /* build the option table from the command's spec */
  Opt opts[32];
  int nopts = 0;
  char spec[512];
  mj_strlcpy(spec, c->opts, sizeof spec);
  for (char *save = NULL, *t = strtok_r(spec, " ", &save); t && nopts < 32; t = strtok_r(NULL, " ", &save)) {
    size_t l = strlen(t);
    int val = l && t[l - 1] == '=';
    if (val) t[l - 1] = 0;
    opts[nopts].name = t;
    opts[nopts].takes_value = val;
    opts[nopts].value = NULL;
    nopts++;
  }
  Args a = {opts, nopts, {0}, 0};
  int rc = parse_args(c->name, argc - 2, argv + 2, &a);
  if (rc) return fail(rc);
  return c->fn(&a);
}
