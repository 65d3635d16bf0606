/*
 * task.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field task_create_body[] = {
	FIELDS_END,
};

const struct field task_list_query[] = {
	FIELDS_END,
};

const struct field task_update_body[] = {
	FIELDS_END,
};

enum err task_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err task_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err task_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err task_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

