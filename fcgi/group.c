/*
 * group.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field group_create_body[] = {
	FIELDS_END,
};

const struct field group_template_body[] = {
	FIELDS_END,
};

const struct field group_update_body[] = {
	FIELDS_END,
};

enum err group_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err group_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err group_from_template(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err group_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err group_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err group_delete(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

