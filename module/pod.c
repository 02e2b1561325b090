// SPDX-License-Identifier: GPL-2.0
/*
 * Affinity scopes: the pods of every scope, computed once at load from the
 * kernel's topology, and the module-wide default scope. pod.h says what
 * pods are for; Documentation/design.rst ("Affinity scopes and pods") how
 * each scope is derived and where cmwq differs from upstream.
 *
 * Every scope is built the same way: each possible CPU gets a key, and the
 * CPUs with equal keys form one pod. Pods are numbered in the order of
 * their lowest CPU. A CPU that the kernel's masks do not describe (possible
 * but not online at load, so its sibling masks are empty) gets a pod of its
 * own in the mask-based scopes rather than a guess.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/numa.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/topology.h>

#ifdef CONFIG_X86
#include <asm/apicdef.h>
#include <asm/processor.h>
#include <asm/smp.h>
#endif

#include "compat.h"
#include "pod.h"

/* I: computed by cmwq_pods_init(); the DFL entry stays empty. */
struct cmwq_pod_type cmwq_pod_types[CMWQ_AFFN_NR_TYPES];
EXPORT_SYMBOL_NS_GPL(cmwq_pod_types, CMWQ_NS);

static const char * const cmwq_affn_names[CMWQ_AFFN_NR_TYPES] = {
	[CMWQ_AFFN_DFL]		= "default",
	[CMWQ_AFFN_CPU]		= "cpu",
	[CMWQ_AFFN_SMT]		= "smt",
	[CMWQ_AFFN_CACHE]	= "cache",
	[CMWQ_AFFN_NUMA]	= "numa",
	[CMWQ_AFFN_SYSTEM]	= "system",
};

/* Written by the parameter's setter (under the kernel's param lock). */
static int cmwq_affn_dfl = CMWQ_AFFN_CACHE;

/*
 * Pod keys. Keys of different kinds must never compare equal, so the
 * kinds other than plain numbers carry a tag bit.
 */
#define CMWQ_KEY_ALONE		BIT_ULL(63)	/* | cpu: a pod of its own */
#define CMWQ_KEY_MASK		BIT_ULL(62)	/* | first CPU of a mask */

/* Where the cache scope came from, for the load message. */
static const char *cmwq_llc_method = "the package";

/*
 * The CPUs of @mask form one pod, named by its first CPU; a CPU missing
 * from its own mask (not online at load) stays alone.
 */
static u64 cmwq_mask_key(const struct cpumask *mask, int cpu)
{
	if (!cpumask_test_cpu(cpu, mask))
		return CMWQ_KEY_ALONE | cpu;
	return CMWQ_KEY_MASK | cpumask_first(mask);
}

static u64 cmwq_cpu_key(int cpu)
{
	return cpu;
}

static u64 cmwq_smt_key(int cpu)
{
	return cmwq_mask_key(topology_sibling_cpumask(cpu), cpu);
}

#ifdef CONFIG_X86
/* The LLC's APIC ID shift from CPUID, or -1: see cmwq_llc_init(). */
static int cmwq_llc_shift = -1;

/*
 * The CPUID leaf that describes the caches one by one: Intel's 4 (which
 * the kernel also reads on Centaur and Zhaoxin), or AMD's and Hygon's
 * 0x8000001D when TOPOEXT says it exists. 0 if there is neither.
 */
static u32 cmwq_cache_leaf(void)
{
	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_INTEL:
	case X86_VENDOR_CENTAUR:
	case X86_VENDOR_ZHAOXIN:
		return boot_cpu_data.cpuid_level >= 4 ? 4 : 0;
	case X86_VENDOR_AMD:
	case X86_VENDOR_HYGON:
		return boot_cpu_has(X86_FEATURE_TOPOEXT) ? 0x8000001d : 0;
	}
	return 0;
}

/*
 * The shift that turns an APIC ID into an LLC ID, or -1: the highest cache
 * level of @leaf, the order of its "logical processors sharing" count.
 * The caches are read on the loading CPU only: this assumes that all CPUs
 * have the same LLC layout, as the machines the kernel derives its own
 * cpu_llc_id from one CPU's leaf for do.
 */
static int cmwq_llc_order(u32 leaf)
{
	u32 eax, ebx, ecx, edx, level, top = 0, sharing = 0;
	int i;

	/* Subleaves end with a cache type of 0; 8 is more than any CPU has. */
	for (i = 0; i < 8; i++) {
		cpuid_count(leaf, i, &eax, &ebx, &ecx, &edx);
		if (!(eax & 0x1f))
			break;
		level = (eax >> 5) & 0x7;
		if (level >= top) {
			top = level;
			sharing = ((eax >> 14) & 0xfff) + 1;
		}
	}
	return top ? get_count_order(sharing) : -1;
}

static void cmwq_llc_init(void)
{
	u32 leaf = cmwq_cache_leaf();

	cmwq_llc_method = "the die";
	if (!leaf)
		return;
	cmwq_llc_shift = cmwq_llc_order(leaf);
	if (cmwq_llc_shift >= 0)
		cmwq_llc_method = leaf == 4 ? "CPUID 4" : "CPUID 0x8000001d";
}

/*
 * CPUs whose APIC IDs agree above the LLC's shift share it. Without a
 * cache leaf (QEMU's TCG CPU models are AMD without TOPOEXT), the kernel
 * itself puts the LLC of such AMD CPUs at the die: so do we.
 */
static u64 cmwq_cache_key(int cpu)
{
	u32 apicid = per_cpu(x86_cpu_to_apicid, cpu);

	if (cmwq_llc_shift < 0 || apicid == BAD_APICID)
		return cmwq_mask_key(topology_die_cpumask(cpu), cpu);
	return apicid >> cmwq_llc_shift;
}
#else
static void cmwq_llc_init(void)
{
}

/* No portable LLC mask is exported: take the package (UML: each CPU). */
static u64 cmwq_cache_key(int cpu)
{
	return cmwq_mask_key(topology_core_cpumask(cpu), cpu);
}
#endif

/* NUMA_NO_NODE is a key like any other node number. */
static u64 cmwq_numa_key(int cpu)
{
	return (u32)cpu_to_node(cpu);
}

static u64 cmwq_system_key(int cpu)
{
	return 0;
}

static u64 (* const cmwq_pod_keys[CMWQ_AFFN_NR_TYPES])(int cpu) = {
	[CMWQ_AFFN_CPU]		= cmwq_cpu_key,
	[CMWQ_AFFN_SMT]		= cmwq_smt_key,
	[CMWQ_AFFN_CACHE]	= cmwq_cache_key,
	[CMWQ_AFFN_NUMA]	= cmwq_numa_key,
	[CMWQ_AFFN_SYSTEM]	= cmwq_system_key,
};

/* The node all CPUs of @mask are on, or NUMA_NO_NODE if they differ. */
static int cmwq_mask_node(const struct cpumask *mask)
{
	int cpu, node = cpu_to_node(cpumask_first(mask));

	for_each_cpu(cpu, mask)
		if (cpu_to_node(cpu) != node)
			return NUMA_NO_NODE;
	return node;
}

static void cmwq_pod_type_free(struct cmwq_pod_type *pt)
{
	int pod;

	if (pt->pod_cpus)
		for (pod = 0; pod < pt->nr_pods; pod++)
			free_cpumask_var(pt->pod_cpus[pod]);
	kfree(pt->pod_cpus);
	kfree(pt->pod_node);
	kfree(pt->cpu_pod);
	memset(pt, 0, sizeof(*pt));
}

/*
 * Group the possible CPUs of one scope by key. Finding a key's pod is a
 * linear search, O(CPUs x pods) once at load: a few thousand steps on the
 * 64-CPU guest.
 */
static int cmwq_pod_type_init(struct cmwq_pod_type *pt,
			      u64 (*key)(int cpu))
{
	u64 *pod_key;
	int cpu, pod;

	pt->cpu_pod = kmalloc_array(nr_cpu_ids, sizeof(*pt->cpu_pod),
				    GFP_KERNEL);
	pod_key = kmalloc_array(nr_cpu_ids, sizeof(*pod_key), GFP_KERNEL);
	if (!pt->cpu_pod || !pod_key) {
		kfree(pod_key);
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		pt->cpu_pod[cpu] = -1;
	for_each_possible_cpu(cpu) {
		u64 k = key(cpu);

		for (pod = 0; pod < pt->nr_pods && pod_key[pod] != k; pod++)
			;
		if (pod == pt->nr_pods)
			pod_key[pt->nr_pods++] = k;
		pt->cpu_pod[cpu] = pod;
	}
	kfree(pod_key);

	pt->pod_cpus = kcalloc(pt->nr_pods, sizeof(*pt->pod_cpus), GFP_KERNEL);
	pt->pod_node = kcalloc(pt->nr_pods, sizeof(*pt->pod_node), GFP_KERNEL);
	if (!pt->pod_cpus || !pt->pod_node)
		return -ENOMEM;
	for (pod = 0; pod < pt->nr_pods; pod++)
		if (!zalloc_cpumask_var(&pt->pod_cpus[pod], GFP_KERNEL))
			return -ENOMEM;
	for_each_possible_cpu(cpu)
		cpumask_set_cpu(cpu, pt->pod_cpus[pt->cpu_pod[cpu]]);
	for (pod = 0; pod < pt->nr_pods; pod++)
		pt->pod_node[pod] = cmwq_mask_node(pt->pod_cpus[pod]);
	return 0;
}

/**
 * cmwq_pods_init - compute the pods of every affinity scope
 *
 * Reads the topology of the possible CPUs as the kernel knows it now; the
 * pods do not change until the module is unloaded. CMWQ_AFFN_DFL's entry
 * stays empty: the default is resolved to a real scope when a workqueue is
 * created (cmwq_default_affn_scope()).
 *
 * Context: process context, at module load, before any pool exists.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int cmwq_pods_init(void)
{
	int scope, ret;

	cmwq_llc_init();
	for (scope = CMWQ_AFFN_CPU; scope < CMWQ_AFFN_NR_TYPES; scope++) {
		ret = cmwq_pod_type_init(&cmwq_pod_types[scope],
					 cmwq_pod_keys[scope]);
		if (ret) {
			cmwq_pods_exit();
			return ret;
		}
	}
	pr_info("pods: %d smt, %d cache (LLC from %s), %d numa\n",
		cmwq_pod_types[CMWQ_AFFN_SMT].nr_pods,
		cmwq_pod_types[CMWQ_AFFN_CACHE].nr_pods, cmwq_llc_method,
		cmwq_pod_types[CMWQ_AFFN_NUMA].nr_pods);
	return 0;
}

/**
 * cmwq_pods_exit - free the pods of every scope
 *
 * Also frees what a failed cmwq_pods_init() had allocated.
 *
 * Context: process context, at module unload, after the last workqueue.
 */
void cmwq_pods_exit(void)
{
	int scope;

	for (scope = 0; scope < CMWQ_AFFN_NR_TYPES; scope++)
		cmwq_pod_type_free(&cmwq_pod_types[scope]);
}

/**
 * cmwq_default_affn_scope - the scope that CMWQ_AFFN_DFL stands for now
 *
 * Context: any.
 * Return: the value of default_affinity_scope, never CMWQ_AFFN_DFL.
 */
enum cmwq_affn_scope cmwq_default_affn_scope(void)
{
	return READ_ONCE(cmwq_affn_dfl);
}

/**
 * cmwq_affn_scope_name - the name of a scope
 * @scope: a scope, CMWQ_AFFN_DFL included
 *
 * Context: any.
 * Return: "default", "cpu", "smt", "cache", "numa" or "system"; "invalid"
 * for a value out of range.
 */
const char *cmwq_affn_scope_name(enum cmwq_affn_scope scope)
{
	if ((unsigned int)scope >= CMWQ_AFFN_NR_TYPES)
		return "invalid";
	return cmwq_affn_names[scope];
}
EXPORT_SYMBOL_NS_GPL(cmwq_affn_scope_name, CMWQ_NS);

/**
 * cmwq_affn_scope_parse - the scope of a name
 * @name: one of the names of cmwq_affn_scope_name(); a trailing newline,
 *        as sysfs writes bring, is ignored
 *
 * Context: any.
 * Return: the scope (CMWQ_AFFN_DFL for "default"), or -EINVAL.
 */
int cmwq_affn_scope_parse(const char *name)
{
	int scope;

	for (scope = 0; scope < CMWQ_AFFN_NR_TYPES; scope++)
		if (sysfs_streq(name, cmwq_affn_names[scope]))
			return scope;
	return -EINVAL;
}

/**
 * cmwq_pods_show - print the pods of every scope
 * @m: the seq_file of /sys/kernel/debug/cmwq/pods
 *
 * One line per pod, the scopes in enum order: scope name, pod number, its
 * node (-1 if its CPUs are on several) and its possible CPUs.
 *
 * Context: process context.
 */
void cmwq_pods_show(struct seq_file *m)
{
	const struct cmwq_pod_type *pt;
	int scope, pod;

	seq_puts(m, "scope pod node cpus\n");
	for (scope = CMWQ_AFFN_CPU; scope < CMWQ_AFFN_NR_TYPES; scope++) {
		pt = &cmwq_pod_types[scope];
		for (pod = 0; pod < pt->nr_pods; pod++)
			seq_printf(m, "%s %d %d %*pbl\n", cmwq_affn_names[scope],
				   pod, pt->pod_node[pod],
				   cpumask_pr_args(pt->pod_cpus[pod]));
	}
}

/*
 * default_affinity_scope: a real scope, never "default". Read when a
 * workqueue is created, so a change affects only those created after it.
 */
static int cmwq_affn_dfl_set(const char *val, const struct kernel_param *kp)
{
	int scope = cmwq_affn_scope_parse(val);

	if (scope < 0 || scope == CMWQ_AFFN_DFL) {
		pr_warn("default_affinity_scope=%.*s: want cpu, smt, cache, numa or system\n",
			(int)min_t(size_t, strcspn(val, "\n"), 32), val);
		return -EINVAL;
	}
	WRITE_ONCE(cmwq_affn_dfl, scope);
	return 0;
}

static int cmwq_affn_dfl_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 cmwq_affn_names[READ_ONCE(cmwq_affn_dfl)]);
}

static const struct kernel_param_ops cmwq_affn_dfl_ops = {
	.set = cmwq_affn_dfl_set,
	.get = cmwq_affn_dfl_get,
};
module_param_cb(default_affinity_scope, &cmwq_affn_dfl_ops, &cmwq_affn_dfl,
		0644);
MODULE_PARM_DESC(default_affinity_scope,
		 "Affinity scope of unbound workqueues created from now on that ask for the default: cpu, smt, cache, numa or system (default cache)");
