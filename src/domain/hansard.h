/*
** hansard: the electronic Hansard (al-madbata), the verbatim record of a
** sitting, from the first machine draft to the final edition.
**
** The record of a sitting (table record, one row per sitting, created on
** first use) moves through
**
**   drafting -> member_review -> certified -> provisional -> final
**       ^            |                             |
**       +------------+-----------------------------+  (a correction after a
**                                                      provisional edition)
**
** - drafting: the recording is cut into takes (time slices, default 600 s)
**   that reporters receive in rotation; speech-recognition segments become
**   draft speeches in the take that covers them; reporters edit the speeches
**   of their takes, editors any speech; a take goes draft -> edited (its
**   reporter is done) -> reviewed (an editor merged it into the record).
** - member_review: a window (hours) in which each member sees their own
**   speeches and proposes corrections; an editor accepts or rejects each.
**   A member can never edit or correct someone else's speech.
** - certified: the certifier approves the text. Refused, with the reasons
**   listed, while flags are open, takes are not reviewed, corrections are
**   pending, attributions are only proposed, or the review window is open.
**   Nothing is edited in a certified record.
** - provisional / final: a published edition (immutable, numbered, a JSON
**   snapshot and its SHA-256). Publishing needs a certified record. After
**   a provisional edition, an editor's change (or opening a new member
**   review) returns the record to drafting / member_review, and it must be
**   certified again before the next edition. After the final edition
**   nothing changes.
**
** Who may do what (capabilities, user.h): CAP_HANSARD_REPORT edits the
** speeches of one's own takes (or speeches outside any take) and moves one's
** own takes to 'edited'; CAP_HANSARD_EDIT edits any speech, confirms or
** changes attributions, assigns takes, reviews takes, resolves flags, opens
** the member review and decides corrections; CAP_HANSARD_CERTIFY certifies
** and publishes; a member (a user linked to a person) proposes corrections
** to their own speeches. Every change is one transaction with its audit row
** and a live event ("hansard.*"). doc/hansard.md describes it all.
**
** Read functions copy rows into the caller's arena. Numbers that may be
** absent are -1 when absent (media times, confidence); ids are 0.
*/
#ifndef MJ_HANSARD_H
#define MJ_HANSARD_H

#include <stdint.h>

#include "audit.h"
#include "db.h"
#include "meeting.h"
#include "segments.h"

/* The default length of a take and the default low-confidence threshold;
** the threshold may be set per instance with the setting
** hansard_low_confidence (0 to 1) or per import. */
#define HANSARD_TAKE_SECONDS 600
#define HANSARD_LOW_CONFIDENCE 0.6
/* Longest speech text accepted from an edit or a correction. */
#define HANSARD_MAX_TEXT (1u << 20)

/* ------------------------------------------------------------ read models */
typedef struct HansardRecord {
  int64_t sitting_id;
  int exists;            /* 0: no record row yet (status reads "drafting") */
  const char *status;    /* drafting member_review certified provisional final */
  int take_seconds;
  const char *media_url, *media_started_at; /* ISO 8601 of media time 0 */
  const char *review_until, *certified_by, *certified_at, *updated_at;
  int review_open;       /* status member_review and review_until in the future */
  /* the sitting */
  int number;
  const char *date, *start_time, *sitting_status;
  int64_t body_id;
  const char *body_ar, *body_en;
} HansardRecord;

typedef struct HansardSection {
  int64_t id, parent_id, agenda_item_id;
  int position;
  const char *name, *heading, *ident;
} HansardSection;

typedef struct HansardSpeech {
  int64_t id, sitting_id, agenda_item_id, section_id, take_id, person_id;
  int position;
  const char *person_ar, *person_en; /* the person's names (NULL: no person) */
  const char *role, *kind, *lang, *label, *start_time, *end_time;
  int64_t media_start_ms, media_end_ms; /* -1 when unknown */
  const char *text, *draft_text;
  const char *source;                   /* typed asr import generated */
  const char *engine, *engine_version;
  double confidence;                    /* -1 when none */
  const char *attribution;              /* proposed confirmed */
  int version;
  const char *edited_by, *edited_at, *ident;
  const char *sitting_date;             /* for Popolo's date */
  const char *person_ident;             /* the person's Popolo id, when set */
} HansardSpeech;

typedef struct HansardTake {
  int64_t id, sitting_id, reporter_id;
  int number;
  int64_t start_ms, end_ms;
  const char *reporter;         /* user name, NULL when unassigned */
  const char *reporter_display; /* display name (Arabic, else Latin, else name) */
  const char *status, *updated_at, *updated_by;
  int speeches, open_flags;
} HansardTake;

typedef struct HansardFlag {
  int64_t id, sitting_id, speech_id, segment_id;
  const char *kind; /* low_confidence overlap attribution note */
  int64_t start_ms, end_ms; /* -1 when unknown */
  const char *detail, *status, *resolution, *created_at, *resolved_by, *resolved_at;
} HansardFlag;

typedef struct HansardCorrection {
  int64_t id, speech_id, person_id, sitting_id;
  int base_version;
  const char *person_ar, *person_en;
  const char *proposed_text, *reason, *status, *proposed_by, *proposed_at;
  const char *decided_by, *decided_at, *decision_note;
  const char *current_text; /* the speech's text now */
} HansardCorrection;

typedef struct HansardEdition {
  int64_t id, sitting_id;
  int number;
  const char *kind, *published_at, *published_by, *note, *sha256;
  const char *content; /* the JSON snapshot: only from hansard_edition() */
} HansardEdition;

typedef struct HansardView {
  HansardRecord rec;
  HansardSection *sections;
  int nsections;
  HansardSpeech *speeches;
  int nspeeches;
  HansardTake *takes;
  int ntakes;
  HansardFlag *flags; /* all flags, open ones first */
  int nflags, open_flags;
  HansardCorrection *corrections; /* pending ones */
  int ncorrections;
  HansardEdition *editions;
  int neditions;
  int proposed; /* speeches whose attribution is only proposed */
} HansardView;

/* The whole working record of a sitting. MJ_ENOTFOUND for no sitting. */
int hansard_record(Db *db, Arena *a, int64_t sitting, HansardView *out);
/* The record row only (status, window, take length). */
int hansard_record_status(Db *db, Arena *a, int64_t sitting, HansardRecord *out);
int hansard_speech(Db *db, Arena *a, int64_t speech, HansardSpeech *out);
/* The sitting's speeches in order (for exports). */
int hansard_speeches(Db *db, Arena *a, int64_t sitting, HansardSpeech **rows, int *n);
int hansard_take(Db *db, Arena *a, int64_t take, HansardTake *out);
/* Corrections of a sitting: status NULL for all, "pending", ...;
** person 0 for everyone's, else one member's. */
int hansard_corrections(Db *db, Arena *a, int64_t sitting, const char *status, int64_t person,
                        HansardCorrection **rows, int *n);
int hansard_correction(Db *db, Arena *a, int64_t id, HansardCorrection *out);
/* Published editions of a sitting, oldest first (without content). */
int hansard_editions(Db *db, Arena *a, int64_t sitting, HansardEdition **rows, int *n);
/* One edition with its content. */
int hansard_edition(Db *db, Arena *a, int64_t edition, HansardEdition *out);
/* The latest edition of a sitting (0 editions: MJ_ENOTFOUND). */
int hansard_edition_latest(Db *db, Arena *a, int64_t sitting, HansardEdition *out);
/* The current text of the record as the same JSON snapshot an edition
** holds (not stored). Caller frees *json. */
int hansard_snapshot(Db *db, int64_t sitting, char **json);

/* Sections tied to the agenda. A record's sections are its record_section
** rows; a sitting that has none (it never entered the workflow, or entered
** it before sections were made from the agenda) reads as one section per
** agenda item, derived here and not stored: id = the agenda item's id,
** parent = the parent item's, position = the item's, heading = its title,
** name = hansard_item_section_name(kind). A speech belongs to its agenda
** item's section; one without an item (the chair between speakers) to the
** section of the speech before it; speeches before the first item to none. */
const char *hansard_item_section_name(const char *item_kind);
int hansard_agenda_sections(Db *db, Arena *a, int64_t sitting, HansardSection **rows, int *n);
/* section_of[i] for speeches in reading order whose agenda items are
** item_of[i] (0: none), by the rule above; a speech with a section already
** (section_of[i] != 0) keeps it and is what the next one continues. */
void hansard_sections_follow(const HansardSection *secs, int nsecs, const int64_t *item_of, int64_t *section_of, int n);

/* What of a sitting's record the public (anyone without a Hansard
** capability) may read. A sitting with no record row has no Hansard
** workflow (generated or imported before it): its speeches as stored are its
** record. A record in progress shows nothing until its first edition; then
** the latest published edition, never the draft. *edition_id (may be NULL)
** receives that edition's id (0 otherwise). */
enum { HANSARD_PUBLIC_LEGACY = 0, HANSARD_PUBLIC_NONE = 1, HANSARD_PUBLIC_EDITION = 2 };
int hansard_public_view(Db *db, int64_t sitting, int64_t *edition_id);

/* ---------------------------------------------------------------- changes */
/* Creates the sitting's record row when missing (CAP_HANSARD_REPORT). */
int hansard_record_ensure(Db *db, const MeetingActor *who, int64_t sitting);

/* Sets the recording's facts (CAP_HANSARD_EDIT): media_url (NULL:
** unchanged, "": cleared), media_started_at (ISO 8601 date-time, NULL:
** unchanged) and take_seconds (0: unchanged; 60..7200; refused once a take
** has left 'draft'). */
typedef struct HansardConfig {
  const char *media_url, *media_started_at;
  int take_seconds;
} HansardConfig;
int hansard_configure(Db *db, const MeetingActor *who, int64_t sitting, const HansardConfig *c);

/* Cuts the recording into takes and assigns reporters in rotation
** (CAP_HANSARD_EDIT). take_seconds 0: the record's (default 600);
** reporters: comma-separated user names, NULL or "": every enabled user
** with the role reporter, by name; duration_ms 0: the end of the last
** segment or speech, else the sitting's speakers' list, else opening to
** closing. Takes still in 'draft' are (re)cut and rotated; takes that an
** editor or reporter already moved on keep their times and reporter. */
typedef struct HansardAssign {
  int take_seconds;
  const char *reporters;
  int64_t duration_ms;
} HansardAssign;
typedef struct HansardAssignResult {
  int takes, created, assigned, reporters;
} HansardAssignResult;
int hansard_assign(Db *db, const MeetingActor *who, int64_t sitting, const HansardAssign *in,
                   HansardAssignResult *res);

/* Imports speech-recognition segments (CAP_HANSARD_REPORT). Each segment is
** kept in asr_segment; consecutive segments of the same (proposed) speaker
** within one take merge into one draft speech (source asr, engine, version,
** mean confidence, draft_text kept). Takes are created to cover the
** segments when missing. Segments with confidence below the threshold and
** segments overlapping the previous one are flagged. Only while the record
** is in drafting. A segment already stored (same times and text) is skipped;
** a file already imported (source_sha256 given) imports nothing. */
typedef struct HansardImport {
  const char *engine, *engine_version; /* engine required */
  const char *lang;                    /* speech language, default "ar" */
  double low_confidence;               /* < 0: the setting, else 0.6 */
  const char *source_sha256;           /* the file's hash, for record_source; may be NULL */
} HansardImport;
typedef struct HansardImportResult {
  int segments, duplicates, skipped, speeches, takes, flags;
  int already; /* 1: this file was imported before; nothing done */
} HansardImportResult;
int hansard_import_segments(Db *db, const MeetingActor *who, int64_t sitting, const Segment *segs, int n,
                            const HansardImport *in, HansardImportResult *res);
/* Reads, parses (format SEG_AUTO: by extension, then content) and imports
** a segment file in one transaction; a file that fails imports nothing. */
int hansard_import_segments_file(Db *db, const MeetingActor *who, int64_t sitting, const char *path,
                                 SegFormat format, const HansardImport *in, HansardImportResult *res);

/* Edits a speech with optimistic concurrency: `version` must be the
** speech's current version, else MJ_ECONFLICT, nothing written and
** *conflict (may be NULL) says who edited it and when. person_id 0 and
** label/role NULL leave those unchanged (label "" clears); changing the
** person or confirm_attribution needs CAP_HANSARD_EDIT and confirms the
** attribution (open attribution flags of the speech are resolved). text
** NULL leaves the text. *new_version receives the new version. */
typedef struct HansardEdit {
  const char *text;
  int version;
  int64_t person_id;
  const char *label, *role;
  int confirm_attribution;
} HansardEdit;
typedef struct HansardConflict {
  int current_version;
  char edited_by[80];
  char edited_at[32];
} HansardConflict;
int hansard_speech_edit(Db *db, const MeetingActor *who, int64_t speech, const HansardEdit *e, int *new_version,
                        HansardConflict *conflict);

/* to: "draft", "edited", "reviewed". A reporter moves their own take from
** draft to edited; an editor does any move. */
int hansard_take_status(Db *db, const MeetingActor *who, int64_t take, const char *to);

/* Raises a flag (CAP_HANSARD_REPORT): kind "note" or "attribution" on a
** speech (or the sitting when speech is 0). */
int hansard_flag_add(Db *db, const MeetingActor *who, int64_t sitting, int64_t speech, const char *kind,
                     const char *detail, int64_t *id);
/* Resolves an open flag (CAP_HANSARD_EDIT) with a short resolution text. */
int hansard_flag_resolve(Db *db, const MeetingActor *who, int64_t flag, const char *resolution);

/* Opens the member-review window for `hours` (1..2160) from now
** (CAP_HANSARD_EDIT); from drafting (every take reviewed) or provisional. */
int hansard_review_open(Db *db, const MeetingActor *who, int64_t sitting, int hours);
/* Ends the window now (CAP_HANSARD_EDIT); the record stays in
** member_review until certified. */
int hansard_review_close(Db *db, const MeetingActor *who, int64_t sitting);

/* A member proposes a correction to their own speech during the window. */
int hansard_correction_propose(Db *db, const MeetingActor *who, int64_t speech, const char *text, const char *reason,
                               int64_t *id);
/* An editor accepts (the text replaces the speech's, version bumped) or
** rejects a pending correction. Accepting one proposed against an older
** version of the speech is refused (MJ_ECONFLICT): reject it, or edit. */
int hansard_correction_decide(Db *db, const MeetingActor *who, int64_t correction, int accept, const char *note);

/* Certifies the record (CAP_HANSARD_CERTIFY); MJ_ECONFLICT naming every
** reason it cannot be certified yet. */
int hansard_certify(Db *db, const MeetingActor *who, int64_t sitting);
/* Publishes an edition of a certified record (CAP_HANSARD_CERTIFY):
** kind "provisional" or "final"; note may be NULL. */
int hansard_publish(Db *db, const MeetingActor *who, int64_t sitting, const char *kind, const char *note,
                    int64_t *edition_id, int *number);

/* ------------------------------------------------------------------ diff */
/* A word-level difference. op: "eq", "ins", "del", or "marks" (the same word
** under the analyzer's normal form, written differently: diacritics,
** tatweel, hamza seats, case). text is the new text ("del": the old), old
** the old text of a "marks" op. Tokens carry the spaces that follow them, so
** concatenating eq/ins/marks texts gives the new text. */
typedef struct HansardDiffOp {
  const char *op, *text, *old;
  int64_t speech_id; /* 0 for a plain text diff */
} HansardDiffOp;
typedef struct HansardDiff {
  HansardDiffOp *ops;
  int n;
  int ins, del, marks; /* counts of words */
} HansardDiff;
/* Diff of two texts (pure; allocations in the arena). Adjacent ops of the
** same kind are joined. */
int hansard_diff_text(Arena *a, const char *old_text, const char *new_text, int64_t speech_id, HansardDiff *out);
/* Diff of two record snapshots (edition contents or hansard_snapshot()),
** speech by speech (matched by id, in the new snapshot's order; speeches
** only in the old one come last as deletions). */
int hansard_diff_snapshots(Arena *a, const char *old_json, const char *new_json, HansardDiff *out);
/* Diff between edition `from` and edition `to`, or the current text when
** to == 0. Both editions must belong to the same sitting. */
int hansard_diff(Db *db, Arena *a, int64_t from, int64_t to, HansardDiff *out);

/* ---------------------------------------------------------------- exports */
/* WebVTT of the sitting's text with media times: the latest edition when
** published (use_current 0), else the current text; speeches without media
** times are skipped. Each cue: "<v Speaker>text". */
int hansard_export_vtt(Db *db, int64_t sitting, int use_current, Buf *out);
/* The sitting's speeches as Popolo speeches ({"speeches":[...]}), from the
** latest edition when one is published and use_current is 0. Caller frees
** *json. */
int hansard_export_popolo(Db *db, int64_t sitting, int use_current, char **json);

#endif
