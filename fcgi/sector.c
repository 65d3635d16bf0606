/*
 * sector.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field sector_create_body[] = {
	FIELDS_END,
};

const struct field sector_list_query[] = {
	FIELDS_END,
};

const struct field sector_update_body[] = {
	FIELDS_END,
};

enum err sector_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err sector_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err sector_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

