/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Affinity scopes and their pods: the groups of CPUs that an unbound
 * workqueue gives a pool_workqueue each (upstream 6.6+ "affinity scopes").
 *
 * For every scope, the possible CPUs are split into pods from the real
 * topology: one CPU each (cpu), SMT siblings (smt), CPUs sharing the last
 * level cache (cache), NUMA nodes (numa), or all of them (system). Pods are
 * computed once, over possible CPUs, at module load; CPU hotplug changes
 * which CPUs of a pod are online, not the pods.
 */
#ifndef _CMWQ_POD_H
#define _CMWQ_POD_H

#include <linux/cpumask.h>

#include "cmwq.h"

struct seq_file;

/* The pods of one scope. I: computed at load, read-only afterwards. */
struct cmwq_pod_type {
	int		nr_pods;
	cpumask_var_t	*pod_cpus;	/* [pod]: its possible CPUs */
	int		*pod_node;	/* [pod]: its node, NUMA_NO_NODE if several */
	int		*cpu_pod;	/* [cpu]: the pod of each possible CPU */
};

/* pod.c */
extern struct cmwq_pod_type cmwq_pod_types[CMWQ_AFFN_NR_TYPES];
int cmwq_pods_init(void);
void cmwq_pods_exit(void);
enum cmwq_affn_scope cmwq_default_affn_scope(void);
const char *cmwq_affn_scope_name(enum cmwq_affn_scope scope);
int cmwq_affn_scope_parse(const char *name);
void cmwq_pods_show(struct seq_file *m);

#endif /* _CMWQ_POD_H */
