/*
 * log.h -- one JSON object per line on stderr.
 */
#ifndef SAFEGRID_LOG_H
#define SAFEGRID_LOG_H

#include <json-c/json.h>

/* Log an event: {"time", "level", "event", "message", "pid"}. */
void log_event(const char *level, const char *event, const char *message);

/* Log a prepared object (adds time and pid, takes ownership). */
void log_object(json_object *line);

#endif
