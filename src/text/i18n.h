/*
** i18n: interface languages and their strings. Translations are gettext
** .po files (assets/po/), compiled by msgfmt to .mo at build time and
** embedded in the binary; lookups binary-search the .mo tables in place.
*/
#ifndef MJ_I18N_H
#define MJ_I18N_H

typedef enum { LANG_AR = 0, LANG_EN = 1, LANG_AZ = 2, LANG_COUNT } Lang;

/* Loads the embedded tables; call once at start. Returns 0 or an MjCode. */
int i18n_init(void);
/* The translation of msgid in lang, or msgid itself when untranslated. */
const char *i18n_tr(Lang lang, const char *msgid);
const char *i18n_code(Lang lang);       /* "ar", "en", "az" */
const char *i18n_dir(Lang lang);        /* "rtl" or "ltr" */
const char *i18n_native_name(Lang lang);/* "العربية", "English", "Azərbaycanca" */
/* Parses "ar"/"en"/"az" (case-insensitive); -1 otherwise. */
int i18n_parse(const char *code);
/* How many msgids lang has translated (for tests and `majlis version`). */
int i18n_count(Lang lang);

#endif
