/*
** meeting: the eMeeting domain. Sittings and their agendas, documents,
** attendance and quorum, speakers' lists with timing, electronic votes with
** majority rules, proxies, weighted and secret ballots, and minutes. Every
** change checks the actor's capability, runs in one write transaction with
** its audit row and its live event, and notifies live screens on commit.
**
** Who may do what: a clerk (CAP_SITTING_PREPARE) prepares sittings,
** agendas, documents and attendance; the presiding officer
** (CAP_SITTING_PRESIDE) opens and closes sittings, items and votes and runs
** the speakers' list; a member (CAP_MEMBER_ACT, linked to a person) checks
** in, asks to speak and votes for themselves or as a recorded proxy.
*/
#ifndef MJ_MEETING_H
#define MJ_MEETING_H

#include <stdint.h>

#include "audit.h"
#include "db.h"

/* The person an actor stands for (0 when the user is not linked to one). */
typedef struct MeetingActor {
  const Actor *actor;
  int64_t person_id;
} MeetingActor;

/* ---- sittings and agendas ---- */
typedef struct SittingInput {
  int64_t body_id, session_id; /* session 0: the one covering the date */
  int number;                  /* 0: the next free number in the body's session */
  const char *date, *start_time, *place;
} SittingInput;
int meeting_sitting_create(Db *db, const MeetingActor *who, const SittingInput *in, int64_t *id);
/* to: "open", "suspended", "closed" (from scheduled/open/suspended as the
** procedure allows); a closed sitting never reopens. */
int meeting_sitting_status(Db *db, const MeetingActor *who, int64_t sitting, const char *to);
int meeting_item_add(Db *db, const MeetingActor *who, int64_t sitting, int64_t parent, const char *kind,
                     const char *title, int64_t *id);
/* Makes an item the current one (the previous one is marked done). */
int meeting_item_open(Db *db, const MeetingActor *who, int64_t item);
/* Adds a document, or a new version of the one with the same title. */
int meeting_document_add(Db *db, const MeetingActor *who, int64_t item, const char *title, const char *mime,
                         const void *content, size_t len, int pages, int64_t *version_id, int *version);

/* ---- attendance ---- */
/* status: "present" (check in), "left" (check out), "excused", "absent".
** A member may record only their own check-in and check-out. */
int meeting_attendance(Db *db, const MeetingActor *who, int64_t sitting, int64_t person, const char *status);
typedef struct Quorum {
  int members, present, needed, met;
  const char *rule;
} Quorum;
int meeting_quorum(Db *db, int64_t sitting, Quorum *q);

/* ---- speakers' list ---- */
/* kind: "speech", "point_of_order" (goes to the head of the queue), "reply". */
int meeting_speak_request(Db *db, const MeetingActor *who, int64_t item, int64_t person, const char *kind,
                          int64_t *request_id);
int meeting_speak_withdraw(Db *db, const MeetingActor *who, int64_t request_id);
/* Chair: ends the current speech (recording its time) and gives the floor to
** the first waiting request; *request_id is 0 when the queue is empty. */
int meeting_speaker_next(Db *db, const MeetingActor *who, int64_t item, int64_t *request_id);
/* Chair: ends the current speech without calling the next. */
int meeting_speaker_stop(Db *db, const MeetingActor *who, int64_t item);
/* Chair: moves a waiting request to place `place` (1 = next) in the queue. */
int meeting_speaker_move(Db *db, const MeetingActor *who, int64_t request_id, int place);

typedef struct SpeakerRow {
  int64_t id, person_id;
  const char *name_ar, *name_en, *kind, *status, *group_ar, *group_en;
  int seconds_limit, seconds_used;
  int64_t started_ms;
} SpeakerRow;
int meeting_speakers(Db *db, Arena *a, int64_t item, SpeakerRow **rows, int *n);
/* Total speaking time on a sitting: per member and per group. */
typedef struct SpeakingTime {
  int64_t id; /* person or organisation */
  const char *name_ar, *name_en;
  int seconds;
} SpeakingTime;
int meeting_speaking_time(Db *db, Arena *a, int64_t sitting, int by_group, SpeakingTime **rows, int *n);

/* ---- votes ---- */
typedef struct VoteInput {
  int64_t sitting_id, item_id;
  const char *title;
  const char *method; /* "roll_call", "secret", "show_of_hands" */
  const char *rule;   /* "simple", "absolute", "two_thirds", "custom" */
  int custom_num, custom_den;
  const char *custom_base; /* "cast", "present", "members" */
} VoteInput;
int meeting_vote_open(Db *db, const MeetingActor *who, const VoteInput *in, int64_t *id);
/* A member votes for themselves, or for `person` whose recorded proxy they
** hold; in a show of hands the clerk records each member's vote. A second
** ballot replaces the first only if the vote allows changes (never in a
** secret vote); after close nothing is counted. */
int meeting_ballot(Db *db, const MeetingActor *who, int64_t vote, int64_t person, const char *option);
typedef struct VoteResult {
  int64_t id, sitting_id;
  const char *title, *method, *rule, *status, *result;
  int yes, no, abstain, ballots, members, present, quorum_needed, quorum_met;
} VoteResult;
int meeting_vote_close(Db *db, const MeetingActor *who, int64_t vote, VoteResult *res);
int meeting_vote_result(Db *db, Arena *a, int64_t vote, VoteResult *res);
/* Records that `grantor` votes through `holder` for this sitting (clerk). */
int meeting_proxy(Db *db, const MeetingActor *who, int64_t sitting, int64_t grantor, int64_t holder);

/* The decision of a vote: pure, for tests. base counts: cast = yes + no
** (abstentions do not count), present, members. */
int meeting_rule_passes(const char *rule, int num, int den, const char *base, int yes, int no, int abstain,
                        int present, int members);

/* ---- the rules of a body ----
** keys: quorum_rule (majority | two_thirds | third), allow_ballot_change,
** allow_proxy, weighted_votes (0 | 1), speech_seconds, group_seconds (1 to
** 86400). Set by an administrator (CAP_SETTINGS); audited. */
int meeting_body_rule_set(Db *db, const MeetingActor *who, int64_t body, const char *key, const char *value);
/* Writes "key value" lines for the body's rules into out. */
int meeting_body_rules(Db *db, int64_t body, Buf *out);

/* ---- minutes ---- */
/* Generates a new draft version of the minutes from the sitting's record
** (attendance, items, speakers, votes and results). */
int meeting_minutes_generate(Db *db, const MeetingActor *who, int64_t sitting, const char *lang, int64_t *id);
int meeting_minutes_edit(Db *db, const MeetingActor *who, int64_t minutes_id, const char *text);
int meeting_minutes_approve(Db *db, const MeetingActor *who, int64_t minutes_id);

#endif
