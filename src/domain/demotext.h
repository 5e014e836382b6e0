/*
** demotext: a deterministic generator of demo parliament content in Arabic
** and English -- people's names, blocs, committees, agenda and vote titles,
** speeches and the presiding officer's lines. All text is our own; every
** choice is drawn from the caller's Rng, so a seed always gives the same
** parliament. Output is appended to the caller's Buf.
**
** Titles, vote titles, the chair's opening line and place names are
** parallel: the same Rng state yields the same variant and numbers in both
** languages, so copying the Rng before an Arabic call and replaying it for
** the English call gives a translation pair. Speeches are not parallel.
*/
#ifndef MJ_DEMOTEXT_H
#define MJ_DEMOTEXT_H

#include "base.h"

typedef enum { DEMOTEXT_AR = 0, DEMOTEXT_EN = 1 } DemoLang;

/* A fixed name in both languages. gender is "male"/"female" for people and
** "" for parties and committees. */
typedef struct DemoName {
  const char *ar;
  const char *en;
  const char *gender;
} DemoName;

/* A person's full name: Arabic given name + father's name + family name
** (e.g. "أحمد يوسف الخاجة") appended to `ar`, its English transliteration
** ("Ahmed Yousif Al Khaja") appended to `en`. *gender (if gender is not
** NULL) is set to "male" or "female"; about a quarter are female. */
void demotext_person(Rng *r, Buf *ar, Buf *en, const char **gender);

/* Fixed parliamentary blocs (at least 5) and standing committees (at least
** 5). An out-of-range index is taken modulo the count. */
int demotext_party_count(void);
DemoName demotext_party(int i);
int demotext_committee_count(void);
DemoName demotext_committee(int i);

/* Topics (at least 10: social insurance, the budget, housing, ...). Every
** `topic` argument below is taken modulo demotext_topic_count(). */
int demotext_topic_count(void);

/* An agenda item title; kind is one of "report", "bill", "question",
** "motion", "other" (anything else, or NULL, is treated as "other"). */
void demotext_agenda_title(Rng *r, DemoLang lang, const char *kind, int topic,
                           Buf *out);
/* A vote title, e.g. approval of a draft law as amended by the committee. */
void demotext_vote_title(Rng *r, DemoLang lang, int topic, Buf *out);

/* One speech of 3 to 8 sentences in 2 or 3 paragraphs separated by "\n\n",
** in formal parliamentary register, about `topic`. */
void demotext_speech(Rng *r, DemoLang lang, int topic, Buf *out);

/* Presiding officer: opening sitting number `sitting_no`, giving the floor
** to `name`, and announcing a vote result. */
void demotext_chair_open(Rng *r, DemoLang lang, int sitting_no, Buf *out);
void demotext_chair_floor(DemoLang lang, const char *name, Buf *out);
void demotext_chair_result(DemoLang lang, int yes, int no, int abstain,
                           int passed, Buf *out);

/* Where a sitting is held: the main chamber when committee < 0, otherwise
** that committee's meeting room. */
void demotext_place(Rng *r, DemoLang lang, int committee, Buf *out);

#endif
