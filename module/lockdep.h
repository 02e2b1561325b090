/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's calls into lockdep.c, which exists only with CONFIG_LOCKDEP;
 * without it every call is an empty inline and costs nothing.
 */
#ifndef _CMWQ_LOCKDEP_H
#define _CMWQ_LOCKDEP_H

#include <linux/lockdep.h>
#include <linux/types.h>

struct cmwq_work;
struct cmwq_workqueue;

/* A worker's state around one work's function. */
struct cmwq_lockdep_run {
#ifdef CONFIG_LOCKDEP
	struct lockdep_map	work_map;	/* copy: the work may be freed */
#endif
};
#ifdef CONFIG_LOCKDEP
void cmwq_lockdep_wq_init(struct cmwq_workqueue *wq);
void cmwq_lockdep_wq_exit(struct cmwq_workqueue *wq);
void cmwq_lockdep_run_begin(struct cmwq_lockdep_run *run,
			    struct cmwq_workqueue *wq, struct cmwq_work *work);
void cmwq_lockdep_run_end(struct cmwq_lockdep_run *run,
			  struct cmwq_workqueue *wq);
void cmwq_lockdep_flush_wq(struct cmwq_workqueue *wq);
void cmwq_lockdep_flush_work(struct cmwq_work *work,
			     struct cmwq_workqueue *wq, bool from_cancel);
#else
static inline void cmwq_lockdep_wq_init(struct cmwq_workqueue *wq) {}
static inline void cmwq_lockdep_wq_exit(struct cmwq_workqueue *wq) {}
static inline void cmwq_lockdep_run_begin(struct cmwq_lockdep_run *run,
					  struct cmwq_workqueue *wq,
					  struct cmwq_work *work) {}
static inline void cmwq_lockdep_run_end(struct cmwq_lockdep_run *run,
					struct cmwq_workqueue *wq) {}
static inline void cmwq_lockdep_flush_wq(struct cmwq_workqueue *wq) {}
static inline void cmwq_lockdep_flush_work(struct cmwq_work *work,
					   struct cmwq_workqueue *wq,
					   bool from_cancel) {}
#endif

#endif /* _CMWQ_LOCKDEP_H */
