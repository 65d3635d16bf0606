/*
 * photo.h -- a photo's metadata taken out before it is kept.
 *
 * A phone writes where and when a photo was taken, and with what device,
 * into the file: EXIF (with GPS), XMP and comments in a JPEG, text and eXIf
 * chunks in a PNG, EXIF and XMP chunks in a WebP.  A citizen's tip promises
 * that its sender stays unknown, so a tip's photo is rewritten without any
 * of it before it is hashed and stored; the picture's own bytes (the
 * compressed image, its colour profile) are copied unchanged.
 *
 * The walk is also a check of the file's structure: a photo whose segments
 * or chunks do not add up, or that has no image header, is refused.
 */
#ifndef SAFEGRID_PHOTO_H
#define SAFEGRID_PHOTO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The len bytes at in (of media type type: image/jpeg, image/png or
 * image/webp) without their metadata, into a malloc'd *out of *out_len
 * bytes (at most len + 2: a JPEG cut off in its last scan is given its
 * end marker).  False, *out NULL, when the bytes are not a well-formed
 * file of that type, or memory ran out.
 */
bool photo_strip(const char *type, const unsigned char *in, size_t len,
                 unsigned char **out, size_t *out_len);

#endif
