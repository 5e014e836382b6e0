/*
** vote: majority and quorum rules. Pure functions, table-tested at their
** boundaries; the eMeeting module builds on them.
*/
#ifndef MJ_VOTE_H
#define MJ_VOTE_H

/* 1 when the motion passes. rule: "simple" (more yes than no among votes
** cast), "absolute" (yes from more than half of all members), "two_thirds"
** (yes from at least two thirds of all members). -1 for an unknown rule. */
int vote_passes(const char *rule, int yes, int no, int abstain, int members);
/* Members needed present under a quorum rule ("majority": more than half,
** "two_thirds", "third"); -1 for an unknown rule. */
int vote_quorum_needed(const char *rule, int members);

#endif
