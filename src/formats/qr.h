/*
** qr: QR codes (libqrencode) for TOTP enrolment, drawn as SVG path data for
** pages and with Unicode half blocks for terminals.
*/
#ifndef MJ_QR_H
#define MJ_QR_H

#include <stdio.h>

#include "base.h"

/* Appends SVG path data ("M1 2h1v1h-1z...") for the dark modules of the
** code for `text` (with a 4-module quiet zone); *size receives the width in
** modules. MJ_EINVAL when the text cannot be encoded. */
int qr_svg_path(const char *text, Buf *path, int *size);
/* Prints the code on a terminal, two rows per line, dark on light. */
int qr_terminal(const char *text, FILE *out);

#endif
