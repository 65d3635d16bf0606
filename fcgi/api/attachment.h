/*
 * attachment.h -- photos and scans kept in PostgreSQL.
 *
 * An upload is the raw request body.  Its type is decided by its first
 * bytes, never by the name or the Content-Type the client claims; the bytes
 * are kept once per township by SHA-256.
 */
#ifndef SAFEGRID_ATTACHMENT_H
#define SAFEGRID_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "server/request.h"

/*
 * The request's body as an upload (input/upload.h): *type its media type.
 * 422 for an empty body or a file whose structure does not hold (a
 * "damaged" detail on body), 415 for a type not taken (with images_only,
 * anything but JPEG, PNG and WebP).
 */
enum err attachment_check(struct request *req, bool images_only, const char **type);

/*
 * Store the request's body as an attachment of entity (a row the caller has
 * already found visible), tagged before/after/document.  A photo is kept
 * without its metadata (photo_strip: EXIF with GPS, XMP, comments), hashed
 * as kept.  Writes the new id into id_out.  415 for an unknown type, 422 for
 * an empty body or a damaged file (attachment_check), 413 past the
 * limit (checked while reading the body).  The file name comes from the
 * X-File-Name header if any (URL-encoded UTF-8).
 */
enum err attachment_store(struct request *req, const char *entity_type, long long entity_id,
                          const char *tag, char id_out[24]);

/* How the API shows an attachment (alias a): what an upload answers and a record lists. */
#define ATTACHMENT_JSON                                                                     \
	"json_build_object('id', a.id, 'tag', a.tag, 'content_type', a.content_type,"          \
	"  'size', a.size, 'sha256', a.sha256, 'file_name', a.file_name,"                      \
	"  'url', '/api/v1/attachments/' || a.id, 'uploaded_by', a.uploaded_by,"               \
	"  'created_at', a.created_at)"

struct db_stmt;

/*
 * Store the request's body as the file of the record whose id is the path's
 * {id}, and make it the record's file: locate ($1 the id) finds and locks
 * the record (no row: 404), link ($1 the id, $2 the attachment) points the
 * record at the file.  Both in the request's transaction, so a refused link
 * (a closed campaign's trigger) leaves no file behind.  Tag "document".
 */
enum err attachment_attach(struct request *req, const char *entity_type,
                           struct db_stmt *locate, struct db_stmt *link);

/*
 * Store the request's body as an attachment of the record whose id is the
 * path's {id}, tagged tag, and answer 201 with it (ATTACHMENT_JSON):
 * locate ($1 the id) answers the record's state if the caller sees it (no
 * row: 404); a record whose state is "closed" takes no more (409 with
 * closed_message).  Then as attachment_store.
 */
enum err attachment_add(struct request *req, const char *entity_type, struct db_stmt *locate,
                        const char *tag, const char *closed_message);

#endif
