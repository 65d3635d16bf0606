/*
 * enterprise.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field enterprise_create_body[] = {
	FIELDS_END,
};

const struct field enterprise_list_query[] = {
	FIELDS_END,
};

const struct field enterprise_update_body[] = {
	FIELDS_END,
};

enum err enterprise_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err enterprise_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err enterprise_import(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err enterprise_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err enterprise_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

