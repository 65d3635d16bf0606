/*
 * grid.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field grid_create_body[] = {
	FIELDS_END,
};

const struct field grid_tree_query[] = {
	FIELDS_END,
};

const struct field grid_update_body[] = {
	FIELDS_END,
};

enum err grid_tree(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err grid_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err grid_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err grid_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err grid_delete(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err grid_moves(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

