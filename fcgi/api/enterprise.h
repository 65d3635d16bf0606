/*
 * enterprise.h -- the CSV import's reading and row checks (enterprise.c),
 * which need no database: POST /api/v1/enterprises/import runs them before
 * it asks PostgreSQL about sectors, grid nodes and codes, and the fuzz
 * target tests/fuzz/fuzz_import.c runs them alone.
 */
#ifndef SAFEGRID_ENTERPRISE_H
#define SAFEGRID_ENTERPRISE_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "base/error.h"

/* The import file's first row, its columns in this order. */
#define ENTERPRISE_IMPORT_HEADER "统一社会信用代码,企业名称,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话"
#define ENTERPRISE_IMPORT_COLUMNS 8

/* Past these, a file is refused whole or its problems are summed up. */
#define ENTERPRISE_IMPORT_MAX_ROWS 20000
#define ENTERPRISE_IMPORT_MAX_DETAILS 1000

/*
 * An import file read: either refused whole (field, code and message of the
 * 422's one detail; rows and problems NULL), or its rows -- one JSON array
 * [line, code, name, sector, grid, address, legal, contact, phone] a data
 * row, each cell without the spaces and tabs around it -- and the rows'
 * problems: 422 details {"field": "line N", "code", "message", "line",
 * "column"} in line order, each cell checked as the field of POST
 * /api/v1/enterprises it fills (a sector's and a grid node's name as the
 * name of POST /api/v1/sectors and /api/v1/grid).
 */
struct enterprise_import {
	json_object *rows;
	json_object *problems;
	const char *field, *code;   /* refused: the detail's field and code */
	char message[192];          /* refused: why ("" otherwise) */
};

/*
 * Reads len bytes of an import file into *out: ERR_NONE, ERR_VALIDATION if
 * it is refused whole, ERR_INTERNAL out of memory.  enterprise_import_free
 * releases *out in every case.
 */
enum err enterprise_import_read(const char *bytes, size_t len, struct enterprise_import *out);
void enterprise_import_free(struct enterprise_import *import);

#endif
