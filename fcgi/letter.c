/*
 * letter.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field letter_coverage_query[] = {
	FIELDS_END,
};

const struct field letter_create_body[] = {
	FIELDS_END,
};

const struct field letter_list_query[] = {
	FIELDS_END,
};

const struct field letter_update_body[] = {
	FIELDS_END,
};

enum err letter_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err letter_coverage(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err letter_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err letter_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err letter_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err letter_attach(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

