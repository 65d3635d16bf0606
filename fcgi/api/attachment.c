/*
 * attachment.c -- storing uploads and streaming them back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "input/photo.h"
#include "input/upload.h"

static const char *const tags[] = {"before", "after", "document", NULL};

/* ?tag= on the uploads of photos: before or after the rectification, or a document. */
const struct field attachment_upload_query[] = {
	{"tag", FIELD_ENUM, FIELD_REQUIRED, 0, 0, tags, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_blob,
	"insert into attachment_blob (township_id, sha256, content_type, size, bytes)"
	"values (app.township_id(), $1, $2, $3::int, $4::bytea) on conflict do nothing");
DB_STMT(stmt_attachment,
	"insert into attachment (township_id, sha256, content_type, size, file_name, tag,"
	"                        entity_type, entity_id, uploaded_by)"
	"values (app.township_id(), $1, $2, $3::int, $4, $5, $6, $7::bigint, app.user_id())"
	"returning id");
DB_STMT(stmt_get,
	"select a.content_type, a.entity_type, a.entity_id from attachment a where a.id = $1::bigint");
DB_STMT(stmt_reply,
	"select " ATTACHMENT_JSON " from attachment a where a.id = $1::bigint");
DB_STMT(stmt_bytes,
	"select b.bytes from attachment a"
	"  join attachment_blob b on b.township_id = a.township_id and b.sha256 = a.sha256"
	" where a.id = $1::bigint");

/*
 * Whether the record an attachment belongs to is visible to the caller:
 * each table's row-level security answers.  An attachment of a kind not
 * listed here is shown to no one.
 */
DB_STMT(stmt_owner_letter, "select 1 from responsibility_letter where id = $1::bigint");
DB_STMT(stmt_owner_document, "select 1 from document where id = $1::bigint");
DB_STMT(stmt_owner_hazard, "select 1 from hazard where id = $1::bigint");
DB_STMT(stmt_owner_inspection, "select 1 from inspection where id = $1::bigint");
DB_STMT(stmt_owner_tip, "select 1 from tip where id = $1::bigint");
DB_STMT(stmt_owner_order, "select 1 from supervision_order where id = $1::bigint");

static const struct {
	const char *entity_type;
	struct db_stmt *stmt;      /* written to: db_query assigns its slot */
} owners[] = {
	{"responsibility_letter", &stmt_owner_letter},
	{"document", &stmt_owner_document},
	{"hazard", &stmt_owner_hazard},
	{"inspection", &stmt_owner_inspection},
	{"tip", &stmt_owner_tip},
	{"supervision_order", &stmt_owner_order},
};

static bool entity_visible(struct request *req, const char *entity_type, const char *entity_id)
{
	const char *params[1] = {entity_id};

	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		PGresult *res;
		bool visible;

		if (strcmp(owners[i].entity_type, entity_type) != 0)
			continue;
		if (db_query(req->db, owners[i].stmt, &res, 1, params) != ERR_NONE)
			return false;
		visible = PQntuples(res) == 1;
		PQclear(res);
		return visible;
	}
	return false;
}

enum err attachment_check(struct request *req, bool images_only, const char **type)
{
	const unsigned char *b = (const unsigned char *)req->raw_body;

	if (req->raw_len == 0) {
		json_detail_add(request_details(req), "body", "required", "send the file as the request body");
		return ERR_VALIDATION;
	}
	*type = upload_type(b, req->raw_len);
	if (*type == NULL || (images_only && strncmp(*type, "image/", 6) != 0)) {
		request_message(req, images_only ? "only JPEG, PNG and WebP photos are taken"
		                                 : "only JPEG, PNG, WebP and PDF files are taken");
		return ERR_MEDIA_TYPE;
	}
	if (!upload_whole(*type, b, req->raw_len, NULL, NULL)) {
		json_detail_add(request_details(req), "body", "damaged",
		                strncmp(*type, "image/", 6) == 0
		                ? "the image is damaged or cut off: its size cannot be read"
		                : "the PDF is damaged or cut off: it lacks its cross-reference or end");
		return ERR_VALIDATION;
	}
	return ERR_NONE;
}

enum err attachment_store(struct request *req, const char *entity_type, long long entity_id,
                          const char *tag, char id_out[24])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hash[65], size[24], entity[24];
	const char *type, *params[7];
	const unsigned char *bytes = (const unsigned char *)req->raw_body;
	unsigned char *stripped = NULL;
	size_t len = req->raw_len;
	const int formats[4] = {0, 0, 0, 1};
	int lengths[4] = {0, 0, 0, 0};
	PGresult *res;
	enum err e;

	if ((e = attachment_check(req, false, &type)) != ERR_NONE)
		return e;
	/* A phone's photo says where, when and with what it was taken: that goes first. */
	if (strncmp(type, "image/", 6) == 0) {
		if (!photo_strip(type, bytes, len, &stripped, &len)) {
			request_message(req, "the photo is damaged or not what its first bytes claim");
			return ERR_MEDIA_TYPE;
		}
		bytes = stripped;
	}
	crypto_hash_sha256(digest, bytes, len);
	sodium_bin2hex(hash, sizeof(hash), digest, sizeof(digest));
	snprintf(size, sizeof(size), "%lu", (unsigned long)len);
	snprintf(entity, sizeof(entity), "%lld", entity_id);
	params[0] = hash;
	params[1] = type;
	params[2] = size;
	params[3] = (const char *)bytes;
	lengths[3] = (int)len;
	if ((e = db_query_ex(req->db, &stmt_blob, NULL, 4, params, lengths, formats, 0)) != ERR_NONE)
		goto out;
	params[3] = req->file_name[0] ? req->file_name : NULL;
	params[4] = tag;
	params[5] = entity_type;
	params[6] = entity;
	if ((e = db_query(req->db, &stmt_attachment, &res, 7, params)) != ERR_NONE)
		goto out;
	snprintf(id_out, 24, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
out:
	free(stripped);
	return e;
}

enum err attachment_attach(struct request *req, const char *entity_type,
                           struct db_stmt *locate, struct db_stmt *link)
{
	const char *params[2] = {req->params[0], NULL};
	char attachment[24];
	PGresult *res;
	enum err e;
	int found;

	if ((e = db_query(req->db, locate, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if ((e = attachment_store(req, entity_type, request_param_id(req, 0), "document",
	                          attachment)) != ERR_NONE)
		return e;
	params[1] = attachment;
	return db_query(req->db, link, NULL, 2, params);
}

enum err attachment_add(struct request *req, const char *entity_type, struct db_stmt *locate,
                        const char *tag, const char *closed_message)
{
	const char *params[1] = {req->params[0]};
	char attachment[24];
	PGresult *res;
	enum err e;
	bool found, closed;

	if ((e = db_query(req->db, locate, &res, 1, params)) != ERR_NONE)
		return e;
	found = PQntuples(res) == 1;
	closed = found && strcmp(PQgetvalue(res, 0, 0), "closed") == 0;
	PQclear(res);
	if (!found)
		return ERR_NOT_FOUND;
	if (closed) {
		request_message(req, closed_message);
		return ERR_BAD_STATE;
	}
	if ((e = attachment_store(req, entity_type, request_param_id(req, 0), tag, attachment)) != ERR_NONE)
		return e;
	return request_reply_row(req, &stmt_reply, attachment, 201);
}

/*
 * GET /api/v1/attachments/{id} -- 200 the bytes with their type; 404 if
 * unknown, another township's, or of a record the caller cannot see.
 */
enum err attachment_get(struct request *req)
{
	const char *params[1] = {req->params[0]};
	PGresult *res;
	enum err e;

	if ((e = db_query(req->db, &stmt_get, &res, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1 || !entity_visible(req, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2))) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	snprintf(req->reply_type_buf, sizeof(req->reply_type_buf), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	/* The bytes in binary form: no hex round trip for a 10 MB photo. */
	if ((e = db_query_ex(req->db, &stmt_bytes, &res, 1, params, NULL, NULL, 1)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ERR_NOT_FOUND;
	}
	req->reply_result = res;
	req->reply_bytes = PQgetvalue(res, 0, 0);
	req->reply_len = (size_t)PQgetlength(res, 0, 0);
	req->reply_type = req->reply_type_buf;
	request_header(req, "Content-Disposition", "inline");
	return ERR_NONE;
}
