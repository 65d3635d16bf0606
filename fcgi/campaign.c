/*
 * campaign.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field campaign_create_body[] = {
	FIELDS_END,
};

const struct field campaign_list_query[] = {
	FIELDS_END,
};

const struct field campaign_update_body[] = {
	FIELDS_END,
};

enum err campaign_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err campaign_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err campaign_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err campaign_update(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

