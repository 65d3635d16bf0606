/*
 * ctl.h -- safegridctl's commands beyond migrate (ctl_users.c).
 */
#ifndef SAFEGRID_CTL_H
#define SAFEGRID_CTL_H

const char *ctl_owner_url(void);
int ctl_create_user(int argc, char **argv);
int ctl_create_township(int argc, char **argv);
int ctl_seed_demo(int argc, char **argv);
int ctl_seed_bench(int argc, char **argv);
int ctl_fields(int argc, char **argv);
int ctl_lifecycle(int argc, char **argv);
int ctl_jobs(int argc, char **argv);

#endif
