/* qr.c: QR code rendering over libqrencode. */
#include "qr.h"

#include <qrencode.h>

#define QUIET 4

static QRcode *encode(const char *text) { return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1); }

int qr_svg_path(const char *text, Buf *path, int *size) {
  QRcode *q = encode(text);
  if (!q) return mj_fail(MJ_EINVAL, "this text cannot be put in a QR code");
  int w = q->width;
  for (int y = 0; y < w; y++)
    for (int x = 0; x < w; x++)
      if (q->data[y * w + x] & 1) buf_printf(path, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
  *size = w + 2 * QUIET;
  QRcode_free(q);
  return MJ_OK;
}

int qr_terminal(const char *text, FILE *out) {
  QRcode *q = encode(text);
  if (!q) return mj_fail(MJ_EINVAL, "this text cannot be put in a QR code");
  int w = q->width, n = w + 2 * QUIET;
  /* module (x, y) in quiet-zone coordinates: 1 when dark */
#define DARK(x, y)                                                                                 \
  ((x) >= QUIET && (y) >= QUIET && (x) < QUIET + w && (y) < QUIET + w &&                           \
   (q->data[((y)-QUIET) * w + ((x)-QUIET)] & 1))
  for (int y = 0; y < n; y += 2) {
    for (int x = 0; x < n; x++) {
      int top = DARK(x, y), bottom = y + 1 < n && DARK(x, y + 1);
      /* light background: print the light parts as blocks */
      fputs(!top && !bottom ? "\u2588" : top && bottom ? " " : top ? "\u2584" : "\u2580", out);
    }
    fputc('\n', out);
  }
#undef DARK
  QRcode_free(q);
  return MJ_OK;
}
