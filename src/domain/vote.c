/* vote.c: majority and quorum rules in integer arithmetic (no rounding). */
#include "vote.h"

#include <string.h>

int vote_passes(const char *rule, int yes, int no, int abstain, int members) {
  (void)abstain;
  if (strcmp(rule, "simple") == 0) return yes > no;
  if (strcmp(rule, "absolute") == 0) return 2 * yes > members;
  if (strcmp(rule, "two_thirds") == 0) return 3 * yes >= 2 * members;
  return -1;
}

int vote_quorum_needed(const char *rule, int members) {
  if (strcmp(rule, "majority") == 0) return members / 2 + 1;
  if (strcmp(rule, "two_thirds") == 0) return (2 * members + 2) / 3;
  if (strcmp(rule, "third") == 0) return (members + 2) / 3;
  return -1;
}
