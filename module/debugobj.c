// SPDX-License-Identifier: GPL-2.0
/*
 * Work items under debugobjects (CONFIG_DEBUG_OBJECTS_WORK), as upstream's
 * work_debug_descr: the kernel tracks each work from CMWQ_INIT_WORK*()
 * and reports a work that is freed, re-initialised or destroyed while it
 * is still queued, then calls our fixups, which cancel it so that no
 * worker runs it from memory that is gone.
 *
 * States: initialised (init, or init_on_stack for a work in a stack
 * frame); active from the moment __cmwq_queue_work() puts it on a pwq's
 * list; inactive again when a worker takes it off to run it
 * (process_one_work()) or a cancel steals it (try_to_grab_pending()).
 * While a delayed work's timer is armed, or an RCU work waits for its
 * grace period, the work is not on a queue and not active, as upstream:
 * the timer is tracked on its own, and the RCU stage is not.
 *
 * cmwq has no static initialiser of works (no DECLARE_WORK), so no work is
 * ever static for debugobjects and is_static_object is not needed.
 */
#include <linux/debugobjects.h>
#include <linux/export.h>

#include "internal.h"

static const struct debug_obj_descr cmwq_work_debug_descr;

/* Reports name the function the work would have run. */
static void *cmwq_work_debug_hint(void *addr)
{
	return ((struct cmwq_work *)addr)->func;
}

/*
 * An active work initialised again: it is still queued. Take it off its
 * queue first, or a worker would later run whatever the new owner of the
 * memory put there, and the list it is linked on would be overwritten.
 * The work's fields are intact: __CMWQ_INIT_WORK_KEY() calls us first.
 */
static bool cmwq_work_fixup_init(void *addr, enum debug_obj_state state)
{
	struct cmwq_work *work = addr;

	if (state != ODEBUG_STATE_ACTIVE)
		return false;
	cmwq_cancel_work_sync(work);
	debug_object_init(work, &cmwq_work_debug_descr);
	return true;
}

/*
 * An active work freed (kfree(), or cmwq_destroy_work_on_stack() before
 * its frame ends): cancel it while its memory is still there, then let
 * debugobjects forget it.
 */
static bool cmwq_work_fixup_free(void *addr, enum debug_obj_state state)
{
	struct cmwq_work *work = addr;

	if (state != ODEBUG_STATE_ACTIVE)
		return false;
	cmwq_cancel_work_sync(work);
	debug_object_free(work, &cmwq_work_debug_descr);
	return true;
}

static const struct debug_obj_descr cmwq_work_debug_descr = {
	.name		= "cmwq_work",
	.debug_hint	= cmwq_work_debug_hint,
	.fixup_init	= cmwq_work_fixup_init,
	.fixup_free	= cmwq_work_fixup_free,
};

/**
 * __cmwq_init_work - start tracking a work item (CMWQ_INIT_WORK*())
 * @work: the work item
 * @onstack: it is in the caller's stack frame
 *
 * Context: as CMWQ_INIT_WORK(); may sleep if @work is still queued (the
 * fixup cancels it synchronously, as upstream's).
 */
void __cmwq_init_work(struct cmwq_work *work, bool onstack)
{
	if (onstack)
		debug_object_init_on_stack(work, &cmwq_work_debug_descr);
	else
		debug_object_init(work, &cmwq_work_debug_descr);
}
EXPORT_SYMBOL_GPL(__cmwq_init_work);

/**
 * cmwq_destroy_work_on_stack - stop tracking an on-stack work item
 * @work: a work initialised with CMWQ_INIT_WORK_ONSTACK()
 *
 * Call it before the frame ends, once the work is neither pending nor
 * running. A work still queued is reported ("free active") and cancelled.
 *
 * Context: process context, may sleep (only if @work is still queued).
 */
void cmwq_destroy_work_on_stack(struct cmwq_work *work)
{
	debug_object_free(work, &cmwq_work_debug_descr);
}
EXPORT_SYMBOL_GPL(cmwq_destroy_work_on_stack);

void cmwq_work_debug_activate(struct cmwq_work *work)
{
	debug_object_activate(work, &cmwq_work_debug_descr);
}

void cmwq_work_debug_deactivate(struct cmwq_work *work)
{
	debug_object_deactivate(work, &cmwq_work_debug_descr);
}

/*
 * For the KUnit suite cmwq_debugobj: check what debugobjects holds for a
 * work, silently when it holds that, with a report (which fails the guest
 * run) when not. A work's state has no other reader.
 */

/* @work is tracked: initialised, queued or run, and not freed since. */
void cmwq_work_debug_assert_tracked(struct cmwq_work *work)
{
	debug_object_assert_init(work, &cmwq_work_debug_descr);
}
EXPORT_SYMBOL_NS_GPL(cmwq_work_debug_assert_tracked, CMWQ_NS);

/* @work is active: on a queue. */
void cmwq_work_debug_assert_active(struct cmwq_work *work)
{
	debug_object_active_state(work, &cmwq_work_debug_descr, 0, 0);
}
EXPORT_SYMBOL_NS_GPL(cmwq_work_debug_assert_active, CMWQ_NS);
