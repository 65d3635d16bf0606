/*
 * assignment.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field assignment_create_body[] = {
	FIELDS_END,
};

const struct field assignment_list_query[] = {
	FIELDS_END,
};

enum err assignment_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err assignment_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

