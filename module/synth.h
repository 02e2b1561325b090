/* SPDX-License-Identifier: GPL-2.0 */
/* Synthetic work items of the control language: see synth.c. */
#ifndef _CMWQ_SYNTH_H
#define _CMWQ_SYNTH_H

#include <linux/types.h>

struct cmwq_workqueue;
struct seq_file;

#define CMWQ_SYNTH_NAME_LEN	24
#define CMWQ_SYNTH_MAX_TAGS	64
#define CMWQ_SYNTH_MAX_LIVE	100000

/* What one "queue" command asks for. */
struct cmwq_synth_spec {
	const char	*tag;
	int		count;
	int		cpu;		/* -1: not given */
	int		node;		/* -1: not given */
	unsigned int	spin_us;
	unsigned int	sleep_us;
	unsigned int	spin_after_us;	/* spin again after the sleep */
	bool		hold_lock;	/* spin holding a shared spinlock_t */
	const char	*wake_tag;	/* NULL, or a tag each item wakes */
	unsigned long	delay;		/* jiffies */
	bool		hashed;		/* cmwq_queue_work_hashed() ... */
	unsigned long	hash_key;	/* ... with this key */
	enum cmwq_work_class class;	/* cmwq_queue_work_class_on() if set */
};

int cmwq_synth_queue(struct cmwq_workqueue *wq,
		     const struct cmwq_synth_spec *spec);
int cmwq_synth_cancel(const char *tag, int *cancelled);
int cmwq_synth_cancel_match(struct cmwq_workqueue *wq, const char *tag,
			    struct cmwq_cancel_match_result *res);
void cmwq_synth_prepare_drain(struct cmwq_workqueue *wq, bool destroy);
int cmwq_synth_flush(const char *tag);
int cmwq_synth_wake(const char *tag);
int cmwq_synth_disable(const char *tag, bool disable);
void cmwq_synth_show(struct seq_file *m);
void cmwq_synth_cancel_all(void);
void cmwq_synth_exit(void);

#endif /* _CMWQ_SYNTH_H */
