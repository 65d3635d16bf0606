/*
 * migrate.h -- numbered, forward-only schema migrations.
 */
#ifndef SAFEGRID_MIGRATE_H
#define SAFEGRID_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "db/db.h"

/*
 * Apply the pending files of dir ("NNNN_name.sql", in name order), each in
 * its own transaction, recording name and SHA-256.  Refuses (returns -1,
 * reason on err) if an applied file has changed or disappeared.  Progress
 * goes to out.  Returns the number applied.
 */
int migrate_run(struct db *db, const char *dir, bool dry_run, FILE *out, FILE *err);

/* Whether name has the form NNNN_lower_case.sql. */
bool migrate_name_valid(const char *name);

#endif
