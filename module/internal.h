/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq internals: worker pools and their workers.
 *
 * A worker pool is a set of kthreads that share one list of pending work.
 * Every possible CPU has two pools bound to it, a normal one (nice 0) and a
 * highpri one (nice -20); both are allocated on the CPU's NUMA node. See
 * Documentation/design.rst for the whole picture.
 *
 * Locking legend for the fields below:
 *
 * I: set at initialisation, read-only afterwards.
 * L: pool->lock.
 * M: cmwq_pool_mutex.
 * A: pool->attach_mutex for writes, pool->lock or attach_mutex for reads.
 * W: only the worker itself touches it.
 */
#ifndef _CMWQ_INTERNAL_H
#define _CMWQ_INTERNAL_H

#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct dentry;
struct seq_file;
struct task_struct;

/* The per-CPU pools of one CPU, in this order. */
enum cmwq_std_pool {
	CMWQ_NORMAL_POOL,
	CMWQ_HIGHPRI_POOL,
	CMWQ_NR_STD_POOLS,
};

#define CMWQ_HIGHPRI_NICE	(-20)

/* pool->flags */
enum {
	CMWQ_POOL_PERCPU	= 1 << 0,	/* bound to pool->cpu */
	CMWQ_POOL_HIGHPRI	= 1 << 1,	/* workers run at nice -20 */
	CMWQ_POOL_DYING		= 1 << 2,	/* being torn down */
};

/* worker->flags */
enum {
	CMWQ_WORKER_IDLE	= 1 << 0,	/* on pool->idle_list */
	CMWQ_WORKER_DIE		= 1 << 1,	/* asked to exit */
};

struct cmwq_pool {
	raw_spinlock_t		lock;		/* protects the L: fields */
	int			id;		/* I: index in cmwq_pool_idr */
	int			cpu;		/* I: bound CPU, -1 if unbound */
	int			node;		/* I: NUMA node of the memory */
	int			nice;		/* I: nice of every worker */
	unsigned int		flags;		/* L: CMWQ_POOL_* */

	int			nr_workers;	/* L: workers in the pool */
	int			nr_idle;	/* L: workers on idle_list */
	struct list_head	idle_list;	/* L: idle workers */

	struct mutex		attach_mutex;	/* guards workers */
	struct list_head	workers;	/* A: every worker */
	struct ida		worker_ida;	/* worker IDs within the pool */
};

struct cmwq_worker {
	struct list_head	entry;		/* L: on pool->idle_list */
	struct list_head	node;		/* A: on pool->workers */
	struct task_struct	*task;		/* I: the kthread */
	struct cmwq_pool	*pool;		/* I: the pool it serves */
	int			id;		/* I: ID within the pool */
	unsigned int		flags;		/* L: CMWQ_WORKER_* */
};

extern struct mutex cmwq_pool_mutex;
extern struct idr cmwq_pool_idr;	/* M: every pool, by pool->id */

/* pool.c */
int cmwq_pools_init(void);
void cmwq_pools_exit(void);
struct cmwq_pool *cmwq_cpu_pool(int cpu, enum cmwq_std_pool which);
struct cmwq_pool *cmwq_pool_get_by_id(int id);
void cmwq_pools_show(struct seq_file *m);

/* worker.c */
int cmwq_create_worker(struct cmwq_pool *pool);
void cmwq_destroy_workers(struct cmwq_pool *pool);

/* control.c */
#define CMWQ_CONTROL_MAX_LINE	256
int cmwq_control_exec(char *line);
#define CMWQ_ERROR_LEN		160
int cmwq_control_fail(int err, const char *why);
void cmwq_control_last_error(char *buf, size_t size);

/* debugfs.c */
int cmwq_debugfs_init(void);
void cmwq_debugfs_exit(void);

#endif /* _CMWQ_INTERNAL_H */
