-- Enterprises: the index that an enterprise's assigned-cadre history needs
-- beyond those of the campaign migration.

-- ---------------------------------------------------------------------------
-- Assigned cadres: an enterprise's history, newest first
-- ---------------------------------------------------------------------------

-- GET /enterprises/{id}/assignments reads one enterprise's rows by id
-- descending; enterprise_assignment_active covers only the active ones.
create index enterprise_assignment_history on enterprise_assignment (enterprise_id, id);
