/*
 * list_shapes.c -- the lists whose statements are assembled, for check-sql.
 *
 * A list that builds its statement from the filters it is given has as
 * many statements as combinations of filters; safegridctl check-sql
 * assembles and prepares them (each filter alone and all together) from
 * the list's query fields, so a typo in a filter no test sends still fails
 * the build.  A new assembled list adds its row here.
 */
#include "api/handlers.h"

const struct list_shape list_shapes[] = {
	{"/api/v1/enterprises", enterprise_list_sql},
	{"/api/v1/inspections", inspection_list_sql},
	{"/api/v1/hazards", hazard_list_sql},
	{"/api/v1/supervision-orders", order_list_sql},
};

const size_t list_shape_count = sizeof(list_shapes) / sizeof(list_shapes[0]);
