/*
 * document.c -- SKELETON: to be written.
 */
#include "handlers.h"

const struct field document_create_body[] = {
	FIELDS_END,
};

const struct field document_list_query[] = {
	FIELDS_END,
};

enum err document_list(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err document_create(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err document_get(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err document_acknowledge(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

enum err document_attach(struct request *req)
{
	(void)req;
	return ERR_NO_ROUTE;
}

