// SPDX-License-Identifier: GPL-2.0
/*
 * Affinity scopes and their pods, computed from the topology at load.
 *
 * The cache scope groups CPUs by package here (topology_core_cpumask()):
 * the kernel's LLC masks are not exported to modules.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "internal.h"

struct cmwq_pod_type cmwq_pod_types[CMWQ_AFFN_NR_TYPES];
EXPORT_SYMBOL_NS_GPL(cmwq_pod_types, CMWQ_NS);

static const char * const scope_names[CMWQ_AFFN_NR_TYPES] = {
	[CMWQ_AFFN_DFL] = "default",
	[CMWQ_AFFN_CPU] = "cpu",
	[CMWQ_AFFN_SMT] = "smt",
	[CMWQ_AFFN_CACHE] = "cache",
	[CMWQ_AFFN_NUMA] = "numa",
	[CMWQ_AFFN_SYSTEM] = "system",
};

static int default_scope = CMWQ_AFFN_CACHE;

/**
 * cmwq_affn_scope_name - the name of an affinity scope
 * @scope: the scope
 *
 * Return: its name, as the control file and the parameter take it.
 */
const char *cmwq_affn_scope_name(enum cmwq_affn_scope scope)
{
	return scope < CMWQ_AFFN_NR_TYPES ? scope_names[scope] : "?";
}
EXPORT_SYMBOL_NS_GPL(cmwq_affn_scope_name, CMWQ_NS);

/**
 * cmwq_affn_scope_parse - an affinity scope by name
 * @name: default, cpu, smt, cache, numa or system (a newline may follow)
 *
 * Return: the scope, or -EINVAL.
 */
int cmwq_affn_scope_parse(const char *name)
{
	int i;

	for (i = 0; i < CMWQ_AFFN_NR_TYPES; i++)
		if (sysfs_streq(name, scope_names[i]))
			return i;
	return -EINVAL;
}

/**
 * cmwq_default_affn_scope - the scope of workqueues that ask for default
 *
 * Return: the default_affinity_scope parameter, never %CMWQ_AFFN_DFL.
 */
enum cmwq_affn_scope cmwq_default_affn_scope(void)
{
	return READ_ONCE(default_scope);
}

static int default_scope_set(const char *val, const struct kernel_param *kp)
{
	int scope = cmwq_affn_scope_parse(val);

	if (scope < 0 || scope == CMWQ_AFFN_DFL) {
		pr_warn("cmwq: default_affinity_scope=%s: want cpu, smt, cache, numa or system\n",
			val);
		return -EINVAL;
	}
	WRITE_ONCE(default_scope, scope);
	return 0;
}

static int default_scope_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", scope_names[READ_ONCE(default_scope)]);
}

static const struct kernel_param_ops default_scope_ops = {
	.set = default_scope_set,
	.get = default_scope_get,
};
module_param_cb(default_affinity_scope, &default_scope_ops, NULL, 0644);
MODULE_PARM_DESC(default_affinity_scope,
		 "Affinity scope of new unbound workqueues: cpu, smt, cache, numa or system (default cache)");

/* The CPUs that share @cpu's pod in @scope. */
static const struct cpumask *scope_cpus(enum cmwq_affn_scope scope, int cpu)
{
	switch (scope) {
	case CMWQ_AFFN_CPU:
		return cpumask_of(cpu);
	case CMWQ_AFFN_SMT:
		return topology_sibling_cpumask(cpu);
	case CMWQ_AFFN_CACHE:
		return topology_core_cpumask(cpu);
	case CMWQ_AFFN_NUMA:
		return cpumask_of_node(cpu_to_node(cpu));
	default:
		return cpu_possible_mask;
	}
}

static void free_pod_type(struct cmwq_pod_type *pt)
{
	int pod;

	for (pod = 0; pt->pod_cpus && pod < pt->nr_pods; pod++)
		free_cpumask_var(pt->pod_cpus[pod]);
	kfree(pt->pod_cpus);
	kfree(pt->pod_node);
	kfree(pt->cpu_pod);
	memset(pt, 0, sizeof(*pt));
}

static int init_pod_type(struct cmwq_pod_type *pt, enum cmwq_affn_scope scope)
{
	int cpu, pod;

	pt->pod_cpus = kcalloc(nr_cpu_ids, sizeof(*pt->pod_cpus), GFP_KERNEL);
	pt->pod_node = kcalloc(nr_cpu_ids, sizeof(*pt->pod_node), GFP_KERNEL);
	pt->cpu_pod = kcalloc(nr_cpu_ids, sizeof(*pt->cpu_pod), GFP_KERNEL);
	if (!pt->pod_cpus || !pt->pod_node || !pt->cpu_pod)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		for (pod = 0; pod < pt->nr_pods; pod++)
			if (cpumask_test_cpu(cpu, pt->pod_cpus[pod]))
				break;
		if (pod == pt->nr_pods) {
			if (!zalloc_cpumask_var(&pt->pod_cpus[pod], GFP_KERNEL))
				return -ENOMEM;
			pt->nr_pods++;
			cpumask_and(pt->pod_cpus[pod], scope_cpus(scope, cpu),
				    cpu_possible_mask);
			cpumask_set_cpu(cpu, pt->pod_cpus[pod]);
			pt->pod_node[pod] = cpu_to_node(cpu);
		} else if (pt->pod_node[pod] != cpu_to_node(cpu)) {
			pt->pod_node[pod] = NUMA_NO_NODE;
		}
		pt->cpu_pod[cpu] = pod;
	}
	return 0;
}

/**
 * cmwq_pods_init - compute the pods of every scope
 *
 * Context: module load.
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int cmwq_pods_init(void)
{
	int scope, ret;

	for (scope = CMWQ_AFFN_CPU; scope < CMWQ_AFFN_NR_TYPES; scope++) {
		ret = init_pod_type(&cmwq_pod_types[scope], scope);
		if (ret) {
			cmwq_pods_exit();
			return ret;
		}
	}
	return 0;
}

/**
 * cmwq_pods_exit - free the pods
 *
 * Context: module unload, after every unbound workqueue is gone.
 */
void cmwq_pods_exit(void)
{
	int scope;

	for (scope = 0; scope < CMWQ_AFFN_NR_TYPES; scope++)
		free_pod_type(&cmwq_pod_types[scope]);
}

/**
 * cmwq_pods_show - one line per pod, for the debugfs ``pods`` file
 * @m: the seq_file
 *
 * Columns: scope pod node cpus (node -1 for a pod over several nodes).
 */
void cmwq_pods_show(struct seq_file *m)
{
	const struct cmwq_pod_type *pt;
	int scope, pod;

	seq_puts(m, "scope pod node cpus\n");
	for (scope = CMWQ_AFFN_CPU; scope < CMWQ_AFFN_NR_TYPES; scope++) {
		pt = &cmwq_pod_types[scope];
		for (pod = 0; pod < pt->nr_pods; pod++)
			seq_printf(m, "%s %d %d %*pbl\n", scope_names[scope], pod,
				   pt->pod_node[pod],
				   cpumask_pr_args(pt->pod_cpus[pod]));
	}
}
