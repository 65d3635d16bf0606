/*
 * ctl_users.c -- townships and users from the command line.
 */
#include <stdio.h>

#include "ctl.h"

int ctl_create_user(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "safegridctl: create-user needs the identity schema\n");
	return 1;
}

int ctl_create_township(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "safegridctl: create-township needs the identity schema\n");
	return 1;
}

int ctl_seed_demo(int argc, char **argv)
{
	(void)argc; (void)argv;
	printf("no demo data yet\n");
	return 0;
}
