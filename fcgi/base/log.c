/*
 * log.c -- structured log lines.  One write(2) per line, so lines from the
 * workers sharing stderr never interleave.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

static void timestamp(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

/*
 * The process's id, asked of the kernel once a process: every request
 * writes a line.  A fork's child (safegridd's workers) forgets the parent's.
 */
static pid_t pid;

static void forget_pid(void)
{
	pid = 0;
}

static pid_t log_pid(void)
{
	static bool watching_forks;

	if (!watching_forks) {
		pthread_atfork(NULL, NULL, forget_pid);
		watching_forks = true;
	}
	if (pid == 0)
		pid = getpid();
	return pid;
}

void log_object(json_object *line)
{
	char ts[40];
	const char *text;
	size_t len;

	timestamp(ts, sizeof(ts));
	json_object_object_add(line, "time", json_object_new_string(ts));
	json_object_object_add(line, "pid", json_object_new_int((int)log_pid()));
	text = json_object_to_json_string_ext(line, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(text);
	{
		char buf[4096];
		if (len + 1 < sizeof(buf)) {
			memcpy(buf, text, len);
			buf[len] = '\n';
			if (write(STDERR_FILENO, buf, len + 1) < 0) { /* nowhere left to say it */ }
		} else {
			if (write(STDERR_FILENO, text, len) < 0 || write(STDERR_FILENO, "\n", 1) < 0) { }
		}
	}
	json_object_put(line);
}

void log_event(const char *level, const char *event, const char *message)
{
	json_object *line = json_object_new_object();

	json_object_object_add(line, "level", json_object_new_string(level));
	json_object_object_add(line, "event", json_object_new_string(event));
	if (message)
		json_object_object_add(line, "message", json_object_new_string(message));
	log_object(line);
}
