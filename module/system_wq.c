// SPDX-License-Identifier: GPL-2.0
/*
 * The system workqueues: cmwq's counterparts of upstream's system_wq and
 * its siblings, the BH pair included, made at load and destroyed at
 * unload, for callers that need no workqueue of their own (the
 * cmwq_schedule_*() helpers queue on cmwq_system_wq).
 *
 * Power-efficient workqueues are per-CPU unless the power_efficient
 * parameter, read at load like upstream's workqueue.power_efficient boot
 * parameter, makes them unbound: their works then run where the
 * scheduler finds an idle CPU instead of waking the queueing one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "internal.h"

bool cmwq_power_efficient;
EXPORT_SYMBOL_NS_GPL(cmwq_power_efficient, CMWQ_NS);
module_param_named(power_efficient, cmwq_power_efficient, bool, 0444);
MODULE_PARM_DESC(power_efficient,
		 "Make CMWQ_POWER_EFFICIENT workqueues unbound (read at load, default off)");

struct cmwq_workqueue *cmwq_system_wq;
EXPORT_SYMBOL_GPL(cmwq_system_wq);
struct cmwq_workqueue *cmwq_system_highpri_wq;
EXPORT_SYMBOL_GPL(cmwq_system_highpri_wq);
struct cmwq_workqueue *cmwq_system_long_wq;
EXPORT_SYMBOL_GPL(cmwq_system_long_wq);
struct cmwq_workqueue *cmwq_system_unbound_wq;
EXPORT_SYMBOL_GPL(cmwq_system_unbound_wq);
struct cmwq_workqueue *cmwq_system_dfl_long_wq;
EXPORT_SYMBOL_GPL(cmwq_system_dfl_long_wq);
struct cmwq_workqueue *cmwq_system_freezable_wq;
EXPORT_SYMBOL_GPL(cmwq_system_freezable_wq);
struct cmwq_workqueue *cmwq_system_power_efficient_wq;
EXPORT_SYMBOL_GPL(cmwq_system_power_efficient_wq);
struct cmwq_workqueue *cmwq_system_freezable_power_efficient_wq;
EXPORT_SYMBOL_GPL(cmwq_system_freezable_power_efficient_wq);
struct cmwq_workqueue *cmwq_system_bh_wq;
EXPORT_SYMBOL_GPL(cmwq_system_bh_wq);
struct cmwq_workqueue *cmwq_system_bh_highpri_wq;
EXPORT_SYMBOL_GPL(cmwq_system_bh_highpri_wq);

/* Made in this order, destroyed in the reverse one. */
static const struct {
	struct cmwq_workqueue	**wq;
	const char		*name;
	unsigned int		flags;
	int			max_active;
} system_wqs[] = {
	{ &cmwq_system_wq, "cmwq_system", 0, 0 },
	{ &cmwq_system_highpri_wq, "cmwq_system_highpri", CMWQ_HIGHPRI, 0 },
	{ &cmwq_system_long_wq, "cmwq_system_long", 0, 0 },
	{ &cmwq_system_unbound_wq, "cmwq_system_unbound", CMWQ_UNBOUND,
	  CMWQ_MAX_ACTIVE },
	{ &cmwq_system_dfl_long_wq, "cmwq_system_dfl_long", CMWQ_UNBOUND,
	  CMWQ_MAX_ACTIVE },
	{ &cmwq_system_freezable_wq, "cmwq_system_freezable", CMWQ_FREEZABLE,
	  0 },
	{ &cmwq_system_power_efficient_wq, "cmwq_system_pwr_efficient",
	  CMWQ_POWER_EFFICIENT, 0 },
	{ &cmwq_system_freezable_power_efficient_wq,
	  "cmwq_system_frz_pwr_efficient",
	  CMWQ_FREEZABLE | CMWQ_POWER_EFFICIENT, 0 },
	{ &cmwq_system_bh_wq, "cmwq_system_bh", CMWQ_BH, 0 },
	{ &cmwq_system_bh_highpri_wq, "cmwq_system_bh_highpri",
	  CMWQ_BH | CMWQ_HIGHPRI, 0 },
};

/**
 * cmwq_is_system_wq - is @wq one of cmwq's system workqueues?
 * @wq: a workqueue
 *
 * They belong to cmwq: the control file may queue on them and flush
 * them, never destroy them.
 *
 * Return: %true if it is.
 */
bool cmwq_is_system_wq(struct cmwq_workqueue *wq)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(system_wqs); i++)
		if (*system_wqs[i].wq == wq)
			return true;
	return false;
}
EXPORT_SYMBOL_NS_GPL(cmwq_is_system_wq, CMWQ_NS);

/**
 * cmwq_flush_scheduled_work - wait for what cmwq_schedule_*() queued
 *
 * Upstream's flush_scheduled_work(), and as deprecated: a caller waits
 * for every user of the shared workqueue, and may deadlock on one of
 * them. It warns once; flush your own works or workqueue instead.
 *
 * Context: process context, may sleep.
 */
void cmwq_flush_scheduled_work(void)
{
	pr_warn_once("%ps flushes the system-wide workqueue cmwq_system: flush its own works instead\n",
		     __builtin_return_address(0));
	cmwq_flush_workqueue(cmwq_system_wq);
}
EXPORT_SYMBOL_GPL(cmwq_flush_scheduled_work);

/**
 * cmwq_system_wqs_init - make the system workqueues
 *
 * Context: module load, after the pools (the BH ones too) and the pwq
 * cache.
 * Return: 0 or a negative errno (none is left then).
 */
int cmwq_system_wqs_init(void)
{
	struct cmwq_workqueue *wq;
	int i;

	for (i = 0; i < ARRAY_SIZE(system_wqs); i++) {
		wq = cmwq_alloc_workqueue("%s", system_wqs[i].flags,
					  system_wqs[i].max_active,
					  system_wqs[i].name);
		if (IS_ERR(wq)) {
			pr_err("cannot create %s: %ld\n", system_wqs[i].name,
			       PTR_ERR(wq));
			cmwq_system_wqs_exit();
			return PTR_ERR(wq);
		}
		*system_wqs[i].wq = wq;
	}
	return 0;
}

/**
 * cmwq_system_wqs_exit - destroy those made, newest first
 *
 * Their users are modules that hold a reference on cmwq: they are gone,
 * and so are their works.
 *
 * Context: module unload, or a failed load.
 */
void cmwq_system_wqs_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(system_wqs) - 1; i >= 0; i--) {
		if (!*system_wqs[i].wq)
			continue;
		cmwq_destroy_workqueue(*system_wqs[i].wq);
		*system_wqs[i].wq = NULL;
	}
}
