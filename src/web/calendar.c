/*
** calendar.c: the sitting calendar, one month at a time. A table of weeks
** (Saturday first, as the Gulf week runs) with each day's sittings linked;
** the previous and next months; the iCalendar feeds of the bodies for
** calendar programs.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "parl.h"
#include "web_int.h"

/* Days in a month of the Gregorian calendar. */
static int month_days(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* Weekday of a date, 0 = Sunday (Zeller's congruence, Gregorian). */
static int weekday(int y, int m, int d) {
  if (m < 3) m += 12, y -= 1;
  int k = y % 100, j = y / 100;
  int h = (d + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7; /* 0 = Saturday */
  return (h + 6) % 7;
}

static const char *month_name(Req *r, int m) {
  static const char *names[] = {"January", "February", "March",     "April",   "May",      "June",
                                "July",    "August",   "September", "October", "November", "December"};
  return T(r, names[m - 1]);
}

void page_calendar_month(Req *r) {
  char today[11];
  web_today(today);
  int y = 0, m = 0;
  const char *q = req_query(r, "month");
  if (q) {
    char tail;
    if (strlen(q) != 7 || sscanf(q, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1900 || y > 2200 || m < 1 || m > 12) {
      reply_error(r, MJ_EINVAL, "month must be written YYYY-MM, for example 2026-11");
      return;
    }
  } else if (sscanf(today, "%4d-%2d", &y, &m) != 2) {
    y = 2026, m = 1;
  }
  char from[11], to[11];
  snprintf(from, sizeof from, "%04d-%02d-01", y, m);
  snprintf(to, sizeof to, "%04d-%02d-%02d", y, m, month_days(y, m));
  /* the month's sittings, by day */
  sqlite3_stmt *st = db_stmt(r->db, "SELECT s.id, s.number, s.date, coalesce(s.start_time,''), s.status, o.name_ar, "
                                    "coalesce(o.name_en,o.name_ar), coalesce(o.name_az,o.name_en,o.name_ar) "
                                    "FROM sitting s JOIN organization o ON o.id=s.body_id "
                                    "WHERE s.date BETWEEN ?1 AND ?2 ORDER BY s.date, s.start_time, s.id LIMIT 500");
  if (!st) {
    reply_error(r, MJ_EIO, mj_errmsg());
    return;
  }
  sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
  Buf days[32];
  for (int i = 0; i < 32; i++) buf_init(&days[i], 1 << 16);
  const char *lang = i18n_code(r->lang);
  int total = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *date = (const char *)sqlite3_column_text(st, 2);
    int d = (date[8] - '0') * 10 + (date[9] - '0');
    if (d < 1 || d > 31) continue;
    Names body = {(const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6),
                  (const char *)sqlite3_column_text(st, 7)};
    html_printf(&days[d], "<li class=\"status-%s\"><a href=\"/sittings/%L\">%s %d</a> <span class=\"meta\">%s %s</span></li>",
                (const char *)sqlite3_column_text(st, 4), (long long)sqlite3_column_int64(st, 0), parl_name(&body, lang),
                sqlite3_column_int(st, 1), (const char *)sqlite3_column_text(st, 3),
                web_status_label(r, (const char *)sqlite3_column_text(st, 4)));
    total++;
  }
  db_done(st);
  char title[64];
  snprintf(title, sizeof title, "%04d", y);
  const char *heading = arena_printf(r->arena, "%s %s", month_name(r, m), title);
  page_begin(r, heading, T(r, "The calendar of sittings"));
  Buf *b = &r->out;
  int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1, ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
  html_printf(b, "<h1>%s: %s</h1>\n<nav class=\"months\" aria-label=\"%s\"><a rel=\"prev\" href=\"/calendar?month=%U\">%s</a> "
              "<a rel=\"next\" href=\"/calendar?month=%U\">%s</a></nav>\n",
              T(r, "Calendar of sittings"), heading, T(r, "Months"), arena_printf(r->arena, "%04d-%02d", py, pm),
              T(r, "Previous month"), arena_printf(r->arena, "%04d-%02d", ny, nm), T(r, "Next month"));
  static const char *wd[] = {"Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  html_printf(b, "<table class=\"calendar\"><caption>%s: %d</caption><thead><tr>", T(r, "Sittings this month"), total);
  for (int i = 0; i < 7; i++) html_printf(b, "<th scope=\"col\">%s</th>", T(r, wd[i]));
  html_printf(b, "</tr></thead><tbody>\n<tr>");
  int first = (weekday(y, m, 1) + 1) % 7; /* column of the 1st, Saturday = 0 */
  for (int i = 0; i < first; i++) html_printf(b, "<td class=\"pad\"></td>");
  int col = first;
  for (int d = 1; d <= month_days(y, m); d++) {
    char iso[11];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    html_printf(b, "<td%R><span class=\"day\">%d</span>", strcmp(iso, today) == 0 ? " class=\"today\" aria-current=\"date\"" : "", d);
    if (days[d].n) html_printf(b, "<ul>%H</ul>", &days[d]);
    html_printf(b, "</td>");
    if (++col == 7 && d < month_days(y, m)) {
      html_printf(b, "</tr>\n<tr>");
      col = 0;
    }
  }
  while (col++ < 7) html_printf(b, "<td class=\"pad\"></td>");
  html_printf(b, "</tr>\n</tbody></table>\n");
  /* the bodies' feeds for calendar programs */
  OrgRow *orgs;
  int no;
  html_printf(b, "<section aria-labelledby=\"ics\"><h2 id=\"ics\">%s</h2><ul>", T(r, "Subscribe in a calendar program"));
  OrgRow ch;
  if (parl_chamber(r->db, r->arena, &ch) == MJ_OK)
    html_printf(b, "<li><a href=\"/bodies/%L/calendar.ics\">%s</a></li>", (long long)ch.id, parl_name(&ch.name, lang));
  if (parl_orgs(r->db, r->arena, "committee", &orgs, &no) == MJ_OK)
    for (int i = 0; i < no; i++)
      html_printf(b, "<li><a href=\"/bodies/%L/calendar.ics\">%s</a></li>", (long long)orgs[i].id, parl_name(&orgs[i].name, lang));
  html_printf(b, "</ul></section>\n");
  for (int i = 0; i < 32; i++) buf_free(&days[i]);
  page_end(r);
}
