/*
 * main.c -- safegridd: opens the FastCGI socket, forks the workers, starts a
 * new one when one dies, and on SIGTERM or SIGINT lets the requests in hand
 * finish before it exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "base/config.h"
#include "base/log.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/worker.h"

#define MAX_WORKERS 256

struct slot {
	pid_t pid;
	struct timespec started;
};

static struct slot slots[MAX_WORKERS];

static const char *env(const char *name)
{
	return getenv(name);
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static int is_tcp(const char *listen)
{
	return listen[0] != '/' && listen[0] != '.' && strchr(listen, ':') != NULL;
}

static int open_listener(const struct config *cfg)
{
	struct stat st;
	int fd;

	if (!is_tcp(cfg->listen) && lstat(cfg->listen, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(cfg->listen);   /* left by a stack that did not stop cleanly */
	fd = FCGX_OpenSocket(cfg->listen, 1024);
	if (fd < 0)
		return -1;
	if (!is_tcp(cfg->listen) && chmod(cfg->listen, (mode_t)cfg->socket_mode) != 0)
		return -1;
	/* Workers wait in epoll and accept without blocking (worker.c). */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
		return -1;
	return fd;
}

static void spawn(int i, int fd, const struct config *cfg)
{
	pid_t supervisor = getpid(), pid = fork();

	if (pid == 0)
		worker_main(fd, cfg, supervisor);
	if (pid < 0) {
		log_event("error", "fork_failed", strerror(errno));
		return;
	}
	slots[i].pid = pid;
	clock_gettime(CLOCK_MONOTONIC, &slots[i].started);
}

static int live_workers(int n)
{
	int live = 0;

	for (int i = 0; i < n; i++)
		live += slots[i].pid > 0;
	return live;
}

static void signal_workers(int n, int sig)
{
	for (int i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, sig);
}

/* Reap dead workers; returns how many died. */
static int reap(int n, int stopping)
{
	int status, died = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < n; i++) {
			if (slots[i].pid != pid)
				continue;
			slots[i].pid = 0;
			died++;
			if (!stopping) {
				char msg[96];
				if (WIFSIGNALED(status))
					snprintf(msg, sizeof(msg), "worker %d killed by signal %d", (int)pid, WTERMSIG(status));
				else
					snprintf(msg, sizeof(msg), "worker %d exited with %d", (int)pid, WEXITSTATUS(status));
				log_event("warn", "worker_died", msg);
				metrics_worker_restart();
			}
		}
	}
	return died;
}

int main(void)
{
	struct config cfg;
	char err[256];
	sigset_t mask;
	struct timespec stop_at = {0, 0};
	int fd, stopping = 0;

	if (config_load(&cfg, env, err, sizeof(err)) != 0) {
		log_event("fatal", "bad_configuration", err);
		return 2;
	}
	if (sodium_init() < 0 || FCGX_Init() != 0) {
		log_event("fatal", "init_failed", NULL);
		return 1;
	}
	umask(0077);
	fd = open_listener(&cfg);
	if (fd < 0) {
		snprintf(err, sizeof(err), "cannot listen on %s: %s", cfg.listen, strerror(errno));
		log_event("fatal", "listen_failed", err);
		return 1;
	}
	{
		char msg[160];
		snprintf(msg, sizeof(msg), "listening on %s with %d workers", cfg.listen, cfg.workers);
		log_event("info", "started", msg);
	}

	/* The supervisor waits for signals synchronously; workers unblock them. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);   /* no configuration to reload: all of it is in the environment */

	/* Before the workers fork: they share the counters. Without them, no metrics. */
	if (metrics_init(route_count) != 0)
		log_event("warn", "metrics_unavailable", strerror(errno));
	for (int i = 0; i < cfg.workers; i++)
		spawn(i, fd, &cfg);

	for (;;) {
		struct timespec tick = {0, 100 * 1000 * 1000};
		int sig = sigtimedwait(&mask, NULL, &tick);

		if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			stopping = 1;
			clock_gettime(CLOCK_MONOTONIC, &stop_at);
			log_event("info", "stopping", "letting requests in hand finish");
			signal_workers(cfg.workers, SIGTERM);
		}
		reap(cfg.workers, stopping);
		if (stopping) {
			if (live_workers(cfg.workers) == 0)
				break;
			/* A request that outlasts the grace period is cut short. */
			if (seconds_since(&stop_at) > cfg.shutdown_grace) {
				log_event("warn", "killing_workers", "grace period over");
				signal_workers(cfg.workers, SIGKILL);
			}
			continue;
		}
		for (int i = 0; i < cfg.workers; i++) {
			/* A worker that dies at once again and again is restarted once a second. */
			if (slots[i].pid == 0 && seconds_since(&slots[i].started) > 1.0)
				spawn(i, fd, &cfg);
		}
	}
	close(fd);
	if (!is_tcp(cfg.listen))
		unlink(cfg.listen);
	log_event("info", "stopped", NULL);
	return 0;
}
