/*
** portal: read models of the public portal that citizens use to follow
** their members: the chamber's members, a member's profile (memberships
** over time, speeches, questions, votes, attendance, speaking time), a
** party or committee with its members, and the closed votes. Rows are
** copied into the caller's arena, as in parl.c; no statement stays open.
**
** Secret ballots: every query that reads ballot.option returns NULL for a
** vote whose method is 'secret', whatever the table holds, so no caller can
** show how a member voted in secret by mistake.
*/
#ifndef MJ_PORTAL_H
#define MJ_PORTAL_H

#include <stdint.h>

#include "db.h"
#include "parl.h"

/* A membership of a person in a body, with its dates (end NULL: current). */
typedef struct PortalTie {
  int64_t org_id, person_id;
  Names org, person;
  const char *classification, *role, *start_date, *end_date;
} PortalTie;

typedef struct PortalMember {
  int64_t id;
  Names name;
  const char *image, *chamber_role; /* role in the chamber (member, speaker, ...) */
  int64_t party_id;                 /* 0: none */
  Names party;
  const char *party_class;          /* "party" or "bloc" */
  PortalTie *committees;            /* current committee memberships */
  int ncommittees;
  int current;                      /* sits in the chamber on `today` */
  Names post;                       /* the seat or constituency held in the chamber; ar NULL: none */
} PortalMember;

/* The chamber's members on `today` (YYYY-MM-DD), by Arabic name; only
** those of party or bloc `party_id` when it is not 0. */
int portal_members(Db *db, Arena *a, const char *today, int64_t party_id, PortalMember **rows, int *n);

typedef struct PortalSpeech {
  int64_t id, sitting_id, body_id;
  int sitting_number;
  Names body;
  const char *date, *kind, *lang, *text;
} PortalSpeech;

typedef enum { PORTAL_SPEECHES = 0, PORTAL_QUESTIONS, PORTAL_ANY_KIND } PortalSpeechKind;
/* A person's speeches, newest first, at most `limit` (1..200). `q` (may be
** NULL or empty) keeps those matching every word of it in the full-text
** index; each word is quoted as an FTS5 string, so no query syntax gets
** through. *total counts all matches. A query the index cannot take is
** MJ_EINVAL, never MJ_EIO. */
int portal_speeches(Db *db, Arena *a, int64_t person, PortalSpeechKind kind, const char *q, int limit,
                    PortalSpeech **rows, int *n, int *total);
/* The FTS5 expression for the words of q: "w1" "w2" ... with quotes in a
** word doubled; NULL when q has no words. At most 16 words. */
const char *portal_fts_words(Arena *a, const char *q);

typedef struct PortalVote {
  int64_t id, sitting_id, body_id;
  int sitting_number;
  Names body;
  const char *date, *title, *method, *rule, *status, *result, *closed_at;
  int yes, no, abstain, ballots;
  const char *option; /* a member's option (portal_member); NULL when secret */
} PortalVote;

typedef struct PortalAttendance {
  int64_t session_id, body_id;
  int term, session;
  const char *session_kind;
  Names body;
  int held, present, excused, absent; /* closed sittings held while a member */
} PortalAttendance;

typedef struct PortalContact {
  const char *type, *value, *label; /* type: email, phone, fax, address, twitter, facebook, website */
} PortalContact;

typedef struct PortalMemberDetail {
  PortalMember m;
  const char *gender, *birth_date, *death_date;
  const char *biography_ar, *biography_en;
  PortalContact *contacts; /* by type, then value */
  int ncontacts;
  PortalTie *history; /* every membership, newest first */
  int nhistory;
  PortalVote *votes;  /* ballots on closed votes, newest first (at most 500) */
  int nvotes;
  int cast, yes, no, abstain, secret; /* over all closed votes */
  PortalAttendance *att;
  int natt;
  int held, present; /* totals of att */
  long long seconds;  /* speaker_request.seconds_used summed */
  int turns;          /* speaker requests with time used */
  int speeches;       /* speech rows of every kind */
} PortalMemberDetail;

/* A person's profile; MJ_ENOTFOUND when there is no such person. */
int portal_member(Db *db, Arena *a, int64_t id, const char *today, PortalMemberDetail *out);

typedef struct PortalVoteFilter {
  int64_t body_id;            /* 0: any */
  const char *result;         /* "pass", "fail" or NULL */
  const char *from, *to;      /* sitting dates YYYY-MM-DD, inclusive, or NULL */
  int limit, offset;          /* 1..500, 0.. */
} PortalVoteFilter;
/* Closed votes, newest first. */
int portal_votes(Db *db, Arena *a, const PortalVoteFilter *f, PortalVote **rows, int *n, int *total);

typedef struct PortalBallot {
  int64_t person_id, party_id;
  Names name, party;
  const char *option; /* NULL for a secret vote */
  int weight;
} PortalBallot;
/* One vote event (any status) and its ballots by name. */
int portal_vote(Db *db, Arena *a, int64_t id, PortalVote *v, PortalBallot **ballots, int *nb);

typedef struct PortalOrgMember {
  PortalTie tie;
  int yes, no, abstain; /* parties: roll-call ballots cast while a member */
} PortalOrgMember;

typedef struct PortalOrg {
  OrgRow o;
  PortalOrgMember *members; /* current first, then by role and name */
  int nmembers;
  int yes, no, abstain;
} PortalOrg;

typedef enum { PORTAL_COMMITTEE = 0, PORTAL_PARTY } PortalOrgKind;
/* A committee, or a party or bloc; MJ_ENOTFOUND for any other id. */
int portal_org(Db *db, Arena *a, int64_t id, PortalOrgKind kind, PortalOrg *out);

#endif
