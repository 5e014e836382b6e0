/*
** smtp: sending one e-mail through the instance's SMTP server (libcurl).
** The settings live in the meta table: smtp_url (smtp://host:port or
** smtps://host:port; without it e-mail is off), smtp_from (an address or
** "Name <address>", ASCII), smtp_user and smtp_password (optional; with
** them the connection must be TLS, STARTTLS for smtp://), public_url (the
** site's address for links in mails).
**
** smtp_format writes an RFC 5322 message: From, To, Subject (RFC 2047
** encoded-words when it is not ASCII), Date, Message-ID, MIME-Version,
** Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding
** base64, and, for a list mail, List-Unsubscribe with the one-click URL and
** List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058). Lines end
** in CRLF.
*/
#ifndef MJ_SMTP_H
#define MJ_SMTP_H

#include <stdint.h>

#include "base.h"
#include "db.h"

typedef struct SmtpConfig {
  char *url, *from, *user, *password, *public_url; /* NULL when unset */
} SmtpConfig;

/* Reads the settings (strings are the caller's: smtp_config_free). */
void smtp_config_load(Db *db, SmtpConfig *c);
void smtp_config_free(SmtpConfig *c);
/* 1 when e-mail can be sent (smtp_url and smtp_from are set). */
int smtp_enabled(const SmtpConfig *c);

/* Checks a setting's value before it is stored: smtp_url must be
** smtp:// or smtps://; smtp_from an address, optionally "Name <address>";
** public_url http:// or https:// without a trailing slash. MJ_EINVAL with
** a message otherwise; MJ_OK for other keys. */
int smtp_setting_check(const char *key, const char *value);

/* The bare address of a From value ("Name <a@b>" gives "a@b"), in out. */
void smtp_bare_address(const char *from, char *out, size_t n);

typedef struct MailMessage {
  const char *from, *to, *subject, *body; /* body: UTF-8 text, \n line ends */
  const char *unsubscribe_url;            /* NULL: not a list mail */
} MailMessage;

/* The whole message into out; `now` in epoch seconds. */
void smtp_format(const MailMessage *m, int64_t now, Buf *out);
/* RFC 2047 encoding of a header value (as is when printable ASCII). */
void smtp_encode_header(const char *s, Buf *out);

/* Sends a formatted message to `to`. MJ_EIO with curl's reason on failure. */
int smtp_send(const SmtpConfig *c, const char *to, const char *msg, size_t len);

#endif
